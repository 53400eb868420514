"""Typed, explicit analysis options; unknown keys are rejected."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ficlens.canon import Canon
from ficlens.model import DEFAULT_PROFILE, Gender, Profile

DEFAULT_MAX_CHARS = 20_000_000
DEFAULT_MAX_WORDS = 200_000  # about a minute of analysis on one core (BENCHMARKS.md, "Long works")
DEFAULT_MIN_TAG_SCORE = 0.5  # reports show suggested tags scoring at least this; the JSON keeps every one
ANALYSIS_WORDS_PER_SECOND = 3_500  # the slower of the measured rates (BENCHMARKS.md, "Long works"), for estimates


class GivenCharacter(BaseModel):
    """A character supplied by the caller (e.g. a gold list for evaluation, or a canon file)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    aliases: list[str] = Field(default_factory=list)
    gender: Gender = "unknown"
    id: str | None = None


class AnalysisOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    characters: list[GivenCharacter] | None = Field(
        None, description="Use these characters instead of finding them in the text"
    )
    rules_only: bool = Field(
        False, description="Attribute speakers by the rules alone (the rules pipeline) when no stages are given"
    )
    profile: Profile = Field(
        DEFAULT_PROFILE, description="accurate: the full pipeline; fast: smaller parser and NER heads (BENCHMARKS.md)"
    )
    canon: Canon | None = Field(None, description="A canon file's characters: canonical names for the tags")
    max_chars: int = Field(DEFAULT_MAX_CHARS, gt=0, description="Refuse story texts longer than this")
    max_words: int = Field(
        DEFAULT_MAX_WORDS, gt=0, description="Refuse works longer than this before analysis starts (the time budget)"
    )
    stage_settings: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Typed settings per stage, e.g. {'speaker_ranking': {'model': 'ranker.txt'}}; checked by the stage",
    )
