"""The EPUB container, read defensively: a zip checked for bombs before anything is inflated, member names never
trusted, package XML parsed by defusedxml (no entities, no DTD fetching, no network), every failure of zipfile,
zlib or expat turned into an InputError that says what is wrong."""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ficlens.errors import InputError

MAX_MEMBERS = 5_000
MAX_RATIO = 100  # uncompressed / compressed, per member
MAX_UNCOMPRESSED = 300 * 1024 * 1024
NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
# zipfile and zlib report damage with these (zlib.error: a damaged deflate stream; NotImplementedError: an unknown
# zip version or compression method; RuntimeError: an encrypted member)
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError, NotImplementedError)
XML_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([^"']{0,40})["']""")
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)


class SafeZip:
    """Read members of a zip with limits on count, ratio and total size; names resolved inside the archive."""

    def __init__(self, data: bytes, name: str, max_bytes: int):
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except NotImplementedError as error:
            raise InputError(f"{name}: not a readable EPUB (a zip feature ficlens cannot read: {error})") from None
        except ZIP_ERRORS as error:
            raise InputError(f"{name}: not a readable EPUB (damaged or truncated zip: {error})") from None
        if len(members) > MAX_MEMBERS:
            raise InputError(f"{name}: EPUB has {len(members):,} files, over the limit of {MAX_MEMBERS:,}")
        self.budget = min(MAX_UNCOMPRESSED, max(max_bytes, 1) * 10)
        declared = sum(m.file_size for m in members)
        if declared > self.budget:
            raise InputError(f"{name}: EPUB would inflate to {declared:,} bytes (limit {self.budget:,}); refused")
        self.members = {m.filename: m for m in members if safe_name(m.filename)}
        self.unsafe_names = [m.filename for m in members if not safe_name(m.filename)]

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
        except NotImplementedError as error:
            raise InputError(f"{self.name}: cannot read {member!r} from the EPUB (a zip feature ficlens cannot "
                             f"read: {error})") from None  # fmt: skip
        except ZIP_ERRORS as error:
            raise InputError(f"{self.name}: cannot read {member!r} from the EPUB (damaged member: {error})") from None
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
    except (LookupError, ValueError) as error:  # expat: an unknown or multi-byte declared encoding
        raise InputError(f"{archive.name}: {member!r} declares an encoding expat cannot read ({error})") from None


@dataclass
class Package:
    path: str
    opf: object
    items: dict[str, tuple[str, str, str]]  # manifest id -> (member path, media type, properties)


def package(archive: SafeZip) -> Package:
    container = parse_xml(archive, "META-INF/container.xml")
    rootfile = container.find(".//c:rootfile", NS)
    if rootfile is None or not rootfile.get("full-path"):
        raise InputError(f"{archive.name}: EPUB container names no package file")
    path = rootfile.get("full-path")
    opf = parse_xml(archive, path)
    return Package(path, opf, manifest(path, opf))


def manifest(opf_path: str, opf) -> dict[str, tuple[str, str, str]]:
    base = posixpath.dirname(opf_path)
    return {
        item.get("id"): (
            posixpath.normpath(posixpath.join(base, unquote(item.get("href", "")))),
            item.get("media-type") or "",
            item.get("properties") or "",
        )
        for item in opf.findall(".//opf:manifest/opf:item", NS)
    }


def spine(archive: SafeZip, book: Package, problems: list[str]) -> list[str]:
    """The members to read, in reading order; spine entries that are missing or unsafe are noted and skipped."""
    parts, skipped = [], []
    for ref in book.opf.findall(".//opf:spine/opf:itemref", NS):
        member = book.items.get(ref.get("idref"), (None, None, None))[0]
        if member in parts:
            continue  # a part listed twice is read once (a repeated spine would multiply the work)
        if member and safe_name(member) and member in archive.members:
            parts.append(member)
        else:
            skipped.append(member or ref.get("idref") or "?")
    if skipped:
        problems.append(f"skipped {len(skipped)} spine entries that are missing or outside the archive: "
                        + ", ".join(repr(s) for s in skipped[:5]))  # fmt: skip
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


def decode_part(data: bytes, member: str, problems: list[str]) -> str:
    """An XHTML part as text: its BOM, else UTF-8 (what EPUB requires), else the encoding it declares; what could
    not be decoded is replaced and noted. Entity declarations are noted: the HTML parser never expands them."""
    if ENTITY_DECLARATION.search(data[:65536]):
        problems.append(f"{member!r} declares XML entities; they were not expanded (their references are dropped)")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return decode_or_replace(data, encoding, member, problems)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = XML_DECLARED_ENCODING.match(data)
    return decode_or_replace(data, declared.group(1).decode("ascii", "replace") if declared else "utf-8", member,
                             problems)  # fmt: skip


def decode_or_replace(data: bytes, encoding: str, member: str, problems: list[str]) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        problems.append(f"{member!r} is not valid {encoding}; undecodable bytes were replaced")
        return data.decode(encoding, "replace")
    except (LookupError, ValueError):  # no such codec, not a text codec (rot13), or a name with a NUL in it
        problems.append(f"{member!r} declares the unknown encoding {encoding!r}; read as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{member!r} is not valid UTF-8; undecodable bytes were replaced")
        return data.decode("utf-8", "replace")
