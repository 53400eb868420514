"""Time trained pipelines side by side (nlp.pipe over *Emma*'s paragraphs, as `benchmarks.pipeline` times the
shipped one), for ablations; prints words/s and the ratio to the first.

Usage: python -m benchmarks.compare_speed NAME=DIR [NAME=DIR ...] [--json FILE]   (from the repository root)
"""

import argparse
import json
from pathlib import Path

from benchmarks.pipeline import words_per_second
from ficlens.nlp import PIPE_BATCH_SIZE, load_from


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", help="NAME=DIR")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    runs = {name: (load_from(Path(d)), PIPE_BATCH_SIZE) for name, _, d in (m.partition("=") for m in args.models)}
    speeds = words_per_second(runs)
    first = next(iter(speeds.values()))
    for name, speed in speeds.items():
        print(f"| {name} | {speed:,} | {speed / first:.2f}x |")
    if args.json:
        args.json.write_text(json.dumps(speeds, indent=1) + "\n")


if __name__ == "__main__":
    main()
