"""EPUB downloads: AO3 (its preface found in whichever part holds the tags block), FanFicFare (title page of
labels), and any other EPUB read by structure (spine parts as chapters, headings as titles, the package's Dublin
Core as metadata), with what could not be found listed in `metadata.problems`. The container: epub_archive.py."""

from __future__ import annotations

import posixpath
import re

from bs4 import BeautifulSoup, Tag

from ficlens.errors import InputError
from ficlens.ingest.ao3 import WORK_URL, build_work, is_ao3, label_of
from ficlens.ingest.epub_archive import NS, Package, SafeZip, decode_part, dublin_core, package, spine
from ficlens.ingest.fanficfare_html import read_heading, read_label_lines
from ficlens.ingest.html import assemble, italic_classes, parse_html, plain
from ficlens.ingest.labels import AO3_CATEGORIES, apply_label, iso_date, label_key
from ficlens.model import Metadata, Work
from ficlens.wording import counted

FFF_SKIPPED_PARTS = ("title_page", "toc_page", "log_page", "cover")
AO3_TAG_LABELS = set(
    "rating|archive warning|archive warnings|category|categories|fandom|fandoms|relationship|relationships|"
    "character|characters|additional tags|stats|language".split("|")
)
AO3_RATINGS = {"General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"}
AO3_WARNINGS = {"No Archive Warnings Apply", "Creator Chose Not To Use Archive Warnings", "Underage", "Underage Sex",
                "Graphic Depictions Of Violence", "Major Character Death", "Rape/Non-Con"}  # fmt: skip
NON_STORY_GUIDE_TYPES = {"cover", "toc", "title-page", "titlepage", "copyright-page", "colophon"}
PREFACE_SEARCH_PARTS = 5  # the AO3 tags block is looked for in this many leading parts (title pages come first)
TITLE_PAGE_MAX_WORDS = 80


def read_epub(data: bytes, name: str, max_bytes: int) -> Work:
    archive = SafeZip(data, name, max_bytes)
    book = package(archive)
    problems: list[str] = []
    if archive.unsafe_names:
        problems.append(f"skipped {len(archive.unsafe_names)} archive members named outside the archive")
    dc = dublin_core(book.opf)
    parts = [
        (member, parse_html(decode_part(archive.read(member), member, problems), name))
        for member in spine(archive, book, problems)
    ]
    italic = stylesheet_italics(archive, book)
    try:
        work = read_parts(parts, dc, book, italic, problems)
    except ValueError as error:
        raise InputError(f"{name}: {error}") from None
    fill_from_package(work.metadata, dc)
    missing = [
        field for field, found in (("title", work.metadata.title), ("author", work.metadata.authors)) if not found
    ]
    if missing:
        problems.append(f"no {' or '.join(missing)} found in the EPUB")
    work.metadata.problems += problems
    return work


def read_parts(parts: list[tuple[str, BeautifulSoup]], dc: dict[str, list[str]], book: Package,
               italic: frozenset[str], problems: list[str]) -> Work:  # fmt: skip
    metadata = Metadata()
    fanficfare = any("fanficfare" in c.lower() for c in dc.get("contributor", [])) or any(
        posixpath.basename(m).startswith("title_page") for m, _ in parts
    )
    if fanficfare:
        return read_fanficfare_parts(parts, metadata, italic)
    preface = ao3_preface_index(parts)
    if preface is not None:
        if preface:
            problems.append(f"{counted(preface, 'part')} before the AO3 preface read as a title page, not as story")
        return read_ao3_parts(parts[preface:], metadata, italic)
    if any(is_ao3(soup) for _, soup in parts[:PREFACE_SEARCH_PARTS]):
        problems.append("an AO3 work without its tags block: read by structure; its tags come only from the "
                        "package's subjects")  # fmt: skip
        link = next((a["href"] for _, soup in parts[:PREFACE_SEARCH_PARTS]
                     for a in soup.find_all("a", href=True, limit=50) if WORK_URL.match(a["href"])), None)  # fmt: skip
        if link:
            apply_label(metadata, "Story URL", [link])
            metadata.site = "archiveofourown.org"
    return read_parts_by_structure(parts, dc, book, metadata, italic, problems)


def stylesheet_italics(archive: SafeZip, book: Package) -> frozenset[str]:
    css = [archive.read(path).decode("utf-8", "replace") for path, kind, _ in book.items.values()
           if kind == "text/css" and path in archive.members]  # fmt: skip
    return italic_classes("\n".join(css))


# --- AO3 ---------------------------------------------------------------------------------------------------------


def ao3_tags_block(soup: BeautifulSoup) -> Tag | None:
    """AO3's `dl` of tags: found by its labels (`Rating:`, `Fandom:`, `Stats:` ...), not by its class."""
    for block in soup.find_all("dl", limit=5):
        labels = {label_key(term.get_text(" ")) for term in block.find_all("dt", limit=30)}
        if len(labels & AO3_TAG_LABELS) >= 2:
            return block
    return None


def ao3_preface_index(parts: list[tuple[str, BeautifulSoup]]) -> int | None:
    return next((i for i, (_, soup) in enumerate(parts[:PREFACE_SEARCH_PARTS]) if ao3_tags_block(soup)), None)


def read_ao3_parts(parts: list[tuple[str, BeautifulSoup]], metadata: Metadata, italic: frozenset[str]) -> Work:
    """First part: the preface (tags block); last part may be the afterword; the rest are chapters."""
    metadata.format = "ao3-epub"
    bodies = [soup.body or soup for _, soup in parts]
    preface, rest = split_preface(bodies[0], ao3_tags_block(bodies[0]))
    chapters = [rest, *bodies[1:]]
    afterword = chapters.pop() if len(chapters) > 1 and "drop by the Archive" in chapters[-1].get_text(" ") else None
    return build_work(preface, chapters, afterword, metadata, italic)


def split_preface(body: Tag, tags: Tag) -> tuple[Tag, Tag]:
    """The preface (message, tags, title, byline, summary, notes) and the story that may follow it in its part.

    The preface runs from the start of the part to the top-level element holding the tags block, then on over the
    title, byline and labelled summary or notes that converters sometimes leave beside it."""
    top = tags
    while top.parent is not None and top.parent is not body:
        top = top.parent
    preface, rest = parse_html("<div></div>").div, parse_html("<div></div>").div
    state, after_label = "before", False  # before the tags block, "tail" after it, "story" once the story starts
    for node in list(body.children):
        if state == "tail" and not continues_preface(node, after_label):
            state = "story"
        if state == "tail" and isinstance(node, Tag):
            after_label = label_of(node) in ("summary", "notes")
        (rest if state == "story" else preface).append(node.extract())
        if node is top:
            state = "tail"
    return preface, rest


def continues_preface(node, after_label: bool) -> bool:
    if not isinstance(node, Tag):
        return not str(node).strip()
    if node.get("id") == "chapters":
        return False
    words = node.get_text(" ", strip=True).split()
    if " ".join(words).lower().rstrip(":") in ("summary", "notes"):
        return True
    return (
        node.name == "h1"
        or words[:1] == ["by"]
        or node.find("a", rel="author") is not None
        or (node.name == "blockquote" and after_label)
    )


# --- FanFicFare --------------------------------------------------------------------------------------------------


def read_fanficfare_parts(parts: list[tuple[str, BeautifulSoup]], metadata: Metadata, italic: frozenset[str]) -> Work:
    metadata.format = "fanficfare-epub"
    chapters = []
    for member, soup in parts:
        stem = posixpath.basename(member)
        if stem.startswith("title_page"):
            read_heading(soup, metadata)
            read_label_lines(soup.body or soup, metadata)
            continue
        if stem.startswith(FFF_SKIPPED_PARTS):
            continue
        chapters.append((pop_heading(soup.body or soup, "fff_chapter_title"), [soup.body or soup], None, []))
    return assemble(chapters, metadata, italic)


def pop_heading(body: Tag, heading_class: str | None = None) -> str | None:
    """The part's chapter heading (removed from its text), if it opens with one."""
    heading = body.find(class_=heading_class) if heading_class else None
    if heading is None:
        heading = body.find(["h1", "h2", "h3"])
    if heading is None:
        return None
    title = " ".join(heading.get_text(" ").split())
    heading.extract()
    return title or None


# --- any other EPUB ----------------------------------------------------------------------------------------------


def non_story_members(book: Package) -> set[str]:
    """Parts the package marks as navigation, cover or title page (EPUB 3 `nav`, EPUB 2 `guide`)."""
    found = {path for path, _, properties in book.items.values() if "nav" in properties.split()}
    base = posixpath.dirname(book.path)
    for reference in book.opf.findall(".//opf:guide/opf:reference", NS):
        if (reference.get("type") or "").lower() in NON_STORY_GUIDE_TYPES:
            href = (reference.get("href") or "").split("#")[0]
            found.add(posixpath.normpath(posixpath.join(base, href)))
    return found


def is_title_page(soup: BeautifulSoup, dc: dict[str, list[str]]) -> bool:
    text = " ".join((soup.body or soup).get_text(" ").split())
    names = [*dc.get("title", []), *dc.get("creator", [])]
    return len(text.split()) <= TITLE_PAGE_MAX_WORDS and any(n and n.lower() in text.lower() for n in names)


def read_parts_by_structure(parts: list[tuple[str, BeautifulSoup]], dc: dict[str, list[str]], book: Package,
                            metadata: Metadata, italic: frozenset[str], problems: list[str]) -> Work:  # fmt: skip
    """Each spine part a chapter, titled by its first heading; navigation and a leading title page left out."""
    metadata.format = "epub"
    skip = non_story_members(book)
    chapters, left_out = [], []
    for index, (member, soup) in enumerate(parts):
        if member in skip or (index == 0 and len(parts) > 1 and is_title_page(soup, dc)):
            left_out.append(member)
            continue
        body = soup.body or soup
        chapters.append((pop_heading(body), [body], None, []))
    if left_out:
        problems.append("not read as story text (navigation, cover or title page): "
                        + ", ".join(repr(m) for m in left_out[:5]))  # fmt: skip
    if not any(title for title, *_ in chapters):
        problems.append("no chapter headings found; each part of the EPUB is read as one untitled chapter")
    return assemble(chapters, metadata, italic)


# --- the package's Dublin Core -----------------------------------------------------------------------------------


def fill_from_package(metadata: Metadata, dc: dict[str, list[str]]) -> None:
    """Fields the parts did not give, from the package: title, authors, summary, address, language, date; and,
    when no tags were read, the subjects sorted into AO3's rating, warnings and categories where they are those."""
    metadata.title = metadata.title or (dc.get("title") or [None])[0]
    if not metadata.authors:
        metadata.authors = [" ".join(c.split()) for c in dc.get("creator", [])]
    if not metadata.summary and dc.get("description"):
        metadata.summary = plain(BeautifulSoup(dc["description"][0], "html.parser")) or None
    if not metadata.url:
        address = next((v for v in [*dc.get("source", []), *dc.get("identifier", [])] if re.match(r"https?://", v)),
                       None)  # fmt: skip
        if address:
            apply_label(metadata, "Story URL", [address])
    if metadata.url and WORK_URL.match(metadata.url):
        metadata.site = metadata.site or "archiveofourown.org"
    if not metadata.language and dc.get("language"):
        metadata.language = dc["language"][0]
    if not metadata.published and dc.get("date"):
        metadata.published = iso_date(dc["date"][0][:10])
    if metadata.format == "epub":
        sort_subjects(metadata, dc.get("subject", []))


def sort_subjects(metadata: Metadata, subjects: list[str]) -> None:
    for subject in subjects:
        if subject in AO3_RATINGS and not metadata.rating:
            metadata.rating = subject
        elif subject in AO3_WARNINGS:
            metadata.archive_warnings.append(subject)
        elif subject in AO3_CATEGORIES:
            metadata.categories.append(subject)
        else:
            metadata.other_tags.setdefault("Subjects", []).append(subject)
