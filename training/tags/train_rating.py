"""Build src/ficlens/models/passage_rater.json from training/tags/train.jsonl: one L2-regularised logistic
regression per head (ficlens.tags.passage_model.HEADS) over features seen in at least MIN_PASSAGES training
passages, the L2 penalty with the lowest out-of-fold log loss, Platt scaling fitted on FOLDS-fold out-of-fold
scores of the same data, final weights on all of it.
The held-out test.jsonl is never read here (benchmarks.tags scores it).

    python -m training.tags.train_rating

Data: passages written by hand for ficlens (no fan fiction or book text), under the repository's licence.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ficlens.model_files import PASSAGE_RATER
from ficlens.tags.passage_model import HEADS, LEVELS, WARNING_HEADS, PassageRater, feature_names
from ficlens.tags.passages import blank_idioms
from ficlens.tags.rating_lexicon import LEXICON
from ficlens.tags.signals import CUES

HERE = Path(__file__).resolve().parent
TRAIN = HERE / "train.jsonl"
MIN_PASSAGES = 2
L2_CHOICES = (0.3, 1.0, 3.0, 10.0)  # penalty on the summed log loss: the one with the best out-of-fold loss
FOLDS = 5
STEPS = 1500


def read_passages(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def targets(rows: list[dict]) -> np.ndarray:
    """passages x heads, 0/1: level at least mild, at least mature, explicit; then each warning."""
    ranks = np.array([LEVELS.index(r["level"]) for r in rows])
    levels = np.stack([ranks >= 1, ranks >= 2, ranks >= 3], axis=1)
    warnings = np.array([[w in r["warnings"] for w in WARNING_HEADS] for r in rows])
    return np.concatenate([levels, warnings], axis=1).astype(float)


def vocabulary(texts: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for text in texts:
        for name in feature_names(text):
            counts[name] = counts.get(name, 0) + 1
    kept = sorted({n for n, c in counts.items() if c >= MIN_PASSAGES} | {f"cue:{c}" for c in CUES})
    kept = sorted({*kept, *(f"lex:{group}:{n}" for group in LEXICON for n in (1, 2, 3))})
    return {name: i for i, name in enumerate(kept)}


def matrix(texts: list[str], index: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(texts), len(index)))
    for row, text in enumerate(texts):
        x[row, [index[f] for f in feature_names(text) if f in index]] = 1.0
    return x


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x heads) and biases minimising summed class-balanced log loss + l2/2 |w|^2, by gradient descent."""
    w, b = np.zeros((x.shape[1], y.shape[1])), np.zeros(y.shape[1])
    positives = y.sum(axis=0).clip(1, len(y) - 1)
    balance = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * (len(y) - positives)))  # classes weigh alike
    step = 1.0 / (0.25 * balance.max() * np.linalg.norm(x, 2) ** 2 + l2)  # 1 / Lipschitz constant of the gradient
    for _ in range(STEPS):
        error = balance * (1 / (1 + np.exp(-(x @ w + b))) - y)
        w -= step * (x.T @ error + l2 * w)
        b -= step * error.sum(axis=0)
    return w, b


def fit_platt(score: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """a, b with sigmoid(a * score + b) the probability of y, by Newton's method on the log loss."""
    positives, negatives = y.sum(), len(y) - y.sum()
    target = y * (positives + 1) / (positives + 2) + (1 - y) / (negatives + 2)  # Platt's smoothed targets
    ab = np.array([1.0, 0.0])
    features = np.stack([score, np.ones_like(score)], axis=1)
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(features @ ab, -30, 30)))
        hessian = features.T @ (features * (p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        ab -= np.linalg.solve(hessian, features.T @ (p - target))
    return float(ab[0]), float(ab[1])


def calibrated(scores: np.ndarray, platt: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(platt[:, 0] * scores + platt[:, 1], -30, 30)))


def log_loss(probabilities: np.ndarray, y: np.ndarray) -> float:
    p = probabilities.clip(1e-6, 1 - 1e-6)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def out_of_fold_scores(texts: list[str], y: np.ndarray, l2: float) -> np.ndarray:
    folds = np.arange(len(texts)) % FOLDS
    scores = np.zeros_like(y)
    for fold in range(FOLDS):
        train, held = folds != fold, folds == fold
        index = vocabulary([t for t, keep in zip(texts, train) if keep])
        w, b = fit_logistic(matrix([t for t, k in zip(texts, train) if k], index), y[train], l2)
        scores[held] = matrix([t for t, k in zip(texts, held) if k], index) @ w + b
    return scores


def train(rows: list[dict]) -> PassageRater:
    texts = [blank_idioms(r["text"]) for r in rows]
    y = targets(rows)
    losses = {}
    for l2 in L2_CHOICES:
        scores = out_of_fold_scores(texts, y, l2)
        platt = np.array([fit_platt(scores[:, h], y[:, h]) for h in range(len(HEADS))])
        losses[l2] = (log_loss(calibrated(scores, platt), y), scores)
        print(f"L2 {l2}: out-of-fold log loss {losses[l2][0]:.3f}")
    l2 = min(losses, key=lambda c: losses[c][0])
    calibration = losses[l2][1]
    platt = np.array([fit_platt(calibration[:, h], y[:, h]) for h in range(len(HEADS))])
    index = vocabulary(texts)
    weights, bias = fit_logistic(matrix(texts, index), y, l2)
    probabilities = calibrated(calibration, platt)
    for h, head in enumerate(HEADS):
        accuracy = ((probabilities[:, h] >= 0.5) == y[:, h]).mean()
        print(f"{head:22} positives {int(y[:, h].sum()):3}  out-of-fold accuracy {accuracy:.2f}  platt {platt[h]}")
    return PassageRater(index, weights, bias, platt)


def main() -> None:
    rows = read_passages(TRAIN)
    rater = train(rows)
    data = {"trained_on": f"training/tags/{TRAIN.name} ({len(rows)} hand-written passages)", **rater.to_json()}
    PASSAGE_RATER.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rater.index)} features -> {PASSAGE_RATER} ({PASSAGE_RATER.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
