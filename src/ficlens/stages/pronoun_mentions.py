"""The coreference links join the mention layer, replacing the rule attributor's guesses for the same pronouns
(the `he` of `he said`). A stage of its own because the speaker ranker reads the mentions without them."""

from __future__ import annotations

from ficlens.features.coreference import pronoun_links
from ficlens.model import Mention, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings


def merge_links(work: Work, links: list[Mention]) -> None:
    """Add pronoun links to work.mentions; they replace the rule attributor's guesses for the same pronouns
    (the `he` of `he said`)."""
    starts = {m.start for m in links}
    work.mentions = [m for m in work.mentions if not (m.kind == "pronoun" and m.start in starts)] + links


def add_pronoun_mentions(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    merge_links(work, pronoun_links(work))
    work.mentions.sort(key=lambda m: m.start)


STAGE = Stage(
    "pronoun_mentions",
    reads=("mentions", "pronoun_links"),
    writes=("mentions",),
    run=add_pronoun_mentions,
    description="coreference links added to the mentions",
)
