"""Importing: mixed folders, bad files, dedupe, newer downloads, zip archives, migrations, a killed import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile

import pytest

from benchmarks.library_corpus import fanficfare_text, generate, write_generated_works
from ficlens.errors import LibraryError
from ficlens.library import SCHEMA_VERSION, Library
from ficlens.library.schema import MIGRATIONS, connect
from tests.conftest import SEED
from tests.helpers import build_epub


def outcomes(results):
    return sorted((r.source.rsplit("/", 1)[-1], r.outcome) for r in results)


def consistent(db) -> dict[str, int]:
    """Row counts, after checking that the search index and the layers match the works exactly."""
    conn = sqlite3.connect(db)
    works = {row[0] for row in conn.execute("SELECT id FROM works")}
    assert {row[0] for row in conn.execute("SELECT rowid FROM works_fts")} == works
    for table in ("tags", "characters", "interactions", "ship_members"):
        assert {row[0] for row in conn.execute(f"SELECT DISTINCT work_id FROM {table}")} <= works
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = {"works": len(works), "texts": conn.execute("SELECT COUNT(DISTINCT text_hash) FROM works").fetchone()[0]}
    conn.close()
    return counts


def test_mixed_folder_imports_the_good_reports_the_bad_and_a_second_add_adds_nothing(analysed_library):
    results = analysed_library["results"]
    added = [r for r in results if r.outcome == "added"]
    failed = [r for r in results if r.outcome == "failed"]
    assert [r.source.rsplit("/", 1)[-1] for r in failed] == ["broken.epub"]
    assert "broken.epub" in failed[0].error
    titles = {r.title for r in added}
    assert {"Small Hours", "The Tide Clock", "Salt Roads", "The Eighteenth Lamp", "Paper Boats",
            "The Lighthouse Keys"} <= titles  # fmt: skip
    assert len(added) == 10 if SEED.is_file() else 9  # 4 fixtures, 2 EPUBs, the example, 2 generated, the seed
    with Library.open(analysed_library["db"]) as library:
        again = library.add([analysed_library["folder"]])
        assert {r.outcome for r in again} == {"seen", "failed"}
        assert [f["source_path"].rsplit("/", 1)[-1] for f in library.failures()] == ["broken.epub"]
        row = library.row(added[0].work_id)
        assert row["analysed"] == 1 and json.loads(row["work_json"])["layers"]
    assert consistent(analysed_library["db"])["works"] == len(added)


def test_the_same_work_in_another_file_is_one_entry(library, tmp_path):
    text = fanficfare_text(generate(1, words=200))
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text + "\n\n", encoding="utf-8")  # other bytes, same story
    renamed = text.replace("Story URL: https://archiveofourown.org/works/10000001", "Story URL: none")
    (tmp_path / "c.txt").write_text(renamed, encoding="utf-8")  # no archive id: the same text
    results = library.add([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"], analyse=False)
    assert [r.outcome for r in results] == ["added", "duplicate", "duplicate"]
    assert library.search().total == 1


def test_a_newer_download_replaces_the_old_and_keeps_the_readers_data(library, tmp_path):
    old, new = generate(7, words=200, chapters=1), generate(7, words=400, chapters=2)
    old.complete = new.complete = False
    (tmp_path / "old.txt").write_text(fanficfare_text(old), encoding="utf-8")
    (tmp_path / "new.txt").write_text(fanficfare_text(new), encoding="utf-8")
    [first] = library.add([tmp_path / "old.txt"], analyse=False)
    library.set_user_data(first.work_id, notes="reread in winter", tags=["comfort read"], status="reading")
    [second] = library.add([tmp_path / "new.txt"], analyse=False)
    assert second.outcome == "replaced" and second.work_id == first.work_id
    row = library.row(first.work_id)
    assert row["chapters"] == 2 and row["user_notes"] == "reread in winter" and row["user_status"] == "reading"
    assert json.loads(row["user_tags"]) == ["comfort read"]
    from ficlens.library import SearchQuery

    assert library.search(SearchQuery(tags=["comfort read"])).total == 1
    assert library.search(SearchQuery(text="winter")).total == 1  # the reader's notes are searchable
    # the older file again: nothing changes
    [third] = library.add([tmp_path / "old.txt"], analyse=False)
    assert third.outcome == "seen" and library.row(first.work_id)["chapters"] == 2
    (tmp_path / "old-renamed.txt").write_text(fanficfare_text(old) + "\n", encoding="utf-8")
    [fourth] = library.add([tmp_path / "old-renamed.txt"], analyse=False)
    assert fourth.outcome == "older" and library.row(first.work_id)["chapters"] == 2


def test_zip_archive_of_downloads_is_read_member_by_member(library, tmp_path):
    archive = tmp_path / "downloads.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("fics/one.txt", fanficfare_text(generate(1, words=150)))
        z.writestr("fics/paper-boats.epub", build_epub("ao3-epub"))
        z.writestr("fics/readme.md", "not a story")
    results = library.add([archive], analyse=False)
    members = sorted((r.source.split("/")[-2:], r.outcome) for r in results)
    expected = [(["downloads.zip!fics", "one.txt"], "added"), (["downloads.zip!fics", "paper-boats.epub"], "added")]
    assert members == expected
    epub = tmp_path / "paper-boats.epub"  # an EPUB is a zip too, but a story, not an archive
    epub.write_bytes(build_epub("ao3-epub"))
    assert [r.outcome for r in library.add([epub], analyse=False)] == ["seen"]


def test_schema_version_and_migrations_are_recorded(tmp_path):
    conn = connect(tmp_path / "l.db")
    rows = conn.execute("SELECT version, name FROM migrations ORDER BY version").fetchall()
    assert [tuple(r) for r in rows] == [(i + 1, name) for i, (name, _) in enumerate(MIGRATIONS)]
    assert len(MIGRATIONS) == SCHEMA_VERSION
    conn.execute("INSERT INTO migrations VALUES (?, 'from the future', 'now')", (SCHEMA_VERSION + 1,))
    conn.close()
    with pytest.raises(LibraryError, match="newer than this ficlens"):
        connect(tmp_path / "l.db")
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(LibraryError, match="not a ficlens library"):
        connect(tmp_path / "junk.db")


def test_remove_and_export(library, tmp_path):
    write_generated_works(tmp_path / "w", 3, words=120)
    results = library.add([tmp_path / "w"], analyse=False)
    library.set_user_data(results[0].work_id, notes='a "quoted", note', tags=["x"])
    exported = json.loads(library.export("json"))
    assert [w["id"] for w in exported["works"]] == [r.work_id for r in results]
    assert exported["works"][0]["user_notes"] == 'a "quoted", note'
    assert any(t["origin"] == "author" and t["kind"] == "fandom" for t in exported["works"][0]["tags"])
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(library.export("csv"))))
    assert len(rows) == 3 and rows[0]["user_notes"] == 'a "quoted", note'
    library.remove(results[1].work_id)
    assert library.search().total == 2
    with pytest.raises(LibraryError):
        library.remove(results[1].work_id)
    assert consistent(library.path)["works"] == 2
    # a removed work's file can be imported again
    assert [r.outcome for r in library.add([results[1].source], analyse=False)] == ["added"]


@pytest.mark.slow
def test_sigkill_during_add_then_rerun_loses_and_duplicates_nothing(tmp_path):
    folder = tmp_path / "downloads"
    write_generated_works(folder, 24, words=300)
    db = tmp_path / "library.db"
    command = [sys.executable, "-m", "ficlens", "library", "add", "--db", str(db), str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                    committed = conn.execute("SELECT COUNT(*) FROM works").fetchone()[0]
            except sqlite3.OperationalError:
                committed = 0  # the schema is still being created
            if committed >= 3:
                break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed: make the works bigger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 3 <= consistent(db)["works"] < 24  # killed mid-way: whole works only
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert consistent(db) == {"works": 24, "texts": 24}
    with Library.open(db) as library:
        assert all(row["analysed"] == 1 for row in library.conn.execute("SELECT analysed FROM works"))


@pytest.mark.slow
def test_two_workers_import_every_work_once(library, tmp_path):
    write_generated_works(tmp_path / "w", 4, words=150, seed=11)
    results = library.add([tmp_path / "w"], workers=2)
    assert sorted(r.outcome for r in results) == ["added"] * 4
    assert all(row["analysed"] for row in library.conn.execute("SELECT analysed FROM works"))


def test_ficlens_serve_shows_the_imported_works(analysed_library):
    import urllib.request

    from tests.web.conftest import free_port, wait_for

    port = free_port()
    command = [sys.executable, "-m", "ficlens", "serve", "--db", str(analysed_library["db"]), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?sort=title", timeout=10) as response:
            page = response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
    added = [r for r in analysed_library["results"] if r.outcome == "added"]
    assert f'data-total="{len(added)}"' in page
    for result in added:
        assert f'href="/work/{result.work_id}"' in page
    assert "Paper Boats" in page and "The Lighthouse Keys" in page


def test_the_words_budget_applies_to_imports_and_can_be_raised(library, tmp_path):
    story = tmp_path / "long.txt"
    story.write_text('Title: Long Road\n\n"We walk," said Ann. "We keep walking."\n' * 20, encoding="utf-8")
    [refused] = library.add([story], max_words=50)
    assert refused.outcome == "failed" and "--max-words" in refused.error
    [added] = library.add([story], max_words=10_000)
    assert added.outcome == "added"


def test_works_can_be_imported_with_the_fast_profile(library, tmp_path):
    story = tmp_path / "scene.txt"
    story.write_text('Title: Tea\n\n"You\'re late, Mira," Felix says.\n\n"I know," she says.\n', encoding="utf-8")
    [added] = library.add([story], profile="fast")
    assert added.outcome == "added" and library.work(added.work_id).profile == "fast"
