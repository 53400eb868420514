import codecs

import pytest

from ficlens.errors import InputError
from ficlens.ingest.decode import decode_text

STORY = "\u201cWell,\u201d she says. Caf\u00e9 au lait\u2014again.\n"


def test_utf8_with_and_without_bom():
    assert decode_text(STORY.encode("utf-8")).text == STORY
    decoded = decode_text(codecs.BOM_UTF8 + STORY.encode("utf-8"))
    assert decoded.text == STORY and decoded.encoding == "utf-8-sig"


def test_utf16_with_bom():
    assert decode_text(STORY.encode("utf-16")).text == STORY


def test_cp1252_fallback_warns():
    decoded = decode_text("\u201cCaf\u00e9,\u201d he said.".encode("cp1252"))
    assert decoded.text == "\u201cCaf\u00e9,\u201d he said."
    assert decoded.encoding == "cp1252"
    assert "Windows-1252" in decoded.warnings[0]


def test_newlines_normalised():
    assert decode_text(b"one\r\ntwo\rthree\n").text == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\n\t", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"PK\x03\x04rest of a zip", "zip archive"),
        (b"text with a \x00 NUL byte", "NUL"),
        (b"abc \x81\x8d\x8f\x90 def", "invalid bytes"),
        (bytes(range(1, 9)) * 50, "control characters"),
    ],
)
def test_refuses_what_is_not_text(data, message):
    with pytest.raises(InputError, match=message):
        decode_text(data, "story.txt")
