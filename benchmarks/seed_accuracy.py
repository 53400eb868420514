"""Quotations found and speakers right on the seed story, against the hand reading in
tests/fixtures/seed_speakers.json. Usage: python benchmarks/seed_accuracy.py
"""

from __future__ import annotations

import json
from pathlib import Path

import ficlens

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
    print(f"quoted pieces found: {found} of {total}; speakers right: {right} of {total}")


if __name__ == "__main__":
    main()
