"""`python -m benchmarks.library` runs end to end on tiny sizes and, with --no-write, leaves BENCHMARKS.md alone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks.common import BENCHMARKS, ROOT


@pytest.mark.slow
def test_library_benchmark_runs_and_no_write_leaves_benchmarks_alone():
    before = BENCHMARKS.read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.library", "--import-works", "2", "--scales", "30,60", "--repeats", "1",
         "--no-write"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "| 2 |" in done.stdout and "60 works: results / + facets" in done.stdout
    assert BENCHMARKS.read_text(encoding="utf-8") == before
