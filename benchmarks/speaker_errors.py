"""What the ranked speakers still get wrong on PDNC, by quotation type (gold character lists, each novel scored by
its leave-one-novel-out fold models): where the gold speaker stood among the final pass's candidates (not among
them, ranked second, third or lower, or ranked first and changed by the conversation decoding), whether the
utterance holds another speaker's quote too, and whom the wrong pick names (the quote's gold addressee, the
previous quote's speaker, someone else).

  python -m benchmarks.speaker_errors --speaker-folds training/runs/ranker_folds [--novels A,B]
      [--parse-cache DIR] [--no-write]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from benchmarks.common import SHARED, machine_line, publish

PDNC = SHARED / "data" / "pdnc"
TYPES = ("explicit", "anaphoric", "implicit")
WHERE = ("no speaker picked", "merged with another speaker's quote", "gold speaker not among the candidates",
         "gold speaker ranked first, the decoding picked another", "gold speaker ranked second",
         "gold speaker ranked third or lower")  # fmt: skip
DECODED = "right where the gold speaker was not ranked first (the decoding's pick)"
PICKED = ("the quote's gold addressee", "the previous quote's gold speaker", "someone else")


def where_wrong(gold: str, pick: str | None, merged: bool, candidates: list[str], probabilities: list[float]) -> str:
    """Why a wrong pick is wrong, the first of WHERE that holds."""
    if pick is None:
        return WHERE[0]
    if merged:
        return WHERE[1]
    if gold not in candidates:
        return WHERE[2]
    rank = sum(p > probabilities[candidates.index(gold)] for p in probabilities)
    return WHERE[3 + min(rank, 2)]


def whom_picked(pick: str | None, addressees, previous_speaker: str | None) -> str | None:
    if pick is None:
        return None
    if pick in addressees:
        return PICKED[0]
    return PICKED[1] if pick == previous_speaker else PICKED[2]


def novel_counts(directory: Path, folds: Path, parsed=None) -> Counter:
    """(type, "quotes" / "right" / a WHERE / a PICKED) -> count, for one novel."""
    from benchmarks.explicit_errors import paired_utterances
    from benchmarks.parse_cache import PARSE_STAGES
    from ficlens import analyze_work
    from ficlens.evaluate.pdnc import SpeakerModels, load_novel, novel_options
    from ficlens.model import Work
    from ficlens.pipeline import DEFAULT_PIPELINE
    from ficlens.stages.speaker_ranking import RankingSettings, ranked_speakers

    novel = load_novel(directory)
    options = novel_options(novel, "gold", SpeakerModels(folds=folds))
    settings = options.pop("stage_settings")["speaker_ranking"]
    stages = DEFAULT_PIPELINE[: DEFAULT_PIPELINE.index("speaker_ranking")]
    if parsed is None:
        work = analyze_work(Work(text=novel.text), stages, **options)
    else:
        work = analyze_work(parsed(novel), [s for s in stages if s not in PARSE_STAGES], **options)
    scored = ranked_speakers(work, RankingSettings(**settings))
    speech = [i for i, q in enumerate(work.quotes) if q.kind == "speech"]
    predicted, holders, speakers_of = paired_utterances(novel, work)
    counts: Counter = Counter()
    previous = None  # the speaker of the gold quote before, among those found
    for gold_index, quote in enumerate(novel.quotes):
        kind = (quote.type or "").lower()
        if kind not in TYPES:
            continue
        counts[kind, "gold quotes"] += 1
        if gold_index not in holders:
            continue
        position = holders[gold_index].most_common(1)[0][0]  # the utterance holding most of it
        pick = predicted[position].speaker
        counts[kind, "quotes"] += 1
        candidates, probabilities = scored[speech[position]]
        if pick == quote.speaker:
            counts[kind, "right"] += 1
            counts[kind, DECODED] += max(probabilities, default=0) > probabilities[candidates.index(pick)]
        else:
            merged = len(speakers_of.get(position, ())) > 1
            counts[kind, where_wrong(quote.speaker, pick, merged, candidates, probabilities)] += 1
            if whom := whom_picked(pick, quote.addressees, previous):
                counts[kind, whom] += 1
        previous = quote.speaker
    return counts


def table(counts: Counter) -> str:
    total = {k: counts[k, "quotes"] for k in TYPES}
    total["all"] = sum(total.values())

    def count(row: str, kind: str) -> int:
        return counts[kind, row] if kind != "all" else sum(counts[k, row] for k in TYPES)

    def cell(row: str, kind: str) -> str:
        return f"{count(row, kind):,} ({100 * count(row, kind) / max(1, total[kind]):.1f})"

    header = "| | " + " | ".join(TYPES) + " | all |\n|---|---|---|---|---|\n"
    rows = [("gold quotes", lambda k: f"{count('gold quotes', k):,}"), ("found (an utterance holds them)",
             lambda k: f"{total[k]:,}"), ("right", lambda k: cell("right", k)),
            (DECODED, lambda k: cell(DECODED, k))]  # fmt: skip
    rows += [(f"wrong: {w}", lambda k, w=w: cell(w, k)) for w in WHERE]
    rows += [(f"wrong, the pick is {p}", lambda k, p=p: cell(p, k)) for p in PICKED]
    return header + "\n".join(f"| {label} | " + " | ".join(f(k) for k in (*TYPES, "all")) + " |" for label, f in rows)


def main() -> None:
    from benchmarks.parse_cache import ParseCache
    from ficlens.evaluate.pdnc import novel_dirs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speaker-folds", type=Path, required=True, help="the fold models (training/runs/...)")
    parser.add_argument("--novels", help="comma-separated PDNC novel folders (default: all)")
    parser.add_argument("--parse-cache", type=Path, help="parse each novel once into this folder")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave BENCHMARKS.md alone")
    args = parser.parse_args()
    parsed = ParseCache(args.parse_cache, "accurate") if args.parse_cache else None
    counts: Counter = Counter()
    directories = novel_dirs(PDNC, args.novels.split(",") if args.novels else None)
    for directory in directories:
        found = novel_counts(directory, args.speaker_folds, parsed)
        counts.update(found)
        right = sum(found[k, "right"] for k in TYPES)
        print(f"{directory.name}: {right} of {sum(found[k, 'quotes'] for k in TYPES)} right", flush=True)
    note = (
        f"{len(directories)} novels, gold character lists, the accurate profile; counts and (in brackets) shares of "
        "the quotes found of each type. A wrong quote is counted once among the six `wrong:` rows (the first that "
        "holds) and, unless no speaker was picked, once among the three `wrong, the pick is` rows."
    )
    publish("speaker-errors", f"{machine_line()}\n\n{table(counts)}\n\n{note}\n", not args.no_write)


if __name__ == "__main__":
    main()
