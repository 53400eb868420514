"""Pronoun coreference: each third-person singular pronoun of the narration (`he`, `her`, `himself`...) is
linked to a character by a LightGBM mention-ranking model over the characters mentioned in the sentences
before it. Gender is a feature, not a rule. Two passes: the first links pronouns to named mentions only, the
second also to the pronouns the first pass linked (a chain of `he ... he ... he` after one name).

The same `antecedent_features` serve training on LitBank's coreference (`training/coreference.py`) and analysis.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ficlens.model import Mention, Work
from ficlens.stages.booster import load_booster

COREFERENCE_PATH = Path(__file__).resolve().parents[1] / "models" / "pronoun_coreference.txt"
PRONOUN_GENDER = {w: "male" for w in ("he", "him", "his", "himself")} | {
    w: "female" for w in ("she", "her", "hers", "herself")
}
PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.I)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
SENTENCES_BACK = 5  # antecedents are looked for in the pronoun's sentence and the five before
MAX_SITES = 40
MIN_PROBABILITY = 0.3  # below this the pronoun stays unlinked
FAR = 99
COREFERENCE_FEATURES = [
    "gender_agreement", "sentences_since", "characters_since", "mentions_between", "recency_rank",
    "agreeing_recency_rank", "last_is_subject", "last_is_name", "mentions_in_window", "names_in_window",
    "subject_mentions_in_window", "pronoun_is_subject", "pronoun_is_possessive", "pronoun_is_reflexive",
    "same_sentence", "last_in_quote", "entities", "agreeing_entities", "salience_rank", "first_in_window",
]  # fmt: skip


@dataclass(frozen=True)
class Site:
    """A mention that can be an antecedent: a name, or a pronoun already linked."""

    start: int
    entity: str
    kind: str  # "name" or "pronoun"
    sentence: int
    subject: bool
    in_quote: bool


@dataclass(frozen=True)
class PronounSite:
    start: int
    end: int
    word: str
    sentence: int
    subject: bool


def antecedent_features(
    pronoun: PronounSite, sites: list[Site], genders: dict[str, str], salience: dict[str, int]
) -> tuple[list[str], list[list[float]]]:
    """Candidate entities (most recent first) and one feature row each; `sites` are the window's mentions
    before the pronoun, in text order."""
    gender = PRONOUN_GENDER[pronoun.word.lower()]
    last: dict[str, int] = {}
    counts: dict[str, list[int]] = {}  # entity -> [mentions, names, subjects]
    for i, site in enumerate(sites):
        last[site.entity] = i
        tally = counts.setdefault(site.entity, [0, 0, 0])
        tally[0] += 1
        tally[1] += site.kind == "name"
        tally[2] += site.subject
    entities = sorted(last, key=lambda e: -last[e])
    agreeing = [e for e in entities if genders.get(e, "unknown") == gender]
    first = sites[0].entity if sites else None
    word = pronoun.word.lower()
    rows = []
    for entity in entities:
        site = sites[last[entity]]
        known = genders.get(entity, "unknown")
        rows.append([
            0 if known == "unknown" else (1 if known == gender else -1),
            pronoun.sentence - site.sentence,
            min(pronoun.start - site.start, 10_000),
            len(sites) - 1 - last[entity],
            entities.index(entity),
            agreeing.index(entity) if entity in agreeing else FAR,
            site.subject,
            site.kind == "name",
            *counts[entity],
            pronoun.subject,
            word in ("his", "hers") or (word == "her" and not pronoun.subject),
            word.endswith("self"),
            site.sentence == pronoun.sentence,
            site.in_quote,
            len(entities),
            len(agreeing),
            salience.get(entity, 999),
            entity == first,
        ])  # fmt: skip
    return entities, [[float(v) for v in row] for row in rows]


def window(sites: list[Site], starts: list[int], pronoun: PronounSite) -> list[Site]:
    """The sites before the pronoun within SENTENCES_BACK sentences (at most MAX_SITES)."""
    end = bisect_left(starts, pronoun.start)
    begin = end
    while begin > 0 and sites[begin - 1].sentence >= pronoun.sentence - SENTENCES_BACK:
        begin -= 1
    return sites[max(begin, end - MAX_SITES) : end]


@lru_cache(maxsize=4)
def load_coreference_model(path: Path = COREFERENCE_PATH):
    return load_booster(path, "coreference model", len(COREFERENCE_FEATURES), "training/coreference.py")


def is_subject(work: Work, paragraph: int, start: int, end: int) -> bool:
    """Whether the words at [start, end) head a grammatical subject in the paragraph's parse."""
    if not 0 <= paragraph < len(work._docs):
        return False
    offset = work.paragraphs[paragraph].start
    span = work._docs[paragraph].char_span(start - offset, end - offset, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.dep_ in SUBJECT_DEPS


def resolve_pronouns(work: Work, model) -> list[Mention]:
    """Pronoun mentions of the narration linked to characters (kind "pronoun"); unlinked pronouns are left out."""
    import numpy

    sentence_starts = [s.start for s in work.sentences]
    paragraph_starts = [p.start for p in work.paragraphs]

    def sentence_of(position: int) -> int:
        return bisect_right(sentence_starts, position) - 1

    def paragraph_of(position: int) -> int:
        return bisect_right(paragraph_starts, position) - 1

    quote_spans = sorted((p.start, p.end) for q in work.quotes for p in q.parts)
    quote_starts = [s for s, _ in quote_spans]

    def quoted(position: int) -> bool:
        i = bisect_right(quote_starts, position) - 1
        return i >= 0 and position < quote_spans[i][1]

    names = [
        Site(m.start, m.character, "name", sentence_of(m.start),
             is_subject(work, paragraph_of(m.start), m.start, m.end), m.in_quote)
        for m in sorted(work.mentions, key=lambda m: m.start)
        if m.kind == "name" and m.character
    ]  # fmt: skip
    pronouns = [
        PronounSite(m.start(), m.end(), m.group(0), sentence_of(m.start()),
                    is_subject(work, paragraph_of(m.start()), m.start(), m.end()))
        for m in PRONOUN.finditer(work.text)
        if not quoted(m.start())
    ]  # fmt: skip
    genders = {c.id: c.gender for c in work.characters}
    salience = {c: i for i, (c, _) in enumerate(Counter(s.entity for s in names).most_common())}
    links: dict[int, str] = {}
    for _ in range(2):
        sites = sorted(
            names + [Site(p.start, links[p.start], "pronoun", p.sentence, p.subject, False) for p in pronouns
                     if p.start in links],
            key=lambda s: s.start,
        )  # fmt: skip
        starts = [s.start for s in sites]
        batch = [(p, *antecedent_features(p, window(sites, starts, p), genders, salience)) for p in pronouns]
        rows = [row for _, _, candidate_rows in batch for row in candidate_rows]
        scores = model.predict(numpy.asarray(rows, dtype=numpy.float32)) if rows else []
        links, at = {}, 0
        for pronoun, entities, candidate_rows in batch:
            chunk = scores[at : at + len(candidate_rows)]
            at += len(candidate_rows)
            if entities and chunk.max() >= MIN_PROBABILITY:
                links[pronoun.start] = entities[int(chunk.argmax())]
    return [
        Mention(start=p.start, end=p.end, character=links[p.start], kind="pronoun")
        for p in pronouns
        if p.start in links
    ]


def merge_links(work: Work, links: list[Mention]) -> None:
    """Add pronoun links to work.mentions; they replace the rule attributor's guesses for the same pronouns
    (the `he` of `he said`)."""
    starts = {m.start for m in links}
    work.mentions = [m for m in work.mentions if not (m.kind == "pronoun" and m.start in starts)] + links
