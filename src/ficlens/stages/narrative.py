"""Narrative person, tense of the narration, and the point-of-view character."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from ficlens.lexicon import FEMALE_PRONOUNS, FIRST_PERSON, MALE_PRONOUNS, SECOND_PERSON, THIRD_PERSON
from ficlens.model import Narrative, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.tokens import docs_of

PERCEPTION_VERBS = frozenset(
    f
    for stem in (
        "see hear feel think know wonder suppose want wish remember realize realise notice "
        "watch decide hope need believe understand imagine fear doubt recognize recognise smell taste"
    ).split()
    for f in (stem, stem + "s", stem + "d", stem + "ed", stem + "es")
) | {"saw", "felt", "thought", "knew", "heard", "understood", "can", "could"}
PAST_TAGS = {"VBD"}
PRESENT_TAGS = {"VBZ", "VBP"}
FIRST_PERSON_SHARE = 0.3


class QuoteIndex:
    """Is a character offset inside quoted speech?"""

    def __init__(self, work: Work):
        parts = sorted((p.start, p.end) for q in work.quotes for p in q.parts)
        self.starts = [s for s, _ in parts]
        self.ends = [e for _, e in parts]

    def __contains__(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def describe_narrative(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    inside = QuoteIndex(work)
    pronouns: Counter[str] = Counter()
    tenses: Counter[str] = Counter()
    perceivers: Counter[str] = Counter()
    for paragraph, doc in zip(work.paragraphs, docs_of(work)):
        for token in doc:
            if paragraph.start + token.idx in inside:
                continue
            lower = token.lower_
            if lower in FIRST_PERSON:
                pronouns["first"] += 1
            elif lower in SECOND_PERSON:
                pronouns["second"] += 1
            elif lower in THIRD_PERSON:
                pronouns["third"] += 1
            if token.tag_ in PAST_TAGS:
                tenses["past"] += 1
            elif token.tag_ in PRESENT_TAGS:
                tenses["present"] += 1
            if token.dep_ == "nsubj" and token.head.lower_ in PERCEPTION_VERBS:
                perceivers[lower if lower in MALE_PRONOUNS | FEMALE_PRONOUNS | FIRST_PERSON else token.text] += 1
    narrative = Narrative()
    total = sum(pronouns.values())
    if total:
        if pronouns["first"] >= FIRST_PERSON_SHARE * total:
            narrative.person = "first"
        elif pronouns["second"] > pronouns["third"]:
            narrative.person = "second"
        else:
            narrative.person = "third"
    verbs = sum(tenses.values())
    if verbs:
        narrative.tense_shares = {t: round(tenses[t] / verbs, 3) for t in ("present", "past")}
        narrative.tense = "present" if tenses["present"] > tenses["past"] else "past"
    if narrative.person == "third":
        narrative.pov = point_of_view(work, perceivers)
    work.narrative = narrative


def point_of_view(work: Work, perceivers: Counter[str]) -> str | None:
    """The character who most often sees, feels and thinks in the narration (pronouns go to the
    most prominent present character of that gender)."""
    prominence = sorted(work.characters, key=lambda c: (c.presence != "present", -(c.quote_count + c.mention_count)))
    by_gender = {}
    for character in prominence:
        by_gender.setdefault(character.gender, character.id)
    aliases = {a: c.id for c in work.characters for a in {c.name, *c.aliases}}
    votes: Counter[str] = Counter()
    for word, count in perceivers.items():
        if word in MALE_PRONOUNS:
            cid = by_gender.get("male")
        elif word in FEMALE_PRONOUNS:
            cid = by_gender.get("female")
        else:
            cid = aliases.get(word)
        if cid:
            votes[cid] += count
    if not votes:
        return None
    cid, count = votes.most_common(1)[0]
    return cid if count >= 0.5 * sum(votes.values()) else None


STAGE = Stage(
    "narrative", reads=("paragraphs", "quotes", "characters", "docs"), writes=("narrative",), run=describe_narrative,
    description="narrative person, tense and point of view",
)  # fmt: skip
