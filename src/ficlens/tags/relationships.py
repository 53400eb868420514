"""Relationships between two people, as AO3 tags them: `A/B` when the text shows romance or sex between the two
(a kiss, love declared, a partner word or an endearment linking them), `A & B` when they talk together without it
or are family; categories (F/M, M/M, F/F, Gen, Multi) from the romantic pairs' genders.

Co-presence is no evidence: a cue counts for the people its sentence links (a speaker and the ones addressed, the
people narrated in it). Family (`his sister, Annerose`, `Mother,` said to someone, a shared surname) blocks a
romantic pair; places, role nouns and one person under two names are never an end (ficlens.tags.people).
Scores are calibrated on hand-written scenes (training/relationships): a 0.8 is right about 80% of the time there.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from ficlens.model import Character, Span, TagSuggestion, Work
from ficlens.tags.people import People, words_of
from ficlens.tags.signals import AFFECTIONATE_KISS, FAMILY, ROMANCE, SentenceText, any_of

# Logistic calibration (intercept, slope on log(1 + evidence)), fitted on training/relationships/dev.yaml by
# `python -m training.relationships.calibrate`: for `/`, the summed romance cue weight; for `&`, the utterances
# between the two.
ROMANTIC_CALIBRATION = (1.02, 0.87)
PLATONIC_CALIBRATION = (0.78, 1.34)
# `Gen` (no romantic pair found): right for 21 of the 21 dev scenes it was suggested for, (21 + 1) / (21 + 2);
# the test scenes are reported by `python -m benchmarks.relationships`.
GEN_SCORE = 0.96
MIN_ROMANCE = 0.8  # summed cue weight for a `/` relationship: one kiss
MIN_ONE_SIDED = 0.6  # one declared love for an absent character is enough to report, marked one-sided
MIN_EXCHANGES = 3  # utterances between two people for a `&` relationship
MAX_EVIDENCE = 3
# A kin word said to someone (`Mother, please`) makes family only twice and in a quarter of what the two say to
# each other: it rests on who the speech is addressed to, which is often wrong in a crowded scene.
MIN_KIN_VOCATIVES = 2
KIN_VOCATIVE_SHARE = 4
SAYS_LOVE = re.compile(r"\b(?:(you)|(I))\s+(?:still\s+|really\s+)?love\s+(him|her)\b", re.I)
KIN = (
    r"(?:half-|step-?)?(?:brother|sister|sibling|twin|mother|father|mom|mum|mam|dad|papa|mama|son|daughter|aunt|"
    r"auntie|uncle|niece|nephew|cousin|grandmother|grandfather|grandma|grandpa|grandson|granddaughter)s?"
)
OWNER = r"(?P<owner>(?i:his|her|their)|[A-Z][\w-]*(?:'s|’s))"
ADJECTIVES = r"(?:(?:little|older|younger|big|elder|baby|twin|dear|beloved|late|only)\s+)?"
NAME = r"(?P<name>[A-Z][\w-]*)"
# `his sister, Annerose` / `Annerose, his sister` / `Reinhard's sister Annerose`
KIN_BEFORE_NAME = re.compile(rf"\b{OWNER}\s+{ADJECTIVES}(?i:(?P<kin>{KIN}))\b,?\s+{NAME}")
KIN_AFTER_NAME = re.compile(rf"{NAME},\s+{OWNER}\s+{ADJECTIVES}(?i:(?P<kin>{KIN}))\b")
# `Mother, please` / `"... , brother."`: a kin word said to someone
KIN_VOCATIVE = re.compile(
    r"(?:^[\s\"“‘']*|[,.!?]\s*)(?:brother|sister|sis|mother|father|mom|mum|dad|mama|papa|son|auntie|aunt|uncle|grandma|"
    r"grandpa)\s*(?:[,.!?]|$)",
    re.I,
)
SPOUSE = r"(?:husband|wife|fianc[ée]e?)"
# `his wife, Molly` / `Molly, his wife` / `married to Molly`: two who share a family name by marriage
SPOUSE_BEFORE_NAME = re.compile(rf"(?:\b{OWNER}\s+(?i:(?P<kin>{SPOUSE}))\b,?|\b(?P<kin2>married)\s+to)\s+{NAME}")
SPOUSE_AFTER_NAME = re.compile(rf"{NAME},\s+{OWNER}\s+(?i:(?P<kin>{SPOUSE}))\b")
ENDEARMENT = re.compile(
    r"(?:^[\s\"“‘']*|[,.!?]\s*)(?:(?:my\s+)?(?:darling|sweetheart|sweetie|honey|babe)|my\s+love)\s*(?:[,.!?]|$)",
    re.I,
)
ENDEARMENT_WEIGHT = 0.6
AFFECTIONATE_KISS_WEIGHT = 0.2
# Cues that can make a `/` (with enough weight); `love` and `bed` alone cannot: friends and family love too.
STRONG_ROMANCE = frozenset({"sexual", "kiss", "in_love", "partner", "endearment"})  # not love, bed, partner_word
THIRD_PERSON = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.I)
SECOND_PERSON = re.compile(r"\byou\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us)\b")

Pair = tuple[str, str]
ANY_ROMANCE = any_of([pattern for pattern, _ in ROMANCE.values()])


def family_name(character_name: str) -> str:
    return character_name.split()[-1].lower() if character_name.split() else ""


def relationship_tag(a: str, b: str, symbol: str) -> str:
    """AO3 orders the names by family name: `Lana Lang/Lex Luthor`."""
    first, second = sorted((a, b), key=lambda n: (family_name(n), n.lower()))
    return f"{first}{symbol}{second}"


def calibrated(evidence: float, calibration: tuple[float, float]) -> float:
    intercept, slope = calibration
    return round(1 / (1 + math.exp(-(intercept + slope * math.log1p(evidence)))), 2)


@dataclass
class PairEvidence:
    romance: float = 0.0
    romance_spans: list[tuple[float, Span]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    one_sided: str | None = None
    family: list[Span] = field(default_factory=list)  # `his sister, Annerose`
    kin_vocatives: list[Span] = field(default_factory=list)  # `Mother, please` said to the other
    spouses: bool = False  # `his wife, Molly`
    family_word: str | None = None
    exchanges: int = 0


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

    def placed_within(self, start: int, end: int) -> list[tuple[int, str]]:
        first, last = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return list(zip(self.starts[first:last], self.characters[first:last]))

    def at(self, start: int) -> str | None:
        i = bisect_left(self.starts, start)
        return self.characters[i] if i < len(self.starts) and self.starts[i] == start else None


class Relationships:
    """Evidence for each pair of people, read sentence by sentence."""

    def __init__(self, work: Work, people: People):
        self.work, self.people = work, people
        self.pairs: dict[Pair, PairEvidence] = defaultdict(PairEvidence)
        self.mentions = MentionsByPosition(work)
        self.names_mentioned = MentionsByPosition(work, names_only=True)
        self.gender = {c.id: c.gender for c in work.characters}

    def person(self, character_id: str | None) -> str | None:
        """The id standing for a character's person, or None for no one, a place or a role noun."""
        if character_id is None or character_id not in self.people.head:
            return None
        if character_id in self.people.places or character_id in self.people.role_nouns:
            return None
        return self.people.head[character_id]

    def pair(self, a: str | None, b: str | None) -> Pair | None:
        a, b = self.person(a), self.person(b)
        return tuple(sorted((a, b))) if a and b and a != b else None  # type: ignore[return-value]

    def people_in(self, sentence: SentenceText, recent: list[str]) -> list[str]:
        """The people a narrated sentence is about: those mentioned in it, with the two latest speakers when it
        uses a pronoun nobody was resolved to."""
        found = [self.person(c) for c in self.mentions.within(sentence.start, sentence.end)]
        if re.search(r"\b(he|she|him|her|they)\b", sentence.text, re.I) and len({p for p in found if p}) < 2:
            found += [self.person(c) for c in recent[-2:]]
        return list(dict.fromkeys(p for p in found if p))

    def read(self, sentences: list[SentenceText]) -> None:
        recent: list[str] = []
        last_named: list[str] = []
        for sentence in sentences:
            quote = sentence.quote
            if quote is not None and quote.speaker:
                recent = [c for c in recent if c != quote.speaker] + [quote.speaker]
            spoken, narrated = spoken_and_narrated(sentence)
            self.read_family(sentence, spoken)
            self.read_romance(sentence, spoken, narrated, recent, last_named)
            last_named = (last_named + self.names_mentioned.within(sentence.start, sentence.end))[-50:]
        for quote in self.work.quotes:
            for addressee in quote.addressees:
                if pair := self.pair(quote.speaker, addressee):
                    self.pairs[pair].exchanges += 1

    def add_family(self, pair: Pair | None, sentence: SentenceText, kin: str, vocative: bool) -> None:
        if pair is not None:
            evidence = self.pairs[pair]
            (evidence.kin_vocatives if vocative else evidence.family).append(
                Span(start=sentence.start, end=sentence.end)
            )
            evidence.family_word = evidence.family_word or kin.lower()

    def read_family(self, sentence: SentenceText, spoken: str) -> None:
        quote = sentence.quote
        if quote is not None and quote.speaker and (said := KIN_VOCATIVE.search(spoken)):
            kin = re.search(rf"\b{KIN}\b", said.group(0), re.I)
            for addressee in quote.addressees:
                self.add_family(self.pair(quote.speaker, addressee), sentence, kin.group(0) if kin else "kin", True)
        for pattern in (KIN_BEFORE_NAME, KIN_AFTER_NAME):
            for match in pattern.finditer(sentence.text):
                relative = self.mentions.at(sentence.start + match.start("name"))
                owner = self.owner(sentence, match, relative)
                self.add_family(self.pair(owner, relative), sentence, match.group("kin"), False)
        for pattern in (SPOUSE_BEFORE_NAME, SPOUSE_AFTER_NAME):
            for match in pattern.finditer(sentence.text):
                spouse = self.mentions.at(sentence.start + match.start("name"))
                if pair := self.pair(self.owner(sentence, match, spouse), spouse):
                    self.pairs[pair].spouses = True

    def owner(self, sentence: SentenceText, match: re.Match[str], relative: str | None) -> str | None:
        """Whose relative: the named owner (`Reinhard's`), else the character the pronoun was resolved to, else the
        one other person in the sentence whose gender fits the pronoun (`his`, `her`)."""
        word = match.group("owner") or ""
        at = self.mentions.at(sentence.start + match.start("owner")) if word else None
        if at is not None or word.endswith(("'s", "’s")):
            return at
        unfit = {"his": "female", "her": "male"}.get(word.lower())
        others = {
            self.person(c)
            for c in self.mentions.within(sentence.start, sentence.end)
            if self.pair(c, relative) and self.gender[c] != unfit
        }
        return others.pop() if len(others) == 1 else None

    def read_romance(
        self, sentence: SentenceText, spoken: str, narrated: str, recent: list[str], last_named: list[str]
    ) -> None:
        """Cues in what is said link the speaker and the ones addressed, or a third person (`He kissed you?`);
        cues in narration link the people narrated in the sentence."""
        quote = sentence.quote
        if quote is not None and (cues := romance_cues(spoken, speech=True)):
            self.add_cues(self.speech_pairs(sentence, spoken, cues, last_named), cues, sentence)
        narrated_people = self.people_in(sentence, recent)
        if len(narrated_people) == 2 and (cues := romance_cues(narrated, speech=False)):
            self.add_cues([tuple(sorted(narrated_people))], cues, sentence)  # type: ignore[list-item]

    def speech_pairs(
        self, sentence: SentenceText, spoken: str, cues: dict[str, float], last_named: list[str]
    ) -> list[Pair]:
        """Speaker and addressees; but `I love him` / `He kissed you?` is about a third person: the one named in the
        speech, else the last one named before it, with the speaker (`I`) or the one addressed (`you`)."""
        quote = sentence.quote
        assert quote is not None
        speaking = {self.person(quote.speaker), *(self.person(a) for a in quote.addressees)}
        named = [
            c
            for start, c in self.names_mentioned.placed_within(sentence.start, sentence.end)
            if spoken[start - sentence.start] != " " and self.person(c) not in speaking
        ]
        personal = FIRST_PERSON.search(spoken) is not None or SECOND_PERSON.search(spoken) is not None
        if not named and not THIRD_PERSON.search(spoken):
            if not personal and "endearment" not in cues:
                return []  # talk about love in general (`A poet in love must be encouraged`)
            return [p for a in quote.addressees if (p := self.pair(quote.speaker, a))]
        if not personal:
            return []  # talk about others (`He is in love with her`)
        third = named[0] if named else next((c for c in reversed(last_named) if self.person(c) not in speaking), None)
        you = SECOND_PERSON.search(spoken) is not None
        lover = (quote.addressees[0] if quote.addressees else None) if you else quote.speaker
        pair = self.pair(lover, third)
        if pair and lover and third and SAYS_LOVE.search(spoken):
            self.pairs[pair].one_sided = f"one-sided: {self.people.name[lover]}'s love for {self.people.name[third]}"
        return [pair] if pair else []

    def add_cues(self, pairs: list[Pair], cues: dict[str, float], sentence: SentenceText) -> None:
        pairs = list(dict.fromkeys(pairs))
        for pair in pairs:
            evidence = self.pairs[pair]
            evidence.romance += sum(cues.values()) / len(pairs)
            evidence.kinds.update(cues)
            evidence.romance_spans.append((sum(cues.values()), Span(start=sentence.start, end=sentence.end)))


def spoken_ranges(sentence: SentenceText) -> list[tuple[int, int]]:
    """The sentence's stretches (offsets within it) inside a quoted part of its quotation, merged, in order."""
    ranges: list[tuple[int, int]] = []
    for part in sorted(sentence.quote.parts, key=lambda p: p.start) if sentence.quote else []:
        start, end = max(part.start, sentence.start) - sentence.start, min(part.end, sentence.end) - sentence.start
        if start >= end:
            continue
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return ranges


def spoken_and_narrated(sentence: SentenceText) -> tuple[str, str]:
    """The sentence with all but its spoken stretches blanked, and with only those blanked (same length)."""
    text = sentence.text
    spoken, narrated, at = [], [], 0
    for start, end in spoken_ranges(sentence):
        spoken += [" " * (start - at), text[start:end]]
        narrated += [text[at:start], " " * (end - start)]
        at = end
    spoken.append(" " * (len(text) - at))
    narrated.append(text[at:])
    return "".join(spoken), "".join(narrated)


def romance_cues(text: str, speech: bool) -> dict[str, float]:
    """Cue kind -> weight in a stretch of text; in a sentence with a family word only sexual cues count, and a kiss
    on the cheek or forehead is affection."""
    family = FAMILY.search(text) is not None
    cues = {} if not ANY_ROMANCE.search(text) else {
        kind: weight
        for kind, (pattern, weight) in ROMANCE.items()
        if pattern.search(text) and not (family and kind != "sexual")
    }
    if "kiss" in cues and AFFECTIONATE_KISS.search(text):
        cues["kiss"] = AFFECTIONATE_KISS_WEIGHT
    if speech and not family and ENDEARMENT.search(text):
        cues["endearment"] = ENDEARMENT_WEIGHT
    return cues


def one_name_holds_the_other(a: str, b: str) -> bool:
    """`Granger` and `Hermione Granger`: perhaps one person under two names, never a pair on that evidence."""
    words_a, words_b = set(words_of(a)), set(words_of(b))
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def share_family_name(a: str, b: str) -> bool:
    """`Mara Quell` and `Tobin Quell`: family, unless the text calls one the other's husband or wife."""
    words_a, words_b = words_of(a), words_of(b)
    return len(words_a) > 1 and len(words_b) > 1 and words_a[-1] == words_b[-1]


@dataclass
class Candidate:
    """A relationship the text supports, with the raw evidence its score is calibrated from."""

    people: Pair
    romantic: bool
    evidence: float  # summed romance cue weight (`/`) or utterances between the two (`&`)
    suggestion: TagSuggestion


def family_reason(evidence: PairEvidence, a: str, b: str) -> str | None:
    """Why two people are family (`family (sister)`, `family name`), or None."""
    vocatives = len(evidence.kin_vocatives)
    said = vocatives >= MIN_KIN_VOCATIVES and vocatives * KIN_VOCATIVE_SHARE >= evidence.exchanges
    if evidence.family or said:
        return f"family ({evidence.family_word})"
    return "family name" if share_family_name(a, b) and not evidence.spouses else None


def relationship_candidates(work: Work, sentences: list[SentenceText], people: People) -> list[Candidate]:
    found = Relationships(work, people)
    found.read(sentences)
    names = people.name
    candidates = []
    for (a, b), evidence in found.pairs.items():
        if one_name_holds_the_other(names[a], names[b]):
            continue
        family = family_reason(evidence, names[a], names[b])
        if evidence.one_sided:
            romantic = evidence.romance >= MIN_ONE_SIDED
        else:
            romantic = bool(evidence.kinds & STRONG_ROMANCE) and evidence.romance >= MIN_ROMANCE
        if romantic and not family:
            spans = [span for _, span in sorted(evidence.romance_spans, key=lambda e: -e[0])][:MAX_EVIDENCE]
            suggestion = TagSuggestion(
                tag=relationship_tag(names[a], names[b], "/"),
                score=calibrated(evidence.romance, ROMANTIC_CALIBRATION),
                evidence=spans,
                note=evidence.one_sided,
            )
            candidates.append(Candidate((a, b), True, evidence.romance, suggestion))
        elif evidence.exchanges >= MIN_EXCHANGES or (family and evidence.exchanges):
            suggestion = TagSuggestion(
                tag=relationship_tag(names[a], names[b], " & "),
                score=calibrated(evidence.exchanges, PLATONIC_CALIBRATION),
                evidence=(evidence.family + evidence.kin_vocatives)[:MAX_EVIDENCE] if family else [],
                note=f"{evidence.exchanges} utterances between them"
                + (f"; {family}" if family else ", no romantic cues"),
            )
            candidates.append(Candidate((a, b), False, evidence.exchanges, suggestion))
    return candidates


def suggest_relationships(work: Work, sentences: list[SentenceText], people: People) -> list[TagSuggestion]:
    candidates = relationship_candidates(work, sentences, people)
    return [c.suggestion for c in sorted(candidates, key=lambda c: (not c.romantic, -c.suggestion.score))]


def suggest_categories(
    relationships: list[TagSuggestion], characters: list[Character], names: dict[str, str]
) -> list[TagSuggestion]:
    by_name: dict[str, Character] = {}
    for character in sorted(characters, key=lambda c: c.gender == "unknown"):  # a person's known gender first
        by_name.setdefault(names[character.id], character)
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
            []
            if romantic
            else [TagSuggestion(tag="Gen", score=GEN_SCORE, note="no romantic or sexual relationship found")]
        )
    suggestions = [TagSuggestion(tag=c, score=round(s, 2)) for c, s in sorted(found.items(), key=lambda i: -i[1])]
    if len(found) > 1:
        suggestions.append(TagSuggestion(tag="Multi", score=round(min(found.values()), 2)))
    return suggestions
