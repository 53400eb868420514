"""A run killed at any point (SIGKILL, nothing flushed) and started again loses no work and duplicates none."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from ficlens.corpus import CorpusOptions, run_corpus
from ficlens.corpus import store as store_module
from tests.corpus.conftest import all_tables


def committed_parts(out) -> int:
    try:
        return len(json.loads((out / "manifest.json").read_text())["parts"])
    except (FileNotFoundError, json.JSONDecodeError):
        return 0


def pending(out) -> set[str]:
    return {p.name for p in (out / "pending").glob("*.json")} if (out / "pending").is_dir() else set()


def start_run(sources, out) -> subprocess.Popen:
    command = [sys.executable, "-m", "ficlens", "corpus", "run", *sources, "--out", str(out), "--part-size", "3"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_when(process: subprocess.Popen, ready, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "the run did not get far enough to be killed"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.slow
def test_killed_twice_and_rerun_gives_the_tables_of_an_uninterrupted_run(corpus_sources, corpus_run, tmp_path):
    reference, _ = corpus_run
    out = tmp_path / "tables"
    # Killed once a part is committed and more finished works wait in pending/ ...
    kill_when(start_run(corpus_sources, out), lambda: committed_parts(out) >= 1 and pending(out))
    first_parts, first_pending = committed_parts(out), pending(out)
    # ... and again, resumed, as soon as it has recorded one more work.
    progressed = lambda: committed_parts(out) > first_parts or pending(out) - first_pending  # noqa: E731
    kill_when(start_run(corpus_sources, out), progressed)
    summary = run_corpus(corpus_sources, out, CorpusOptions(part_records=3))
    assert summary.already_done > 0
    assert all_tables(out) == all_tables(reference)


def test_killed_between_the_commit_and_the_renames_the_part_is_finished_on_the_next_run(
    corpus_sources, corpus_run, tmp_path, monkeypatch
):
    reference, _ = corpus_run
    out = tmp_path / "tables"
    real_replace = os.replace

    def crash_at_a_part_rename(source, target):
        if str(target).endswith(".parquet"):
            raise KeyboardInterrupt("killed after the manifest commit")
        real_replace(source, target)

    monkeypatch.setattr(store_module.os, "replace", crash_at_a_part_rename)
    with pytest.raises(KeyboardInterrupt):
        run_corpus(corpus_sources, out, CorpusOptions(part_records=5))
    assert committed_parts(out) == 1 and not list((out / "works").glob("*.parquet"))
    monkeypatch.setattr(store_module.os, "replace", real_replace)
    run_corpus(corpus_sources, out, CorpusOptions(part_records=5))
    assert not pending(out) and not list(out.rglob("*.tmp"))
    assert all_tables(out) == all_tables(reference)


def test_a_part_written_but_not_committed_is_discarded(corpus_sources, corpus_run, tmp_path, monkeypatch):
    reference, _ = corpus_run
    out = tmp_path / "tables"

    def crash_before_the_commit(path, data):
        raise KeyboardInterrupt("killed before the manifest commit")

    real_write = store_module.write_atomically
    monkeypatch.setattr(
        store_module, "write_atomically", lambda p, d: (crash_before_the_commit if p.name == "manifest.json" and
                                                        '"part-' in d else real_write)(p, d)
    )  # fmt: skip  (the manifest a new run writes at once has no part yet: the crash is at the first part's commit)
    with pytest.raises(KeyboardInterrupt):
        run_corpus(corpus_sources, out, CorpusOptions(part_records=5))
    assert list((out / "works").glob(".*.tmp")) and len(pending(out)) == 5
    monkeypatch.undo()
    run_corpus(corpus_sources, out, CorpusOptions(part_records=5))
    assert all_tables(out) == all_tables(reference)
