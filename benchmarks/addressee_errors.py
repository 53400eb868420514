"""Where exact addressee sets are lost on PDNC, by the size of the gold set: is the whole gold set among the
candidates, among the sets the first pass proposes, picked by the set model; what size the set model picks; and
two ceilings: the people of the turn before (its speaker and gold set, less this speaker: right if the previous set
were right), and the best proposal. Reads the stored LONO data of training/rankers/addressee_ranker.py (run its
`features` and `train` steps first): each novel scored by models trained without it, speakers from the held-out
speaker rankers, gold character lists.

  python -m benchmarks.addressee_errors [--no-write]
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy

SIZES = ("1", "2", "3", "4+")
COLUMNS = ("gold sets", "all among candidates", "among proposed sets", "set model right", "picked size 1",
           "picked size 2", "picked size 3", "picked size 4+", "the turn before's people")  # fmt: skip


def size_label(size: int) -> str:
    return SIZES[min(size, 4) - 1]


def novel_counts(name: str, counts: Counter) -> None:
    import lightgbm

    from training.rankers.addressee_ranker import FOLDS, SET_DATA, utterances

    sets = numpy.load(SET_DATA / f"{name}.npz")
    picks = lightgbm.Booster(model_file=str(FOLDS / f"{name}.addressee_sets.txt")).predict(sets["X"])
    count_sets(utterances(name), sets, picks, counts)


def count_sets(data, sets, picks, counts: Counter) -> None:
    """Add one novel to `counts`: its stored utterances (`data`), its set rows (`sets`: X, y, groups, one group per
    utterance with a gold quote and candidates) and the set model's score of each row (`picks`)."""
    from ficlens.features.addressee import PREVIOUS_GAP, SET_FEATURES
    from training.rankers.addressee_ranker import NO_GOLD, _starts, gold_set

    size_column = SET_FEATURES.index("size")
    set_starts = iter(zip(_starts(sets["groups"]), sets["groups"]))
    previous: tuple[int, set[str]] | None = None  # the turn before: its paragraph and people
    for gold, start, size, paragraph, speaker in zip(
        data["gold"], _starts(data["groups"]), data["groups"], data["paragraphs"], data["speakers"]
    ):
        if gold == NO_GOLD:
            previous = None
            continue
        wanted = gold_set(gold)
        if size:  # an utterance with candidates has its group of set rows, also when its gold set is empty
            row, count = next(set_starts)
        if size and wanted:
            label = size_label(len(wanted))
            chosen = row + int(numpy.argmax(picks[row : row + count]))
            candidates = {str(c) for c in data["candidates"][start : start + size]}
            near = previous is not None and paragraph - previous[0] <= PREVIOUS_GAP
            people = previous[1] - {str(speaker)} if near else set()
            counts.update({
                (label, "gold sets"): 1, (label, "all among candidates"): wanted <= candidates,
                (label, "among proposed sets"): bool(sets["y"][row : row + count].max() == 1),
                (label, "set model right"): bool(sets["y"][chosen] == 1),
                (label, f"picked size {size_label(int(sets['X'][chosen, size_column]))}"): 1,
                (label, "the turn before's people"): people == wanted,
            })  # fmt: skip
        previous = (int(paragraph), wanted | {str(speaker)})


def main() -> None:
    from benchmarks.common import machine_line, publish
    from training.rankers.addressee_ranker import DATA

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    names = sorted(p.stem for p in DATA.glob("*.npz"))
    if not names:
        raise SystemExit(f"no stored addressee data in {DATA}: run training/rankers/addressee_ranker.py first")
    counts: Counter = Counter()
    for name in names:
        novel_counts(name, counts)
    rows = []
    for label in SIZES:
        total = counts[label, "gold sets"]
        cells = [f"{total:,}"] + [f"{100 * counts[label, c] / max(1, total):.1f}" for c in COLUMNS[1:]]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    table = (
        "| gold set size | " + " | ".join(COLUMNS) + " |\n|" + "---|" * (len(COLUMNS) + 1) + "\n" + "\n".join(rows)
    )
    note = f"{len(names)} novels; percentages of the gold sets of each size."
    publish("addressee-errors", f"{machine_line()}\n\n{table}\n\n{note}\n", not args.no_write)


if __name__ == "__main__":
    main()
