"""Archive of Our Own downloads: the HTML file, and the EPUB (same structure split into parts, classes renamed).

Everything is found by labels and element kinds (`dl` of `dt`/`dd`, `h1`, `h2`, `Summary`/`Notes` paragraphs
before a `blockquote`), not by class names, so the EPUB's renamed classes read the same as the HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from ficlens.ingest.html import assemble, plain
from ficlens.ingest.labels import apply_label, apply_stats, series_part
from ficlens.model import Metadata, SeriesPart, Work

WORK_URL = re.compile(r"https?://(?:www\.)?archiveofourown\.org/works/(\d+)")
META_LABELS = {
    "summary": "summary",
    "notes": "notes",
    "chapter summary": "summary",
    "chapter notes": "notes",
    "chapter end notes": "end_notes",
    "end notes": "end_notes",
}
BOILERPLATE = re.compile(
    r"^\(?\s*See the (?:end|beginning) of the (?:chapter|work) for (?:more )?notes\s*\.?\s*\)?$|^Chapter Text$", re.I
)


def is_ao3(soup: BeautifulSoup) -> bool:
    """AO3's preface: its message names the archive and links the work (classes may be renamed in EPUBs)."""
    preface = soup.find(id="preface") or soup.find("dl") or soup
    links = [a.get("href", "") for a in soup.find_all("a", href=True, limit=50)]
    return "Archive of Our Own" in preface.get_text(" ")[:5000] or any(WORK_URL.match(h) for h in links)


@dataclass
class ChapterParts:
    title: str | None = None
    nodes: list = field(default_factory=list)
    summary: str | None = None
    notes: list[str] = field(default_factory=list)


def label_of(node) -> str | None:
    if isinstance(node, Tag) and node.name in ("p", "h3", "h4", "h5", "b", "strong", "div"):
        key = " ".join(node.get_text(" ").split()).rstrip(":").lower()
        return META_LABELS.get(key)
    return None


def is_meta_group(node: Tag) -> bool:
    """A wrapper holding a chapter heading or labelled notes (at any depth), not story text."""
    return node.find("h2") is not None or any(label_of(p) for p in node.find_all(["p", "h3", "h4", "b", "strong"]))


def read_preface(preface: Tag, metadata: Metadata) -> None:
    """Title, address, tags, byline, summary and notes of the work."""
    for link in preface.find_all("a", href=True):
        match = WORK_URL.match(link["href"])
        if match:
            metadata.url, metadata.work_id = match.group(0), match.group(1)
            metadata.site = "archiveofourown.org"
            break
    tags = preface.find("dl")
    if tags is not None:
        read_tags(tags, metadata)
    title = preface.find("h1")
    if title is not None:
        metadata.title = " ".join(title.get_text(" ").split())
    elif (bold := preface.find("b")) is not None:
        metadata.title = " ".join(bold.get_text(" ").split())
    read_byline(preface, metadata)
    pending = None
    for node in preface.find_all(["p", "blockquote", "div"]):
        label = label_of(node) if node.name != "blockquote" else None
        if label:
            pending = label
        elif node.name == "blockquote" and pending:
            text = plain(node)
            if pending == "summary":
                metadata.summary = text or None
            elif text:
                metadata.notes.append(text)
            pending = None


def read_byline(preface: Tag, metadata: Metadata) -> None:
    byline = preface.find(class_="byline")
    authors = [a.get_text(" ").strip() for a in preface.find_all("a", rel="author")]
    if not authors and byline is not None:
        authors = [a.get_text(" ").strip() for a in byline.find_all("a")] or [
            re.sub(r"^\s*by\s+", "", byline.get_text(" ")).strip()
        ]
    if not authors:  # EPUB: the line after the title that starts with "by"
        for node in preface.find_all(["div", "p"]):
            words = node.get_text(" ").split()
            if words[:1] == ["by"] and len(words) < 30:
                authors = [a.get_text(" ").strip() for a in node.find_all("a")] or [" ".join(words[1:])]
                break
    authors = [" ".join(a.split()) for a in authors if a.strip()]
    if authors:  # else keep what the EPUB package names (dc:creator)
        metadata.authors = authors


def read_tags(tags: Tag, metadata: Metadata) -> None:
    for term in tags.find_all("dt"):
        value = term.find_next_sibling("dd")
        if value is None:
            continue
        label = term.get_text(" ").strip()
        key = " ".join(label.rstrip(":").lower().split())
        if key == "stats":
            apply_stats(metadata, value.get_text(" "))
        elif key == "series":
            metadata.series += read_series(value)
        else:
            links = [a.get_text(" ").strip() for a in value.find_all("a")]
            apply_label(metadata, label, links or [value.get_text(" ").strip()])


def read_series(value: Tag) -> list[SeriesPart]:
    """`Part 2 of <a>Name</a>`, possibly several series."""
    parts = []
    for link in value.find_all("a"):
        before = link.previous_sibling
        number = re.search(r"Part\s+(\d+)\s+of\s*$", str(before) if isinstance(before, NavigableString) else "")
        name = " ".join(link.get_text(" ").split())
        parts.append(SeriesPart(name=name, part=int(number.group(1)) if number else None, url=link.get("href")))
    return parts or [series_part(value.get_text(" "))]


def walk_chapters(container: Tag, chapters: list[ChapterParts], end_notes: list[str]) -> None:
    """Split a container into chapters: an `h2` opens one, labelled blockquotes are summaries and notes, the
    rest is story text of the current chapter."""
    pending = None
    for node in container.children:
        if isinstance(node, NavigableString):
            if str(node).strip():
                current(chapters).nodes.append(node)
            continue
        if not isinstance(node, Tag):
            continue
        label = label_of(node)
        if node.name == "h2":
            chapters.append(ChapterParts(title=" ".join(node.get_text(" ").split()) or None))
        elif label:
            pending = label
        elif node.name == "blockquote" and pending:
            text = plain(node)
            chapter = current(chapters)
            if pending == "summary":
                chapter.summary = text or None
            elif text and (pending == "notes" or chapter.nodes):
                chapter.notes.append(text)
            elif text:
                end_notes.append(text)
            pending = None
        elif BOILERPLATE.match(" ".join(node.get_text(" ").split())):
            continue
        elif node.name in ("div", "section") and is_meta_group(node):
            walk_chapters(node, chapters, end_notes)
        else:
            current(chapters).nodes.append(node)


def current(chapters: list[ChapterParts]) -> ChapterParts:
    if not chapters:
        chapters.append(ChapterParts())
    return chapters[-1]


def read_afterword(afterword: Tag, metadata: Metadata) -> None:
    pending = None
    for node in afterword.find_all(["p", "blockquote", "div", "h3"]):
        label = label_of(node) if node.name != "blockquote" else None
        if label:
            pending = label
        elif node.name == "blockquote" and pending:
            text = plain(node)
            if text:
                metadata.notes.append(text)
            pending = None


def build_work(
    preface: Tag | None,
    bodies: list[Tag],
    afterword: Tag | None,
    metadata: Metadata,
    italic: frozenset[str] = frozenset(),
) -> Work:
    if preface is not None:
        read_preface(preface, metadata)
    chapters: list[ChapterParts] = []
    end_notes: list[str] = []
    for body in bodies:
        walk_chapters(body, chapters, end_notes)
    metadata.notes += end_notes
    if afterword is not None:
        read_afterword(afterword, metadata)
    if len(chapters) == 1 and chapters[0].title is None:
        chapters[0].title = metadata.title
    return assemble([(c.title, c.nodes, c.summary, c.notes) for c in chapters], metadata, italic)


def read_ao3_html(soup: BeautifulSoup, metadata: Metadata) -> Work:
    metadata.format = "ao3-html"
    preface = soup.find(id="preface")
    if preface is None or preface.find("dl") is None:
        raise ValueError("an AO3 download without its tags block (div#preface dl): damaged or edited file")
    chapters = soup.find(id="chapters")
    if chapters is None:
        raise ValueError("an AO3 download without its story text (div#chapters): damaged or edited file")
    return build_work(preface, [chapters], soup.find(id="afterword"), metadata)
