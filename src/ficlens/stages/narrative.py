"""Narrative person, tense of the narration, and the point-of-view character."""

from __future__ import annotations

from collections import Counter

import numpy
from spacy.attrs import DEP, HEAD, IDX, LOWER, TAG

from ficlens.lexicon import FEMALE_PRONOUNS, FIRST_PERSON, MALE_PRONOUNS, SECOND_PERSON, THIRD_PERSON
from ficlens.model import Narrative, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.tokens import docs_of, string_ids

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


FIRST, SECOND, THIRD = string_ids(FIRST_PERSON), string_ids(SECOND_PERSON), string_ids(THIRD_PERSON)
PAST, PRESENT, PERCEPTION = string_ids(PAST_TAGS), string_ids(PRESENT_TAGS), string_ids(PERCEPTION_VERBS)
NSUBJ = string_ids(["nsubj"])[0]


def inside_quotes(offsets: numpy.ndarray, parts: numpy.ndarray) -> numpy.ndarray:
    """For each character offset, whether it lies inside one of the sorted (start, end) quote parts."""
    if not len(parts):
        return numpy.zeros(len(offsets), dtype=bool)
    i = numpy.searchsorted(parts[:, 0], offsets, side="right") - 1
    return (i >= 0) & (offsets < parts[numpy.maximum(i, 0), 1])


def describe_narrative(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    quote_parts = numpy.array(sorted((p.start, p.end) for q in work.quotes for p in q.parts), dtype=numpy.int64)
    pronouns: Counter[str] = Counter()
    tenses: Counter[str] = Counter()
    perceivers: Counter[str] = Counter()
    for paragraph, doc in zip(work.paragraphs, docs_of(work)):
        if not len(doc):
            continue
        idx, lower, tag, dep, head = doc.to_array([IDX, LOWER, TAG, DEP, HEAD]).T
        narration = ~inside_quotes(paragraph.start + idx.astype(numpy.int64), quote_parts)
        pronouns["first"] += int(numpy.count_nonzero(narration & numpy.isin(lower, FIRST)))
        pronouns["second"] += int(numpy.count_nonzero(narration & numpy.isin(lower, SECOND)))
        pronouns["third"] += int(numpy.count_nonzero(narration & numpy.isin(lower, THIRD)))
        tenses["past"] += int(numpy.count_nonzero(narration & numpy.isin(tag, PAST)))
        tenses["present"] += int(numpy.count_nonzero(narration & numpy.isin(tag, PRESENT)))
        heads = numpy.arange(len(doc)) + head.astype(numpy.int64)  # HEAD is stored as an offset
        subjects = narration & (dep == NSUBJ) & numpy.isin(lower[heads], PERCEPTION)
        for i in numpy.flatnonzero(subjects):
            token = doc[int(i)]
            perceivers[
                token.lower_ if token.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS | FIRST_PERSON else token.text
            ] += 1
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
