"""Readers: each turns a file's bytes into a `Work` with text and metadata, nothing else."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ficlens.errors import InputError, UsageError
from ficlens.ingest.decode import decode_text
from ficlens.ingest.fanficfare import looks_like_fanficfare_text, read_fanficfare_text
from ficlens.ingest.plaintext import read_plain_text
from ficlens.model import Metadata, Work

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|div|p)\b", re.I | re.S
)


def read_bytes(data: bytes, name: str = "input", max_bytes: int = DEFAULT_MAX_BYTES) -> Work:
    """Read a work from bytes; the format (EPUB, AO3 or FanFicFare HTML, FanFicFare or plain text) is detected
    from the content, never from the file name."""
    if not isinstance(data, bytes | bytearray | memoryview):
        hint = "; for a story as text use ficlens.analyze(text), or encode it" if isinstance(data, str) else ""
        raise UsageError(f"read_bytes() takes the file's bytes, not {type(data).__name__}{hint}")
    check_max_bytes(max_bytes)
    data = bytes(data)
    if len(data) > max_bytes:
        raise InputError(f"{name}: {len(data):,} bytes is over the {max_bytes:,}-byte input limit")
    if data.startswith(ZIP_MAGIC):
        from ficlens.ingest.epub import read_epub  # HTML/EPUB readers import BeautifulSoup only when used

        work = read_epub(data, name, max_bytes)
    else:
        decoded = decode_text(data, name)
        work = read_text(decoded.text, name)
        work.metadata.encoding = decoded.encoding
        work.metadata.problems += decoded.warnings
    work.metadata.source = name
    if not work.text.strip():
        raise InputError(f"{name}: there is no story text ({work.metadata.format or 'text'})")
    return work


def read_text(text: str, name: str) -> Work:
    if HTML_START.match(text[:4096]):
        return read_html(text, name)
    if looks_like_fanficfare_text(text):
        return read_fanficfare_text(text)
    return read_plain_text(text, source=name)


def read_html(text: str, name: str) -> Work:
    # imported here: BeautifulSoup takes about 80 ms to import (`python -X importtime -c "import bs4"`), which
    # plain-text reading need not pay
    from ficlens.ingest.ao3 import is_ao3, read_ao3_html
    from ficlens.ingest.fanficfare_html import is_fanficfare_html, read_fanficfare_html
    from ficlens.ingest.html import assemble, parse_html

    soup = parse_html(text, name)
    metadata = Metadata()
    try:
        if is_fanficfare_html(soup):  # before AO3: FanFicFare files link AO3 works too
            return read_fanficfare_html(soup, metadata)
        if is_ao3(soup):
            return read_ao3_html(soup, metadata)
    except ValueError as error:
        raise InputError(f"{name}: {error}") from None
    metadata.format = "html"
    title = soup.find("title")
    metadata.title = (" ".join(title.get_text(" ").split()) or None) if title else None
    return assemble([(metadata.title, [soup.body or soup], None, [])], metadata)


def read(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Work:
    """Read the work in the file at `path` (no analysis)."""
    if not isinstance(path, str | os.PathLike):
        raise UsageError(f"read() takes a file path (str or pathlib.Path), not {type(path).__name__}")
    check_max_bytes(max_bytes)
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte input limit")
        if not path.is_file():
            raise InputError(f"{path}: not a regular file")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from None
    return read_bytes(data, name=str(path), max_bytes=max_bytes)


def check_max_bytes(max_bytes: int) -> None:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise UsageError(f"max_bytes must be a positive whole number of bytes, not {max_bytes!r}")
