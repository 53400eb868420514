"""Seconds per analysis stage on a long novel, for this checkout and, in the same run, another one (before/after).

Each measurement is a fresh process that loads the pipeline, then runs the default stages one by one over the
novel and prints each stage's seconds; checkouts alternate for --runs rounds and medians are reported.

Usage: python -m benchmarks.stage_profile [--novel FILE] [--runs 3] [--reference-src DIR] [--no-write]
  --reference-src: the `src` folder of another checkout (`git worktree add /tmp/prev COMMIT`).
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
load_pipeline()
work, options, seconds = read(sys.argv[1]), AnalysisOptions(max_words=10**8), {}
for stage in build_pipeline(DEFAULT_PIPELINE):
    started = time.perf_counter()
    run_stages(work, [stage], options)
    seconds[stage.name] = time.perf_counter() - started
print(json.dumps(seconds))
"""


def one_run(src: Path, novel: Path) -> dict[str, float]:
    environment = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run([sys.executable, "-c", ONE_RUN, str(novel)], capture_output=True, text=True,
                            env=environment, check=True)  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference-src", type=Path)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    checkouts = {"this checkout": ROOT / "src"}
    if args.reference_src:
        checkouts = {"reference": args.reference_src, **checkouts}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for _ in range(args.runs):
        for name, src in checkouts.items():
            runs[name].append(one_run(src, args.novel))
            print(f"{name}: {runs[name][-1]}", file=sys.stderr)
    stages = list(runs["this checkout"][0])
    medians = {name: {s: statistics.median(r.get(s, 0.0) for r in found) for s in stages}
               for name, found in runs.items()}  # fmt: skip
    names = list(checkouts)
    compared = len(names) > 1
    header = ["stage", *(f"{n} (s)" for n in names), *(["reference / this"] if compared else [])]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for stage in [*stages, "total"]:
        values = [sum(medians[n].values()) if stage == "total" else medians[n][stage] for n in names]
        cells = [stage, *(f"{v:.2f}" for v in values)]
        if compared:
            cells.append(f"{values[0] / values[-1]:.2f}x" if values[-1] else "")
        lines.append("| " + " | ".join(cells) + " |")
    body = (f"{machine_line()}\n\nNovel: {args.novel.parent.name or args.novel.name}; medians of {args.runs} fresh "
            f"processes per checkout, alternating; the reference is {args.reference_src or 'not measured'}.\n\n"
            + "\n".join(lines) + "\n")  # fmt: skip
    publish("stage-profile", body, not args.no_write)


if __name__ == "__main__":
    main()
