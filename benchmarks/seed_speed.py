"""Warm analysis time of one story, median of repeated runs, against a tokenizer-only pass in the same run.

Usage: python benchmarks/seed_speed.py [FILE] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import ficlens
from ficlens.nlp import load_pipeline

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "samples" / "when-it-all-comes-down.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    start = time.perf_counter()
    nlp = load_pipeline()
    cold = time.perf_counter() - start
    text = ficlens.read(args.file).text
    words = len(text.split())
    full, tokenizer = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        ficlens.analyze_file(args.file)
        full.append(time.perf_counter() - start)
        start = time.perf_counter()
        nlp.tokenizer(text)
        tokenizer.append(time.perf_counter() - start)
    median_full, median_tok = statistics.median(full), statistics.median(tokenizer)
    print(f"file: {args.file.name}  words: {words}  runs: {args.runs}")
    print(f"pipeline load (cold): {cold:.2f} s")
    print(f"full analysis (warm, median): {median_full * 1000:.0f} ms = {words / median_full:,.0f} words/s")
    print(f"tokenizer only (median): {median_tok * 1000:.1f} ms; ratio full/tokenizer: {median_full / median_tok:.0f}x")


if __name__ == "__main__":
    main()
