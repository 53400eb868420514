"""`ficlens library ...`: a thin CLI over ficlens.library."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from benchmarks.library_corpus import write_generated_works
from ficlens.cli import app

runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_library_commands(tmp_path):
    folder = tmp_path / "fics"
    write_generated_works(folder, 3, words=150)
    (folder / "broken.epub").write_bytes(b"PK\x03\x04 not really")
    db = str(tmp_path / "l.db")
    added = invoke("library", "add", "--db", db, "--no-analysis", str(folder))
    assert "3 added" in added.output and "1 failed" in added.output and "broken.epub" in added.output
    assert "3 seen" in invoke("library", "add", "--db", db, "--no-analysis", str(folder)).output
    listed = json.loads(invoke("library", "list", "--db", db, "--json").stdout)
    assert [row["id"] for row in listed] == [1, 2, 3]
    fandom = json.loads(invoke("library", "show", "1", "--db", db, "--format", "json").stdout)["metadata"]["fandoms"][0]
    found = json.loads(invoke("library", "search", "--db", db, "--json", "--fandom", fandom, "--words-min", "1").stdout)
    assert found["total"] >= 1 and all(fandom in hit["fandoms"] for hit in found["hits"])
    assert "works" in invoke("library", "search", "--db", db, "rain").stdout
    everything = json.loads(invoke("library", "search", "--db", db, "--json").stdout)
    assert everything["total"] == 3 and "author:fandom" in everything["facets"]
    shown = json.loads(invoke("library", "show", "1", "--db", db, "--format", "json").stdout)
    assert shown["metadata"]["work_id"] == "10000000"
    page = tmp_path / "w.html"
    invoke("library", "show", "1", "--db", db, "--format", "html", "-o", str(page))
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    csv_text = invoke("library", "export", "--db", db, "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,title,authors")
    assert len(csv_text.strip().splitlines()) == 4
    stats = json.loads(invoke("library", "stats", "--db", db, "--json").stdout)
    assert stats["works"] == 3 and stats["failures"] == 1
    invoke("library", "remove", "2", "--db", db)
    assert json.loads(invoke("library", "search", "--db", db, "--json").stdout)["total"] == 2


def test_errors_are_reported_with_exit_codes(tmp_path):
    db = str(tmp_path / "l.db")
    done = subprocess.run([sys.executable, "-m", "ficlens", "library", "show", "7", "--db", db],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 5 and "no work 7 in the library" in done.stderr
    done = subprocess.run([sys.executable, "-m", "ficlens", "library", "add", "--db", db, str(tmp_path / "nothing")],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 3 and "no such file or folder" in done.stderr


def test_default_database_is_in_the_user_data_folder(monkeypatch, tmp_path):
    from ficlens.library import default_db_path

    monkeypatch.delenv("FICLENS_LIBRARY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert default_db_path() == tmp_path / "ficlens" / "library.db"
    monkeypatch.setenv("FICLENS_LIBRARY", str(tmp_path / "mine.db"))
    assert default_db_path() == tmp_path / "mine.db"
