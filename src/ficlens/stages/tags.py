"""Suggested tags (ficlens.tags): characters, relationships, categories, rating, warnings and setting, with
evidence, and where they disagree with the author's tags; a canon file's names where given."""

from __future__ import annotations

from ficlens.model import Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.tags import suggest_tags


def tag_work(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    suggest_tags(work, options.canon)


STAGE = Stage(
    "tags",
    reads=("text", "metadata", "paragraphs", "sentences", "quotes", "characters", "mentions"),
    writes=("suggested_tags", "characters.gender"),
    run=tag_work,
    description="suggested tags with evidence",
)
