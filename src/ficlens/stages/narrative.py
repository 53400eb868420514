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
    docs = docs_of(work)
    pieces = [(i, doc.to_array([IDX, LOWER, TAG, DEP, HEAD])) for i, doc in enumerate(docs) if len(doc)]
    if not pieces:
        work.narrative = Narrative()
        return
    # every token of the book in one array (one numpy pass, not one per paragraph)
    idx, lower, tag, dep, head = numpy.concatenate([array for _, array in pieces]).T
    sizes = numpy.array([len(array) for _, array in pieces])
    first_token = numpy.repeat(numpy.cumsum(sizes) - sizes, sizes)
    paragraph = numpy.repeat([i for i, _ in pieces], sizes)
    paragraph_starts = numpy.array([p.start for p in work.paragraphs], dtype=numpy.int64)
    narration = ~inside_quotes(paragraph_starts[paragraph] + idx.astype(numpy.int64), quote_parts)

    def count(found: numpy.ndarray) -> int:
        return int(numpy.count_nonzero(narration & found))

    pronouns = {"first": count(numpy.isin(lower, FIRST)), "second": count(numpy.isin(lower, SECOND)),
                "third": count(numpy.isin(lower, THIRD))}  # fmt: skip
    tenses = {"past": count(numpy.isin(tag, PAST)), "present": count(numpy.isin(tag, PRESENT))}
    heads = numpy.arange(len(lower)) + head.astype(numpy.int64)  # HEAD is stored as an offset within the Doc
    perceivers: Counter[str] = Counter()
    for i in numpy.flatnonzero(narration & (dep == NSUBJ) & numpy.isin(lower[heads], PERCEPTION)):
        token = docs[int(paragraph[i])][int(i - first_token[i])]
        pronoun = token.lower_ in MALE_PRONOUNS | FEMALE_PRONOUNS | FIRST_PERSON
        perceivers[token.lower_ if pronoun else token.text] += 1
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
