"""EPUBs as fans have them: AO3 downloads however a tool laid them out, other tools' EPUBs read by structure, and
damaged or hostile ones refused with a message that says what is wrong (fixtures written for ficlens)."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from ficlens import InputError, read_bytes
from tests.helpers import FORMATS, build_epub


def without(text: str, start: str, end: str) -> str:
    first = text.index(start)
    return text[:first] + text[text.index(end, first) + len(end) :]


def test_ao3_epub_author_comes_from_the_package_when_the_byline_is_gone():
    preface = (FORMATS / "ao3-epub" / "Paper_Boats_split_000.xhtml").read_text()
    edited = without(preface, '<div class="calibre11">by', "</div>").encode()
    work = read_bytes(build_epub("ao3-epub", replace={"Paper_Boats_split_000.xhtml": edited}))
    assert work.metadata.authors == ["inkwellwren", "second_pen"]  # dc:creator, in order


def test_ao3_epub_with_a_title_page_and_a_flat_preface():
    """A title page first; then a preface whose title, byline, summary and notes sit beside the tags block, and the
    one-shot's text in the same part."""
    work = read_bytes(build_epub("titlepage-ao3-epub"), name="night-ferry.epub")
    meta = work.metadata
    assert meta.format == "ao3-epub"
    assert meta.title == "Night Ferry" and meta.authors == ["moth_lantern"]
    assert meta.rating == "Mature" and meta.archive_warnings == ["No Archive Warnings Apply"]
    assert meta.categories == ["F/F"] and meta.fandoms == ["Original Work"]
    assert meta.relationships == ["Oona/Maud"] and meta.characters == ["Oona", "Maud"]
    assert meta.freeform_tags == ["Ferries", "Pining"] and meta.language == "English"
    assert (meta.published, meta.complete, meta.declared_words) == ("2022-02-14", True, 42)
    assert meta.url == "https://archiveofourown.org/works/271828" and meta.work_id == "271828"
    assert meta.site == "archiveofourown.org"
    assert meta.summary == "The last ferry, two passengers, one lantern."
    assert meta.notes == ["A birthday present for R."]
    assert work.text.startswith("The ferry left at midnight") and work.text.rstrip().endswith("crossing.")
    for outside in ("moth_lantern", "Summary", "birthday", "drop by", "Posted originally"):
        assert outside not in work.text
    assert [c.title for c in work.chapters] == ["Night Ferry"]
    assert any("title page" in problem for problem in meta.problems)


def test_ao3_link_without_tags_block_is_read_by_structure():
    preface = (FORMATS / "titlepage-ao3-epub" / "Night_Ferry_split_000.xhtml").read_text()
    edited = without(preface, "<dl", "</dl>").encode()
    work = read_bytes(build_epub("titlepage-ao3-epub", replace={"Night_Ferry_split_000.xhtml": edited}))
    meta = work.metadata
    assert meta.format == "epub"
    assert meta.title == "Night Ferry" and meta.authors == ["moth_lantern"]
    assert meta.url == "https://archiveofourown.org/works/271828" and meta.work_id == "271828"
    # the package's subjects: AO3's fixed rating, warning and category names sorted into their fields
    assert meta.rating == "Mature" and meta.archive_warnings == ["No Archive Warnings Apply"]
    assert meta.categories == ["F/F"] and meta.other_tags["Subjects"] == ["Original Work", "Ferries"]
    assert "Maud took the lantern" in work.text
    assert any("without its tags block" in problem for problem in meta.problems)


def test_another_tools_epub_is_read_by_structure():
    work = read_bytes(build_epub("plain-epub"), name="orchard.epub")
    meta = work.metadata
    assert meta.format == "epub"
    assert meta.title == "The Orchard Ledger" and meta.authors == ["Hollis Marrow"]
    assert meta.summary == "Two siblings keep the accounts of an orchard nobody owns."
    assert (meta.language, meta.published, meta.rating) == ("en", "2021-09-30", "Teen And Up Audiences")
    assert [c.title for c in work.chapters] == ["One: Windfall", "Two: Frost"]
    assert work.text.startswith("The apples came down") and "Contents" not in work.text
    assert [work.text[e.start : e.end] for e in work.emphasis] == ["Nobody had written in the ledger for years."]
    assert any("cover.xhtml" in p and "nav.xhtml" in p for p in meta.problems)


def test_plain_epub_lists_what_it_could_not_find():
    opf = (FORMATS / "plain-epub" / "OEBPS" / "package.opf").read_text()
    opf = opf.replace("<dc:creator>Hollis Marrow</dc:creator>", "")
    chapter = (FORMATS / "plain-epub" / "OEBPS" / "text" / "chapter2.xhtml").read_text()
    work = read_bytes(build_epub("plain-epub", replace={
        "OEBPS/package.opf": opf.encode(),
        "OEBPS/text/chapter 1.xhtml": chapter.replace("<h1>Two: Frost</h1>", "").encode(),
        "OEBPS/text/chapter2.xhtml": chapter.replace("<h1>Two: Frost</h1>", "").encode(),
    }))  # fmt: skip
    assert work.metadata.authors == []
    assert "no author found in the EPUB" in work.metadata.problems
    assert any("no chapter headings" in problem for problem in work.metadata.problems)


def test_missing_spine_member_is_skipped_and_noted():
    opf = (FORMATS / "plain-epub" / "OEBPS" / "package.opf").read_text()
    opf = opf.replace('href="text/chapter2.xhtml"', 'href="text/lost.xhtml"')
    work = read_bytes(build_epub("plain-epub", replace={"OEBPS/package.opf": opf.encode()}))
    assert "forty pages" not in work.text and "The apples" in work.text
    assert any("OEBPS/text/lost.xhtml" in problem for problem in work.metadata.problems)


def test_entity_declarations_in_a_chapter_are_noted():
    chapter = (FORMATS / "plain-epub" / "OEBPS" / "text" / "chapter2.xhtml").read_text()
    laughs = '<!DOCTYPE html [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    hostile = chapter.replace("<html", laughs + "<html", 1).replace("forty pages.", "forty pages. &b;&b;&b;")
    work = read_bytes(build_epub("plain-epub", replace={"OEBPS/text/chapter2.xhtml": hostile.encode()}))
    assert "lol" not in work.text
    assert any("chapter2.xhtml" in p and "entities" in p for p in work.metadata.problems)


def test_unknown_encoding_in_a_chapter_is_read_as_utf8_and_noted():
    chapter = (FORMATS / "plain-epub" / "OEBPS" / "text" / "chapter2.xhtml").read_bytes()
    chapter = chapter.replace(b'encoding="UTF-8"', b'encoding="x-unknown"').replace(b"forty", b"f\xf6rty")
    work = read_bytes(build_epub("plain-epub", replace={"OEBPS/text/chapter2.xhtml": chapter}))
    assert "pages" in work.text
    assert any("unknown encoding 'x-unknown'" in problem for problem in work.metadata.problems)


# --- each crash class the fuzzer found: an InputError (exit 3) that says what is wrong ---------------------------


def test_unknown_encoding_in_the_package_is_an_input_error():
    opf = (FORMATS / "plain-epub" / "OEBPS" / "package.opf").read_bytes().replace(b"UTF-8", b"x-unknown", 1)
    with pytest.raises(InputError, match=r"'OEBPS/package.opf' declares an encoding expat cannot read"):
        read_bytes(build_epub("plain-epub", replace={"OEBPS/package.opf": opf}), name="book.epub")


def test_multibyte_encoding_declared_in_the_container_is_an_input_error():
    container = (FORMATS / "plain-epub" / "META-INF" / "container.xml").read_bytes().replace(b"UTF-8", b"shift_jis")
    with pytest.raises(InputError, match="container.xml' declares an encoding"):
        read_bytes(build_epub("plain-epub", replace={"META-INF/container.xml": container}), name="book.epub")


def test_damaged_deflate_member_is_an_input_error():
    data = build_epub("plain-epub")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("OEBPS/text/chapter2.xhtml")
    start = info.header_offset + 30 + len(info.filename.encode())
    damaged = bytearray(data)
    damaged[start : start + 8] = b"\xff" * 8  # an invalid deflate block type
    with pytest.raises(InputError, match=r"cannot read 'OEBPS/text/chapter2.xhtml' from the EPUB \(damaged member"):
        read_bytes(bytes(damaged), name="book.epub")


@pytest.mark.parametrize(("offset", "said"), [(6, "zip file version 9.9"), (10, "compression method")])
def test_unknown_zip_version_or_method_is_an_input_error(offset, said):
    data = bytearray(build_epub("plain-epub"))
    entry = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)  # the second member's central header
    data[entry + offset : entry + offset + 2] = struct.pack("<H", 99)  # version needed 9.9; method 99 (AES)
    with pytest.raises(InputError, match=f"a zip feature ficlens cannot read: .*{said}"):
        read_bytes(bytes(data), name="book.epub")


def test_nesting_deeper_than_any_story_is_refused():
    deep = "<html><body>" + "<div>" * 5000 + "<p>Down here.</p>" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(InputError, match="nested over 400 deep"):
        read_bytes(deep.encode(), name="deep.html")
