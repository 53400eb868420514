"""Seconds per analysis stage on a long novel, for this checkout and, in the same run, another one (before/after).

Each measurement is a fresh process that loads the pipeline, then runs the default stages one by one over the
novel and prints each stage's seconds; checkouts alternate for --runs rounds and medians are reported.

Usage: python -m benchmarks.stage_profile [--novel FILE] [--runs 3] [--reference-src DIR | --profiles] [--no-write]
  --reference-src: the `src` folder of another checkout (`git worktree add /tmp/prev COMMIT`).
  --profiles: this checkout's accurate profile against its fast one instead (section `stage-profile-fast`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.common import NOVEL, ROOT, machine_line, publish

ONE_RUN = """
import json, sys, time
from ficlens import read
from ficlens.nlp import load_pipeline
from ficlens.options import AnalysisOptions
from ficlens.pipeline import DEFAULT_PIPELINE, build_pipeline, run_stages
profile = {} if sys.argv[2] == "accurate" else {"profile": sys.argv[2]}  # checkouts from before profiles too
load_pipeline(**profile)
work, options, seconds = read(sys.argv[1]), AnalysisOptions(max_words=10**8, **profile), {}
for stage in build_pipeline(DEFAULT_PIPELINE):
    started = time.perf_counter()
    run_stages(work, [stage], options)
    seconds[stage.name] = time.perf_counter() - started
print(json.dumps(seconds))
"""


def one_run(src: Path, novel: Path, profile: str = "accurate") -> dict[str, float]:
    environment = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run([sys.executable, "-c", ONE_RUN, str(novel), profile], capture_output=True, text=True,
                            env=environment, check=True)  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference-src", type=Path)
    parser.add_argument("--profiles", action="store_true", help="the accurate profile against the fast one")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    checkouts = {"this checkout": (ROOT / "src", "accurate")}
    if args.reference_src:
        checkouts = {"reference": (args.reference_src, "accurate"), **checkouts}
    if args.profiles:
        checkouts = {"accurate": (ROOT / "src", "accurate"), "fast": (ROOT / "src", "fast")}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for _ in range(args.runs):
        for name, (src, profile) in checkouts.items():
            runs[name].append(one_run(src, args.novel, profile))
            print(f"{name}: {runs[name][-1]}", file=sys.stderr)
    stages = list(runs[list(checkouts)[-1]][0])
    medians = {name: {s: statistics.median(r.get(s, 0.0) for r in found) for s in stages}
               for name, found in runs.items()}  # fmt: skip
    names = list(checkouts)
    compared = len(names) > 1
    header = ["stage", *(f"{n} (s)" for n in names), *([f"{names[0]} / {names[-1]}"] if compared else [])]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for stage in [*stages, "total"]:
        values = [sum(medians[n].values()) if stage == "total" else medians[n][stage] for n in names]
        cells = [stage, *(f"{v:.2f}" for v in values)]
        if compared:
            cells.append(f"{values[0] / values[-1]:.2f}x" if values[-1] else "")
        lines.append("| " + " | ".join(cells) + " |")
    compared_with = "the accurate profile against the fast one" if args.profiles else (
        f"the reference is {args.reference_src or 'not measured'}")
    body = (f"{machine_line()}\n\nNovel: {args.novel.parent.name or args.novel.name}; medians of {args.runs} fresh "
            f"processes per column, alternating; {compared_with}.\n\n" + "\n".join(lines) + "\n")  # fmt: skip
    publish("stage-profile-fast" if args.profiles else "stage-profile", body, not args.no_write)


if __name__ == "__main__":
    main()
