"""A corpus run over files, folders and an archive: what a researcher finds in the tables."""

from __future__ import annotations

import pytest

from ficlens.corpus import TABLE_SCHEMA_VERSION, TABLES, CorpusOptions, query, read_table, run_corpus, validate
from ficlens.errors import CorpusError
from tests.corpus.conftest import all_tables


def rows(out, sql):
    return query(out, sql).to_pylist()


def test_summary_counts_every_source_once(corpus_run):
    _, summary = corpus_run
    # 8 generated + 4 fixtures + epub + lighthouse x2 + 4 foreign + 4 broken, and 3 stories in the archive
    assert summary.sources == 26
    assert (summary.analysed, summary.skipped_language, summary.duplicates, summary.errors) == (16, 4, 2, 4)
    assert summary.words > 3000 and summary.works_per_second > 0


def test_tables_validate_against_the_schema(corpus_run):
    out, _ = corpus_run
    counts = validate(out)
    assert set(counts) == set(TABLES)
    assert counts["works"] == 20 and counts["errors"] == 4 and counts["duplicates"] == 2
    assert min(counts[t] for t in ("chapters", "characters", "quotes", "mentions", "interactions", "tags")) > 0
    manifest = (out / "manifest.json").read_text()
    assert f'"table_schema_version": "{TABLE_SCHEMA_VERSION}"' in manifest


def short(corpus, source: str) -> str:
    return source.removeprefix(f"{corpus}/")


def test_the_same_work_in_two_files_is_one_work_and_the_copy_is_tabled(corpus, corpus_run):
    out, _ = corpus_run
    assert rows(out, "SELECT count(*) n FROM works WHERE title = 'The Lighthouse Keys'") == [{"n": 1}]
    copies = rows(out, "SELECT source, first_source FROM duplicates ORDER BY source")
    names = [(short(corpus, c["source"]), short(corpus, c["first_source"])) for c in copies]
    assert names == [("archive.zip!fics/copy-of-work-1.txt", "downloads/work-00001.txt"),
                     ("downloads/lighthouse.txt", "downloads/lighthouse-again.txt")]  # fmt: skip
    assert rows(out, "SELECT count(*) n FROM (SELECT work_hash FROM works GROUP BY 1 HAVING count(*) > 1)") == [
        {"n": 0}
    ]


def test_archive_members_are_sources_and_an_epub_is_one_work(corpus, corpus_run):
    out, _ = corpus_run
    sources = {short(corpus, r["source"]) for r in rows(out, "SELECT source FROM works")}
    assert {"archive.zip!fics/zipped-work.txt", "archive.zip!fics/salt-roads.epub"} < sources
    assert "downloads/paper-boats.epub" in sources
    assert not any("__MACOSX" in s for s in sources)
    epub = rows(out, "SELECT format, chapter_count FROM works WHERE source LIKE '%paper-boats.epub'")
    assert epub == [{"format": "ao3-epub", "chapter_count": 2}]


def test_a_broken_file_is_an_error_row_and_the_run_goes_on(corpus_run):
    out, _ = corpus_run
    errors = {r["source"].rsplit("/", 1)[-1]: r for r in rows(out, "SELECT * FROM errors")}
    assert set(errors) == {"empty.txt", "binary.dat", "truncated.epub", "latin1-nul.txt"}
    assert {e["error_class"] for e in errors.values()} == {"InputError"}
    assert all(e["step"] == "read" and e["message"] for e in errors.values())


def test_quotes_speakers_and_interactions_join_to_characters(corpus_run):
    out, _ = corpus_run
    lines = rows(
        out,
        """
        SELECT c.name speaker, q.text, q.method, q.confidence FROM quotes q
        JOIN works w USING (work_hash)
        JOIN characters c ON c.work_hash = q.work_hash AND c.character_id = q.speaker_id
        WHERE w.title = 'The Lighthouse Keys' AND q.text LIKE 'You don''t own other shoes%'""",
    )
    assert lines[0]["speaker"] == "Mira Okafor" and 0 < lines[0]["confidence"] <= 1
    pairs = rows(
        out,
        """
        SELECT s.name source, t.name target, i.addressed FROM interactions i JOIN works w USING (work_hash)
        JOIN characters s ON s.work_hash = i.work_hash AND s.character_id = i.source_id
        JOIN characters t ON t.work_hash = i.work_hash AND t.character_id = i.target_id
        WHERE w.title = 'The Lighthouse Keys' AND i.addressed > 0""",
    )
    assert ("Jonah", "Mira Okafor") in {(p["source"], p["target"]) for p in pairs}


def test_authors_and_suggested_tags_side_by_side(corpus_run):
    out, _ = corpus_run
    tags = rows(
        out,
        """SELECT origin, type, tag, score FROM tags JOIN works USING (work_hash)
                        WHERE title = 'Small Hours'""",
    )
    assert {"origin": "author", "type": "rating", "tag": "Mature", "score": None} in tags
    assert any(t["origin"] == "suggested" and t["type"] == "rating" and 0 <= t["score"] <= 1 for t in tags)


def test_works_not_in_english_are_tabulated_not_analysed(corpus_run):
    out, _ = corpus_run
    foreign = rows(
        out,
        """SELECT language, language_source, analysed, skipped_reason, words, quote_count,
                           character_count, paragraph_count, work_hash FROM works WHERE language <> 'en'
                           ORDER BY language, language_source""",
    )
    assert [(f["language"], f["language_source"]) for f in foreign] == [
        ("fr", "detected"), ("fr", "metadata"), ("zh", "detected"), ("zh", "metadata")]  # fmt: skip
    for work in foreign:
        assert not work["analysed"] and "English only" in work["skipped_reason"]
        assert work["quote_count"] == work["character_count"] == 0 and work["paragraph_count"] == 30
    chinese = [f for f in foreign if f["language"] == "zh"]
    assert all(w["words"] > 300 for w in chinese)  # each character a word, as AO3 counts
    hashes = [f["work_hash"] for f in foreign]
    assert rows(out, f"SELECT count(*) n FROM mentions WHERE work_hash IN {tuple(hashes)}") == [{"n": 0}]


def test_a_rerun_does_nothing_and_force_redoes_everything(corpus, corpus_sources, corpus_run, tmp_path):
    out, first = corpus_run
    before = all_tables(out)
    again = run_corpus(corpus_sources, out, CorpusOptions(part_records=4))
    assert again.already_done == first.sources and again.finished == 0
    assert all_tables(out) == before
    copy = tmp_path / "tables"
    run_corpus([corpus_sources[1]], copy)
    forced = run_corpus(corpus_sources, copy, CorpusOptions(force=True, part_records=50))
    assert forced.finished == first.sources and all_tables(copy) == before


def test_tables_of_another_schema_version_are_refused(tmp_path, corpus_sources):
    (tmp_path / "manifest.json").write_text('{"format": "ficlens-corpus", "table_schema_version": "0.1", "parts": []}')
    with pytest.raises(CorpusError, match="--force"):
        run_corpus(corpus_sources, tmp_path)


def test_read_table_gives_arrow_for_pandas_and_polars(corpus_run):
    out, _ = corpus_run
    works = read_table(out, "works")
    assert works.schema.equals(TABLES["works"]) and works.num_rows == 20


def test_a_work_whose_analysis_fails_is_an_error_row_with_its_hash(tmp_path, monkeypatch):
    import ficlens
    from benchmarks.corpus_generator import english_work

    for index in range(3):
        (tmp_path / f"work-{index}.txt").write_text(english_work(index, 60), encoding="utf-8")
    real_analyze_work = ficlens.analyze_work

    def fail_on_the_second(work, **options):
        if work.metadata.title == "Tide and Orchard 1":
            raise ValueError("a stage failed on this work")
        return real_analyze_work(work, **options)

    monkeypatch.setattr(ficlens, "analyze_work", fail_on_the_second)
    summary = run_corpus([tmp_path], tmp_path / "tables")
    assert (summary.analysed, summary.errors) == (2, 1)
    [error] = rows(tmp_path / "tables", "SELECT source, work_hash, step, error_class, message FROM errors")
    assert error["source"].endswith("work-1.txt") and len(error["work_hash"]) == 64
    assert (error["step"], error["error_class"], error["message"]) == (
        "analyse",
        "ValueError",
        "a stage failed on this work",
    )


def test_works_not_in_english_never_reach_the_english_models(tmp_path, monkeypatch):
    import ficlens
    from benchmarks.corpus_generator import foreign_work
    from ficlens.corpus import engines

    for index in range(2):
        (tmp_path / f"foreign-{index}.txt").write_text(foreign_work(index, "fr" if index else "zh", False), "utf-8")

    def english_models(*args, **kwargs):
        raise AssertionError("the English models ran on a work not in English")

    monkeypatch.setattr(ficlens, "analyze_work", english_models)
    monkeypatch.setattr(engines, "load_models", lambda profile="accurate": None)
    summary = run_corpus([tmp_path], tmp_path / "tables")
    assert (summary.skipped_language, summary.errors) == (2, 0)
    layers = rows(tmp_path / "tables", "SELECT language, paragraph_count, sentence_count, words FROM works ORDER BY 1")
    assert [(w["language"], w["paragraph_count"], w["sentence_count"]) for w in layers] == [
        ("fr", 30, 0),
        ("zh", 30, 0),
    ]


def test_the_words_budget_applies_to_a_corpus_run_and_can_be_raised(tmp_path):
    story = tmp_path / "works" / "long.txt"
    story.parent.mkdir()
    story.write_text('Title: Long Road\n\n"We walk," said Ann. "We keep walking."\n' * 20, encoding="utf-8")
    refused = run_corpus([story.parent], tmp_path / "small", CorpusOptions(max_words=50))
    [error] = rows(tmp_path / "small", "SELECT message FROM errors")
    assert (refused.analysed, refused.errors) == (0, 1) and "--max-words" in error["message"]
    assert run_corpus([story.parent], tmp_path / "large", CorpusOptions(max_words=10_000)).analysed == 1


def test_a_run_records_its_profile_and_never_mixes_two(tmp_path, corpus):
    import json

    works = [str(corpus / "downloads" / "lighthouse.txt")]
    out = tmp_path / "fast"
    assert run_corpus(works, out, CorpusOptions(profile="fast")).analysed == 1
    assert json.loads((out / "manifest.json").read_text())["profile"] == "fast"
    with pytest.raises(CorpusError, match="analysed with --profile fast"):
        run_corpus([*works, str(corpus / "downloads" / "work-00001.txt")], out)  # the default is accurate
    assert run_corpus(works, out, CorpusOptions(profile="fast", force=False)).already_done == 1
    redone = run_corpus(works, out, CorpusOptions(force=True))
    assert redone.analysed == 1 and json.loads((out / "manifest.json").read_text())["profile"] == "accurate"


def test_a_run_killed_before_its_first_part_resumes_only_with_its_profile(tmp_path, corpus, monkeypatch):
    from ficlens.corpus.store import CorpusStore

    works = [str(corpus / "downloads" / "lighthouse.txt")]
    out = tmp_path / "killed"
    monkeypatch.setattr(CorpusStore, "flush", lambda self: None)  # killed before a part was committed
    run_corpus(works, out, CorpusOptions(profile="fast"))
    monkeypatch.undo()
    assert list((out / "pending").glob("*.json")) and not list((out / "works").glob("*.parquet"))
    with pytest.raises(CorpusError, match="analysed with --profile fast"):
        run_corpus(works, out)
    assert run_corpus(works, out, CorpusOptions(profile="fast")).already_done == 1
    assert len(read_table(out, "works")) == 1
