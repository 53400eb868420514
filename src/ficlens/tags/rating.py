"""Rating and archive warnings from cue counts, following AO3's definitions: Explicit for sex or violence
depicted graphically on the page, Mature for adult themes less graphic (referenced sex, strong language),
Teen for mild language or violence, General otherwise."""

from __future__ import annotations

from collections import defaultdict

from ficlens.model import Span, TagSuggestion, Work
from ficlens.tags.signals import CUES, SentenceText
from ficlens.wording import counted

RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]
NO_WARNINGS = "No Archive Warnings Apply"
# rating -> cue counts (sentences) that reach it; any one is enough
THRESHOLDS = {
    "Explicit": {"sex_explicit": 4, "violence_graphic": 10},
    "Mature": {"sex_explicit": 1, "sex_referenced": 2, "profanity_strong": 3, "violence_graphic": 4, "noncon": 1},
    "Teen And Up Audiences": {
        "profanity_strong": 1,
        "profanity_mild": 2,
        "violence_graphic": 1,
        "death": 1,
        "sex_referenced": 1,
    },
}
MAX_EVIDENCE = 3


def cue_hits(sentences: list[SentenceText]) -> dict[str, list[Span]]:
    hits: dict[str, list[Span]] = defaultdict(list)
    for sentence in sentences:
        for cue, pattern in CUES.items():
            if pattern.search(sentence.text):
                hits[cue].append(Span(start=sentence.start, end=sentence.end))
    return hits


def suggest_rating(hits: dict[str, list[Span]]) -> TagSuggestion:
    for rating in ("Explicit", "Mature", "Teen And Up Audiences"):
        reached = {cue: len(hits[cue]) / need for cue, need in THRESHOLDS[rating].items() if len(hits[cue]) >= need}
        if reached:
            strongest = max(reached, key=reached.get)
            score = min(1.0, 0.5 + 0.1 * reached[strongest])
            return TagSuggestion(
                tag=rating,
                score=round(score, 2),
                evidence=hits[strongest][:MAX_EVIDENCE],
                note=f"{counted(len(hits[strongest]), 'sentence')} with {strongest.replace('_', ' ')}",
            )
    return TagSuggestion(tag="General Audiences", score=0.7, note="no strong language, sex or violence found")


def suggest_warnings(hits: dict[str, list[Span]], work: Work) -> list[TagSuggestion]:
    warnings = []
    if len(hits["violence_graphic"]) >= 5:
        n = len(hits["violence_graphic"])
        warnings.append(
            TagSuggestion(
                tag="Graphic Depictions Of Violence",
                score=round(min(1.0, n / 15), 2),
                evidence=hits["violence_graphic"][:MAX_EVIDENCE],
            )
        )
    deaths = character_deaths(hits["death"], work)
    if deaths:
        warnings.append(
            TagSuggestion(
                tag="Major Character Death",
                score=round(min(1.0, 0.4 + 0.2 * len(deaths)), 2),
                evidence=deaths[:MAX_EVIDENCE],
            )
        )
    if hits["noncon"]:
        warnings.append(
            TagSuggestion(
                tag="Rape/Non-Con",
                score=round(min(1.0, 0.5 + 0.1 * len(hits["noncon"])), 2),
                evidence=hits["noncon"][:MAX_EVIDENCE],
            )
        )
    sexual = len(hits["sex_referenced"]) + len(hits["sex_explicit"])
    if hits["underage"] and sexual >= 2:
        warnings.append(
            TagSuggestion(
                tag="Underage Sex",
                score=0.5,
                evidence=hits["underage"][:MAX_EVIDENCE],
                note="an age under 18 and sexual content in the same work",
            )
        )
    if not warnings:
        warnings.append(TagSuggestion(tag=NO_WARNINGS, score=0.8))
    return warnings


def character_deaths(death_sentences: list[Span], work: Work) -> list[Span]:
    """Death sentences that name a character who speaks or is often mentioned (`Mira died`, not `the war dead`)."""
    major = {c.id for c in work.characters if c.quote_count >= 3 or c.mention_count >= 5}
    names = [m for m in work.mentions if m.character in major and m.kind == "name"]
    found = []
    for sentence in death_sentences:
        if any(sentence.start <= m.start < sentence.end for m in names):
            found.append(sentence)
    return found
