"""Fit the relationship scores' calibration on the dev scenes (training/relationships/dev.yaml, never test.yaml):
for each `/` and `&` candidate that names a labelled pair, whether its symbol is the label; then a logistic curve on
log(1 + evidence) per symbol (intercept, slope), with a weak Gaussian prior so that a dev set with no mistakes still
gives finite numbers. Prints the constants for ficlens.tags.relationships and writes them, with the counts, to
training/relationships/calibration.json.

python -m training.relationships.calibrate
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

import ficlens
from ficlens.evaluate.relationships import load_scenes, suggestion_for
from ficlens.tags.people import find_people
from ficlens.tags.relationships import relationship_candidates
from ficlens.tags.signals import sentences

HERE = Path(__file__).resolve().parent
PRIOR = 1.0  # Gaussian prior precision on both coefficients


def fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Maximum a posteriori logistic regression of y on log(1 + x), by Newton's method."""
    features = np.column_stack([np.ones_like(x), np.log1p(x)])
    weights = np.zeros(2)
    for _ in range(50):
        p = 1 / (1 + np.exp(-features @ weights))
        gradient = features.T @ (y - p) - PRIOR * weights
        hessian = -(features.T * (p * (1 - p))) @ features - PRIOR * np.eye(2)
        weights -= np.linalg.solve(hessian, gradient)
    return round(float(weights[0]), 2), round(float(weights[1]), 2)


def main() -> None:
    rows: dict[str, list[tuple[float, int]]] = {"romantic": [], "platonic": []}
    for scene in load_scenes(HERE / "dev.yaml"):
        work = ficlens.analyze(scene.text)
        for candidate in relationship_candidates(work, sentences(work), find_people(work, None)):
            pair = next((p for p in scene.pairs if suggestion_for(p, [candidate.suggestion])), None)
            if pair is not None:
                wanted = "slash" if candidate.romantic else "amp"
                rows["romantic" if candidate.romantic else "platonic"].append(
                    (candidate.evidence, int(pair.label == wanted))
                )
    result = {}
    for kind, found in rows.items():
        x, y = np.array([e for e, _ in found], dtype=float), np.array([r for _, r in found], dtype=float)
        intercept, slope = fit_logistic(x, y)
        result[kind] = {"intercept": intercept, "slope": slope, "candidates": len(found), "right": int(y.sum())}
        low, high = x.min(), x.max()
        curve = ", ".join(f"{e:g}: {1 / (1 + math.exp(-(intercept + slope * math.log1p(e)))):.2f}" for e in (low, high))
        print(f"{kind}: ({intercept}, {slope}) from {len(found)} candidates, {int(y.sum())} right; score at {curve}")
    (HERE / "calibration.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
