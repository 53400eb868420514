"""FanFicFare HTML (`table.full` of labels, `h2` chapters) and the EPUB title page's `<b>Label:</b>` lines."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from ficlens.ingest.fanficfare import apply_fanficfare_label
from ficlens.ingest.html import assemble
from ficlens.ingest.labels import apply_label
from ficlens.model import Metadata, Work


def is_fanficfare_html(soup: BeautifulSoup) -> bool:
    return soup.find("table", class_="full") is not None


def read_label_lines(container: Tag, metadata: Metadata) -> None:
    """`<b>Label:</b> value` pairs (EPUB title page, and each row of the HTML `table.full`)."""
    for bold in container.find_all("b"):
        label = bold.get_text(" ").strip()
        if not label.endswith(":"):
            continue
        parts = []
        for sibling in bold.next_siblings:
            if isinstance(sibling, Tag) and sibling.name in ("b", "br", "tr"):
                break
            parts.append(sibling.get_text(" ") if isinstance(sibling, Tag) else str(sibling))
        value = " ".join("".join(parts).split())
        if not value and bold.parent is not None and bold.parent.name == "td":
            cell = bold.parent.find_next_sibling("td")
            value = " ".join(cell.get_text(" ").split()) if cell else ""
        apply_fanficfare_label(metadata, label.rstrip(":"), value)


def read_heading(soup: BeautifulSoup, metadata: Metadata) -> None:
    """`<h3><a href=URL>Title</a> by <a>Author</a></h3>`"""
    heading = soup.find(["h3", "h1"])
    if heading is None:
        return
    links = heading.find_all("a")
    if links:
        metadata.title = " ".join(links[0].get_text(" ").split())
        if links[0].get("href") and not metadata.url:
            apply_label(metadata, "Story URL", [links[0]["href"]])
        metadata.authors = [" ".join(a.get_text(" ").split()) for a in links[1:]] or metadata.authors


def read_fanficfare_html(soup: BeautifulSoup, metadata: Metadata) -> Work:
    """`h3` title and author, `table.full` of labels, then `h2` chapter headings each followed by its text."""
    metadata.format = "fanficfare-html"
    read_heading(soup, metadata)
    table = soup.find("table", class_="full")
    read_label_lines(table, metadata)
    chapters: list[tuple[str | None, list]] = []
    for heading in soup.find_all("h2"):
        nodes = []
        for sibling in heading.next_siblings:
            if isinstance(sibling, Tag) and sibling.name == "h2":
                break
            nodes.append(sibling)
        chapters.append((" ".join(heading.get_text(" ").split()) or None, nodes))
    if not chapters:
        raise ValueError("FanFicFare HTML with no h2 chapter headings")
    return assemble([(title, nodes, None, []) for title, nodes in chapters], metadata)
