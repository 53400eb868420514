"""Suggested tags (characters, relationships, category, rating, warnings, setting) with evidence, and where
they disagree with the author's own tags. The author's tags in `Metadata` are never changed."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from ficlens.canon import Canon
from ficlens.model import Character, Span, SuggestedTags, TagComparison, TagSuggestion, Work
from ficlens.options import DEFAULT_MIN_TAG_SCORE
from ficlens.tags.people import People, find_people, words_of
from ficlens.tags.rating import NO_WARNINGS, RATINGS, rate_passages, suggest_rating, suggest_warnings
from ficlens.tags.relationships import suggest_categories, suggest_relationships
from ficlens.tags.setting import suggest_setting
from ficlens.tags.signals import sentences
from ficlens.wording import counted

AUTHOR_CHOSE_NOT = "Creator Chose Not To Use Archive Warnings"
# Logistic weights on PersonEvidence.features() (bias, log(1 + utterances), log(1 + mentions), present,
# log(1 + mentions inside quotations), one end of a shown relationship), fitted by
# `python -m training.tags.calibrate_characters` on the people ficlens finds in the PDNC novels: the target is
# whether the tag names one of the novel's characters (its annotated list with aliases).
CHARACTER_CALIBRATION = (-1.659, 0.872, 0.205, 0.345, 0.416, 0.536)


class FirstMentions:
    """Where each character first speaks, or else is first named: indexed once, not searched per character."""

    def __init__(self, work: Work) -> None:
        self.quotes: dict[str, tuple[int, Span]] = {}
        for i, quote in enumerate(work.quotes):
            if quote.speaker:
                self.quotes.setdefault(quote.speaker, (i, Span(start=quote.start, end=quote.end)))
        self.names: dict[str, tuple[int, int]] = {}
        for i, mention in enumerate(work.mentions):
            if mention.character and mention.kind == "name":
                self.names.setdefault(mention.character, (i, mention.start))
        self.sentences = work.sentences
        self.sentence_starts = [s.start for s in work.sentences]

    def evidence(self, character_ids: set[str]) -> list[Span]:
        spoken = [self.quotes[c] for c in character_ids if c in self.quotes]
        if spoken:
            return [min(spoken, key=lambda found: found[0])[1]]
        named = [self.names[c] for c in character_ids if c in self.names]
        if not named:
            return []
        position = min(named)[1]
        i = bisect_right(self.sentence_starts, position) - 1
        sentence = self.sentences[i] if i >= 0 else None
        return [Span(start=sentence.start, end=sentence.end)] if sentence and position < sentence.end else []


@dataclass(frozen=True)
class PersonEvidence:
    """What a character tag's score is calibrated from: one person, all their names together."""

    name: str
    quotes: int
    mentions: int
    present: bool
    talked_about: int  # mentions inside quotations
    in_relationship: bool  # one end of a suggested relationship the report shows
    ids: frozenset[str] = frozenset()  # the characters (names) it joins

    def features(self) -> list[float]:
        return [1.0, math.log1p(self.quotes), math.log1p(self.mentions), float(self.present),
                math.log1p(self.talked_about), float(self.in_relationship)]  # fmt: skip


def person_evidence(work: Work, people: People, relationships: list[TagSuggestion]) -> list[PersonEvidence]:
    """One entry per person (its names together), places left out."""
    members: dict[str, list[Character]] = {}
    for character in work.characters:
        if character.id not in people.places:
            members.setdefault(people.head[character.id], []).append(character)
    in_quotes = Counter(m.character for m in work.mentions if m.in_quote and m.character)
    related = {name for r in relationships if r.score >= DEFAULT_MIN_TAG_SCORE for name in halves(r.tag)[0]}
    return [
        PersonEvidence(
            name=people.name[head],
            ids=frozenset(c.id for c in group),
            quotes=sum(c.quote_count for c in group),
            mentions=sum(c.mention_count for c in group),
            present=any(c.presence == "present" for c in group),
            talked_about=sum(in_quotes[c.id] for c in group),
            in_relationship=people.name[head] in related,
        )
        for head, group in members.items()
    ]


def character_score(person: PersonEvidence) -> float:
    """Calibrated: the share of such tags that name a real character (CHARACTER_CALIBRATION)."""
    z = sum(w * x for w, x in zip(CHARACTER_CALIBRATION, person.features()))
    return 1.0 / (1.0 + math.exp(-z))


def suggest_characters(work: Work, people_found: list[PersonEvidence]) -> list[TagSuggestion]:
    first = FirstMentions(work)
    scored = [(character_score(p), p) for p in people_found]
    scored.sort(key=lambda pair: (-pair[0], -(pair[1].quotes + pair[1].mentions)))
    suggestions = []
    for score, person in scored:  # ordered by the score before rounding ties it
        if person.present:
            note = f"present: {counted(person.quotes, 'utterance')}, {counted(person.mentions, 'mention')}"
        else:
            note = f"mentioned {counted(person.mentions, 'time')}, never present"
        suggestions.append(
            TagSuggestion(
                tag=person.name, score=round(score, 2), evidence=first.evidence(person.ids), note=note
            )
        )
    return suggestions


def name_words(name: str) -> set[str]:
    return set(words_of(name))


def same_name(a: str, b: str) -> bool:
    """An author's tag and a suggested name for one person: equal, or one's words all in the other's."""
    words_a, words_b = name_words(a), name_words(b)
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def halves(relationship: str) -> tuple[list[str], str]:
    symbol = "/" if "/" in relationship else " & "
    return [h.strip() for h in relationship.split(symbol)], symbol


def same_pair(a: str, b: str) -> bool:
    (a1, a2), (b1, b2) = halves(a)[0][:2], halves(b)[0][:2]
    return (same_name(a1, b1) and same_name(a2, b2)) or (same_name(a1, b2) and same_name(a2, b1))


def compare(work: Work, tags: SuggestedTags, on_page: set[str]) -> list[TagComparison]:
    """What the text shows that the author did not tag (a character who speaks or is on the page, a ship), and
    what the author tagged that the text never shows."""
    meta = work.metadata
    found: list[TagComparison] = []
    if meta.characters:
        for tagged in meta.characters:
            if not any(same_name(tagged, s.tag) for s in tags.characters):
                found.append(
                    TagComparison(
                        kind="tagged_character_not_found", tag=tagged, detail="tagged by the author, not in the text"
                    )
                )
        for suggestion in tags.characters:
            if suggestion.tag in on_page and not any(same_name(t, suggestion.tag) for t in meta.characters):
                found.append(
                    TagComparison(
                        kind="untagged_character",
                        tag=suggestion.tag,
                        detail=f"{suggestion.note}; not in the author's tags",
                    )
                )
    tagged_pairs = [r for r in meta.relationships if len(halves(r)[0]) == 2]
    if meta.relationships or meta.characters:
        for suggestion in tags.relationships:
            if "/" not in suggestion.tag or suggestion.score < 0.5:
                continue
            if not any(same_pair(suggestion.tag, r) and "/" in r for r in tagged_pairs):
                as_friends = next((r for r in tagged_pairs if same_pair(suggestion.tag, r)), None)
                found.append(
                    TagComparison(
                        kind="untagged_relationship",
                        tag=suggestion.tag,
                        detail=f"romantic or sexual cues between them (score {suggestion.score})"
                        + (f"; the author tagged {as_friends}" if as_friends else ""),
                    )
                )
    for tagged in tagged_pairs:
        ours = next((s for s in tags.relationships if same_pair(s.tag, tagged)), None)
        if ours is None:
            detail = "tagged by the author; the text shows no romance or exchanges between them"
        elif halves(ours.tag)[1] != halves(tagged)[1]:
            detail = f"tagged by the author; the text shows them as {ours.tag} ({ours.note or 'romantic cues'})"
        else:
            continue
        found.append(TagComparison(kind="tagged_relationship_not_found", tag=tagged, detail=detail))
    if meta.rating in RATINGS and tags.rating and tags.rating.tag != meta.rating:
        found.append(
            TagComparison(
                kind="rating_differs",
                tag=tags.rating.tag,
                detail=f"the author rated it {meta.rating}; {tags.rating.note or ''}".strip(),
            )
        )
    if meta.archive_warnings and AUTHOR_CHOSE_NOT not in meta.archive_warnings:
        ours = {w.tag for w in tags.archive_warnings}
        for warning in ours - set(meta.archive_warnings) - {NO_WARNINGS}:
            found.append(
                TagComparison(kind="warning_differs", tag=warning, detail="suggested, not in the author's warnings")
            )
    return found


def suggest_tags(work: Work, canon: Canon | None = None) -> None:
    people = find_people(work, canon)
    text_sentences = sentences(work)
    rated = rate_passages(work)
    relationships = suggest_relationships(work, text_sentences, people)
    people_found = person_evidence(work, people, relationships)
    tags = SuggestedTags(
        characters=suggest_characters(work, people_found),
        relationships=relationships,
        rating=suggest_rating(rated),
        archive_warnings=suggest_warnings(rated, work),
        setting=suggest_setting(work),
    )
    tags.categories = suggest_categories(tags.relationships, work.characters, people.name)
    tags.comparison = compare(work, tags, on_page={p.name for p in people_found if p.present})
    work.suggested_tags = tags
