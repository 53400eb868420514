"""Labelled metadata (`Rating: ...`, AO3's `dt`/`dd` pairs, FanFicFare's title page) into typed `Metadata`."""

from __future__ import annotations

import re
from datetime import datetime

from ficlens.model import Metadata, SeriesPart

# label (lower case, no colon) -> Metadata field; singular and plural both, as AO3 uses either
LABEL_FIELDS = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "creator": "authors",
    "creators": "authors",
    "rating": "rating",
    "archive warning": "archive_warnings",
    "archive warnings": "archive_warnings",
    "warning": "archive_warnings",
    "warnings": "archive_warnings",
    "category": "categories",
    "categories": "categories",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "pairing": "relationships",
    "pairings": "relationships",
    "ships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tag": "freeform_tags",
    "additional tags": "freeform_tags",
    "freeform": "freeform_tags",
    "freeforms": "freeform_tags",
    "tags": "freeform_tags",
    "language": "language",
    "summary": "summary",
    "description": "summary",
    "note": "notes",
    "notes": "notes",
    "author's note": "notes",
    "author's notes": "notes",
    "a/n": "notes",
    "series": "series",
    "collection": "collections",
    "collections": "collections",
    "published": "published",
    "updated": "updated",
    "completed": "completed",
    "status": "status",
    "words": "declared_words",
    "chapters": "chapters",
    "story url": "url",
    "url": "url",
    "source": "url",
    "publisher": "site",
    "site": "site",
}
LIST_SPLIT = re.compile(r"\s*,\s*")
AO3_CATEGORIES = {"F/F", "F/M", "Gen", "M/M", "Multi", "Other"}
STATS_ITEM = re.compile(r"(Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits):\s*(\S+)")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d %H:%M:%S")


def label_key(label: str) -> str:
    return " ".join(label.strip().rstrip(":").strip().lower().split())


def iso_date(value: str) -> str | None:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    match = re.match(r"\d{4}-\d{2}-\d{2}", value)
    return match.group(0) if match else None


def number(value: str) -> int | None:
    digits = re.sub(r"[,\s.](?=\d{3}\b)", "", value.strip())
    return int(digits) if digits.isdigit() else None


def split_values(value: str) -> list[str]:
    return [v for v in LIST_SPLIT.split(value.strip()) if v]


def set_chapters(metadata: Metadata, value: str) -> None:
    """`8/8`, `3/?` or a plain count."""
    posted, _, planned = value.strip().partition("/")
    metadata.chapters_posted = number(posted)
    if planned:
        metadata.chapters_planned = number(planned)
        if metadata.chapters_planned is None:
            metadata.complete = False
        elif metadata.complete is None and metadata.chapters_posted is not None:
            metadata.complete = metadata.chapters_posted >= metadata.chapters_planned


def apply_stats(metadata: Metadata, stats: str) -> None:
    """AO3's Stats line: `Published: 2020-01-02 Completed: 2020-03-04 Words: 31,623 Chapters: 8/8 ...`."""
    for label, value in STATS_ITEM.findall(stats):
        if label in ("Published", "Updated", "Completed", "Words", "Chapters"):
            apply_label(metadata, label, [value])


def series_part(value: str, url: str | None = None) -> SeriesPart:
    """`Part 2 of Name` (AO3) or `Name [2]` (FanFicFare)."""
    value = " ".join(value.split())
    match = re.match(r"Part (\d+) of (.+)$", value)
    if match:
        return SeriesPart(name=match.group(2).strip(), part=int(match.group(1)), url=url)
    match = re.match(r"(.+?)\s*\[(\d+)\]$", value)
    if match:
        return SeriesPart(name=match.group(1).strip(), part=int(match.group(2)), url=url)
    return SeriesPart(name=value, url=url)


def apply_label(metadata: Metadata, label: str, values: list[str]) -> bool:
    """Store the values of one label; returns False for a label with no field (kept in other_tags)."""
    values = [" ".join(v.split()) for v in values if v and v.strip()]
    key = label_key(label)
    field = LABEL_FIELDS.get(key)
    if not values:
        return field is not None
    text = ", ".join(values)
    if field is None:
        metadata.other_tags.setdefault(label.strip().rstrip(":").strip(), []).extend(values)
        return False
    if field in ("title", "rating", "language", "url", "site"):
        setattr(metadata, field, text)
    elif field == "summary":
        metadata.summary = f"{metadata.summary}\n\n{text}" if metadata.summary else text
    elif field == "notes":
        metadata.notes.append(text)
    elif field == "series":
        metadata.series += [series_part(v) for v in values]
    elif field in ("published", "updated"):
        setattr(metadata, field, iso_date(text))
    elif field == "completed":
        metadata.updated = iso_date(text)
        metadata.complete = True
    elif field == "status":
        metadata.complete = text.lower().startswith("complete")
    elif field == "declared_words":
        metadata.declared_words = number(text)
    elif field == "chapters":
        set_chapters(metadata, text)
    else:
        items = values if len(values) > 1 else split_values(values[0]) if field != "authors" else split_authors(text)
        getattr(metadata, field).extend(i for i in items if i not in getattr(metadata, field))
    if field == "url":
        match = re.search(r"/works/(\d+)", text)
        metadata.work_id = match.group(1) if match else metadata.work_id
    return True


def split_authors(value: str) -> list[str]:
    return [a for a in re.split(r"\s*(?:,|&|\band\b)\s*", value) if a]
