"""Readers for the files fans have: AO3 HTML and EPUB, FanFicFare EPUB, HTML and TXT (hand-written fixtures)."""

from __future__ import annotations

import pytest

from ficlens import read, read_bytes
from tests.helpers import FORMATS, build_epub


def words_match_declared(work) -> bool:
    words = len(work.text.split())
    return abs(words - work.metadata.declared_words) <= 0.03 * work.metadata.declared_words


def test_ao3_html_multi_chapter_metadata_is_typed():
    meta = read(FORMATS / "ao3-two-chapters.html").metadata
    assert meta.format == "ao3-html"
    assert meta.title == "The Tide Clock" and meta.authors == ["quietharbour"]
    assert meta.rating == "Teen And Up Audiences"
    assert meta.archive_warnings == ["Creator Chose Not To Use Archive Warnings"]
    assert meta.categories == ["F/F", "Gen"]
    assert meta.fandoms == ["Original Work"]
    assert meta.relationships == ["Wren Abara/Tamsin Hale"]
    assert meta.characters == ["Wren Abara", "Tamsin Hale", "Old Perrin"]
    assert meta.freeform_tags == ["Lighthouses", "Slow Burn", "Tea & Sympathy"]
    assert meta.language == "English"
    assert [(s.name, s.part) for s in meta.series] == [("Harbour Lights", 2)]
    assert meta.collections == ["Seaside Fest 2024"]
    assert (meta.published, meta.updated) == ("2024-03-02", "2024-04-11")
    assert (meta.chapters_posted, meta.chapters_planned, meta.complete) == (2, 3, False)
    assert meta.url == "http://archiveofourown.org/works/4815162" and meta.work_id == "4815162"  # older http:// file
    assert meta.summary == "Wren mends clocks. Tamsin keeps the light."
    assert meta.notes == ["Written for Seaside Fest. Thanks to my beta!", "Part three is coming in May."]


def test_ao3_html_chapters_keep_notes_out_of_the_story():
    work = read(FORMATS / "ao3-two-chapters.html")
    assert [c.title for c in work.chapters] == ["Chapter 1: Low Water", "Chapter 2: High Water"]
    first = work.chapters[0]
    assert first.summary == "The clock stops." and first.notes == ["Short one to start.", "More soon."]
    assert work.text.startswith("The tide clock in the harbour office")
    assert work.text[work.chapters[1].start :].startswith("By morning")
    for outside in ("Short one", "More soon", "See the end", "alert(", "Part three", "Summary", "drop by"):
        assert outside not in work.text
    assert [work.text[e.start : e.end] for e in work.emphasis] == ["Salt in the gears again."]
    assert "\n\n***\n\n" in work.text  # <hr> becomes a scene break the structure stage knows
    assert words_match_declared(work)


def test_ao3_html_one_shot_plural_labels_and_display_names():
    work = read(FORMATS / "ao3-oneshot.html")
    meta = work.metadata
    # display names come through as shown, even where the link target differs (older `Underage` tag URL)
    assert meta.archive_warnings == ["Creator Chose Not To Use Archive Warnings", "Underage Sex"]
    assert meta.relationships == ["Jun/Kasimir", "Jun & Mother"] and meta.characters == ["Jun"]
    assert (meta.chapters_posted, meta.chapters_planned, meta.complete) == (1, 1, True)
    assert [c.title for c in work.chapters] == ["Small Hours"]
    assert meta.notes == ["Insomnia fic, as promised."]
    assert "inspired" not in work.text and "Smaller Hours" not in work.text
    assert words_match_declared(work)


def test_format_is_detected_from_content_not_the_name():
    data = (FORMATS / "ao3-oneshot.html").read_bytes()
    assert read_bytes(data, name="story.txt").metadata.format == "ao3-html"
    assert read_bytes(build_epub("ao3-epub"), name="story.html").metadata.format == "ao3-epub"


def test_ao3_epub_with_renamed_classes():
    work = read_bytes(build_epub("ao3-epub"), name="paper-boats.epub")
    meta = work.metadata
    assert meta.format == "ao3-epub"
    assert meta.title == "Paper Boats" and meta.authors == ["inkwellwren", "second_pen"]
    assert meta.rating == "General Audiences" and meta.archive_warnings == ["No Archive Warnings Apply"]
    assert meta.categories == ["Gen"] and meta.fandoms == ["Original Work", "Rain Stories"]
    assert meta.characters == ["Pip", "Odile"] and meta.freeform_tags == ["Childhood Friends"]
    assert (meta.published, meta.updated, meta.complete) == ("2023-06-01", "2023-06-09", True)
    assert meta.work_id == "90210" and meta.summary == "Two kids race paper boats down a gutter."
    assert [c.title for c in work.chapters] == ["Chapter 1: Rain", "Chapter 2: The Drain"]
    assert work.chapters[0].notes == ["For my sister."] and work.chapters[1].notes == ["Thank you for reading!"]
    assert "drop by" not in work.text and "For my sister" not in work.text
    assert [work.text[e.start : e.end] for e in work.emphasis] == ["She was already running."]  # italic by CSS class
    assert words_match_declared(work)


def test_ao3_epub_summary_falls_back_to_the_package_description():
    preface = (FORMATS / "ao3-epub" / "Paper_Boats_split_000.xhtml").read_text()
    start, end = preface.index('<p class="calibre2">Summary</p>'), preface.index("</blockquote>") + len("</blockquote>")
    edited = (preface[:start] + preface[end:]).encode()
    work = read_bytes(build_epub("ao3-epub", replace={"Paper_Boats_split_000.xhtml": edited}))
    assert work.metadata.summary == "Two kids race paper boats down a gutter."


def test_fanficfare_epub_sorts_category_and_genre():
    work = read_bytes(build_epub("fff-epub"), name="lanterns.epub")
    meta = work.metadata
    assert meta.format == "fanficfare-epub"
    assert meta.title == "Lanterns Over the Weir" and meta.authors == ["lanternfox"]
    assert meta.fandoms == ["Original Work"]  # FanFicFare's Category
    assert meta.categories == ["F/M", "Gen"] and meta.freeform_tags == ["Angst", "Rivers"]  # its Genre, split
    assert meta.relationships == ["Ferryman Aldo/Lamplighter Ines"]
    assert meta.rating == "Mature" and meta.archive_warnings == ["Major Character Death"]
    assert [(s.name, s.part) for s in meta.series] == [("River Songs", 3)]
    assert meta.complete is True and meta.chapters_posted == 2
    assert meta.url == "https://archiveofourown.org/works/5550123" and meta.work_id == "5550123"
    assert meta.summary == "A ferryman and a lamplighter argue about the river."
    assert meta.other_tags["Packaged"] == ["2024-01-05 10:11:12"]
    assert [c.title for c in work.chapters] == ["Dusk", "Dawn"]
    assert "Table of Contents" not in work.text and not work.text.startswith("Dusk")
    assert [work.text[e.start : e.end] for e in work.emphasis] == ["Not tonight,"]
    assert words_match_declared(work)


def test_fanficfare_html():
    work = read(FORMATS / "fanficfare.html")
    meta = work.metadata
    assert meta.format == "fanficfare-html"
    assert meta.title == "Salt Roads" and meta.authors == ["gullwing"]
    assert meta.fandoms == ["Original Work"] and meta.categories == ["M/M"]
    assert meta.freeform_tags == ["Road Trip", "Humor"] and meta.relationships == ["Teo/Barnaby"]
    assert meta.rating == "Explicit" and meta.summary == "Two men, one van, no map."
    assert [c.title for c in work.chapters] == ["Salt Roads"]
    assert work.text.startswith('"Left," said Barnaby.') and "Table of Contents" not in work.text
    assert words_match_declared(work)


def test_fanficfare_text_unwraps_lines_and_reads_wrapped_labels():
    work = read(FORMATS / "fanficfare.txt")
    meta = work.metadata
    assert meta.format == "fanficfare-txt"
    assert meta.title == "The Eighteenth Lamp" and meta.authors == ["ferrylight"]
    assert "Rivers and Lakes" in meta.freeform_tags and "Lamplighters" in meta.freeform_tags
    assert meta.summary == "A ferry passenger counts the lamps on the far bank, and one of them is missing."
    assert meta.complete is False and meta.work_id == "3141592"
    assert [c.title for c in work.chapters] == ["Fog", "Morning"]
    paragraphs = work.text.strip().split("\n\n")
    assert all("\n" not in p and "\r" not in p for p in paragraphs)
    assert paragraphs[0].startswith("The night ferry") and paragraphs[0].endswith("one by one.")
    assert "End file." not in work.text and "TABLE OF CONTENTS" not in work.text
    assert words_match_declared(work)


def test_unfinished_chapter_count():
    from ficlens.ingest.labels import apply_stats
    from ficlens.model import Metadata

    meta = Metadata()
    apply_stats(meta, "Published: 2020-01-02 Updated: 2020-02-03 Words: 31,623 Chapters: 3/?")
    assert (meta.declared_words, meta.chapters_posted, meta.chapters_planned, meta.complete) == (31623, 3, None, False)


# --- damaged and hostile files: one clear error, bounded time and memory ---------------------------------------


def test_truncated_epub():
    data = build_epub("ao3-epub")
    with pytest.raises(Exception, match="damaged or truncated zip") as error:
        read_bytes(data[: len(data) // 2], name="cut.epub")
    assert type(error.value).__name__ == "InputError"


def test_zip_bomb_is_refused_before_inflating():
    bomb = b"<html><body><p>" + b"a" * 40_000_000 + b"</p></body></html>"
    data = build_epub("fff-epub", replace={"OEBPS/file0001.xhtml": bomb})
    with pytest.raises(Exception, match="zip bomb"):
        read_bytes(data, name="bomb.epub")


def test_zip_declaring_more_than_the_budget_is_refused():
    data = build_epub("fff-epub", extra={"OEBPS/big.bin": b"\0" * 2_000_000})
    with pytest.raises(Exception, match="would inflate"):
        read_bytes(data, name="big.epub", max_bytes=100_000)


def test_xml_entity_bomb_is_refused():
    opf = (FORMATS / "fff-epub" / "content.opf").read_text()
    laughs = '<!DOCTYPE p [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    hostile = opf.replace("<package", laughs + "<package", 1).replace(
        "<dc:rights></dc:rights>", "<dc:rights>&b;</dc:rights>"
    )
    with pytest.raises(Exception, match="unsafe XML"):
        read_bytes(build_epub("fff-epub", replace={"content.opf": hostile.encode()}), name="laughs.epub")


def test_member_names_outside_the_archive_are_never_read():
    opf = (FORMATS / "fff-epub" / "content.opf").read_text()
    opf = opf.replace('href="OEBPS/file0001.xhtml"', 'href="../../etc/passwd"').replace(
        'href="OEBPS/file0002.xhtml"', 'href="/etc/hostname"'
    )
    # the two chapters point outside the archive and are skipped; nothing else holds story text
    with pytest.raises(Exception, match="escape.epub: there is no story text"):
        read_bytes(build_epub("fff-epub", replace={"content.opf": opf.encode()}), name="escape.epub")


def test_ao3_html_without_tags_block():
    html = (FORMATS / "ao3-oneshot.html").read_text()
    start, end = html.index('<dl class="tags">'), html.index("</dl>") + len("</dl>")
    with pytest.raises(Exception, match="without its tags block"):
        read_bytes((html[:start] + html[end:]).encode(), name="edited.html")


def test_scripts_and_styles_never_reach_the_text():
    html = (
        "<html><body><p>Hello there.</p><script>document.write('x')</script><style>p{}</style><p>Bye.</p></body></html>"
    )
    work = read_bytes(html.encode(), name="page.html")
    assert work.text == "Hello there.\n\nBye.\n" and work.metadata.format == "html"
