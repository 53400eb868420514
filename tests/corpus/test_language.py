"""Language detection and AO3's word count."""

from __future__ import annotations

from benchmarks.corpus_generator import foreign_work
from ficlens.corpus.language import language_code, work_language
from ficlens.word_count import ao3_word_count


def test_words_are_counted_as_ao3_counts_them():
    assert ao3_word_count("It's 3 o'clock — time to go.") == 6
    assert ao3_word_count("我们走吧。") == 4  # each character a word, punctuation none
    assert ao3_word_count("東京へ行く Okay") == 6


def test_the_archive_metadata_decides_before_the_detector():
    english_text = "They walked along the harbour and talked about the old days until it was dark. " * 5
    assert work_language("Français", english_text).code == "fr"
    assert work_language("English", foreign_work(1, "zh", False)).code == "en"
    assert [language_code(n) for n in ("English", "en-GB", "中文-普通话 國語", "日本語", "pt-BR")] == [
        "en", "en", "zh", "ja", "pt"]  # fmt: skip


def test_the_detector_reads_works_without_a_language_tag():
    assert work_language(None, foreign_work(0, "fr", False)).code == "fr"
    assert work_language(None, foreign_work(1, "zh", False)).code == "zh"
    assert work_language(None, "Short.").source == "assumed"
