"""Rating and archive warnings from what the passages describe (ficlens.tags.passage_model), by AO3's definitions:
Explicit for sex or violence depicted graphically, Mature for adult themes not shown graphically (sex referenced,
strong violence, heavy language), Teen for mild violence, language or references, General otherwise.

The rule, for a work of N passages: a level (or warning) holds when at least max(1, ceil(SHARE * N)) passages reach
it with calibrated probability >= 0.5 and the strongest reaches CONFIDENT. One explicit passage makes a short work
Explicit (AO3 rates by the most explicit content, however brief); in a long work a real scene spans several
passages, so the count grows with length and one stray passage of a novel does not rate it. Teen needs a larger
share: a single rude word is not what AO3's Teen rating is about. Chosen from AO3's definitions and the training
passages, never fitted to the novels we report on."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ficlens.model import Span, TagSuggestion, Work
from ficlens.tags.passage_model import PassageScores, load_rater
from ficlens.tags.passages import Passage, passages

RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]
NO_WARNINGS = "No Archive Warnings Apply"
HALF = 0.5


@dataclass(frozen=True)
class Rule:
    tag: str
    head: str  # a passage_model head
    share: float  # of the work's passages that must reach the head
    confident: float  # the strongest passage must reach this


LEVEL_RULES = [  # most explicit first
    Rule("Explicit", "explicit", 0.002, 0.9),
    Rule("Mature", "at_least_mature", 0.002, 0.7),
    Rule("Teen And Up Audiences", "at_least_mild", 0.005, 0.6),
]
WARNING_RULES = [
    Rule("Graphic Depictions Of Violence", "graphic_violence", 0.002, 0.5),
    Rule("Major Character Death", "major_character_death", 0.002, 0.5),
    Rule("Rape/Non-Con", "noncon", 0.002, 0.5),
    Rule("Underage Sex", "underage", 0.002, 0.5),
]
MAX_EVIDENCE = 3
FALSE_ALARM_MARGIN = 3  # a share must be this many times the rate at which ordinary novels' windows reach the head


@dataclass
class RatedPassages:
    passages: list[Passage]
    scores: PassageScores


def rate_passages(work: Work) -> RatedPassages:
    found = passages(work)
    return RatedPassages(found, load_rater().rate([p.text for p in found]))


def needed(rule: Rule, count: int, false_alarms: float) -> int:
    return max(1, math.ceil(max(rule.share, FALSE_ALARM_MARGIN * false_alarms) * count))


def holds(rule: Rule, probabilities: np.ndarray, false_alarms: float) -> tuple[bool, float]:
    """Whether the rule holds, and its score: the probability of the weakest of the passages it needs."""
    if not len(probabilities):
        return False, 0.0
    need = needed(rule, len(probabilities), false_alarms)
    ranked = np.sort(probabilities)[::-1]
    weakest = float(ranked[need - 1]) if need <= len(ranked) else 0.0
    return weakest >= HALF and ranked[0] >= rule.confident, weakest


def evidence(rated: RatedPassages, probabilities: np.ndarray) -> list[Span]:
    order = [int(i) for i in np.argsort(-probabilities, kind="stable") if probabilities[i] >= HALF]
    return [Span(start=rated.passages[i].start, end=rated.passages[i].end) for i in order[:MAX_EVIDENCE]]


def describe(rule: Rule, probabilities: np.ndarray) -> str:
    reached = int((probabilities >= HALF).sum())
    what = rule.head.replace("at_least_", "").replace("_", " ")
    return f"{reached} of {len(probabilities)} passages {what} (strongest {probabilities.max():.2f})"


def suggest_rating(rated: RatedPassages) -> TagSuggestion:
    for rule in LEVEL_RULES:
        probabilities = rated.scores.head(rule.head)
        reached, score = holds(rule, probabilities, rated.scores.false_alarm_rate(rule.head))
        if reached:
            return TagSuggestion(
                tag=rule.tag,
                score=round(score, 2),
                evidence=evidence(rated, probabilities),
                note=describe(rule, probabilities),
            )
    teen_rule = LEVEL_RULES[-1]
    _, teen = holds(teen_rule, rated.scores.head(teen_rule.head), rated.scores.false_alarm_rate(teen_rule.head))
    return TagSuggestion(
        tag="General Audiences", score=round(1 - teen, 2), note="no passage with language, sex or violence"
    )


def suggest_warnings(rated: RatedPassages, work: Work) -> list[TagSuggestion]:
    warnings, strongest = [], 0.0
    for rule in WARNING_RULES:
        probabilities = rated.scores.head(rule.head)
        if rule.head == "major_character_death":  # a death counts where a major character is named
            probabilities = np.where(naming_major_characters(rated.passages, work), probabilities, 0.0)
        reached, score = holds(rule, probabilities, rated.scores.false_alarm_rate(rule.head))
        strongest = max(strongest, score)
        if reached:
            warnings.append(
                TagSuggestion(
                    tag=rule.tag,
                    score=round(score, 2),
                    evidence=evidence(rated, probabilities),
                    note=describe(rule, probabilities),
                )
            )
    if not warnings:
        warnings.append(TagSuggestion(tag=NO_WARNINGS, score=round(1 - strongest, 2)))
    return warnings


def naming_major_characters(found: list[Passage], work: Work) -> np.ndarray:
    """Per passage, whether it names a character who speaks or is often mentioned (`Mira died`, not `the war
    dead`)."""
    major = {c.id for c in work.characters if c.quote_count >= 3 or c.mention_count >= 5}
    starts = np.array(sorted(m.start for m in work.mentions if m.character in major and m.kind == "name"))
    if not len(starts):
        return np.zeros(len(found), dtype=bool)
    first = np.searchsorted(starts, [p.start for p in found])
    return np.array([i < len(starts) and starts[i] < p.end for i, p in zip(first, found)], dtype=bool)
