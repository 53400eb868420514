"""Bytes to text: size limits, binary refusal, encoding detection, newline normalisation."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from ficlens.errors import InputError

BINARY_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7z archive",
    b"\x7fELF": "an executable",
    b"MZ": "an executable",
}
# C0 control characters other than tab, newline, form feed and carriage return.
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


@dataclass
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format `data` starts with, or None."""
    for magic, name in BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def decode_text(data: bytes, name: str = "input") -> DecodedText:
    """Decode story bytes: UTF-8 (BOM or not), UTF-16/32 with BOM, else cp1252 with a warning."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty; nothing to read")
    if kind := sniff_binary(data):
        raise InputError(f"{name}: this is {kind}, not a text file")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return DecodedText(normalise_newlines(data.decode(encoding)), encoding)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but byte {error.start} is invalid {encoding}"
                ) from None
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: contains NUL bytes, so it is binary or UTF-16 without a byte-order mark")
    sample = data[:65536]
    if sum(sample.count(b) for b in CONTROL_BYTES) > max(8, len(sample) // 100):
        raise InputError(f"{name}: too many control characters for a text file; is it binary?")
    try:
        return DecodedText(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: invalid bytes: byte 0x{data[error.start]:02x} at offset {error.start} is neither "
            "UTF-8 nor Windows-1252; re-save the file as UTF-8"
        ) from None
    warning = (
        f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}); read as Windows-1252"
    )
    return DecodedText(normalise_newlines(text), "cp1252", [warning])


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
