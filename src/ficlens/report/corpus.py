"""Terminal views of a corpus run: a progress bar with works/s and ETA, and query results as a table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable]:
    """Yields the `on_progress` callback for ficlens.corpus.run_corpus; the bar appears with the first work done,
    so an error before it is one line."""
    columns = (TextColumn("works"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TextColumn("ETA {task.fields[eta]}"))  # fmt: skip
    bar = Progress(*columns, console=console, transient=False)
    task = bar.add_task("works", total=None, rate="", eta="?")
    started = []

    def update(progress) -> None:
        if not started:
            bar.start()
            started.append(True)
        eta = "?" if progress.eta_seconds is None else str(timedelta(seconds=round(progress.eta_seconds)))
        bar.update(task, completed=progress.finished, total=progress.total,
                   rate=f"{progress.works_per_second:.2f} works/s", eta=eta)  # fmt: skip

    try:
        yield update
    finally:
        if started:
            bar.stop()


def arrow_table(table, max_rows: int = 100) -> Table:
    view = Table(*table.column_names)
    for row in table.slice(0, max_rows).to_pylist():
        view.add_row(*(Text("" if value is None else str(value)) for value in row.values()))
    if table.num_rows > max_rows:
        view.caption = f"first {max_rows} of {table.num_rows:,} rows (--format csv for all)"
    return view
