"""Train the conversation ranker on PDNC (gold and own character lists): the second speaker pass, reading the
first pass's beliefs about the conversation's other turns (stacked sequential learning), with leave-one-novel-out
folds.

  python -m training.rankers.conversation_ranker features   # needs runs/ranker_folds from `speaker_ranker.py train`
  python -m training.rankers.conversation_ranker train      # runs/ranker_folds/<Novel>.conversation.txt and the
                                                            # shipped model on all novels
Each novel's first-pass beliefs come from the speaker ranker trained without it, so the second pass learns how far
held-out beliefs can be trusted. `features` also prints, per novel, the first pass alone and today's three passes
of it; `train` the held-out accuracy of the second pass. Run from the repository root (pip install -e .).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy

from ficlens.features.conversation import CONVERSATION_FEATURES
from ficlens.features.speaker import FEATURES, FeatureContext, context_features
from ficlens.model_files import CONVERSATION_RANKER, load_booster
from ficlens.stages.speaker_ranking import Ranker, best, ranked_candidates, score, with_conversation
from training.rankers.speaker_ranker import (
    CHARACTER_LISTS,
    FOLDS,
    ROOT,
    analysed_novel,
    run_step,
    train_folds,
    write_all_features,
)

DATA = ROOT / "training" / "runs" / "conversation_data"


def novel_features(directory: Path) -> dict[str, numpy.ndarray]:
    """The second pass's rows, labels and groups, and per scored quote its PDNC type and whether the first pass
    alone and three passes of it (today's ranking without a conversation ranker) were right; the novel analysed
    with each character list, as the speaker ranker's rows are."""
    fold = Ranker(load_booster(FOLDS / f"{directory.name}.txt", "fold ranker", len(FEATURES), __name__), None)
    rows, labels, groups, types, first_right, three_right, gold_list = [], [], [], [], [], [], []
    for characters in CHARACTER_LISTS:
        novel, work, rules, gold_index, links, to_gold = analysed_novel(directory, characters)
        context = FeatureContext(work, rules.narrator, rules.narrator_positions, links)
        features = context_features(context, rules.evidence)
        first_pass = score(fold, features)
        three_passes = ranked_candidates(context, rules.evidence, fold)
        for i, (candidates, candidate_rows) in enumerate(with_conversation(work, features, first_pass)):
            gold = novel.quotes[gold_index[i]] if i in gold_index else None
            if gold is None or gold.speaker is None or not candidates:
                continue
            rows += candidate_rows
            labels += [float(to_gold.get(c) == gold.speaker) for c in candidates]
            groups.append(len(candidates))
            types.append(gold.type or "other")
            first_right.append(to_gold.get(best(*first_pass[i])[0]) == gold.speaker)
            three_right.append(to_gold.get(best(*three_passes[i])[0]) == gold.speaker)
            gold_list.append(characters == "gold")
    return {
        "X": numpy.asarray(rows, dtype=numpy.float32),
        "y": numpy.asarray(labels, dtype=numpy.float32),
        "groups": numpy.asarray(groups, dtype=numpy.int32),
        "types": numpy.asarray(types),
        "first_right": numpy.asarray(first_right, dtype=bool),
        "three_right": numpy.asarray(three_right, dtype=bool),
        "gold_list": numpy.asarray(gold_list, dtype=bool),
    }


def write_features(processes: int = 1) -> None:
    write_all_features(
        DATA,
        novel_features,
        lambda d: f"first pass {d['first_right'].mean():.3f}, three {d['three_right'].mean():.3f}",
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


def ablation() -> str:
    """Held-out speaker accuracy (gold character lists, quotes with the gold speaker among the candidates or not) of
    the first pass alone, three passes of it, the conversation ranker without the voice features (folds trained
    here) and with them (the saved folds), by PDNC quote type, as a table."""
    import lightgbm

    from training.rankers.speaker_ranker import PARAMS, ROUNDS

    names = sorted(p.stem for p in DATA.glob("*.npz"))
    data = {n: numpy.load(DATA / f"{n}.npz") for n in names}
    without_voice = slice(0, len(FEATURES) + len(CONVERSATION_FEATURES) - len(VOICE))
    assert CONVERSATION_FEATURES[-len(VOICE) :] == VOICE
    rows = ["first pass", "three passes", "conversation ranker without voice", "conversation ranker"]
    right: dict[str, Counter] = {row: Counter() for row in rows}
    total: Counter = Counter()
    for held_out in names:
        train = [data[n] for n in names if n != held_out]
        X = numpy.concatenate([d["X"][:, without_voice] for d in train])
        y = numpy.concatenate([d["y"] for d in train])
        no_voice = lightgbm.train(PARAMS, lightgbm.Dataset(X, y), num_boost_round=ROUNDS)
        saved = lightgbm.Booster(model_file=str(FOLDS / f"{held_out}.conversation.txt"))
        d = data[held_out]
        outcomes = zip(d["first_right"], d["three_right"], picks(no_voice, d, without_voice), picks(saved, d))
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


def train() -> None:
    from benchmarks.common import machine_line, publish

    train_folds(DATA, FEATURES + CONVERSATION_FEATURES, ".conversation", CONVERSATION_RANKER)
    publish("conversation-ablation", f"{machine_line()}\n\n{ablation()}\n", True)


if __name__ == "__main__":
    run_step(__doc__.splitlines()[0], write_features, train)
