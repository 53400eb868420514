"""Quotations found and speakers right on the seed story, against the hand reading in
tests/fixtures/seed_speakers.json. Usage: python -m benchmarks.seed_accuracy [--write]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import ficlens
from benchmarks.common import machine_line, replace_section

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "samples" / "when-it-all-comes-down.txt"
GOLD = ROOT / "tests" / "fixtures" / "seed_speakers.json"


def main() -> None:
    gold = json.loads(GOLD.read_text())
    work = ficlens.analyze_file(SEED)
    names = {c.id: c.name for c in work.characters}
    found = sum(len(q.parts) for q in work.quotes)
    right = 0
    for quote, speaker, parts in zip(work.quotes, gold["utterance_speakers"], gold["utterance_parts"]):
        if names.get(quote.speaker) == speaker and len(quote.parts) == parts:
            right += parts
        else:
            print(f"{quote.id}: predicted {names.get(quote.speaker)} ({quote.method}), read {speaker}")
    total = sum(gold["utterance_parts"])
    summary = f"quoted pieces found: {found} of {total}; speakers right: {right} of {total}"
    print(summary)
    if "--write" in sys.argv:
        replace_section("seed", f"{machine_line()}\n\n{summary}; misses printed by the command.\n")


if __name__ == "__main__":
    main()
