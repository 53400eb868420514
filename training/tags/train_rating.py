"""Build src/ficlens/models/passage_rater.json from training/tags/train.jsonl: one L2-regularised logistic
regression per head (ficlens.tags.passage_model.HEADS) over features seen in at least MIN_PASSAGES training
passages, the L2 penalty with the lowest out-of-fold log loss, Platt scaling fitted on FOLDS-fold out-of-fold
scores of the same data, final weights on all of it. Then the false-alarm rates the work rule needs
(ficlens.tags.rating): how often the rater puts windows of ordinary public-domain novels (LitBank's, not PDNC's)
at 0.5 or more on a level such novels should not reach. The held-out test.jsonl and test_b.jsonl are never read
here (benchmarks.tags scores them).

    python -m training.tags.train_rating

Data: passages written by hand for ficlens (no fan fiction or book text), under the repository's licence; LitBank
(CC BY 4.0, public-domain novels) from ../shared/data/litbank/original, for the false-alarm rates only.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse import linalg  # noqa: F401  (sparse.linalg)

import ficlens
from ficlens.model_files import PASSAGE_RATER
from ficlens.tags.passage_model import HEADS, LEVELS, WARNING_HEADS, PassageRater, feature_names
from ficlens.tags.passages import blank_idioms, passages
from ficlens.tags.rating_lexicon import LEXICON
from ficlens.tags.signals import CUES

HERE = Path(__file__).resolve().parent
TRAIN = HERE / "train.jsonl"
SHARED = HERE.parents[1].parent / "shared" / "data"
LITBANK = SHARED / "litbank" / "original"
PDNC = SHARED / "pdnc" / "data"
# Background for the false-alarm rates: windows of LitBank's novels, except those also in PDNC (where the work
# ratings are reported) and Ulysses (its Penelope chapter is sexual), on the heads such novels must not reach.
BACKGROUND_PER_NOVEL = 100
BACKGROUND_HEADS = ("at_least_mature", "explicit")
LEFT_OUT = ("ulysses",)
MIN_PASSAGES = 2
L2_CHOICES = (1.0, 10.0)  # penalty on the summed log loss: the one with the best out-of-fold loss
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


def letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def background_texts() -> list[str]:
    """BACKGROUND_PER_NOVEL windows (blanked) from each LitBank novel not in PDNC, drawn with a fixed seed."""
    reported = [letters(p.name) for p in PDNC.iterdir()] if PDNC.is_dir() else []
    chosen = random.Random(21)
    texts = []
    for path in sorted(LITBANK.glob("*.txt")):
        name = letters(path.stem)
        if any(r in name for r in reported) or any(left in name for left in LEFT_OUT):
            continue
        work = ficlens.analyze(path.read_text(encoding="utf-8"), stages=["structure"], max_words=10**7)
        windows = [p.text for p in passages(work) if len(p.text.split()) >= 10]
        texts.extend(chosen.sample(windows, min(BACKGROUND_PER_NOVEL, len(windows))))
    return texts


def vocabulary(texts: list[str]) -> dict[str, int]:
    """Features in at least MIN_PASSAGES passages, and every cue and word-group feature."""
    counts: dict[str, int] = {}
    for text in texts:
        for name in feature_names(text):
            counts[name] = counts.get(name, 0) + 1
    kept = {name for name, c in counts.items() if c >= MIN_PASSAGES}
    kept |= {f"cue:{c}" for c in CUES} | {f"lex:{group}:{n}" for group in LEXICON for n in (1, 2, 3)}
    return {name: i for i, name in enumerate(sorted(kept))}


def matrix(texts: list[str], index: dict[str, int]) -> sparse.csr_matrix:
    rows, columns = [], []
    for row, text in enumerate(texts):
        found = [index[f] for f in feature_names(text) if f in index]
        rows.extend([row] * len(found))
        columns.extend(found)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(texts), len(index)))


def fit_logistic(x: sparse.csr_matrix, y: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x heads) and biases minimising the class-balanced log loss + l2/2 |w|^2, by gradient
    descent."""
    w, b = np.zeros((x.shape[1], y.shape[1])), np.zeros(y.shape[1])
    positives, negatives = y.sum(axis=0).clip(1), (1 - y).sum(axis=0).clip(1)
    balance = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives))  # classes weigh alike
    largest = sparse.linalg.svds(x, k=1, return_singular_vectors=False)[0]
    step = 1.0 / (0.25 * balance.max() * largest**2 + l2)  # 1 / the gradient's Lipschitz constant
    xt = x.T.tocsr()
    for _ in range(STEPS):
        error = balance * (1 / (1 + np.exp(-(x @ w + b))) - y)
        w -= step * (xt @ error + l2 * w)
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


def platt_per_head(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.array([fit_platt(scores[:, h], y[:, h]) for h in range(len(HEADS))])


def calibrated(scores: np.ndarray, platt: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(platt[:, 0] * scores + platt[:, 1], -30, 30)))


def log_loss(probabilities: np.ndarray, y: np.ndarray) -> float:
    p = probabilities.clip(1e-6, 1 - 1e-6)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def out_of_fold_scores(texts: list[str], y: np.ndarray, l2: float) -> np.ndarray:
    folds = np.arange(len(texts)) % FOLDS
    scores = np.zeros_like(y)
    for fold in range(FOLDS):
        fitted = [t for t, f in zip(texts, folds) if f != fold]
        index = vocabulary(fitted)
        w, b = fit_logistic(matrix(fitted, index), y[folds != fold], l2)
        scores[folds == fold] = matrix([t for t, f in zip(texts, folds) if f == fold], index) @ w + b
    return scores


def train(texts: list[str], y: np.ndarray) -> PassageRater:
    losses = {}
    for l2 in L2_CHOICES:
        scores = out_of_fold_scores(texts, y, l2)
        losses[l2] = (log_loss(calibrated(scores, platt_per_head(scores, y)), y), scores)
        print(f"L2 {l2}: out-of-fold log loss {losses[l2][0]:.4f}")
    l2 = min(losses, key=lambda c: losses[c][0])
    platt = platt_per_head(losses[l2][1], y)
    probabilities = calibrated(losses[l2][1], platt)
    for h, head in enumerate(HEADS):
        print(f"{head:22} out-of-fold accuracy {((probabilities[:, h] >= 0.5) == y[:, h]).mean():.2f}")
    index = vocabulary(texts)
    weights, bias = fit_logistic(matrix(texts, index), y, l2)
    return PassageRater(index, weights, bias, platt, np.zeros(len(HEADS)))


def false_alarm_rates(rater: PassageRater, background: list[str]) -> np.ndarray:
    """Per head, the share of ordinary novels' windows the rater puts at 0.5 or more, for the heads such novels
    should not reach (BACKGROUND_HEADS); 0 for the others."""
    reached = (rater.rate(background).probabilities >= 0.5).mean(axis=0)
    return np.where([head in BACKGROUND_HEADS for head in HEADS], reached, 0.0)


def main() -> None:
    rows = read_passages(TRAIN)
    rater = train([blank_idioms(r["text"]) for r in rows], targets(rows))
    background = background_texts()
    rater.background_rate = false_alarm_rates(rater, background)
    print("false-alarm rates on background windows:", dict(zip(HEADS, rater.background_rate.round(4))))
    data = {
        "trained_on": f"training/tags/{TRAIN.name} ({len(rows)} hand-written passages); false-alarm rates on "
        f"{len(background)} LitBank windows (CC BY 4.0, public-domain novels)",
        **rater.to_json(),
    }
    PASSAGE_RATER.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(rater.index)} features -> {PASSAGE_RATER} ({PASSAGE_RATER.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
