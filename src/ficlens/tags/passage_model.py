"""The passage rater: logistic regressions over a passage's word stems, stem bigrams and cue-lexicon matches, one
per question (at least mild, at least mature, explicit; each archive warning), each with Platt scaling fitted on
out-of-fold scores, so a 0.8 is right about 80% of the time on held-out passages. Weights and vocabulary are a JSON
file built by `python -m training.tags.train_rating`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ficlens.errors import ModelError
from ficlens.model_files import PASSAGE_RATER
from ficlens.tags.rating_lexicon import LEXICON
from ficlens.tags.signals import CUES, any_of

TRAINER = "python -m training.tags.train_rating"
LEVELS = ["none", "mild", "mature", "explicit"]
LEVEL_HEADS = ["at_least_mild", "at_least_mature", "explicit"]  # P(level >= LEVELS[i + 1])
WARNING_HEADS = ["graphic_violence", "major_character_death", "noncon", "underage"]
HEADS = [*LEVEL_HEADS, *WARNING_HEADS]
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
STEM = 6  # a word's first letters stand for its forms (`stabbed`, `stabbing` -> `stabbi`, `stab` -> `stab`)


# the cue and word-group patterns without re.IGNORECASE, for lower-cased text (the same matches, 2.5x faster)
FOLDED_CUES = {name: re.compile(pattern.pattern) for name, pattern in CUES.items()}
FOLDED_LEXICON = {name: re.compile(pattern.pattern) for name, pattern in LEXICON.items()}
ANY_CUE, ANY_LEXICON = any_of(list(FOLDED_CUES.values())), any_of(list(FOLDED_LEXICON.values()))


def stems(text: str) -> list[str]:
    return [w[:STEM] for w in WORD.findall(text.lower().replace("\u2019", "'"))]


def feature_names(text: str) -> set[str]:
    """A passage's features: its stems, its stem bigrams, `cue:NAME` for each cue pattern it matches, and
    `lex:GROUP:N` when it holds at least N (1 to 3) words of a LEXICON group."""
    text = text.lower()
    found = stems(text)
    names = {*found, *(f"{a} {b}" for a, b in zip(found, found[1:]))}
    if ANY_CUE.search(text):
        names.update(f"cue:{cue}" for cue, pattern in FOLDED_CUES.items() if pattern.search(text))
    for group, pattern in FOLDED_LEXICON.items() if ANY_LEXICON.search(text) else ():
        found_in_group = len(pattern.findall(text))
        names.update(f"lex:{group}:{n}" for n in (1, 2, 3) if found_in_group >= n)
    return names


@dataclass
class PassageScores:
    """Calibrated probabilities per head, one row per passage (columns in HEADS order)."""

    probabilities: np.ndarray
    background_rate: np.ndarray  # per head, as PassageRater.background_rate

    def head(self, name: str) -> np.ndarray:
        return self.probabilities[:, HEADS.index(name)]

    def false_alarm_rate(self, name: str) -> float:
        """The share of an ordinary novel's windows that reach 0.5 on this head (out-of-fold, in training)."""
        return float(self.background_rate[HEADS.index(name)])

    def levels(self) -> list[str]:
        """Each passage's level: the highest whose probability reaches one half."""
        ladder = self.probabilities[:, : len(LEVEL_HEADS)] >= 0.5
        return [LEVELS[int(np.cumprod(row).sum())] for row in ladder]


@dataclass
class PassageRater:
    index: dict[str, int]  # feature name -> column
    weights: np.ndarray  # features x heads
    bias: np.ndarray  # heads
    platt: np.ndarray  # heads x 2: calibrated p = sigmoid(a * score + b)
    background_rate: np.ndarray  # heads: share of ordinary novels' windows (out-of-fold) reaching 0.5

    def scores(self, texts: list[str]) -> np.ndarray:
        """Raw logistic scores, passages x heads."""
        result = np.tile(self.bias, (len(texts), 1))
        for row, text in enumerate(texts):
            columns = [self.index[f] for f in feature_names(text) if f in self.index]
            if columns:
                result[row] += self.weights[columns].sum(axis=0)
        return result

    def rate(self, texts: list[str]) -> PassageScores:
        raw = self.scores(texts)
        probabilities = 1 / (1 + np.exp(-(self.platt[:, 0] * raw + self.platt[:, 1])))
        levels = len(LEVEL_HEADS)  # a passage is no likelier explicit than mature, nor mature than mild
        probabilities[:, :levels] = np.minimum.accumulate(probabilities[:, :levels], axis=1)
        return PassageScores(probabilities, self.background_rate)

    def to_json(self) -> dict:
        return {
            "heads": HEADS,
            "cues": sorted(CUES),
            "lexicon": sorted(LEXICON),
            "features": sorted(self.index, key=self.index.get),
            "weights": np.round(self.weights, 5).tolist(),
            "bias": np.round(self.bias, 5).tolist(),
            "platt": np.round(self.platt, 5).tolist(),
            "background_rate": np.round(self.background_rate, 5).tolist(),
        }


def parse_rater(data: dict, path: Path) -> PassageRater:
    if data.get("heads") != HEADS or data.get("cues") != sorted(CUES) or data.get("lexicon") != sorted(LEXICON):
        raise ModelError(
            f"the passage rater at {path} was trained for other heads, cue patterns or word groups than this "
            f"ficlens computes: retrain it ({TRAINER}) or reinstall ficlens"
        )
    weights = np.asarray(data["weights"], dtype=float)
    if weights.shape != (len(data["features"]), len(HEADS)):
        raise ModelError(f"the passage rater at {path} is damaged (weights of shape {weights.shape}); reinstall it")
    index = {name: i for i, name in enumerate(data["features"])}
    return PassageRater(
        index,
        weights,
        np.asarray(data["bias"], float),
        np.asarray(data["platt"], float),
        np.asarray(data["background_rate"], float),
    )


@cache
def load_rater(path: Path = PASSAGE_RATER) -> PassageRater:
    if not path.is_file():
        raise ModelError(f"the passage rater is missing at {path}; reinstall ficlens or rebuild it with {TRAINER}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ModelError(f"the passage rater at {path} is damaged ({error}); reinstall ficlens") from None
    return parse_rater(data, path)
