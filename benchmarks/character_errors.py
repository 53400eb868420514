"""Where the end-to-end score loses to the gold-list score on PDNC: each gold quote the run with the gold character
list attributes right and the run with ficlens's own characters gets wrong, classified by what its own list did
with the gold speaker: merged into a cluster that maps to another character, no cluster at all, a cluster mapped
to no one, or a cluster of its own (the attribution among the listed characters went wrong).

  python -m benchmarks.character_errors --speaker-folds training/runs/ranker_folds [--novels A,B] [--examples 3]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from benchmarks.common import SHARED

PDNC = SHARED / "data" / "pdnc"
KINDS = ("merged into another's cluster", "no cluster", "cluster mapped to no one", "own cluster, wrong attribution")


def speakers_by_gold_quote(novel, characters: str, speakers):
    """The gold id each detected gold quote is attributed to by a run with this character list, the work and its
    characters' gold ids."""
    from ficlens import analyze_work
    from ficlens.evaluate.metrics import pair_quotes, predicted_quotes
    from ficlens.evaluate.pdnc import gold_ids, novel_options
    from ficlens.model import Work

    work = analyze_work(Work(text=novel.text), **novel_options(novel, characters, speakers))
    to_gold = gold_ids(novel, work, characters)
    predicted = predicted_quotes(work, to_gold)
    holders, *_ = pair_quotes(novel.text, novel.quotes, predicted)
    found = {gi: predicted[counter.most_common(1)[0][0]].speaker for gi, counter in holders.items()}
    return found, work, to_gold


def novel_errors(directory: Path, speakers, examples: int) -> dict:
    from ficlens.evaluate.pdnc import load_novel

    novel = load_novel(directory)
    with_gold, _, _ = speakers_by_gold_quote(novel, "gold", speakers)
    with_own, work, to_gold = speakers_by_gold_quote(novel, "predicted", speakers)
    names = {c.id: {c.name, *c.aliases} for c in work.characters}
    gold_names = {c.id: set(c.aliases) | {c.name} for c in novel.characters}
    mapped = set(to_gold.values())
    kinds: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    for gi, quote in enumerate(novel.quotes):
        if with_gold.get(gi) != quote.speaker or with_own.get(gi) == quote.speaker or gi not in with_own:
            continue
        holding = [cid for cid, found in names.items() if found & gold_names.get(quote.speaker, set())]
        if quote.speaker in mapped:
            kind = KINDS[3]
        elif any(to_gold.get(cid) not in (None, quote.speaker) for cid in holding):
            kind = KINDS[0]
        elif not holding:
            kind = KINDS[1]
        else:
            kind = KINDS[2]
        kinds[kind] += 1
        if len(shown.setdefault(kind, [])) < examples:
            name = next(iter(gold_names.get(quote.speaker, {quote.speaker})))
            shown[kind].append(f"{name}: {[sorted(names[c])[:4] for c in holding][:2]}")
    return {"kinds": dict(kinds), "examples": shown}


def main() -> None:
    from ficlens.evaluate.pdnc import SpeakerModels, novel_dirs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speaker-folds", type=Path, help="fold rankers (training/runs/ranker_folds)")
    parser.add_argument("--novels", help="comma-separated PDNC novel folders (default: all)")
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()
    speakers = SpeakerModels(folds=args.speaker_folds)
    pooled: Counter[str] = Counter()
    for directory in novel_dirs(PDNC, args.novels.split(",") if args.novels else None):
        found = novel_errors(directory, speakers, args.examples)
        pooled.update(found["kinds"])
        print(f"{directory.name}: {found['kinds']}", flush=True)
        for kind, shown in found["examples"].items():
            print(f"    {kind}: " + "; ".join(shown), flush=True)
    print(f"all: {sum(pooled.values())} gold quotes right with the gold list, wrong with ficlens's own")
    for kind in KINDS:
        print(f"  {pooled[kind]:5d}  {kind}")


if __name__ == "__main__":
    main()
