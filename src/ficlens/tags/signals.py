"""Cue patterns for tags, per sentence: profanity, sex (referenced or on the page), violence, death, romance.

Each pattern is a measured heuristic (BENCHMARKS.md has no corpus for it yet; the hand-written fixtures in
tests/tags pin each level and the hard negatives). Harmless idioms are blanked before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.model import Quote, Work


def words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.I)


def any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches where any of these does (same flags): a text it misses needs none of them tried."""
    (flags,) = {p.flags for p in patterns}
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags)


CUES = {
    "profanity_strong": words(r"fuck\w*|motherfuck\w*|cunts?"),
    "profanity_mild": words(r"shit\w*|damn\w*|goddamn\w*|bastards?|bitch\w*|assholes?|arse|crap|pissed"),
    "sex_referenced": words(
        r"fucked(?! up)|fucking (?:him|her|you|me|them)|slept (?:with|together)|sleep(?:ing)? (?:with|together)|"
        r"had sex|have sex|having sex|made love|make love|making love|one[- ]night stand|"
        r"when (?:she|he) comes|(?:stark )?naked|nakedness|virginity|satin sheets"
    ),
    "sex_explicit": words(
        r"cock\w*|pussy|clit\w*|nipples?|thrust(?:s|ed|ing)? (?:into|inside|deeper)|moan(?:s|ed|ing)? (?:as|when) "
        r"(?:he|she)|erection|inside (?:her|him) (?:again|deeper)|spread (?:her|his) (?:legs|thighs)|"
        r"came (?:inside|hard|with a)|cum\w*|penetrat\w*|blow ?jobs?|orgasm\w*|her breasts|his length"
    ),
    "violence_graphic": words(
        r"blood(?:ied|y)?|bleed(?:s|ing)?|gore|entrails|stabb?(?:ed|ing|s)?|gunshot|shot (?:him|her|them) in|"
        r"broken bones?|skull cracked|corpses?|beat (?:him|her|them) to death|tortur\w*|mutilat\w*|"
        r"decapitat\w*|severed|slit (?:his|her) throat"
    ),
    "death": words(r"died|dies|is dead|was dead|dead body|killed|murdered|funeral|passed away"),
    "noncon": words(r"rap(?:e|ed|es|ing|ist)|non-?con\w*|forced (?:himself|herself) on|against (?:her|his) will"),
    "underage": words(r"(?:thirteen|fourteen|fifteen|sixteen|seventeen|1[3-7])[- ]years?[- ]old|underage"),
}
# Idioms where a violent or sexual word is harmless: `killing time`, `dying to`, `bored to death`, `bloody hell`.
HARMLESS = words(
    r"killing time|kill(?:ing)? (?:me|for a)|dying to|dead tired|dead set|deadlines?|bloody (?:hell|good|well|fool)|"
    r"blood oranges?|(?:bored|scared|worried|tickled) to death|death stare|stab at (?:it|guessing)|"
    r"took a stab|shot glass|shot of|dead of night|dead end|drop[- ]dead gorgeous|"
    # period usage: `the fair sex`, `died laughing`, `ejaculated` as a speech verb, `intercourse` as conversation,
    # `gay` as merry (`making love` as courting depends on the passage: ficlens.tags.passages)
    r"(?:the )?fair sex|di(?:ed|es|e) (?:a-)?laughing|"
    r"ejaculat(?:ed|es|ing)(?= (?:(?-i:[A-Z])|(?:the|he|she|mr|mrs|miss)\b))|"
    r"(?<=[,!?”\"] )ejaculat(?:ed|es|ing)|(?<!sexual )intercourse|gay(?= (?:with|and|as|colou?rs?|ribbons?|"
    r"spirits|laugh\w*|music|lamps|evening|party|young|dress|bonnets?|assembly|manners|world|scene))|(?<=very )gay"
)
# Romance cues and their weights. `love` and `bed` alone are weak (friends and family love too): a `/` needs one
# of the others (ficlens.tags.relationships.STRONG_ROMANCE).
ROMANCE = {
    "sexual": (words(r"fucked(?! up)|slept together|slept with|sleep(?:ing)? with|had sex|made love|last night"), 1.0),
    "kiss": (words(r"kiss(?:ed|es|ing)?"), 0.8),
    "in_love": (words(r"in love|fell for|falling for"), 0.8),
    "love": (words(r"loves?|loved"), 0.6),
    # `her husband`, `his girlfriend`: a partner word someone owns; bare `married`, `engaged` are everywhere in
    # period novels and count only as weak cues
    "partner": (
        re.compile(
            r"\b(?:his|her|my|your|their|[A-Z]\w+(?:'s|’s))\s+(?:boyfriend|girlfriend|lover|husband|wife|fianc[ée]e?|"
            r"partner|sweetheart)\b",
            re.I,
        ),
        0.5,
    ),
    "partner_word": (words(r"lovers?|married|dating|engaged|date"), 0.3),
    "bed": (words(r"(?:his|her|their|the) bed|sheets"), 0.3),
}
# A kiss on the cheek, forehead or hand is affection, not romance, unless the mouth or lips follow.
AFFECTIONATE_KISS = re.compile(
    r"\bkiss\w*\s+(?:\w+\s+){0,3}?(?:on\s+)?(?:the|his|her|their|my|your)\s+"
    r"(?:forehead|cheeks?|brow|hand|head|hair|knuckles|temple|fingers)\b(?![^.!?]*\b(?:mouth|lips)\b)",
    re.I,
)
FAMILY = words(
    r"mother|father|mom|mum|dad|sister|brother|son|daughter|aunt|uncle|grandm\w+|grandf\w+|grandpa|nana|"
    r"cousin|baby|niece|nephew"
)


@dataclass
class SentenceText:
    start: int
    end: int
    text: str  # harmless idioms blanked
    quote: Quote | None  # the speech the sentence holds (most of it), if any


def sentences(work: Work) -> list[SentenceText]:
    """The work's sentences with harmless idioms blanked, each with the quotation it overlaps most."""
    parts = sorted((p.start, p.end, q) for q in work.quotes if q.kind == "speech" for p in q.parts)
    result = []
    i = 0
    for sentence in work.sentences:
        while i < len(parts) and parts[i][1] <= sentence.start:
            i += 1
        best, overlap = None, 0
        for start, end, quote in parts[i : i + 4]:
            shared = min(end, sentence.end) - max(start, sentence.start)
            if shared > overlap:
                best, overlap = quote, shared
        raw = work.text[sentence.start : sentence.end]
        result.append(SentenceText(sentence.start, sentence.end, HARMLESS.sub(blank, raw), best))
    return result


def blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))
