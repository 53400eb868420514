"""EPUB (AO3 and FanFicFare downloads), read defensively: a zip checked for bombs before anything is
inflated, member names never trusted, XML parsed by defusedxml (no entities, no DTD fetching, no network)."""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote

from bs4 import BeautifulSoup
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ficlens.errors import InputError
from ficlens.ingest.ao3 import build_work, is_ao3
from ficlens.ingest.fanficfare_html import read_heading, read_label_lines
from ficlens.ingest.html import assemble, italic_classes, parse_html, plain
from ficlens.ingest.labels import apply_label
from ficlens.model import Metadata, Work

MAX_MEMBERS = 5_000
MAX_RATIO = 100  # uncompressed / compressed, per member
MAX_UNCOMPRESSED = 300 * 1024 * 1024
NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
FFF_SKIPPED_PARTS = ("title_page", "toc_page", "log_page", "cover")


class SafeZip:
    """Read members of a zip with limits on count, ratio and total size; names resolved inside the archive."""

    def __init__(self, data: bytes, name: str, max_bytes: int):
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, EOFError, ValueError) as error:
            raise InputError(f"{name}: not a readable EPUB (damaged or truncated zip: {error})") from None
        if len(members) > MAX_MEMBERS:
            raise InputError(f"{name}: EPUB has {len(members):,} files, over the limit of {MAX_MEMBERS:,}")
        self.budget = min(MAX_UNCOMPRESSED, max(max_bytes, 1) * 10)
        declared = sum(m.file_size for m in members)
        if declared > self.budget:
            raise InputError(f"{name}: EPUB would inflate to {declared:,} bytes (limit {self.budget:,}); refused")
        self.members = {m.filename: m for m in members if safe_name(m.filename)}

    def read(self, member: str) -> bytes:
        info = self.members.get(member)
        if info is None:
            raise InputError(f"{self.name}: EPUB is missing {member!r}")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
            raise InputError(f"{self.name}: {member!r} is compressed {info.file_size // info.compress_size}:1, "
                             "a zip bomb; refused")  # fmt: skip
        try:
            with self.zip.open(info) as handle:
                data = handle.read(self.budget + 1)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as error:
            raise InputError(f"{self.name}: cannot read {member!r} from the EPUB ({error})") from None
        self.budget -= len(data)
        if self.budget < 0:
            raise InputError(f"{self.name}: EPUB inflates past its size limit; refused")
        return data


def safe_name(name: str) -> bool:
    return not (name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name)


def parse_xml(archive: SafeZip, member: str):
    try:
        return ElementTree.fromstring(archive.read(member), forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as error:
        raise InputError(f"{archive.name}: unsafe XML in {member!r} ({type(error).__name__}); refused") from None
    except ElementTree.ParseError as error:
        raise InputError(f"{archive.name}: malformed XML in {member!r} ({error})") from None


def package(archive: SafeZip) -> tuple[str, object]:
    container = parse_xml(archive, "META-INF/container.xml")
    rootfile = container.find(".//c:rootfile", NS)
    if rootfile is None or not rootfile.get("full-path"):
        raise InputError(f"{archive.name}: EPUB container names no package file")
    path = rootfile.get("full-path")
    return path, parse_xml(archive, path)


def manifest(opf_path: str, opf) -> dict[str, tuple[str, str]]:
    """Manifest id -> (member path inside the archive, media type)."""
    base = posixpath.dirname(opf_path)
    return {
        item.get("id"): (
            posixpath.normpath(posixpath.join(base, unquote(item.get("href", "")))),
            item.get("media-type"),
        )
        for item in opf.findall(".//opf:manifest/opf:item", NS)
    }


def stylesheet_italics(archive: SafeZip, items: dict[str, tuple[str, str]]) -> frozenset[str]:
    css = [archive.read(path).decode("utf-8", "replace") for path, kind in items.values()
           if kind == "text/css" and path in archive.members]  # fmt: skip
    return italic_classes("\n".join(css))


def spine(archive: SafeZip, items: dict[str, tuple[str, str]], opf) -> list[str]:
    parts = []
    for ref in opf.findall(".//opf:spine/opf:itemref", NS):
        member = items.get(ref.get("idref"), (None, None))[0]
        if member and safe_name(member) and member in archive.members:
            parts.append(member)
    if not parts:
        raise InputError(f"{archive.name}: EPUB has no readable text parts in its spine")
    return parts


def dublin_core(opf) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in opf.findall(".//opf:metadata/*", NS):
        tag = element.tag.split("}")[-1]
        if element.text and element.text.strip():
            found.setdefault(tag, []).append(element.text.strip())
    return found


def read_epub(data: bytes, name: str, max_bytes: int) -> Work:
    archive = SafeZip(data, name, max_bytes)
    opf_path, opf = package(archive)
    dc = dublin_core(opf)
    items = manifest(opf_path, opf)
    parts = [(member, parse_html(archive.read(member))) for member in spine(archive, items, opf)]
    italic = stylesheet_italics(archive, items)
    metadata = Metadata(title=(dc.get("title") or [None])[0], authors=dc.get("creator", []))
    fanficfare = any("fanficfare" in c.lower() for c in dc.get("contributor", [])) or any(
        posixpath.basename(m).startswith("title_page") for m, _ in parts
    )
    try:
        if fanficfare:
            work = read_fanficfare_parts(parts, metadata, italic)
        elif any(is_ao3(soup) for _, soup in parts[:2]):
            work = read_ao3_parts(parts, metadata, italic)
        else:
            work = None
    except ValueError as error:
        raise InputError(f"{name}: {error}") from None
    if work is None:
        metadata.format = "epub"
        work = assemble([(None, [soup.body or soup], None, []) for _, soup in parts], metadata, italic)
    if not work.metadata.summary and dc.get("description"):
        work.metadata.summary = plain(BeautifulSoup(dc["description"][0], "html.parser")) or None
    if not work.metadata.url and dc.get("source"):
        apply_label(work.metadata, "Story URL", dc["source"][:1])
    if not work.metadata.language and dc.get("language"):
        work.metadata.language = dc["language"][0]
    return work


def read_ao3_parts(parts: list[tuple[str, BeautifulSoup]], metadata: Metadata, italic: frozenset[str]) -> Work:
    """First part: the preface (tags block); last part may be the afterword; the rest are chapters."""
    metadata.format = "ao3-epub"
    bodies = [soup.body or soup for _, soup in parts]
    tags = bodies[0].find("dl")
    if tags is None:
        raise ValueError("an AO3 EPUB without its tags block in the first part: damaged or edited file")
    preface = tags  # the preface may share its part with the first chapter: split at its top-level element
    while preface.parent is not None and preface.parent is not bodies[0]:
        preface = preface.parent
    rest = parse_html("<div></div>").div
    for sibling in list(preface.next_siblings):
        rest.append(sibling.extract())
    chapters = [rest, *bodies[1:]]
    afterword = chapters.pop() if "drop by the Archive" in chapters[-1].get_text(" ") else None
    return build_work(preface, chapters, afterword, metadata, italic)


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
        body = soup.body or soup
        heading = body.find(class_="fff_chapter_title") or body.find(["h2", "h3"])
        title = " ".join(heading.get_text(" ").split()) if heading is not None else None
        if heading is not None:
            heading.extract()
        chapters.append((title, [body], None, []))
    return assemble(chapters, metadata, italic)
