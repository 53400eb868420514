"""A Work as rows of the corpus tables (columns in ficlens.corpus.schema), keyed by the work's content hash."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from importlib.metadata import version
from typing import Any

from ficlens.corpus.language import Language
from ficlens.model import SuggestedTags, TagSuggestion, Work
from ficlens.word_count import ao3_word_count

Rows = dict[str, list[dict[str, Any]]]

AUTHOR_TAG_FIELDS = {
    "rating": "rating", "archive_warnings": "archive_warning", "categories": "category", "fandoms": "fandom",
    "relationships": "relationship", "characters": "character", "freeform_tags": "freeform",
}  # fmt: skip
SUGGESTED_TAG_FIELDS = {
    "rating": "rating", "archive_warnings": "archive_warning", "categories": "category",
    "relationships": "relationship", "characters": "character", "setting": "setting",
}  # fmt: skip


def content_hash(work: Work) -> str:
    """The work's identity: SHA-256 of its story text, so one work read from two files (or two formats) is one."""
    return hashlib.sha256(work.text.encode("utf-8")).hexdigest()


def work_rows(work: Work, work_hash: str, source: str, language: Language, skipped_reason: str | None) -> Rows:
    return {
        "works": [works_row(work, work_hash, source, language, skipped_reason)],
        "chapters": chapter_rows(work, work_hash),
        "characters": character_rows(work, work_hash),
        "quotes": quote_rows(work, work_hash),
        "mentions": [
            {
                "work_hash": work_hash,
                "start": m.start,
                "end": m.end,
                "text": work.span_text(m),
                "character_id": m.character,
                "kind": m.kind,
                "in_quote": m.in_quote,
            }
            for m in work.mentions
        ],  # fmt: skip
        "interactions": [
            {
                "work_hash": work_hash,
                "source_id": i.source,
                "target_id": i.target,
                "addressed": i.addressed,
                "mentions_in_speech": i.mentions_in_speech,
                "mentions_in_narration": i.mentions_in_narration,
                "shared_scenes": i.shared_scenes,
            }
            for i in work.interactions
        ],  # fmt: skip
        "tags": tag_rows(work, work_hash),
    }


def quote_words(work: Work, quote) -> int:
    return sum(ao3_word_count(work.span_text(part)) for part in quote.parts or [quote])


def suggested(tags: SuggestedTags | None, field: str) -> list[TagSuggestion]:
    value = getattr(tags, field, None) if tags else None
    return [value] if isinstance(value, TagSuggestion) else list(value or [])


def works_row(work: Work, work_hash: str, source: str, language: Language, skipped_reason: str | None) -> dict:
    meta, narrative = work.metadata, work.narrative
    rating = suggested(work.suggested_tags, "rating")
    return {
        "work_hash": work_hash, "source": source, "title": meta.title, "authors": meta.authors,
        "summary": meta.summary, "rating": meta.rating, "archive_warnings": meta.archive_warnings,
        "categories": meta.categories, "fandoms": meta.fandoms, "relationships": meta.relationships,
        "tagged_characters": meta.characters, "freeform_tags": meta.freeform_tags, "language": language.code,
        "language_source": language.source, "published": meta.published, "updated": meta.updated,
        "complete": meta.complete, "declared_words": meta.declared_words, "chapters_posted": meta.chapters_posted,
        "chapters_planned": meta.chapters_planned, "url": meta.url, "archive_work_id": meta.work_id,
        "site": meta.site, "format": meta.format,
        "words": ao3_word_count(work.text),
        "dialogue_words": sum(quote_words(work, q) for q in work.quotes if q.kind == "speech"),
        "chapter_count": len(work.chapters), "paragraph_count": len(work.paragraphs),
        "sentence_count": len(work.sentences), "scene_count": len(work.scenes), "quote_count": len(work.quotes),
        "character_count": len(work.characters), "mention_count": len(work.mentions),
        "person": narrative.person if narrative else None, "tense": narrative.tense if narrative else None,
        "pov_character_id": narrative.pov if narrative else None,
        "suggested_rating": rating[0].tag if rating else None,
        "suggested_categories": [t.tag for t in suggested(work.suggested_tags, "categories")],
        "suggested_archive_warnings": [t.tag for t in suggested(work.suggested_tags, "archive_warnings")],
        "suggested_relationships": [t.tag for t in suggested(work.suggested_tags, "relationships")],
        "analysed": skipped_reason is None, "skipped_reason": skipped_reason,
        "work_schema_version": work.schema_version, "ficlens_version": version("ficlens"),
    }  # fmt: skip


def chapter_index(work: Work, offset: int) -> int | None:
    starts = [c.start for c in work.chapters]
    return bisect_right(starts, offset) - 1 if starts and offset >= starts[0] else None


def chapter_rows(work: Work, work_hash: str) -> list[dict]:
    quotes = [chapter_index(work, q.start) for q in work.quotes]
    return [
        {"work_hash": work_hash, "chapter_index": index, "title": c.title, "start": c.start, "end": c.end,
         "words": ao3_word_count(work.span_text(c)), "quote_count": quotes.count(index)}
        for index, c in enumerate(work.chapters)
    ]  # fmt: skip


def character_rows(work: Work, work_hash: str) -> list[dict]:
    spoken: dict[str | None, int] = {}
    for quote in work.quotes:
        if quote.kind == "speech":
            spoken[quote.speaker] = spoken.get(quote.speaker, 0) + quote_words(work, quote)
    return [
        {"work_hash": work_hash, "character_id": c.id, "name": c.name, "aliases": c.aliases, "gender": c.gender,
         "presence": c.presence, "quote_count": c.quote_count, "mention_count": c.mention_count,
         "words_spoken": spoken.get(c.id, 0)}
        for c in work.characters
    ]  # fmt: skip


def quote_rows(work: Work, work_hash: str) -> list[dict]:
    return [
        {"work_hash": work_hash, "quote_id": q.id, "chapter_index": chapter_index(work, q.start),
         "paragraph": q.paragraph, "start": q.start, "end": q.end, "text": work.span_text(q),
         "words": quote_words(work, q), "kind": q.kind, "speaker_id": q.speaker, "addressee_ids": q.addressees,
         "confidence": q.confidence, "method": q.method}
        for q in work.quotes
    ]  # fmt: skip


def tag_rows(work: Work, work_hash: str) -> list[dict]:
    def row(origin: str, kind: str, tag: str, score: float | None = None, note: str | None = None) -> dict:
        return {"work_hash": work_hash, "origin": origin, "type": kind, "tag": tag, "score": score, "note": note}

    rows = []
    for field, kind in AUTHOR_TAG_FIELDS.items():
        value = getattr(work.metadata, field)
        rows += [row("author", kind, tag) for tag in ([value] if isinstance(value, str) else value or [])]
    for field, kind in SUGGESTED_TAG_FIELDS.items():
        rows += [row("suggested", kind, t.tag, t.score, t.note) for t in suggested(work.suggested_tags, field)]
    comparison = work.suggested_tags.comparison if work.suggested_tags else []
    return rows + [row("comparison", c.kind, c.tag, note=c.detail) for c in comparison]


def error_row(source: str, work_hash: str | None, step: str, error: BaseException) -> dict:
    return {"source": source, "work_hash": work_hash, "step": step, "error_class": type(error).__name__,
            "message": str(error)}  # fmt: skip
