"""Speed of the full analysis on a long novel, against a spaCy tokenizer-only pass measured in the same run.

Measures: words/s (median of --runs full analyses), tokenizer-only words/s and the ratio, peak RSS, time at
1/8, 1/4, 1/2 and all of the novel with the fitted exponent (time ~ words^k), cold start in a fresh process
(import + pipeline load), and the warm time of the seed story. Writes the table into BENCHMARKS.md.

Usage: python benchmarks/speed.py [--novel FILE] [--runs 5] [--no-write]
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import ficlens
from benchmarks.common import SHARED, machine_line, publish
from ficlens.model import Work
from ficlens.nlp import load_pipeline
from ficlens.options import AnalysisOptions
from ficlens.stages import default_stages, run_stages

NOVEL = SHARED / "data" / "pdnc" / "data" / "Emma" / "novel_text.txt"
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
    for stage in default_stages():
        start = time.perf_counter()
        run_stages(work, [stage], options)
        seconds[stage.name] = time.perf_counter() - start
    total = sum(seconds.values())
    return {name: s / total for name, s in seconds.items()}


def cold_start(runs: int) -> float:
    code = "import ficlens.nlp as n; n.load_pipeline()"
    return timed(lambda: subprocess.run([sys.executable, "-c", code], check=True), runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--runs", type=int, default=5)
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
    cold = cold_start(5)

    rows = [
        ("novel", f"{args.novel.parent.name} ({words:,} words)"),
        (f"full analysis, median of {args.runs}", f"{full:.1f} s = {words / full:,.0f} words/s"),
        (f"spaCy tokenizer only, median of {args.runs}", f"{tokenizer:.2f} s = {words / tokenizer:,.0f} words/s"),
        ("ratio full / tokenizer", f"{full / tokenizer:.0f}x"),
        ("peak RSS of the process", f"{peak_mb:,.0f} MB"),
        ("time at 1/8, 1/4, 1/2, 1 of the novel", ", ".join(f"{w:,} w: {t:.1f} s" for w, t in scaling)),
        ("fitted exponent k in time ~ words^k", f"{fitted_exponent(scaling):.2f}"),
        ("share of the time per stage", ", ".join(f"{n} {s:.0%}" for n, s in shares.items())),
        ("cold start (new process: import + load), median of 5", f"{cold:.2f} s"),
        (f"seed story warm ({len(seed.text.split()):,} words), median of 9", f"{seed_warm * 1000:.0f} ms"),
    ]
    table = "\n".join(["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])
    publish("speed", f"{machine_line()}\n\n{table}\n", not args.no_write)


if __name__ == "__main__":
    main()
