"""Train the conversation rankers on PDNC (gold and own character lists): the second speaker pass, reading the
first pass's beliefs about the conversation's other turns (stacked sequential learning), and the third, reading the
second's, with leave-one-novel-out folds.

  python -m training.rankers.conversation_ranker features   # needs runs/ranker_folds from `speaker_ranker.py train`
  python -m training.rankers.conversation_ranker train      # runs/ranker_folds/<Novel>.conversation.txt and the
                                                            # shipped model on all novels
  python -m training.rankers.conversation_ranker features --level 2 && ... train --level 2   # the third pass:
                                                            # <Novel>.conversation2.txt, conversation_ranker_2.txt
Each novel's beliefs come from the passes trained without it, so the next pass learns how far held-out beliefs
can be trusted. `features` also prints, per novel, the first pass alone and three passes of it (the ranking
without a conversation ranker); `train` the held-out accuracy of the new pass, and level 2 the ablation table of
all passes. Run from the repository root (pip install -e .).
"""

from __future__ import annotations

import argparse
import functools
from collections import Counter
from pathlib import Path

import numpy

from ficlens.features.conversation import CONVERSATION_FEATURES
from ficlens.features.speaker import FEATURES, FeatureContext, context_features
from ficlens.model_files import CONVERSATION_RANKER, FINAL_CONVERSATION_RANKER, load_booster
from ficlens.stages.speaker_ranking import Ranker, best, ranked_candidates, score, with_conversation
from training.rankers.speaker_ranker import (
    CHARACTER_LISTS,
    FOLDS,
    PARAMS,
    ROOT,
    analysed_novel,
    train_folds,
    write_all_features,
)

DATA = ROOT / "training" / "runs" / "conversation_data"
# the third pass, deeper trees held to larger leaves: LONO pooled 82.10 -> 82.27 (2026-12-07); 63 leaves with 40 rows
# a leaf scored the same on PDNC but gave Mira's first line of examples/the-lighthouse-keys.txt to Teddy
LEVEL_2_PARAMS = PARAMS | {"num_leaves": 63, "min_data_in_leaf": 80}
LEVELS = {  # pass after the first -> (its training rows, its fold suffix, the shipped model, its LightGBM params)
    1: (DATA, ".conversation", CONVERSATION_RANKER, PARAMS),
    2: (DATA.with_name("conversation_data_2"), ".conversation2", FINAL_CONVERSATION_RANKER, LEVEL_2_PARAMS),
}


def novel_features(directory: Path, level: int = 1) -> dict[str, numpy.ndarray]:
    """The rows, labels and groups of the pass after the first numbered `level`, and per scored quote its PDNC type
    and whether the first pass alone, three passes of it (the ranking without a conversation ranker) and the pass
    before were right; the novel analysed with each character list, as the speaker ranker's rows are."""
    fold = Ranker(load_booster(FOLDS / f"{directory.name}.txt", "fold ranker", len(FEATURES), __name__), None)
    width = len(FEATURES) + len(CONVERSATION_FEATURES)
    earlier = [
        Ranker(load_booster(FOLDS / f"{directory.name}{LEVELS[k][1]}.txt", "fold ranker", width, __name__), None)
        for k in range(1, level)
    ]
    rows, labels, groups, types, first_right, three_right, before_right, gold_list = [], [], [], [], [], [], [], []
    for characters in CHARACTER_LISTS:
        novel, work, rules, gold_index, links, to_gold = analysed_novel(directory, characters)
        context = FeatureContext(work, rules.narrator, rules.narrator_positions, links)
        features = context_features(context, rules.evidence)
        first_pass = previous = score(fold, features)
        for ranker in earlier:
            previous = score(ranker, with_conversation(work, features, previous))
        three_passes = ranked_candidates(context, rules.evidence, fold)
        for i, (candidates, candidate_rows) in enumerate(with_conversation(work, features, previous)):
            gold = novel.quotes[gold_index[i]] if i in gold_index else None
            if gold is None or gold.speaker is None or not candidates:
                continue
            rows += candidate_rows
            labels += [float(to_gold.get(c) == gold.speaker) for c in candidates]
            groups.append(len(candidates))
            types.append(gold.type or "other")
            first_right.append(to_gold.get(best(*first_pass[i])[0]) == gold.speaker)
            three_right.append(to_gold.get(best(*three_passes[i])[0]) == gold.speaker)
            before_right.append(to_gold.get(best(*previous[i])[0]) == gold.speaker)
            gold_list.append(characters == "gold")
    return {
        "X": numpy.asarray(rows, dtype=numpy.float32),
        "y": numpy.asarray(labels, dtype=numpy.float32),
        "groups": numpy.asarray(groups, dtype=numpy.int32),
        "types": numpy.asarray(types),
        "first_right": numpy.asarray(first_right, dtype=bool),
        "three_right": numpy.asarray(three_right, dtype=bool),
        "before_right": numpy.asarray(before_right, dtype=bool),
        "gold_list": numpy.asarray(gold_list, dtype=bool),
    }


def write_features(processes: int = 1, level: int = 1) -> None:
    write_all_features(
        LEVELS[level][0],
        functools.partial(novel_features, level=level),
        lambda d: f"first pass {d['first_right'].mean():.3f}, three {d['three_right'].mean():.3f}, "
        f"the pass before {d['before_right'].mean():.3f}",
        processes,
    )


VOICE = ["voice_similarity", "voice_rank", "voice_margin"]


def picks(model, data, columns: slice = slice(None)) -> list[bool]:
    """Whether the model's best candidate is the gold speaker, per scored quote."""
    scores, at, right = model.predict(data["X"][:, columns]), 0, []
    for size in data["groups"]:
        right.append(data["y"][at + int(scores[at : at + size].argmax())] == 1)
        at += size
    return right


def ablation(level: int) -> str:
    """Held-out speaker accuracy (gold character lists, quotes with the gold speaker among the candidates or not) of
    the first pass alone, three passes of it, the conversation ranker without the voice features (folds trained
    here) and with them (the saved folds), and with level 2 the third pass (its saved folds), by PDNC quote type,
    as a table."""
    import lightgbm

    from training.rankers.speaker_ranker import ROUNDS

    names = sorted(p.stem for p in DATA.glob("*.npz"))
    data = {n: numpy.load(DATA / f"{n}.npz") for n in names}
    without_voice = slice(0, len(FEATURES) + len(CONVERSATION_FEATURES) - len(VOICE))
    assert CONVERSATION_FEATURES[-len(VOICE) :] == VOICE
    rows = ["first pass", "three passes", "conversation ranker without voice", "conversation ranker"]
    rows += ["a second conversation ranker on its beliefs"] * (level == 2)
    right: dict[str, Counter] = {row: Counter() for row in rows}
    total: Counter = Counter()
    for held_out in names:
        train = [data[n] for n in names if n != held_out]
        X = numpy.concatenate([d["X"][:, without_voice] for d in train])
        y = numpy.concatenate([d["y"] for d in train])
        no_voice = lightgbm.train(PARAMS, lightgbm.Dataset(X, y), num_boost_round=ROUNDS)
        saved = lightgbm.Booster(model_file=str(FOLDS / f"{held_out}.conversation.txt"))
        d = data[held_out]
        columns = [d["first_right"], d["three_right"], picks(no_voice, d, without_voice), picks(saved, d)]
        if level == 2:
            third = numpy.load(LEVELS[2][0] / f"{held_out}.npz")
            if not numpy.array_equal(third["before_right"], columns[-1]):
                print(f"{held_out}: the level-2 rows' second pass differs from the saved folds' (redo `features`?)")
            columns.append(picks(lightgbm.Booster(model_file=str(FOLDS / f"{held_out}{LEVELS[2][1]}.txt")), third))
        outcomes = zip(*columns)
        for kind, outcome, gold_list in zip(d["types"], outcomes, d["gold_list"]):
            if not gold_list:
                continue  # the table is the gold character lists'
            for key in (str(kind), "all"):
                total[key] += 1
                for row, correct in zip(rows, outcome):
                    right[row][key] += correct
    kinds = ["explicit", "anaphoric", "implicit", "all"]
    lines = ["| speaker passes | " + " | ".join(kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
    for name, counts in right.items():
        lines.append(f"| {name} | " + " | ".join(f"{100 * counts[k] / total[k]:.1f}" for k in kinds) + " |")
    note = f"{total['all']:,} quotes of {len(names)} novels, each novel scored by the models trained without it."
    return "\n".join(lines) + f"\n\n{note}"


def train(level: int = 1) -> None:
    from benchmarks.common import machine_line, publish

    data, suffix, shipped, params = LEVELS[level]
    train_folds(data, FEATURES + CONVERSATION_FEATURES, suffix, shipped, params)
    publish("conversation-ablation", f"{machine_line()}\n\n{ablation(level)}\n", True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["features", "train"])
    parser.add_argument("--processes", type=int, default=1, help="novels analysed at once (features)")
    parser.add_argument("--level", type=int, choices=sorted(LEVELS), default=1, help="which pass after the first")
    args = parser.parse_args()
    write_features(args.processes, args.level) if args.step == "features" else train(args.level)
