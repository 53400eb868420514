"""The coreference links join the mention layer, replacing the rule attributor's guesses for the same pronouns
(the `he` of `he said`). A stage of its own because the speaker ranker reads the mentions without them."""

from __future__ import annotations

from collections import Counter, defaultdict

from ficlens.features.coreference import pronoun_links
from ficlens.lexicon import MALE_PRONOUNS
from ficlens.model import Mention, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings


def merge_links(work: Work, links: list[Mention]) -> None:
    """Add pronoun links to work.mentions; they replace the rule attributor's guesses for the same pronouns
    (the `he` of `he said`)."""
    starts = {m.start for m in links}
    work.mentions = [m for m in work.mentions if not (m.kind == "pronoun" and m.start in starts)] + links


def genders_from_links(work: Work, links: list[Mention], minimum: int = 2, agreement: float = 0.75) -> None:
    """A character still of unknown gender takes the gender of the narration pronouns linked to it (at least
    `minimum` of them, `agreement` of them one gender): `Captain Idris Haddad ... he`."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for link in links:
        word = work.text[link.start : link.end].lower()
        votes[link.character]["male" if word in MALE_PRONOUNS else "female"] += 1
    for character in work.characters:
        tally = votes.get(character.id)
        if character.gender == "unknown" and tally and sum(tally.values()) >= minimum:
            gender, count = tally.most_common(1)[0]
            if count / sum(tally.values()) >= agreement:
                character.gender = gender


def add_pronoun_mentions(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    links = pronoun_links(work)
    merge_links(work, links)
    work.mentions.sort(key=lambda m: m.start)
    genders_from_links(work, links)


STAGE = Stage(
    "pronoun_mentions",
    reads=("text", "characters", "mentions", "pronoun_links"),
    writes=("mentions", "characters.gender"),
    run=add_pronoun_mentions,
    description="coreference links added to the mentions; genders they show",
)
