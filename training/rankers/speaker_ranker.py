"""Train the learned speaker ranker on PDNC (gold and own character lists), with leave-one-novel-out folds.

  python -m training.rankers.speaker_ranker features [--processes 2]  # analyse every novel by the rules, write
                                                                      # candidate features
  python -m training.rankers.speaker_ranker train      # one model per held-out novel (runs/ranker_folds/<Novel>.txt)
                                               # and the shipped model on all novels
Then training/rankers/conversation_ranker.py and addressee_ranker.py (each `features`, then `train`), and
`python -m benchmarks.accuracy --speaker-folds training/runs/ranker_folds` scores the folds end to end.
Run from the repository root with ficlens installed (pip install -e .).
"""

from __future__ import annotations

import argparse
import functools
import json
from contextlib import nullcontext
from multiprocessing import get_context
from pathlib import Path

import numpy

from ficlens import analyze_work
from ficlens.evaluate.metrics import gold_of_predicted, pair_quotes, predicted_quotes
from ficlens.evaluate.pdnc import given_characters, gold_ids, load_novel, novel_dirs
from ficlens.features.coreference import pronoun_links
from ficlens.features.speaker import FEATURES, quote_features, rule_result
from ficlens.model import Work
from ficlens.model_files import SPEAKER_RANKER
from ficlens.pipeline import DEFAULT_PIPELINE

# The stages whose output the ranker reads: everything before it.
BEFORE_RANKING = DEFAULT_PIPELINE[: DEFAULT_PIPELINE.index("speaker_ranking")]

ROOT = Path(__file__).resolve().parents[2]
PDNC = ROOT.parent / "shared" / "data" / "pdnc"
DATA = ROOT / "training" / "runs" / "ranker_data"
FOLDS = ROOT / "training" / "runs" / "ranker_folds"
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "num_threads": 1,
    "seed": 7,
}
ROUNDS = 400
CHARACTER_LISTS = ("gold", "predicted")  # the rows of each novel: analysed with either character list


def analysed_novel(directory: Path, characters: str = "gold"):
    """A PDNC novel analysed up to the rule attributor and the pronoun links, with its gold characters or the ones
    ficlens finds: (novel, work, rules, gold_index, pronoun links, to_gold); gold_index maps utterance positions to
    the gold quote holding most of them, to_gold the work's character ids to gold ones (as the evaluation maps
    them)."""
    novel = load_novel(directory)
    given = {"characters": given_characters(novel)} if characters == "gold" else {}
    work = analyze_work(Work(text=novel.text), BEFORE_RANKING, **given)
    rules, links, to_gold = rule_result(work), pronoun_links(work), gold_ids(novel, work, characters)
    holders, *_ = pair_quotes(novel.text, novel.quotes, predicted_quotes(work, to_gold))
    speech = [i for i, q in enumerate(work.quotes) if q.kind == "speech"]
    return novel, work, rules, {speech[p]: g for p, g in gold_of_predicted(holders).items()}, links, to_gold


def novel_features(directory: Path) -> dict[str, numpy.ndarray]:
    """Rows of the novel analysed twice: with the gold character list and with the characters ficlens finds (as
    it runs on a new text: split and extra characters among the candidates), a candidate right when it is or
    maps to the gold speaker."""
    rows, labels, groups, has_gold = [], [], [], []
    for characters in CHARACTER_LISTS:
        novel, work, rules, gold_index, links, to_gold = analysed_novel(directory, characters)
        for i, (candidates, candidate_rows) in enumerate(
            quote_features(work, rules.evidence, rules.narrator, rules.narrator_positions, links)
        ):
            gold = novel.quotes[gold_index[i]].speaker if i in gold_index else None
            if gold is None or not candidates:
                continue
            rows += candidate_rows
            labels += [float(to_gold.get(c) == gold) for c in candidates]
            groups.append(len(candidates))
            has_gold.append(gold in map(to_gold.get, candidates))
    return {
        "X": numpy.asarray(rows, dtype=numpy.float32),
        "y": numpy.asarray(labels, dtype=numpy.float32),
        "groups": numpy.asarray(groups, dtype=numpy.int32),
        "has_gold": numpy.asarray(has_gold, dtype=bool),
    }


def write_all_features(data: Path, features, describe, processes: int = 1, as_json: bool = False) -> None:
    """`features(novel folder)` of every PDNC novel saved as `data/<Novel>.npz` (arrays) or, `as_json`,
    `data/<Novel>.json` (ragged lists), each described on a line; the novels longest first over `processes` new
    interpreters (spawned: forked workers hang after LightGBM)."""
    data.mkdir(parents=True, exist_ok=True)
    directories = sorted(novel_dirs(PDNC), key=lambda d: -(d / "novel_text.txt").stat().st_size)
    save = functools.partial(save_features, data, features, as_json)
    with get_context("spawn").Pool(processes) if processes > 1 else nullcontext() as pool:
        for directory in pool.imap_unordered(save, directories) if pool else map(save, directories):
            stored = data / f"{directory.name}.{'json' if as_json else 'npz'}"
            with nullcontext(json.loads(stored.read_text())) if as_json else numpy.load(stored) as features_read:
                print(f"{directory.name}: {describe(features_read)}", flush=True)


def save_features(data: Path, features, as_json: bool, directory: Path) -> Path:
    if as_json:
        (data / f"{directory.name}.json").write_text(json.dumps(features(directory)))
    else:
        numpy.savez_compressed(data / f"{directory.name}.npz", **features(directory))
    return directory


def write_features(processes: int = 1) -> None:
    write_all_features(
        DATA,
        novel_features,
        lambda d: f"{len(d['groups'])} quotes, gold among candidates {d['has_gold'].mean():.3f}",
        processes,
    )


def load(names: list[str], data: Path = DATA) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    parts = [numpy.load(data / f"{n}.npz") for n in names]
    return (
        numpy.concatenate([p["X"] for p in parts]),
        numpy.concatenate([p["y"] for p in parts]),
        numpy.concatenate([p["groups"] for p in parts]),
    )


def fit(names: list[str], data: Path = DATA, features: list[str] = FEATURES, params: dict = PARAMS):
    import lightgbm

    X, y, _ = load(names, data)
    return lightgbm.train(params, lightgbm.Dataset(X, y, feature_name=features), num_boost_round=ROUNDS)


def top1(model, name: str, outcomes: list | None = None, data: Path = DATA) -> tuple[float, float]:
    """Share of quotes whose best candidate is the gold speaker, for the model and for the rules' pick;
    appends (top probability, right) per quote to `outcomes` for calibration."""
    X, y, groups = load([name], data)
    scores = model.predict(X)
    pick = FEATURES.index("rule_pick")
    right = rule_right = 0
    at = 0
    for size in groups:
        chunk, gold, rule = scores[at : at + size], y[at : at + size], X[at : at + size, pick]
        correct = gold[chunk.argmax()] == 1
        right += correct
        rule_right += rule.max() == 1 and gold[rule.argmax()] == 1
        if outcomes is not None:
            outcomes.append((float(chunk.max()), bool(correct)))
        at += size
    return right / len(groups), rule_right / len(groups)


def isotonic(points: list[tuple[float, bool]], knots: int = 20) -> dict[str, list[float]]:
    """Pool-adjacent-violators fit of accuracy on top probability, reduced to `knots` breakpoints."""
    points = sorted(points)
    blocks: list[list[float]] = []  # [sum correct, count, mean x]
    for x, correct in points:
        blocks.append([float(correct), 1.0, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            c, n, x2 = blocks.pop()
            blocks[-1][2] = (blocks[-1][2] * blocks[-1][1] + x2 * n) / (blocks[-1][1] + n)
            blocks[-1][0] += c
            blocks[-1][1] += n
    xs = [b[2] for b in blocks]
    ys = [b[0] / b[1] for b in blocks]
    step = max(1, len(xs) // knots)
    keep = sorted(set(range(0, len(xs), step)) | {len(xs) - 1})
    return {"top_probability": [round(xs[i], 4) for i in keep], "accuracy": [round(ys[i], 4) for i in keep]}


def train_folds(data: Path, features: list[str], suffix: str, shipped: Path, params: dict = PARAMS) -> None:
    """One model per held-out novel (FOLDS/<Novel><suffix>.txt) with its calibration from the other novels'
    held-out predictions, and the shipped model on all novels (its calibration beside it)."""
    names = sorted(p.stem for p in data.glob("*.npz"))
    FOLDS.mkdir(parents=True, exist_ok=True)
    report = {}
    outcomes: dict[str, list[tuple[float, bool]]] = {}
    for held_out in names:
        model = fit([n for n in names if n != held_out], data, features, params)
        model.save_model(str(FOLDS / f"{held_out}{suffix}.txt"))
        report[held_out] = top1(model, held_out, outcomes.setdefault(held_out, []), data)
        print(f"{held_out}: ranker {report[held_out][0]:.3f}, rules {report[held_out][1]:.3f} "
              "(quotes with the gold speaker among candidates or not)", flush=True)  # fmt: skip
    mean = numpy.mean([r[0] for r in report.values()]), numpy.mean([r[1] for r in report.values()])
    pooled = numpy.mean([right for n in names for _, right in outcomes[n]])
    print(f"mean over held-out novels: ranker {mean[0]:.3f}, rules {mean[1]:.3f}; all quotes pooled {pooled:.4f}")
    (FOLDS / f"top1{suffix}.json").write_text(json.dumps(report, indent=1) + "\n")
    for held_out in names:  # each fold's calibration comes from the other novels' held-out predictions
        others = [o for n in names if n != held_out for o in outcomes[n]]
        (FOLDS / f"{held_out}{suffix}.calibration.json").write_text(json.dumps(isotonic(others), indent=1) + "\n")
    calibration = isotonic([o for n in names for o in outcomes[n]])
    calibration["fitted_on"] = f"held-out predictions of the {len(names)} leave-one-novel-out folds"
    shipped.with_suffix(".calibration.json").write_text(json.dumps(calibration, indent=1) + "\n")
    final = fit(names, data, features, params)
    final.save_model(str(shipped))
    print(f"shipped model: {shipped} ({shipped.stat().st_size // 1024} KB), trained on {len(names)} novels")


def train() -> None:
    train_folds(DATA, FEATURES, "", SPEAKER_RANKER)


def run_step(description: str, features, training) -> None:
    """The command line of the ranker scripts: `features [--processes N]` or `train`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("step", choices=["features", "train"])
    parser.add_argument("--processes", type=int, default=1, help="novels analysed at once (features)")
    args = parser.parse_args()
    features(args.processes) if args.step == "features" else training()


if __name__ == "__main__":
    run_step(__doc__.splitlines()[0], write_features, train)
