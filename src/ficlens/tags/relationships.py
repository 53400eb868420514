"""Relationships: `A/B` from romantic or sexual cues shared by two characters, `A & B` from many exchanges
without them; categories (F/M, M/M, F/F, Gen, Multi) from the romantic pairs' genders."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from itertools import combinations

from ficlens.model import Character, Span, TagSuggestion, Work
from ficlens.tags.signals import FAMILY, ROMANCE, SentenceText

MIN_ROMANCE = 1.0  # summed cue weight for a `/` relationship
MIN_ONE_SIDED = 0.6  # one declared love for an absent character is enough to report, marked one-sided
MIN_EXCHANGES = 8  # utterances between two characters for a `&` relationship
SAYS_LOVE = re.compile(r"\b(?:(you)|(I))\s+(?:still\s+|really\s+)?love\s+(him|her)\b", re.I)
MAX_EVIDENCE = 3


def family_name(character_name: str) -> str:
    return character_name.split()[-1].lower() if character_name.split() else ""


def relationship_tag(a: str, b: str, symbol: str) -> str:
    """AO3 orders the names by family name: `Lana Lang/Lex Luthor`."""
    first, second = sorted((a, b), key=lambda n: (family_name(n), n.lower()))
    return f"{first}{symbol}{second}"


class PairEvidence:
    def __init__(self) -> None:
        self.weight = 0.0
        self.evidence: list[tuple[float, Span]] = []
        self.one_sided: str | None = None


class MentionsByPosition:
    """Characters mentioned in a span, found by bisection over mention starts."""

    def __init__(self, work: Work, names_only: bool = False):
        found = sorted(
            (m.start, m.character) for m in work.mentions if m.character and (m.kind == "name" or not names_only)
        )
        self.starts = [s for s, _ in found]
        self.characters = [c for _, c in found]

    def within(self, start: int, end: int) -> list[str]:
        return self.characters[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


def involved_pairs(sentence: SentenceText, mentions: MentionsByPosition, recent: list[str]) -> list[tuple[str, str]]:
    """Who a sentence's cues are about: in speech, the speaker with each addressee; in narration, the
    characters named in it and the two most recent speakers when it uses their pronouns."""
    if sentence.quote is not None:
        speaker = sentence.quote.speaker
        return [tuple(sorted((speaker, a))) for a in sentence.quote.addressees if speaker and a != speaker]
    people = mentions.within(sentence.start, sentence.end)
    if re.search(r"\b(he|she|him|her|they)\b", sentence.text, re.I):
        people += recent[-2:]
    people = list(dict.fromkeys(p for p in people if p))[:3]
    return list(combinations(sorted(people), 2))


def collect(work: Work, sentences: list[SentenceText], names: dict[str, str]) -> dict[tuple[str, str], PairEvidence]:
    pairs: dict[tuple[str, str], PairEvidence] = defaultdict(PairEvidence)
    mentions, names_mentioned = MentionsByPosition(work), MentionsByPosition(work, names_only=True)
    recent: list[str] = []
    last_named: list[str] = []
    for sentence in sentences:
        quote = sentence.quote
        if quote is not None and quote.speaker:
            recent = [c for c in recent if c != quote.speaker] + [quote.speaker]
        family = FAMILY.search(sentence.text) is not None
        weight = sum(
            w
            for kind, (pattern, w) in ROMANCE.items()
            if pattern.search(sentence.text) and not (family and kind != "sexual")
        )
        if weight and quote is not None and (said := SAYS_LOVE.search(sentence.text)):
            lover = quote.addressees[0] if said.group(1) and quote.addressees else quote.speaker
            beloved = next((c for c in reversed(last_named) if c not in (quote.speaker, *quote.addressees)), None)
            if lover and beloved:
                key = tuple(sorted((lover, beloved)))
                pairs[key].weight += weight
                pairs[key].evidence.append((weight, Span(start=sentence.start, end=sentence.end)))
                pairs[key].one_sided = f"one-sided: {names[lover]}'s love for {names[beloved]}"
                weight = 0.0  # the declaration is about the third person, not the one addressed
        for a, b in involved_pairs(sentence, mentions, recent) if weight else []:
            pairs[a, b].weight += weight
            pairs[a, b].evidence.append((weight, Span(start=sentence.start, end=sentence.end)))
        last_named = (last_named + names_mentioned.within(sentence.start, sentence.end))[-50:]
    return pairs


def exchanges(work: Work) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for quote in work.quotes:
        for addressee in quote.addressees:
            if quote.speaker and addressee != quote.speaker:
                counts[tuple(sorted((quote.speaker, addressee)))] += 1
    return counts


def suggest_relationships(work: Work, sentences: list[SentenceText], names: dict[str, str]) -> list[TagSuggestion]:
    pairs = collect(work, sentences, names)
    suggestions = []
    romantic = set()
    for (a, b), found in pairs.items():
        if found.weight < (MIN_ONE_SIDED if found.one_sided else MIN_ROMANCE):
            continue
        romantic.add((a, b))
        evidence = [span for _, span in sorted(found.evidence, key=lambda e: -e[0])][:MAX_EVIDENCE]
        score = 1 - math.exp(-found.weight / 3)
        suggestions.append(
            TagSuggestion(
                tag=relationship_tag(names[a], names[b], "/"),
                score=round(score, 2),
                evidence=evidence,
                note=found.one_sided,
            )
        )
    for (a, b), n in exchanges(work).items():
        if n >= MIN_EXCHANGES and (a, b) not in romantic:
            score = 1 - math.exp(-n / 20)
            suggestions.append(
                TagSuggestion(
                    tag=relationship_tag(names[a], names[b], " & "),
                    score=round(score, 2),
                    note=f"{n} utterances between them, no romantic cues",
                )
            )
    return sorted(suggestions, key=lambda s: -s.score)


def suggest_categories(
    relationships: list[TagSuggestion], characters: list[Character], names: dict[str, str]
) -> list[TagSuggestion]:
    by_name = {names[c.id]: c for c in characters}
    found: dict[str, float] = {}
    for relationship in relationships:
        if "/" not in relationship.tag or relationship.note and relationship.note.startswith("one-sided"):
            continue
        genders = sorted(by_name[n].gender if n in by_name else "unknown" for n in relationship.tag.split("/"))
        category = {("female", "male"): "F/M", ("male", "male"): "M/M", ("female", "female"): "F/F"}.get(
            tuple(genders), "Other" if "nonbinary" in genders else None
        )
        if category:
            found[category] = max(found.get(category, 0.0), relationship.score)
    if not found:
        romantic = any("/" in r.tag for r in relationships)
        return (
            [] if romantic else [TagSuggestion(tag="Gen", score=0.7, note="no romantic or sexual relationship found")]
        )
    suggestions = [TagSuggestion(tag=c, score=round(s, 2)) for c, s in sorted(found.items(), key=lambda i: -i[1])]
    if len(found) > 1:
        suggestions.append(TagSuggestion(tag="Multi", score=round(min(found.values()), 2)))
    return suggestions
