"""Long works: refused at once, with the flag that raises the limit, while reading stays bounded in memory; and
progress on standard error for the long works that are analysed."""

from __future__ import annotations

import io

from rich.console import Console

from benchmarks.long_work import long_epub, measured_cli
from ficlens.report.progress import AnalysisProgress

PEAK_RSS_LIMIT_MB = 1_500  # the bound for a 1,000,000-word EPUB; reading it measured about 150 MB here


def test_a_million_word_epub_is_refused_at_once_naming_the_flag(tmp_path):
    path = tmp_path / "long.epub"
    path.write_bytes(long_epub(1_000_000))
    measured, message = measured_cli("analyze", str(path), timeout=300)
    assert measured["code"] == 3 and "\n" not in message and "Traceback" not in message
    assert "1,000,000 words is over the 200,000-word analysis budget" in message and "--max-words" in message
    assert measured["seconds"] < 60  # read and refused; the analysis would take several minutes
    assert measured["rss_mb"] < PEAK_RSS_LIMIT_MB


def test_progress_in_a_log_is_one_line_per_stage():
    log = io.StringIO()
    with AnalysisProgress(300_000, Console(file=log, width=200)) as progress:
        for done, stage in enumerate(["structure", "linguistics", "speakers"]):
            progress(stage, done, 3)
        progress("done", 3, 3)
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("ficlens: structure (1/3): 0 of 300,000 words, 0:00 elapsed, about 1:25 left")
    assert lines[2].startswith("ficlens: speakers (3/3): 219,000 of 300,000 words")
    assert lines[3].startswith("ficlens: done: 300,000 of 300,000 words") and "left" not in lines[3]


def test_progress_on_a_terminal_is_a_live_bar_that_goes_away():
    screen = io.StringIO()
    with AnalysisProgress(50_000, Console(file=screen, force_terminal=True, width=120)) as progress:
        progress("linguistics", 1, 7)
        progress.progress.refresh()
        assert "linguistics (2/7)" in screen.getvalue() and "of 50,000 words" in screen.getvalue()
        assert "left" in screen.getvalue()
        progress("done", 7, 7)
