"""Speed of the full analysis on a long novel, against a spaCy tokenizer-only pass measured in the same run.

For both profiles and the fast one with its spaCy pass in two processes (`--processes 2`), taking turns: words/s in
a warm process (median of --runs analyses) and of `ficlens analyze` in
a new process (start-up included), each against the tokenizer-only floor; peak RSS; seconds per stage; cold start
(import + pipeline load) and a cold and a warm analysis of the seed story. For the accurate profile, the time at 1/8,
1/4, 1/2 and all of the novel with the fitted exponent (time ~ words^k). Two floors: the tokenizer over the paragraphs
in this process, for the warm figures, and a new process that imports spaCy, loads the shipped tokenizer and
tokenises the novel, for the new-process ones. Before timing, the ficlens modules timed are compiled to bytecode,
as `pip install` does (where PYTHONDONTWRITEBYTECODE is set, an editable checkout would otherwise compile every
module in every new process). Writes the table into BENCHMARKS.md.

Usage: python -m benchmarks.speed [--novel FILE] [--runs 5] [--reference-src DIR] [--no-write]   (about 12 minutes)
  --reference-src: the `src` folder of another ficlens checkout (`git worktree add /tmp/prev COMMIT`), whose cold
  start is timed in the same run, alternating with this one's.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ficlens
from benchmarks.common import NOVEL, SHARED, machine_line, publish, run_measured
from ficlens.model import Work
from ficlens.model_files import PIPELINE_DIR
from ficlens.nlp import load_pipeline
from ficlens.options import AnalysisOptions
from ficlens.pipeline import DEFAULT_PIPELINE, build_pipeline, run_stages

PROFILES = ("accurate", "fast")
PROCESSES = min(2, os.cpu_count() or 1)
SPREAD = f"fast, {PROCESSES} processes"  # the fast profile with its spaCy pass spread (ficlens analyze --processes)
VARIANTS = {"accurate": ("accurate", 1), "fast": ("fast", 1), SPREAD: ("fast", PROCESSES)}
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


def stage_shares(text: str, profile: str) -> dict[str, float]:
    """Seconds per stage for one analysis of `text`, as shares of the total."""
    work = Work(text=text)
    options = AnalysisOptions(profile=profile)
    seconds = {}
    for stage in build_pipeline(DEFAULT_PIPELINE):
        start = time.perf_counter()
        run_stages(work, [stage], options)
        seconds[stage.name] = time.perf_counter() - start
    total = sum(seconds.values())
    return {name: s / total for name, s in seconds.items()}


def on_path(source: Path | None) -> dict[str, str] | None:
    """The environment that puts another checkout's `src` first on the path (None: this one)."""
    return None if source is None else dict(os.environ, PYTHONPATH=str(source.resolve()))


def measured_ok(argv: list[str], source: Path | None = None) -> dict:
    """benchmarks.common.run_measured of `argv`, which must succeed."""
    measured, errors = run_measured(argv, on_path(source))
    if measured["code"] != 0:
        raise RuntimeError(f"{' '.join(argv[1:3])} failed: {errors[-500:]}")
    return measured


def compile_sources(*sources: Path | None) -> None:
    """This checkout's ficlens and the others' compiled to bytecode, as pip install does (PYTHONDONTWRITEBYTECODE
    would otherwise leave an editable checkout compiling every module in every new process)."""
    for source in (Path(ficlens.__file__).parents[1], *sources):
        if source is not None:
            compileall.compile_dir(source / "ficlens", quiet=1)


def in_new_process(code: str, source: Path | None = None) -> float:
    """Seconds a new Python process takes to run `code` (with another checkout's `src` first on the path, and a
    check that its ficlens is the one imported)."""
    if source is not None:
        code += f"; import ficlens; assert ficlens.__file__.startswith({str(source.resolve())!r})"
    return measured_ok([sys.executable, "-c", code], source)["seconds"]


def tokenizer_in_new_process(path: Path) -> float:
    """Seconds a new process takes to import spaCy, load the shipped tokenizer alone and tokenise the novel's
    paragraphs: the floor for the new-process figures."""
    code = (f"import spacy; nlp = spacy.blank('en'); nlp.tokenizer.from_disk({str(PIPELINE_DIR / 'tokenizer')!r})\n"
            f"text = open({str(path)!r}, encoding='utf-8').read()\n"
            "for _ in nlp.tokenizer.pipe(p.replace('\\n', ' ') for p in text.split('\\n\\n') if p.strip()): pass")
    return in_new_process(code)


def analyze_in_new_process(path: Path, profile: str, peaks: list[float] | None = None, processes: int = 1,
                           source: Path | None = None) -> float:  # fmt: skip
    """Seconds `python -m ficlens analyze PATH --profile PROFILE --format json` takes in a new process (of another
    checkout's `src`, if given); its peak RSS (MB, the largest of it and its helpers) is appended to `peaks`."""
    argv = [sys.executable, "-m", "ficlens", "analyze", str(path), "--profile", profile, "--format", "json",
            "--processes", str(processes)]  # fmt: skip
    measured = measured_ok(argv, source)
    if peaks is not None:
        peaks.append(measured["rss_mb"])
    return measured["seconds"]


def variant_in_new_process(path: Path, variant: str, peaks: list[float] | None = None) -> float:
    profile, processes = VARIANTS[variant]
    return analyze_in_new_process(path, profile, peaks, processes)


def analysed(work: Work | str, profile: str, processes: int) -> Work:
    work = Work(text=work) if isinstance(work, str) else work
    return ficlens.analyze_work(work, profile=profile, stage_settings={"linguistics": {"processes": processes}})


def alternating(runs: int, measures: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Median of `runs` calls of each measure, the measures taking turns so that machine noise moves them together."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            times[name].append(measure())
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reference-src", type=Path, help="another checkout's src folder, for the cold start")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()

    compile_sources(args.reference_src)
    text = args.novel.read_text(encoding="utf-8")
    words = len(text.split())
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    nlp = load_pipeline()
    for profile in PROFILES:  # loaded before any timing
        ficlens.analyze_work(Work(text=text[:2000]), profile=profile)
    tokenizer = timed(lambda: list(nlp.tokenizer.pipe(paragraphs)), args.runs)
    full = alternating(args.runs, {v: lambda v=v: timed(lambda: analysed(text, *VARIANTS[v]), 1) for v in VARIANTS})
    peaks: dict[str, list[float]] = {v: [] for v in VARIANTS}
    end_to_end = alternating(3, {v: lambda v=v: variant_in_new_process(args.novel, v, peaks[v]) for v in VARIANTS}
                             | {"floor": lambda: tokenizer_in_new_process(args.novel)})  # fmt: skip
    floor = end_to_end.pop("floor")
    peak_mb = {v: max(peaks[v]) for v in VARIANTS}
    scaling = []
    for share in (0.125, 0.25, 0.5):
        part = prefix(text, share)
        scaling.append((len(part.split()), timed(lambda p=part: ficlens.analyze_work(Work(text=p)), 3)))
    scaling.append((words, full["accurate"]))
    shares = {p: stage_shares(text, p) for p in PROFILES}
    seed = ficlens.read(SEED)
    seed_warm = alternating(9, {v: lambda v=v: timed(lambda: analysed(seed.model_copy(deep=True), *VARIANTS[v]), 1)
                                for v in VARIANTS})  # fmt: skip
    cold_runs = 5 if args.reference_src is None else 9
    load = "import ficlens.nlp as n; n.load_pipeline({!r})"
    cold = alternating(cold_runs, {p: lambda p=p: in_new_process(load.format(p)) for p in PROFILES})
    cold_seed = alternating(cold_runs, {v: lambda v=v: variant_in_new_process(SEED, v) for v in VARIANTS})
    reference: list[tuple[str, str]] = []
    if args.reference_src:
        accurate = "import ficlens.nlp as n; n.load_pipeline()"  # as checkouts from before profiles have it
        ref = alternating(cold_runs, {"this": lambda: in_new_process(accurate),
                                      "reference": lambda: in_new_process(accurate, args.reference_src)})  # fmt: skip
        reference.append((f"cold start of `{args.reference_src}` (accurate), alternating runs",
                          f"{ref['reference']:.2f} s (this one: {ref['this'] / ref['reference']:.2f}x)"))  # fmt: skip

    rows = [
        ("novel", f"{args.novel.parent.name} ({words:,} words)", "", ""),
        (f"spaCy tokenizer only (the floor), median of {args.runs}",
         f"{tokenizer:.2f} s = {words / tokenizer:,.0f} words/s", "", ""),
        (f"analysis in a warm process, median of {args.runs}, variants alternating",
         *[f"{full[v]:.1f} s = {words / full[v]:,.0f} words/s" for v in VARIANTS]),
        ("ratio to the floor", *[f"{full[v] / tokenizer:.0f}x" for v in VARIANTS]),
        ("`ficlens analyze NOVEL --profile P --processes N --format json` in a new process (start-up included), "
         "median of 3", *[f"{end_to_end[v]:.1f} s = {words / end_to_end[v]:,.0f} words/s" for v in VARIANTS]),
        ("ratio to the floor above", *[f"{end_to_end[v] / tokenizer:.0f}x" for v in VARIANTS]),
        ("spaCy tokenizer only in a new process (import spaCy, load the tokenizer, tokenise the novel), median of 3, "
         "taking turns with the row before", f"{floor:.2f} s = {words / floor:,.0f} words/s", "", ""),
        ("ratio of the new-process analysis to this floor", *[f"{end_to_end[v] / floor:.1f}x" for v in VARIANTS]),
        ("against accurate, same run (warm / new process)", "",
         *[f"{full['accurate'] / full[v]:.2f}x / {end_to_end['accurate'] / end_to_end[v]:.2f}x" for v in
           list(VARIANTS)[1:]]),
        ("peak RSS of that process (and its helpers), the largest of the 3",
         *[f"{peak_mb[v]:,.0f} MB" for v in VARIANTS]),
        ("time at 1/8, 1/4, 1/2, 1 of the novel (accurate)", ", ".join(f"{w:,} w: {t:.1f} s" for w, t in scaling), "",
         ""),
        ("fitted exponent k in time ~ words^k", f"{fitted_exponent(scaling):.2f}", "", ""),
        ("share of the time per stage", *[", ".join(f"{n} {v:.0%}" for n, v in shares[p].items()) for p in PROFILES],
         ""),
        (f"cold start (new process: import + load), median of {cold_runs}", *[f"{cold[p]:.2f} s" for p in PROFILES],
         ""),
        *[(name, value, "", "") for name, value in reference],
        (f"cold `ficlens analyze` of the seed story (new process), median of {cold_runs}",
         *[f"{cold_seed[v]:.2f} s" for v in VARIANTS]),
        (f"seed story warm ({len(seed.text.split()):,} words), median of 9",
         *[f"{seed_warm[v] * 1000:.0f} ms" for v in VARIANTS]),
    ]  # fmt: skip
    header = ["measure", *VARIANTS]
    table = "\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
                       *(f"| {' | '.join(r)} |" for r in rows)])  # fmt: skip
    publish("speed", f"{machine_line()}\n\n{table}\n", not args.no_write)


if __name__ == "__main__":
    main()
