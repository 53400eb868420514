"""Pronoun-coreference features: for a third-person singular pronoun of the narration, the characters mentioned
in the sentences before it and one row each. Read by the coreference stage and training/coreference/coreference.py.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ficlens.model import Mention, Work

PRONOUN_GENDER = {w: "male" for w in ("he", "him", "his", "himself")} | {
    w: "female" for w in ("she", "her", "hers", "herself")
}
PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.I)
SENTENCES_BACK = 5  # antecedents are looked for in the pronoun's sentence and the five before
MAX_SITES = 40
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


def pronoun_links(work: Work) -> list[Mention]:
    """The coreference stage's links for an analysed Work (it must have run in this process)."""
    return work.get_transient("pronoun_links")
