"""The corpus tables: names, columns and types, versioned. One row of `works` per distinct work (by content hash);
every other table joins to it on `work_hash`, and to `characters` on (`work_hash`, `character_id`).

Bump TABLE_SCHEMA_VERSION when a column is removed or changes meaning; a run refuses to add to tables of
another version (start a new --out, or --force).
"""

from __future__ import annotations

import pyarrow as pa

TABLE_SCHEMA_VERSION = "1.0"

# DuckDB's own row-group size: parts written with it read in parallel without splitting groups.
ROW_GROUP_SIZE = 122_880

strings = pa.list_(pa.string())

TABLES: dict[str, pa.Schema] = {
    "works": pa.schema([
        ("work_hash", pa.string()), ("source", pa.string()),
        ("title", pa.string()), ("authors", strings), ("summary", pa.string()), ("rating", pa.string()),
        ("archive_warnings", strings), ("categories", strings), ("fandoms", strings), ("relationships", strings),
        ("tagged_characters", strings), ("freeform_tags", strings), ("language", pa.string()),
        ("language_source", pa.string()), ("published", pa.string()), ("updated", pa.string()),
        ("complete", pa.bool_()), ("declared_words", pa.int64()), ("chapters_posted", pa.int32()),
        ("chapters_planned", pa.int32()), ("url", pa.string()), ("archive_work_id", pa.string()),
        ("site", pa.string()), ("format", pa.string()),
        ("words", pa.int64()), ("dialogue_words", pa.int64()), ("chapter_count", pa.int32()),
        ("paragraph_count", pa.int32()), ("sentence_count", pa.int32()), ("scene_count", pa.int32()),
        ("quote_count", pa.int32()), ("character_count", pa.int32()), ("mention_count", pa.int32()),
        ("person", pa.string()), ("tense", pa.string()), ("pov_character_id", pa.string()),
        ("suggested_rating", pa.string()), ("suggested_categories", strings),
        ("suggested_archive_warnings", strings), ("suggested_relationships", strings),
        ("analysed", pa.bool_()), ("skipped_reason", pa.string()), ("work_schema_version", pa.string()),
        ("ficlens_version", pa.string()),
    ]),
    "chapters": pa.schema([
        ("work_hash", pa.string()), ("chapter_index", pa.int32()), ("title", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("words", pa.int64()), ("quote_count", pa.int32()),
    ]),
    "characters": pa.schema([
        ("work_hash", pa.string()), ("character_id", pa.string()), ("name", pa.string()), ("aliases", strings),
        ("gender", pa.string()), ("presence", pa.string()), ("quote_count", pa.int32()),
        ("mention_count", pa.int32()), ("words_spoken", pa.int64()),
    ]),
    "quotes": pa.schema([
        ("work_hash", pa.string()), ("quote_id", pa.string()), ("chapter_index", pa.int32()),
        ("paragraph", pa.int32()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("words", pa.int32()), ("kind", pa.string()), ("speaker_id", pa.string()), ("addressee_ids", strings),
        ("confidence", pa.float64()), ("method", pa.string()),
    ]),
    "mentions": pa.schema([
        ("work_hash", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("character_id", pa.string()), ("kind", pa.string()), ("in_quote", pa.bool_()),
    ]),
    "interactions": pa.schema([
        ("work_hash", pa.string()), ("source_id", pa.string()), ("target_id", pa.string()),
        ("addressed", pa.int32()), ("mentions_in_speech", pa.int32()), ("mentions_in_narration", pa.int32()),
        ("shared_scenes", pa.int32()),
    ]),
    "tags": pa.schema([
        ("work_hash", pa.string()), ("origin", pa.string()), ("type", pa.string()), ("tag", pa.string()),
        ("score", pa.float64()), ("note", pa.string()),
    ]),
    "errors": pa.schema([
        ("source", pa.string()), ("work_hash", pa.string()), ("step", pa.string()), ("error_class", pa.string()),
        ("message", pa.string()),
    ]),
    "duplicates": pa.schema([
        ("source", pa.string()), ("work_hash", pa.string()), ("first_source", pa.string()),
    ]),
}  # fmt: skip

TAG_ORIGINS = ("author", "suggested", "comparison")
ERROR_STEPS = ("read", "analyse")
