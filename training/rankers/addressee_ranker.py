"""Train the learned addressee model on PDNC (gold character lists, speakers from the held-out speaker rankers).

  python -m training.rankers.addressee_ranker features   # needs runs/ranker_folds from `speaker_ranker.py train`
                                                         # and `conversation_ranker.py train`
  python -m training.rankers.addressee_ranker train      # one model per held-out novel and the shipped model on all
                                                 # novels (runs/ranker_folds/<Novel>.addressees.txt)
Each novel's speakers come from the speaker ranker trained without it, so the addressee model learns from the
speaker errors it will meet. `python -m benchmarks.accuracy --speaker-folds training/runs/ranker_folds` then
scores both folds end to end. Run from the repository root with ficlens installed (pip install -e .).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy

from ficlens import analyze_work
from ficlens.evaluate.pdnc import SpeakerModels
from ficlens.features.addressee import ADDRESSEE_FEATURES, addressee_features
from ficlens.features.speaker import rule_result
from ficlens.model_files import ADDRESSEE_MODEL
from ficlens.pipeline import DEFAULT_PIPELINE
from training.rankers.speaker_ranker import FOLDS, PARAMS, ROOT, analysed_novel, run_step, write_all_features

# The stages whose output the addressee model reads: everything before it.
BEFORE_ADDRESSEES = DEFAULT_PIPELINE[: DEFAULT_PIPELINE.index("addressees")]

DATA = ROOT / "training" / "runs" / "addressee_data"
ROUNDS = 300
THRESHOLDS = (0.4, 0.5, 0.6, 0.7)


def novel_features(directory: Path) -> dict[str, numpy.ndarray]:
    novel, work, _, gold_index, _, _ = analysed_novel(directory)
    folds = SpeakerModels(folds=FOLDS).options_for(directory.name)["stage_settings"]  # the held-out speaker models
    ranking = {"speaker_ranking": folds["speaker_ranking"]}
    analyze_work(work, BEFORE_ADDRESSEES[BEFORE_ADDRESSEES.index("speaker_ranking") :], stage_settings=ranking)
    rules = rule_result(work)
    vocatives = [ev.vocatives for ev in rules.evidence]
    rows, labels, groups, golds = [], [], [], []
    for i, (candidates, candidate_rows) in enumerate(addressee_features(work, vocatives, rules.narrator)):
        if i not in gold_index or not candidates:
            continue
        gold = novel.quotes[gold_index[i]].addressees
        rows += candidate_rows
        labels += [float(c in gold) for c in candidates]
        groups.append(len(candidates))
        golds.append(len(gold))
    return {
        "X": numpy.asarray(rows, dtype=numpy.float32),
        "y": numpy.asarray(labels, dtype=numpy.float32),
        "groups": numpy.asarray(groups, dtype=numpy.int32),
        "gold_sizes": numpy.asarray(golds, dtype=numpy.int32),
    }


def write_features(processes: int = 1) -> None:
    write_all_features(DATA, novel_features, describe, processes)


def describe(data) -> str:
    reachable = numpy.mean(numpy.add.reduceat(data["y"], _starts(data["groups"])) == data["gold_sizes"])
    return f"{len(data['groups'])} utterances, whole gold set among candidates {reachable:.3f}"


def _starts(groups: numpy.ndarray) -> numpy.ndarray:
    return numpy.concatenate([[0], numpy.cumsum(groups)[:-1]]).astype(int)


def load(names: list[str]) -> dict[str, numpy.ndarray]:
    parts = [numpy.load(DATA / f"{n}.npz") for n in names]
    return {key: numpy.concatenate([p[key] for p in parts]) for key in ("X", "y", "groups", "gold_sizes")}


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


if __name__ == "__main__":
    run_step(__doc__.splitlines()[0], write_features, train)
