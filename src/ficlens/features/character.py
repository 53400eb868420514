"""Is a name cluster a character? The evidence the characters stage gathers for each alias cluster (how the NER and
the syntax saw its names, how the text uses them) as one feature row, and the learned filter that reads it:
a logistic regression fitted on the PDNC novels (training/characters/character_filter.py)."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ficlens.errors import ModelError
from ficlens.model import Mention
from ficlens.model_files import NAME_GENDERS

CHARACTER_FEATURES = (
    "bias", "log(1 + NER person votes)", "log(1 + NER other votes)", "log(1 + speech-tag votes)",
    "log(1 + vocative votes)", "log(1 + argument votes)", "log(1 + mentions)", "share of mentions in quotations",
    "share after a place preposition", "share after 'the'", "share possessive", "log(1 + pronoun votes)",
    "has a title", "words in the name", "one word in the fiction vocabulary", "one word ending in s",
    "a role noun (the waiter)", "starts with a given name", "log(words in the text / 1000)",
    "mentions / the most mentions of any candidate", "several words, the last a common word",
    "several words, the first (not a title) a common word",
)  # fmt: skip
# `in Florence`, `from Georgetown`: what precedes places far more often than people
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "into", "near", "towards", "toward", "through", "across",
                                "around", "outside", "inside", "within", "via", "beyond"})  # fmt: skip
MIN_WORDS = 300  # shorter stories read as this long: the filter was trained on 500 words and up
WORD_BEFORE = re.compile(r"(\w+)\W*$")


@dataclass
class NameVotes:
    """How often the NER and the syntax saw a name as a person (or as something else)."""

    person: int = 0
    other: int = 0
    speech: int = 0  # next to a speech verb (`said Nora`)
    vocative: int = 0  # `, Nora,`
    argument: int = 0  # a proper noun as a verb's subject or object

    def add(self, other: NameVotes) -> None:
        for field in ("person", "other", "speech", "vocative", "argument"):
            setattr(self, field, getattr(self, field) + getattr(other, field))


@dataclass
class ClusterEvidence:
    names: list[str]
    votes: NameVotes
    mentions: list[Mention]
    pronoun_votes: float
    titled: bool
    common_word: bool  # a one-word name whose lower-case form is a common word of fiction
    nominal: bool
    given_name: bool  # the first word is a given name of the census lists (models/name_genders.tsv)
    text_words: int  # the story's length, so counts read the same in a drabble and a novel
    top_mentions: int  # the mentions of the most mentioned candidate
    last_word_common: bool  # `Greyhallow Keep`, `Gilded Heron`: a multi-word name ending in a common word
    first_word_common: bool  # `Port Ashgrove`, `Black Comet`

    def features(self, text: str) -> list[float]:
        n = len(self.mentions)
        before = [WORD_BEFORE.search(text[max(0, m.start - 24) : m.start]) for m in self.mentions]
        words_before = [b.group(1).lower() for b in before if b]
        possessive = sum(text[m.end : m.end + 2] in ("'s", "\u2019s") for m in self.mentions)
        one_word = all(" " not in name for name in self.names)
        return [
            1.0,
            math.log1p(self.votes.person),
            math.log1p(self.votes.other),
            math.log1p(self.votes.speech),
            math.log1p(self.votes.vocative),
            math.log1p(self.votes.argument),
            math.log1p(n),
            sum(m.in_quote for m in self.mentions) / n if n else 0.0,
            sum(w in PLACE_PREPOSITIONS for w in words_before) / n if n else 0.0,
            sum(w == "the" for w in words_before) / n if n else 0.0,
            possessive / n if n else 0.0,
            math.log1p(self.pronoun_votes),
            float(self.titled),
            float(max(len(name.split()) for name in self.names)),
            float(one_word and self.common_word),
            float(one_word and all(name.endswith("s") for name in self.names)),
            float(self.nominal),
            float(self.given_name),
            math.log(max(MIN_WORDS, self.text_words) / 1000),
            n / max(1, self.top_mentions),
            float(self.last_word_common),
            float(self.first_word_common),
        ]


@dataclass(frozen=True)
class CharacterFilter:
    weights: tuple[float, ...]
    threshold: float

    def probability(self, row: list[float]) -> float:
        z = sum(w * x for w, x in zip(self.weights, row))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=4)
def load_character_filter(path: Path) -> CharacterFilter:
    trainer = "python -m training.characters.character_filter"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights, threshold, names = tuple(map(float, data["weights"])), float(data["threshold"]), data["features"]
    except FileNotFoundError:
        raise ModelError(
            f"the character filter is missing at {path}; reinstall ficlens or rebuild it ({trainer})"
        ) from None
    except (ValueError, KeyError, TypeError) as error:
        raise ModelError(f"the character filter at {path} is damaged ({error}); reinstall ficlens") from None
    if list(names) != list(CHARACTER_FEATURES):
        raise ModelError(f"the character filter at {path} reads other features than this ficlens: retrain ({trainer})")
    return CharacterFilter(weights, threshold)


def gender_vote_total(votes: Counter[str] | None) -> float:
    return float(sum(votes.values())) if votes else 0.0


@lru_cache(maxsize=1)
def given_name_genders() -> dict[str, str]:
    """Given name -> male, female or unknown (models/name_genders.tsv, training/characters/name_genders.py)."""
    try:
        lines = NAME_GENDERS.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ModelError(f"the given-name table is missing at {NAME_GENDERS} ({error}); reinstall ficlens") from None
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))
