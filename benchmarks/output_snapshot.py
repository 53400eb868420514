"""Write ficlens's outputs (the Work as JSON and the terminal report) for a fixed set of inputs, so that two
checkouts can be compared byte for byte: `python -m benchmarks.output_snapshot DIR`, then `diff -r DIR1 DIR2`.

Inputs: the bundled example, every format fixture, the seed story and three PDNC novels (when ../shared is there).
"""

from __future__ import annotations

import argparse
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
        (out / f"{name}.json").write_text(work.to_json() + "\n", encoding="utf-8")
        with (out / f"{name}.txt").open("w", encoding="utf-8") as handle:
            render(work, Console(file=handle, width=120, color_system=None), 0.5)
        print(name, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for <input>.json and <input>.txt")
    write_snapshot(parser.parse_args().out)


if __name__ == "__main__":
    main()
