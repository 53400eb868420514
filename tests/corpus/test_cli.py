"""`ficlens corpus run` and `ficlens corpus query` from the command line: progress and summary on standard error,
query results on standard output, one-line errors with exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil

from tests.conftest import EXAMPLE
from tests.test_cli import assert_one_line_error, run


def test_run_shows_progress_and_a_summary_then_query_prints_rows(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "lighthouse.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "tables"
    result = run("corpus", "run", str(tmp_path / "lighthouse.txt"), str(tmp_path / "empty.txt"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    log = " ".join(result.stderr.decode().split())
    assert "works/s" in log and "ETA" in log
    assert "2 sources: 1 works analysed" in log and "1 failed" in log and "1,007 words" in log
    rows = run("corpus", "query", str(out), "SELECT title, words FROM works", "--format", "csv")
    assert list(csv.DictReader(io.StringIO(rows.stdout.decode()))) == [
        {"title": "The Lighthouse Keys", "words": "1007"}
    ]
    errors = run("corpus", "query", str(out), "SELECT error_class FROM errors", "--format", "json")
    assert [json.loads(line) for line in errors.stdout.decode().splitlines()] == [{"error_class": "InputError"}]
    table = run("corpus", "query", str(out), "SELECT count(*) AS quotes FROM quotes")
    assert "quotes" in table.stdout.decode() and "31" in table.stdout.decode()


def test_query_errors_are_one_line(tmp_path):
    assert_one_line_error(run("corpus", "query", str(tmp_path), "SELECT 1"), 2, "manifest.json")


def test_a_missing_source_is_an_input_error(tmp_path):
    result = run("corpus", "run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "tables"))
    assert_one_line_error(result, 3, "no such file or folder")
