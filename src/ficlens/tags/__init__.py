"""Suggested tags (characters, relationships, category, rating, warnings, setting) with evidence, and where
they disagree with the author's own tags. The author's tags in `Metadata` are never changed."""

from __future__ import annotations

import re

from ficlens.canon import Canon
from ficlens.model import Character, Span, SuggestedTags, TagComparison, TagSuggestion, Work
from ficlens.tags.rating import NO_WARNINGS, RATINGS, rate_passages, suggest_rating, suggest_warnings
from ficlens.tags.relationships import suggest_categories, suggest_relationships
from ficlens.tags.signals import sentences
from ficlens.wording import counted

SETTING_CUES = [
    (re.compile(r"\b(?:au|a/u|alternate universe)\b", re.I), "Alternate Universe"),
    (re.compile(r"\bcanon[- ]divergen\w*|\bdiverges? from canon\b", re.I), "Canon Divergence"),
    (re.compile(r"\bpost[- ](?:canon|series|finale)\b", re.I), "Post-Canon"),
    (re.compile(r"\bpre[- ](?:canon|series)\b", re.I), "Pre-Canon"),
    (re.compile(r"\bseason (\d{1,2})\b", re.I), "Season {0}"),
]
AUTHOR_CHOSE_NOT = "Creator Chose Not To Use Archive Warnings"


def canonical_names(characters: list[Character], canon: Canon | None) -> dict[str, str]:
    """Character id -> the name to tag with: the canon name when any alias is in the canon file, else the
    fullest name found (AO3 style, given name first)."""
    lookup = canon.lookup() if canon else {}
    names = {}
    for character in characters:
        match = next((lookup[a.lower()] for a in [character.name, *character.aliases] if a.lower() in lookup), None)
        names[character.id] = match.name if match else character.name
        if match and character.gender == "unknown":
            character.gender = match.gender
    return names


def first_mention(work: Work, character_id: str) -> list[Span]:
    spoken = next((q for q in work.quotes if q.speaker == character_id), None)
    if spoken is not None:
        return [Span(start=spoken.start, end=spoken.end)]
    named = next((m for m in work.mentions if m.character == character_id and m.kind == "name"), None)
    sentence = next((s for s in work.sentences if named and s.start <= named.start < s.end), None)
    return [Span(start=sentence.start, end=sentence.end)] if sentence else []


def suggest_characters(work: Work, names: dict[str, str], canon: Canon | None) -> list[TagSuggestion]:
    places = {p.lower() for p in canon.places} if canon else set()
    suggestions = []
    for character in work.characters:
        if {character.name.lower(), *(a.lower() for a in character.aliases)} & places:
            continue
        if character.presence == "present":
            score = 0.6 + 0.4 * min(1.0, (character.quote_count + character.mention_count) / 30)
            quotes, mentions = counted(character.quote_count, "utterance"), counted(character.mention_count, "mention")
            note = f"present: {quotes}, {mentions}"
        else:
            score = 0.3 + 0.3 * min(1.0, character.mention_count / 10)
            note = f"mentioned {counted(character.mention_count, 'time')}, never present"
        suggestions.append(
            TagSuggestion(
                tag=names[character.id], score=round(score, 2), evidence=first_mention(work, character.id), note=note
            )
        )
    return sorted(suggestions, key=lambda s: -s.score)


def suggest_setting(work: Work) -> list[TagSuggestion]:
    found = {}
    for source in [*work.metadata.notes, work.metadata.summary or ""]:
        for pattern, tag in SETTING_CUES:
            match = pattern.search(source)
            if match and (name := tag.format(*match.groups())) not in found:
                found[name] = TagSuggestion(tag=name, score=0.8, note=f"author's note: “{context(source, match)}”")
    return list(found.values())


def context(text: str, match: re.Match[str], width: int = 40) -> str:
    """About `width` characters either side of the match, in whole words, with … where the note goes on."""
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    if start > 0 and not text[start - 1].isspace():  # inside a word: begin at the next one
        gap = re.search(r"\s", text[start : match.start()])
        start = start + gap.end() if gap else match.start()
    if end < len(text) and not text[end].isspace():  # inside a word: end before it
        gaps = [m.start() for m in re.finditer(r"\s", text[match.end() : end])]
        end = match.end() + gaps[-1] if gaps else match.end()
    words = " ".join(text[start:end].split())
    return ("…" if text[:start].strip() else "") + words + ("…" if text[end:].strip() else "")


def name_words(name: str) -> set[str]:
    return {w.lower().strip(".") for w in re.split(r"[\s/&|()]+", name) if len(w) > 1}


def compare(work: Work, tags: SuggestedTags) -> list[TagComparison]:
    meta = work.metadata
    found: list[TagComparison] = []
    suggested = {s.tag: name_words(s.tag) for s in tags.characters}
    if meta.characters:
        for tagged in meta.characters:
            if not any(name_words(tagged) & words for words in suggested.values()):
                found.append(
                    TagComparison(
                        kind="tagged_character_not_found",
                        tag=tagged,
                        detail="tagged by the author, not found in the text",
                    )
                )
        tagged_words = set().union(*(name_words(t) for t in meta.characters))
        for suggestion in tags.characters:
            if suggestion.score >= 0.6 and not suggested[suggestion.tag] & tagged_words:
                found.append(
                    TagComparison(
                        kind="untagged_character",
                        tag=suggestion.tag,
                        detail=f"{suggestion.note}; not in the author's tags",
                    )
                )
    if meta.relationships or meta.characters:
        tagged_pairs = [name_words(r) for r in meta.relationships]
        for suggestion in tags.relationships:
            if "/" in suggestion.tag and suggestion.score >= 0.5:
                halves = [name_words(h) for h in suggestion.tag.split("/")]
                if not any(all(h & pair for h in halves) for pair in tagged_pairs):
                    found.append(
                        TagComparison(
                            kind="untagged_relationship",
                            tag=suggestion.tag,
                            detail=f"romantic or sexual cues (score {suggestion.score})",
                        )
                    )
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
    names = canonical_names(work.characters, canon)
    text_sentences = sentences(work)
    rated = rate_passages(work)
    tags = SuggestedTags(
        characters=suggest_characters(work, names, canon),
        relationships=suggest_relationships(work, text_sentences, names),
        rating=suggest_rating(rated),
        archive_warnings=suggest_warnings(rated, work),
        setting=suggest_setting(work),
    )
    tags.categories = suggest_categories(tags.relationships, work.characters, names)
    tags.comparison = compare(work, tags)
    work.suggested_tags = tags
