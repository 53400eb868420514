"""Cold start against another checkout, in one run: a new process that imports ficlens and loads the pipeline, and
`ficlens analyze` of the seed story in a new process, for both profiles, this checkout and the other taking turns
(medians of --runs). Both are compiled to bytecode first, as pip install does. Writes the table into BENCHMARKS.md.

Usage: git worktree add /tmp/prev COMMIT && python -m benchmarks.cold_start --reference-src /tmp/prev/src
       [--runs 9] [--no-write]   (about 2 minutes)
"""

from __future__ import annotations

import argparse
import compileall
import subprocess
from pathlib import Path

import ficlens
from benchmarks.common import machine_line, publish
from benchmarks.speed import PROFILES, SEED, alternating, analyze_in_new_process, in_new_process


def commit_of(source: Path) -> str:
    done = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or str(source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-src", type=Path, required=True, help="another checkout's src folder")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    here = Path(ficlens.__file__).parents[1]
    for source in (here, args.reference_src):
        compileall.compile_dir(source / "ficlens", quiet=1)
    load = "import ficlens.nlp as n; n.load_pipeline({!r})"
    checkouts = {"this": None, "reference": args.reference_src}
    measures = {}
    for profile in PROFILES:
        for name, source in checkouts.items():
            measures[("load", profile, name)] = lambda p=profile, s=source: in_new_process(load.format(p), s)
            measures[("seed", profile, name)] = lambda p=profile, s=source: analyze_in_new_process(SEED, p, source=s)
    medians = alternating(args.runs, measures)
    rows = []
    for what, label in (("load", "import ficlens and load the pipeline"), ("seed", "`ficlens analyze` of the seed")):
        for profile in PROFILES:
            this, reference = medians[(what, profile, "this")], medians[(what, profile, "reference")]
            rows.append(f"| {label}, {profile} | {reference:.3f} s | {this:.3f} s | {reference / this:.2f}x |")
    body = "\n".join([
        machine_line(),
        "",
        f"New processes, medians of {args.runs}, the two checkouts and the measures taking turns.",
        "",
        f"| measure | {commit_of(args.reference_src)} | this one | faster |",
        "|---|---|---|---|",
        *rows,
        "",
    ])  # fmt: skip
    publish("cold-start", body, not args.no_write)


if __name__ == "__main__":
    main()
