"""Cold start against another checkout, in one run: a new process that imports ficlens and loads the pipeline, and
`ficlens analyze` of the seed story in a new process, for both profiles, this checkout and the other taking turns
(medians of --runs). Both are compiled to bytecode first, as pip install does. Then where this checkout's cold
seconds go (fast profile): a new process timing its own imports, the pipeline load, a first and a second analysis
of the seed, and the interpreter's teardown after a normal exit (which `ficlens analyze` skips). Writes the tables
into BENCHMARKS.md.

Usage: git worktree add /tmp/prev COMMIT && python -m benchmarks.cold_start --reference-src /tmp/prev/src
       [--runs 9] [--no-write]   (about 2 minutes)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import commit_of, machine_line, publish
from benchmarks.speed import PROFILES, SEED, alternating, analyze_in_new_process, compile_sources, in_new_process

PHASES_CODE = """
import json, sys, time
started = time.perf_counter()
import ficlens, ficlens.cli
imported = time.perf_counter()
import ficlens.tokens  # spaCy
spacy_imported = time.perf_counter()
from ficlens.nlp import load_pipeline
load_pipeline("fast")
loaded = time.perf_counter()
ficlens.analyze_work(ficlens.read(sys.argv[1]), profile="fast")
first = time.perf_counter()
ficlens.analyze_work(ficlens.read(sys.argv[1]), profile="fast")
second = time.perf_counter()
print(json.dumps({"ficlens and CLI imports": imported - started, "spaCy import": spacy_imported - imported,
                  "pipeline load": loaded - spacy_imported, "first analysis of the seed": first - loaded,
                  "second analysis (warm)": second - first, "end": time.time()}))
"""


def phases() -> dict[str, float]:
    """Seconds of each phase of a cold analysis in a new process, and of its teardown (from its last line to the
    process's end, as the parent sees it)."""
    done = subprocess.run([sys.executable, "-c", PHASES_CODE, str(SEED)], capture_output=True, text=True, check=True)
    ended = time.time()
    found = json.loads(done.stdout.strip().splitlines()[-1])
    found["interpreter teardown at exit"] = ended - found.pop("end")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-src", type=Path, required=True, help="another checkout's src folder")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    compile_sources(args.reference_src)
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
    runs = [phases() for _ in range(args.runs)]
    where = [f"| {name} | {statistics.median(run[name] for run in runs):.3f} s |" for name in runs[0]]
    body = "\n".join([
        machine_line(),
        "",
        f"New processes, medians of {args.runs}, the two checkouts and the measures taking turns.",
        "",
        f"| measure | {commit_of(args.reference_src) or args.reference_src} | this one | faster |",
        "|---|---|---|---|",
        *rows,
        "",
        f"Where this checkout's cold seconds go, fast profile (one new process per run, medians of {args.runs}):",
        "",
        "| phase | seconds |",
        "|---|---|",
        *where,
        "",
    ])  # fmt: skip
    publish("cold-start", body, not args.no_write)


if __name__ == "__main__":
    main()
