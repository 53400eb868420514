"""Speed of the full analysis on a long novel, against a spaCy tokenizer-only pass measured in the same run.

Measures: words/s (median of --runs full analyses), tokenizer-only words/s and the ratio, peak RSS, time at
1/8, 1/4, 1/2 and all of the novel with the fitted exponent (time ~ words^k), cold start in a fresh process
(import + pipeline load), and the warm time of the seed story. Writes the table into BENCHMARKS.md.

Usage: python benchmarks/speed.py [--novel FILE] [--runs 5] [--reference-src DIR] [--no-write]
  --reference-src: the `src` folder of another ficlens checkout (`git worktree add /tmp/prev COMMIT`), whose cold
  start is timed in the same run, alternating with this one's.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import ficlens
from benchmarks.common import NOVEL, SHARED, machine_line, publish
from ficlens.model import Work
from ficlens.nlp import load_pipeline
from ficlens.options import AnalysisOptions
from ficlens.pipeline import DEFAULT_PIPELINE, build_pipeline, run_stages

SEED = SHARED / "samples" / "when-it-all-comes-down.txt"


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def prefix(text: str, share: float) -> str:
    """The first `share` of the text, cut at a paragraph break."""
    cut = text.rfind("\n\n", 0, int(len(text) * share))
    return text[: cut if cut > 0 else int(len(text) * share)]


def fitted_exponent(points: list[tuple[int, float]]) -> float:
    xs = [math.log(w) for w, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def stage_shares(text: str) -> dict[str, float]:
    """Seconds per stage for one analysis of `text`, as shares of the total."""
    work = Work(text=text)
    options = AnalysisOptions()
    seconds = {}
    for stage in build_pipeline(DEFAULT_PIPELINE):
        start = time.perf_counter()
        run_stages(work, [stage], options)
        seconds[stage.name] = time.perf_counter() - start
    total = sum(seconds.values())
    return {name: s / total for name, s in seconds.items()}


def cold_start(runs: int, sources: list[Path | None], analyse: bool = False) -> list[float]:
    """Median seconds, in a new process, to import ficlens and load its pipeline (or, with `analyse`, to run
    `ficlens analyze` on the seed story), for this checkout (None) and each other `src` folder, alternating."""
    times: list[list[float]] = [[] for _ in sources]
    for _ in range(runs):
        for source, measured in zip(sources, times):
            code = "import ficlens.nlp as n; n.load_pipeline()"
            if analyse:
                code = f"import sys, runpy, ficlens.nlp as n; sys.argv = ['ficlens', 'analyze', {str(SEED)!r}]; "
                code += "runpy.run_module('ficlens', run_name='__main__')"
            env = None
            if source is not None:  # and check that the other checkout's ficlens is the one imported
                code += f"; assert n.__file__.startswith({str(source.resolve())!r})"
                env = dict(os.environ, PYTHONPATH=str(source.resolve()))
            command = [sys.executable, "-c", code]
            run = lambda c=command, e=env: subprocess.run(c, check=True, env=e, stdout=subprocess.DEVNULL)  # noqa: E731
            measured.append(timed(run, 1))
    return [statistics.median(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reference-src", type=Path, help="another checkout's src folder, for the cold start")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()

    nlp = load_pipeline()
    text = args.novel.read_text(encoding="utf-8")
    words = len(text.split())
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    full = timed(lambda: ficlens.analyze_work(Work(text=text)), args.runs)
    tokenizer = timed(lambda: list(nlp.tokenizer.pipe(paragraphs)), args.runs)
    scaling = []
    for share in (0.125, 0.25, 0.5):
        part = prefix(text, share)
        scaling.append((len(part.split()), timed(lambda p=part: ficlens.analyze_work(Work(text=p)), 3)))
    scaling.append((words, full))
    shares = stage_shares(text)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seed = ficlens.read(SEED)
    seed_warm = timed(lambda: ficlens.analyze_work(seed.model_copy(deep=True)), 9)
    cold_runs = 5 if args.reference_src is None else 9
    checkouts = [None] + ([args.reference_src] if args.reference_src else [])
    cold, *reference_cold = cold_start(cold_runs, checkouts)
    cold_seed, *reference_cold_seed = cold_start(cold_runs, checkouts, analyse=True)

    rows = [
        ("novel", f"{args.novel.parent.name} ({words:,} words)"),
        (f"full analysis, median of {args.runs}", f"{full:.1f} s = {words / full:,.0f} words/s"),
        (f"spaCy tokenizer only, median of {args.runs}", f"{tokenizer:.2f} s = {words / tokenizer:,.0f} words/s"),
        ("ratio full / tokenizer", f"{full / tokenizer:.0f}x"),
        ("peak RSS of the process", f"{peak_mb:,.0f} MB"),
        ("time at 1/8, 1/4, 1/2, 1 of the novel", ", ".join(f"{w:,} w: {t:.1f} s" for w, t in scaling)),
        ("fitted exponent k in time ~ words^k", f"{fitted_exponent(scaling):.2f}"),
        ("share of the time per stage", ", ".join(f"{n} {s:.0%}" for n, s in shares.items())),
        (f"cold start (new process: import + load), median of {cold_runs}", f"{cold:.2f} s"),
        *[
            (f"cold start of `{args.reference_src}`, alternating runs", f"{ref:.2f} s (this one: {cold / ref:.2f}x)")
            for ref in reference_cold
        ],
        (f"cold `ficlens analyze` of the seed story (new process), median of {cold_runs}", f"{cold_seed:.2f} s"),
        *[
            (f"the same with `{args.reference_src}`", f"{ref:.2f} s (this one: {cold_seed / ref:.2f}x)")
            for ref in reference_cold_seed
        ],
        (f"seed story warm ({len(seed.text.split()):,} words), median of 9", f"{seed_warm * 1000:.0f} ms"),
    ]
    table = "\n".join(["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])
    publish("speed", f"{machine_line()}\n\n{table}\n", not args.no_write)


if __name__ == "__main__":
    main()
