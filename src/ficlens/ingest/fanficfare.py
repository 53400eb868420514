"""FanFicFare TXT output: title, `by`, `Label: value` lines, TABLE OF CONTENTS, tab-headed chapters, lines
wrapped at 78 columns, `End file.` (its HTML and EPUB title page: fanficfare_html.py).

FanFicFare's labels differ from AO3's: `Category` holds fandoms, and `Genre` mixes AO3 categories (F/M, Gen, ...)
with additional tags; both are sorted back into their typed fields here.
"""

from __future__ import annotations

import re

from ficlens.ingest.labels import AO3_CATEGORIES, apply_label
from ficlens.model import Chapter, Metadata, Work

LABEL_LINE = re.compile(r"^([A-Z][A-Za-z ]{1,30}):\s?(.*)$")
TOC_LINE = "TABLE OF CONTENTS"
END_LINE = "End file."
FFF_LABELS = {  # FanFicFare label -> the label our Metadata understands
    "category": "Fandom",
    "ships": "Relationships",
    "story url": "Story URL",
    "publisher": "Site",
}


def apply_fanficfare_label(metadata: Metadata, label: str, value: str) -> None:
    key = " ".join(label.lower().split())
    if key == "genre":
        for item in (v.strip() for v in value.split(",")):
            if item in AO3_CATEGORIES:
                metadata.categories.append(item)
            elif item:
                metadata.freeform_tags.append(item)
        return
    if key == "series":
        apply_label(metadata, "Series", [value])
        return
    apply_label(metadata, FFF_LABELS.get(key, label), [value])


def looks_like_fanficfare_text(text: str) -> bool:
    head = text[:20_000]
    labels = sum(1 for line in head.split("\n")[:80] if LABEL_LINE.match(line))
    return (TOC_LINE in head or text.rstrip().endswith(END_LINE)) and labels >= 3 and "\nby " in head


def unwrap(lines: list[str]) -> str:
    """Blank-line separated blocks of wrapped lines -> paragraphs separated by blank lines."""
    paragraphs, block = [], []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
        elif block:
            paragraphs.append(" ".join(block))
            block = []
    return "\n\n".join(paragraphs)


def read_fanficfare_text(text: str) -> Work:
    metadata = Metadata(format="fanficfare-txt")
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines):
        metadata.title = lines[i].strip()
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].startswith("by "):
        apply_label(metadata, "Author", [lines[i][3:].strip()])
        i += 1
    label, value = None, []
    while i < len(lines) and lines[i].strip() != TOC_LINE and not lines[i].startswith("\t"):
        match = LABEL_LINE.match(lines[i])
        if match or not lines[i].strip():
            if label:
                apply_fanficfare_label(metadata, label, " ".join(value))
            label, value = (match.group(1), [match.group(2).strip()]) if match else (None, [])
        elif label:
            value.append(lines[i].strip())
        i += 1
    if label:
        apply_fanficfare_label(metadata, label, " ".join(value))
    chapters: list[tuple[str | None, list[str]]] = []
    for line in lines[i:]:
        if line.startswith("\t") and line.strip():
            chapters.append((line.strip(), []))
        elif line.strip() == END_LINE:
            break
        elif chapters:
            chapters[-1][1].append(line)
    if not chapters:  # no tab-headed chapters: everything after the table of contents is one chapter
        chapters = [(metadata.title, [ln for ln in lines[i:] if ln.strip() not in (TOC_LINE, END_LINE)])]
    texts, spans, offset = [], [], 0
    for title, body in chapters:
        chapter_text = unwrap(body)
        if not chapter_text:
            continue
        offset += 2 if texts else 0
        spans.append(Chapter(start=offset, end=offset + len(chapter_text), title=title))
        texts.append(chapter_text)
        offset += len(chapter_text)
    story = "\n\n".join(texts)
    return Work(text=story + "\n" if story else "", metadata=metadata, chapters=spans)
