"""Train the learned addressee model on PDNC (gold character lists, speakers from the held-out speaker rankers).

  python -m training.rankers.addressee_ranker features   # needs runs/ranker_folds from `speaker_ranker.py train`
                                                         # and `conversation_ranker.py train`
  python -m training.rankers.addressee_ranker train      # one model per held-out novel and the shipped model on all
                                                 # novels (runs/ranker_folds/<Novel>.addressees.txt), then the
                                                 # set model on the held-out models' sets (.addressee_sets.txt)
Each novel's speakers come from the speaker ranker trained without it, so the addressee model learns from the
speaker errors it will meet; the set model learns from the sets that the addressee model trained without the novel
proposes for it. `python -m benchmarks.accuracy --speaker-folds training/runs/ranker_folds` then
scores both folds end to end. Run from the repository root with ficlens installed (pip install -e .).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import numpy

from ficlens import analyze_work
from ficlens.evaluate.pdnc import SpeakerModels
from ficlens.features.addressee import ADDRESSEE_FEATURES, SET_FEATURES, addressee_features, candidate_sets
from ficlens.features.speaker import rule_result
from ficlens.model_files import ADDRESSEE_MODEL, ADDRESSEE_SET_MODEL
from ficlens.pipeline import DEFAULT_PIPELINE
from ficlens.stages.addressees import THRESHOLD
from training.rankers.speaker_ranker import FOLDS, PARAMS, ROOT, analysed_novel, run_step, write_all_features

# The stages whose output the addressee model reads: everything before it.
BEFORE_ADDRESSEES = DEFAULT_PIPELINE[: DEFAULT_PIPELINE.index("addressees")]

DATA = ROOT / "training" / "runs" / "addressee_data"
SET_DATA = ROOT / "training" / "runs" / "addressee_sets"
ROUNDS = 300
SET_PARAMS = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 50, "verbose": -1}
SET_ROUNDS = 150  # pooled LONO exact sets 56.2 at 100 or 150 rounds, 56.1 at 300, 55.8 at 600
THRESHOLDS = (0.4, 0.5, 0.6, 0.7)


def novel_features(directory: Path) -> dict[str, numpy.ndarray]:
    novel, work, _, gold_index, _, _ = analysed_novel(directory)
    folds = SpeakerModels(folds=FOLDS).options_for(directory.name)["stage_settings"]  # the held-out speaker models
    ranking = {"speaker_ranking": folds["speaker_ranking"]}
    analyze_work(work, BEFORE_ADDRESSEES[BEFORE_ADDRESSEES.index("speaker_ranking") :], stage_settings=ranking)
    rules = rule_result(work)
    vocatives = [ev.vocatives for ev in rules.evidence]
    features = addressee_features(work, vocatives, rules.narrator)
    gold = [novel.quotes[gold_index[i]].addressees if i in gold_index else None for i in range(len(work.quotes))]
    return {  # every utterance in order (the set model's sets read the turn before)
        "rows": numpy.asarray([r for _, rs in features for r in rs], dtype=numpy.float32).reshape(
            -1, len(ADDRESSEE_FEATURES)
        ),
        "candidates": numpy.asarray([c for cs, _ in features for c in cs], dtype=str),
        "groups": numpy.asarray([len(cs) for cs, _ in features], dtype=numpy.int32),
        "paragraphs": numpy.asarray([q.paragraph for q in work.quotes], dtype=numpy.int32),
        "speakers": numpy.asarray([q.speaker or "" for q in work.quotes], dtype=str),
        "gold": numpy.asarray([NO_GOLD if g is None else "\t".join(sorted(g)) for g in gold], dtype=str),
    }


NO_GOLD = "\n"  # an utterance matching no gold quote


def gold_set(stored: str) -> set[str]:
    return set(stored.split("\t")) - {""}


def first_pass(data) -> dict[str, numpy.ndarray]:
    """The addressee model's training data from a novel's utterances: the candidate rows of those with a gold quote
    and candidates, labelled by the gold set, with each one's candidate count and gold set size."""
    keep, labels, sizes = [], [], []
    for start, size, gold in zip(_starts(data["groups"]), data["groups"], data["gold"]):
        if gold == NO_GOLD or not size:
            continue
        wanted = gold_set(gold)
        keep += range(start, start + size)
        labels += [float(c in wanted) for c in data["candidates"][start : start + size]]
        sizes.append(len(wanted))
    groups = data["groups"][(data["gold"] != NO_GOLD) & (data["groups"] > 0)]
    return {
        "X": data["rows"][keep],
        "y": numpy.asarray(labels, dtype=numpy.float32),
        "groups": groups,
        "gold_sizes": numpy.asarray(sizes, dtype=numpy.int32),
    }


def write_features(processes: int = 1) -> None:
    write_all_features(DATA, novel_features, describe, processes)


def describe(utterances) -> str:
    data = first_pass(utterances)
    reachable = numpy.mean(numpy.add.reduceat(data["y"], _starts(data["groups"])) == data["gold_sizes"])
    return f"{len(data['groups'])} utterances, whole gold set among candidates {reachable:.3f}"


def _starts(groups: numpy.ndarray) -> numpy.ndarray:
    return numpy.concatenate([[0], numpy.cumsum(groups)[:-1]]).astype(int)


def load(names: list[str]) -> dict[str, numpy.ndarray]:
    parts = [first_pass(utterances(n)) for n in names]
    return {key: numpy.concatenate([p[key] for p in parts]) for key in ("X", "y", "groups", "gold_sizes")}


def utterances(name: str) -> dict[str, numpy.ndarray]:
    """A novel's stored utterances (novel_features), each array read once."""
    with numpy.load(DATA / f"{name}.npz") as stored:
        return {key: stored[key] for key in stored.files}


def fit(names: list[str]):
    import lightgbm

    data = load(names)
    dataset = lightgbm.Dataset(data["X"], data["y"], feature_name=ADDRESSEE_FEATURES)
    return lightgbm.train(PARAMS, dataset, num_boost_round=ROUNDS)


def exact_sets(model, name: str) -> dict[float, float]:
    """Share of utterances whose chosen set equals the gold set, per threshold (utterances whose gold set has a
    member outside the candidates count as wrong)."""
    data = load([name])
    scores = model.predict(data["X"])
    result = {}
    for threshold in THRESHOLDS:
        right = 0
        for start, size, gold_size in zip(_starts(data["groups"]), data["groups"], data["gold_sizes"]):
            chunk, gold = scores[start : start + size], data["y"][start : start + size]
            chosen = chunk >= threshold
            if not chosen.any():
                chosen[chunk.argmax()] = True
            right += bool((chosen == (gold == 1)).all()) and gold.sum() == gold_size
        result[threshold] = right / len(data["groups"])
    return result


class Turn(NamedTuple):
    paragraph: int
    speaker: str | None


def novel_sets(name: str, model) -> dict[str, numpy.ndarray]:
    """The set model's rows for a novel: the sets its held-out addressee `model` proposes for each utterance with
    a gold quote, labelled right when the set is the gold set."""
    data = utterances(name)
    turns = [Turn(int(p), s or None) for p, s in zip(data["paragraphs"], data["speakers"])]
    features = [
        ([str(c) for c in data["candidates"][start : start + size]], data["rows"][start : start + size])
        for start, size in zip(_starts(data["groups"]), data["groups"])
    ]
    scores = model.predict(data["rows"]) if len(data["rows"]) else []
    rows, labels, groups = [], [], []
    for gold, (sets, set_rows) in zip(data["gold"], candidate_sets(turns, features, scores, THRESHOLD)):
        if gold == NO_GOLD or not sets:
            continue
        wanted = gold_set(gold)
        rows += set_rows
        labels += [float(set(members) == wanted) for members in sets]
        groups.append(len(sets))
    return {
        "X": numpy.asarray(rows, dtype=numpy.float32),
        "y": numpy.asarray(labels, dtype=numpy.float32),
        "groups": numpy.asarray(groups, dtype=numpy.int32),
    }


def fit_sets(names: list[str]):
    import lightgbm

    parts = [numpy.load(SET_DATA / f"{n}.npz") for n in names]
    X, y = (numpy.concatenate([p[key] for p in parts]) for key in ("X", "y"))
    return lightgbm.train(SET_PARAMS, lightgbm.Dataset(X, y, feature_name=SET_FEATURES), num_boost_round=SET_ROUNDS)


def set_accuracy(model, name: str) -> tuple[float, float, int]:
    """Exact-set accuracy of the held-out novel's utterances: the set model's pick, the threshold set's, and how
    many utterances."""
    data = numpy.load(SET_DATA / f"{name}.npz")
    scores = model.predict(data["X"]) if len(data["X"]) else []
    picked = threshold = 0
    for start, size in zip(_starts(data["groups"]), data["groups"]):
        picked += data["y"][start + int(numpy.argmax(scores[start : start + size]))] == 1
        threshold += data["y"][start] == 1  # the threshold set is always the first proposed
    count = len(data["groups"])
    return picked / max(1, count), threshold / max(1, count), count


def train_sets(names: list[str]) -> None:
    import lightgbm

    SET_DATA.mkdir(parents=True, exist_ok=True)
    for name in names:
        fold = lightgbm.Booster(model_file=str(FOLDS / f"{name}.addressees.txt"))
        numpy.savez_compressed(SET_DATA / f"{name}.npz", **novel_sets(name, fold))
    report, pooled = {}, numpy.zeros(3)
    for held_out in names:
        model = fit_sets([n for n in names if n != held_out])
        model.save_model(str(FOLDS / f"{held_out}.addressee_sets.txt"))
        picked, threshold, count = set_accuracy(model, held_out)
        pooled += [picked * count, threshold * count, count]
        report[held_out] = {"set_model": picked, "threshold": threshold}
        print(f"{held_out}: set model {picked:.3f}, threshold sets {threshold:.3f}", flush=True)
    print(f"pooled exact sets: set model {pooled[0] / pooled[2]:.4f}, threshold sets {pooled[1] / pooled[2]:.4f}")
    (FOLDS / "addressee_sets.json").write_text(json.dumps(report, indent=1) + "\n")
    publish_ablation(report, pooled)
    final = fit_sets(names)
    final.save_model(str(ADDRESSEE_SET_MODEL))
    print(f"shipped set model: {ADDRESSEE_SET_MODEL} ({ADDRESSEE_SET_MODEL.stat().st_size // 1024} KB)")


def publish_ablation(report: dict[str, dict[str, float]], pooled: numpy.ndarray) -> None:
    """The set model against the first pass's threshold sets, into BENCHMARKS.md."""
    from benchmarks.common import machine_line, publish

    up = sum(r["set_model"] > r["threshold"] for r in report.values())
    down = sum(r["set_model"] < r["threshold"] for r in report.values())
    rows = [
        (f"threshold sets (every candidate scoring {THRESHOLD} or more, else the best)", pooled[1] / pooled[2],
         numpy.mean([r["threshold"] for r in report.values()])),
        ("set model", pooled[0] / pooled[2], numpy.mean([r["set_model"] for r in report.values()])),
    ]  # fmt: skip
    table = "| addressee sets | exact sets, pooled | mean of novels |\n|---|---|---|\n" + "\n".join(
        f"| {label} | {100 * all_quotes:.1f} | {100 * mean:.1f} |" for label, all_quotes, mean in rows
    )
    note = (
        f"{int(pooled[2]):,} utterances with a gold quote and candidates, {len(report)} novels, each scored by the "
        f"models trained without it; the set model is better on {up} novels, worse on {down}."
    )
    publish("addressee-sets-ablation", f"{machine_line()}\n\n{table}\n\n{note}\n", True)


def train() -> None:
    names = sorted(p.stem for p in DATA.glob("*.npz"))
    report = {}
    for held_out in names:
        model = fit([n for n in names if n != held_out])
        model.save_model(str(FOLDS / f"{held_out}.addressees.txt"))
        report[held_out] = exact_sets(model, held_out)
        print(held_out, {t: round(a, 3) for t, a in report[held_out].items()}, flush=True)
    for threshold in THRESHOLDS:
        mean = numpy.mean([r[threshold] for r in report.values()])
        print(f"threshold {threshold}: mean exact-set accuracy {mean:.3f}")
    (FOLDS / "addressees.json").write_text(json.dumps(report, indent=1) + "\n")
    final = fit(names)
    final.save_model(str(ADDRESSEE_MODEL))
    size = ADDRESSEE_MODEL.stat().st_size // 1024
    print(f"shipped model: {ADDRESSEE_MODEL} ({size} KB), trained on {len(names)} novels")
    train_sets(names)


if __name__ == "__main__":
    run_step(__doc__.splitlines()[0], write_features, train)
