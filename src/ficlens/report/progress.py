"""Progress of a long analysis on standard error: the stage, words done (by the stages' measured shares of the
time), time elapsed and left. A live rich bar on a terminal; one plain line per stage in a log."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from ficlens.options import ANALYSIS_WORDS_PER_SECOND

PROGRESS_MIN_WORDS = 20_000  # about five seconds of analysis: shorter works finish before a bar would help
# share of the analysis time each stage takes (BENCHMARKS.md, Speed: benchmarks.speed on Emma); unknown stages 0
STAGE_SHARES = {"structure": 0.0, "linguistics": 0.73, "quotes": 0.0, "characters": 0.10, "speakers": 0.13,
                "narrative": 0.01, "tags": 0.03}  # fmt: skip


def clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class TimeLeftColumn(ProgressColumn):
    """Counts down from the current estimate of the whole analysis (re-estimated at each stage)."""

    def render(self, task: Task) -> Text:
        return Text(f"about {clock(task.fields['expected'] - (task.elapsed or 0))} left", style="progress.remaining")


class AnalysisProgress:
    """An `on_progress` callback for ficlens.analyze_work; use as a context manager around the analysis."""

    def __init__(self, words: int, console: Console | None = None):
        self.words = words
        self.console = console or Console(stderr=True)
        self.started = time.monotonic()
        self.expected = words / ANALYSIS_WORDS_PER_SECOND
        self.progress: Progress | None = None
        self.task = None
        self.share_done = 0.0  # of the stages finished so far
        self.running: str | None = None

    def __enter__(self) -> AnalysisProgress:
        if self.console.is_terminal:
            words = TextColumn("{task.completed:,.0f} of {task.total:,.0f} words")
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), words, TimeElapsedColumn(),
                                     TimeLeftColumn(), console=self.console, transient=True)  # fmt: skip
            self.progress.start()
            self.task = self.progress.add_task("analysing", total=self.words, expected=self.expected)
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.running is not None:
            self.share_done += STAGE_SHARES.get(self.running, 0.0)
        self.running = stage if done < total else None
        share = self.share_done if done < total else 1.0
        elapsed = time.monotonic() - self.started
        if share >= 0.05:  # re-estimate from this run once a measurable part is done
            self.expected = elapsed / share
        words_done = round(self.words * share)
        step = f"{stage} ({done + 1}/{total})" if done < total else "done"
        if self.progress is not None:
            self.progress.update(self.task, completed=words_done, description=step, expected=self.expected)
        else:
            left = "" if done >= total else f", about {clock(self.expected - elapsed)} left"
            self.console.print(f"ficlens: {step}: {words_done:,} of {self.words:,} words, {clock(elapsed)} elapsed"
                               f"{left}", highlight=False, soft_wrap=True)  # fmt: skip
