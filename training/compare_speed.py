"""Time trained pipelines side by side: nlp.pipe over *Emma*'s paragraphs (PDNC), as ficlens batches them, the runs
alternating so that machine noise moves them together; prints words/s (median of 3) and the ratio to the first.

Usage: python training/compare_speed.py NAME=DIR [NAME=DIR ...] [--json FILE]   (from training/)
"""

import argparse
import json
import statistics
import time
from pathlib import Path

from ficlens.nlp import PIPE_BATCH_SIZE, load_from

NOVEL = Path(__file__).parents[2] / "shared" / "data" / "pdnc" / "data" / "Emma" / "novel_text.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", help="NAME=DIR")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pipelines = {name: load_from(Path(d)) for name, _, d in (m.partition("=") for m in args.models)}
    text = NOVEL.read_text(encoding="utf-8")
    paragraphs = [p.replace("\n", " ") for p in text.split("\n\n") if p.strip()]
    times: dict[str, list[float]] = {name: [] for name in pipelines}
    for _ in range(3):
        for name, nlp in pipelines.items():
            start = time.perf_counter()
            for _doc in nlp.pipe(paragraphs, batch_size=PIPE_BATCH_SIZE):
                pass
            times[name].append(time.perf_counter() - start)
    words = len(text.split())
    speeds = {name: round(words / statistics.median(t)) for name, t in times.items()}
    first = next(iter(speeds.values()))
    for name, speed in speeds.items():
        print(f"| {name} | {speed:,} | {speed / first:.2f}x |")
    if args.json:
        args.json.write_text(json.dumps(speeds, indent=1) + "\n")


if __name__ == "__main__":
    main()
