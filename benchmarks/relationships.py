"""Relationship tags on hand-written labelled scenes: `/` (slash), `&` (amp) or none for each labelled pair, on the
held-out test scenes (training/relationships/test.yaml) and, for comparison, the dev scenes the rules and the score
calibration were tuned on. Precision, recall and F1 per class, the confusion matrix, and the share right per score
bin (a calibrated 0.8 should be right about 80% of the time).

python -m benchmarks.relationships [--no-write]
"""

from __future__ import annotations

import argparse
import json

import ficlens
from benchmarks.common import ROOT, machine_line, publish
from ficlens.evaluate.relationships import LABELS, RelationshipScores, load_scenes, score_scene

SCENES = ROOT / "training" / "relationships"
RESULTS = ROOT / "benchmarks" / "results" / "relationships.json"
SYMBOLS = {"slash": "`A/B`", "amp": "`A & B`", "none": "none"}


def evaluate(name: str) -> tuple[RelationshipScores, int]:
    scores = RelationshipScores()
    scenes = load_scenes(SCENES / f"{name}.yaml")
    for scene in scenes:
        score_scene(scene, ficlens.analyze(scene.text).suggested_tags.relationships, scores)
    return scores, len(scenes)


def table(name: str, scores: RelationshipScores, scene_count: int) -> str:
    lines = [f"**{name}**: {scene_count} scenes, {len(scores.outcomes)} labelled pairs.", ""]
    lines += ["| class | precision | recall | F1 | pairs |", "|---|---|---|---|---|"]
    for label, (precision, recall, f1, gold) in scores.per_class().items():
        lines.append(f"| {SYMBOLS[label]} | {precision:.2f} | {recall:.2f} | {f1:.2f} | {gold} |")
    confusion = scores.confusion()
    lines += ["", "| labelled \\ predicted | " + " | ".join(SYMBOLS[p] for p in LABELS) + " |", "|---|---|---|---|"]
    for gold in LABELS:
        lines.append(f"| {SYMBOLS[gold]} | " + " | ".join(str(confusion[gold, p]) for p in LABELS) + " |")
    lines += ["", "| score | relationships | mean score | share right |", "|---|---|---|---|"]
    lines += [f"| {b} | {n} | {mean:.2f} | {right:.2f} |" for b, n, mean, right in scores.calibration()]
    wrong = [o for o in scores.outcomes if o.predicted != o.pair.label]
    if wrong:
        lines += ["", "Wrong: " + "; ".join(
            f"{o.scene} {o.pair.a} – {o.pair.b}: {SYMBOLS[o.pair.label]} read as {SYMBOLS[o.predicted]}" for o in wrong
        ) + "."]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    results, sections = {}, []
    for name, title in (("test", "Held-out test scenes"), ("dev", "Dev scenes (tuned and calibrated on)")):
        scores, count = evaluate(name)
        sections.append(table(title, scores, count))
        results[name] = {
            "scenes": count,
            "per_class": {
                k: dict(zip(("precision", "recall", "f1", "pairs"), v)) for k, v in scores.per_class().items()
            },
            "calibration": [dict(zip(("bin", "count", "mean_score", "right"), row)) for row in scores.calibration()],
        }
    body = f"{machine_line()}\n\n" + "\n".join(sections)
    if not args.no_write:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    publish("relationships", body, not args.no_write)


if __name__ == "__main__":
    main()
