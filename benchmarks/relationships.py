"""Relationship tags on hand-written labelled scenes: `/` (slash), `&` (amp) or none for each labelled pair, on the
held-out test scenes (training/relationships/test.yaml) and, for comparison, the dev scenes the rules and the score
calibration were tuned on. Precision, recall and F1 per class, the confusion matrix, and the share right per score
bin (a calibrated 0.8 should be right about 80% of the time).

python -m benchmarks.relationships [--no-write]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

import yaml

import ficlens
from benchmarks.common import ROOT, machine_line, publish
from ficlens.evaluate.relationships import LABELS, RelationshipScores, load_scenes, score_scene
from ficlens.model import Metadata, Work
from ficlens.tags.setting import suggest_setting

SCENES = ROOT / "training" / "relationships"
RESULTS = ROOT / "benchmarks" / "results" / "relationships.json"
SYMBOLS = {"slash": "`A/B`", "amp": "`A & B`", "none": "none"}


def evaluate(name: str) -> tuple[RelationshipScores, int, Counter[str]]:
    """Pair scores, scenes, and the category tags per scene: `Gen` right where no pair is labelled romantic."""
    scores, categories = RelationshipScores(), Counter()
    scenes = load_scenes(SCENES / f"{name}.yaml")
    for scene in scenes:
        tags = ficlens.analyze(scene.text).suggested_tags
        score_scene(scene, tags.relationships, scores)
        romantic = any(pair.label == "slash" for pair in scene.pairs)
        if any(c.tag == "Gen" for c in tags.categories):
            categories["gen"] += 1
            categories["gen right"] += not romantic
    return scores, len(scenes), categories


def setting_section() -> str:
    """Setting tags on hand-written author's notes: dev (the score is calibrated on it) and test."""
    notes = yaml.safe_load((ROOT / "training" / "tags" / "setting_notes.yaml").read_text(encoding="utf-8"))
    lines = ["**Setting tags from author's notes** (`training/tags/setting_notes.yaml`):", ""]
    lines += ["| notes | notes | suggested | right | precision | recall |", "|---|---|---|---|---|---|"]
    for split in ("dev", "test"):
        suggested = right = gold = 0
        for row in notes[split]:
            found = {t.tag for t in suggest_setting(Work(text=".", metadata=Metadata(notes=[row["note"]])))}
            suggested += len(found)
            right += len(found & set(row["tags"]))
            gold += len(row["tags"])
        lines.append(f"| {split} | {len(notes[split])} | {suggested} | {right} | {right / max(1, suggested):.2f} | "
                     f"{right / max(1, gold):.2f} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def table(name: str, scores: RelationshipScores, scene_count: int, categories: Counter[str]) -> str:
    lines = [f"**{name}**: {scene_count} scenes, {len(scores.outcomes)} labelled pairs; `Gen` suggested for "
             f"{categories['gen']} scenes, right (no romantic pair) for {categories['gen right']}.", ""]  # fmt: skip
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
        scores, count, categories = evaluate(name)
        sections.append(table(title, scores, count, categories))
        results[name] = {
            "scenes": count,
            "per_class": {
                k: dict(zip(("precision", "recall", "f1", "pairs"), v)) for k, v in scores.per_class().items()
            },
            "calibration": [dict(zip(("bin", "count", "mean_score", "right"), row)) for row in scores.calibration()],
        }
    body = f"{machine_line()}\n\n" + "\n".join(sections) + "\n" + setting_section()
    if not args.no_write:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    publish("relationships", body, not args.no_write)


if __name__ == "__main__":
    main()
