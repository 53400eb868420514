"""Scoring relationship tags on labelled scenes (training/relationships/*.yaml): each scene's labelled pairs are
`slash` (`A/B`), `amp` (`A & B`) or `none`, and the prediction for a pair is the suggested relationship whose two
names are the pair's (a name matches when one's words are all in the other's: `Valk` is `Gerrit Valk`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ficlens.model import TagSuggestion
from ficlens.tags.people import words_of

Label = Literal["slash", "amp", "none"]
LABELS: tuple[Label, ...] = ("slash", "amp", "none")
CALIBRATION_BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


class LabelledPair(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: str
    b: str
    label: Label


class Scene(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    kind: str
    text: str
    pairs: list[LabelledPair]


class SceneFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenes: list[Scene]


def load_scenes(path: str | Path) -> list[Scene]:
    import yaml

    return SceneFile.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8"))).scenes


def same_name(name: str, other: str) -> bool:
    words, other_words = set(words_of(name)), set(words_of(other))
    if not words or not other_words:
        return name.lower() == other.lower()
    return words <= other_words or other_words <= words


def halves(tag: str) -> list[str]:
    return [h.strip() for h in tag.replace(" & ", "/").split("/")]


def suggestion_for(pair: LabelledPair, relationships: list[TagSuggestion]) -> TagSuggestion | None:
    for suggestion in relationships:
        first, second = halves(suggestion.tag)[:2]
        if (same_name(first, pair.a) and same_name(second, pair.b)) or (
            same_name(first, pair.b) and same_name(second, pair.a)
        ):
            return suggestion
    return None


def label_of(suggestion: TagSuggestion | None) -> Label:
    return "none" if suggestion is None else "slash" if "/" in suggestion.tag else "amp"


@dataclass
class Outcome:
    scene: str
    pair: LabelledPair
    predicted: Label
    score: float | None


@dataclass
class RelationshipScores:
    outcomes: list[Outcome] = field(default_factory=list)

    def confusion(self) -> Counter[tuple[Label, Label]]:
        return Counter((o.pair.label, o.predicted) for o in self.outcomes)

    def per_class(self) -> dict[Label, tuple[float, float, float, int]]:
        """label -> (precision, recall, F1, gold count)."""
        confusion = self.confusion()
        result = {}
        for label in LABELS:
            right = confusion[label, label]
            predicted = sum(confusion[g, label] for g in LABELS)
            gold = sum(confusion[label, p] for p in LABELS)
            precision = right / predicted if predicted else 0.0
            recall = right / gold if gold else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            result[label] = (precision, recall, f1, gold)
        return result

    def calibration(self) -> list[tuple[str, int, float, float]]:
        """Per score bin of the predicted relationships: (bin, count, mean score, share right)."""
        rows = []
        for low, high in CALIBRATION_BINS:
            inside = [o for o in self.outcomes if o.score is not None and low <= o.score < high]
            if inside:
                mean = sum(o.score or 0.0 for o in inside) / len(inside)
                right = sum(o.predicted == o.pair.label for o in inside) / len(inside)
                rows.append((f"{low:.1f}-{min(high, 1.0):.1f}", len(inside), mean, right))
        return rows


def score_scene(scene: Scene, relationships: list[TagSuggestion], scores: RelationshipScores) -> None:
    for pair in scene.pairs:
        suggestion = suggestion_for(pair, relationships)
        scores.outcomes.append(Outcome(scene.id, pair, label_of(suggestion), suggestion.score if suggestion else None))
