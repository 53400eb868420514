"""Write ficlens's outputs (the Work as JSON and the terminal report) for a fixed set of inputs, so that two
checkouts can be compared byte for byte: `python -m benchmarks.output_snapshot DIR` in each, then
`python -m benchmarks.output_snapshot --compare DIR1 DIR2` (or `diff -r`). `metadata.source` is written relative to
the checkout, so that two checkouts' snapshots differ only where their analyses do.

Inputs: the bundled example, every format fixture, the seed story and three PDNC novels (when ../shared is there).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console

from benchmarks.common import ROOT, SHARED

NOVELS = ("DaisyMiller", "AlicesAdventuresInWonderland", "TheSportOfTheGods")


def snapshot_inputs() -> list[Path]:
    inputs = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "formats").iterdir())
    seed = SHARED / "samples" / "when-it-all-comes-down.txt"
    inputs += [seed] if seed.is_file() else []
    novels = [SHARED / "data" / "pdnc" / "data" / name / "novel_text.txt" for name in NOVELS]
    return inputs + [path for path in novels if path.is_file()]


def snapshot_name(path: Path) -> str:
    return path.parent.name if path.name == "novel_text.txt" else path.name


def write_snapshot(out: Path) -> None:
    from ficlens import analyze_work, read, read_bytes
    from ficlens.report.terminal import render
    from tests.helpers import build_epub  # the EPUB fixtures are folders, zipped on the fly

    out.mkdir(parents=True, exist_ok=True)
    for path in snapshot_inputs():
        work = analyze_work(read_bytes(build_epub(path.name), name=path.name) if path.is_dir() else read(path))
        name = snapshot_name(path)
        work.metadata.source = os.path.relpath(path, ROOT)
        (out / f"{name}.json").write_text(work.to_json() + "\n", encoding="utf-8")
        with (out / f"{name}.txt").open("w", encoding="utf-8") as handle:
            render(work, Console(file=handle, width=120, color_system=None), 0.5)
        print(name, flush=True)


def compare(first: Path, second: Path) -> int:
    """Print, per output file, whether it is identical and, for JSON, which top-level fields differ."""
    import json

    differing = 0
    for path in sorted(first.iterdir()):
        other = second / path.name
        same = other.is_file() and other.read_bytes() == path.read_bytes()
        detail = ""
        if not same and other.is_file() and path.suffix == ".json":
            a, b = json.loads(path.read_text()), json.loads(other.read_text())
            detail = ": fields " + ", ".join(k for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k))
        print(f"{path.name}: {'identical' if same else 'differs'}{detail}")
        differing += not same
    return differing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", help="folder for <input>.json and <input>.txt")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("DIR1", "DIR2"), help="compare two snapshots")
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
    elif args.out:
        write_snapshot(args.out)
    else:
        parser.error("give a folder to write, or --compare DIR1 DIR2")


if __name__ == "__main__":
    main()
