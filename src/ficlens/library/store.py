"""Writing works into the library: one transaction per import, dedupe by archive id or text, newer replaces older."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Literal

from ficlens.errors import LibraryError
from ficlens.library.schema import now
from ficlens.model import SCHEMA_VERSION as WORK_SCHEMA_VERSION
from ficlens.model import Work
from ficlens.word_count import ao3_word_count

Outcome = Literal["added", "replaced", "duplicate", "older", "failed", "seen"]
SHIP_SPLIT = re.compile(r"\s*(?:/|\s&\s)\s*")
# author's metadata field -> tag kind
AUTHOR_TAG_KINDS = {
    "fandoms": "fandom",
    "archive_warnings": "warning",
    "categories": "category",
    "relationships": "relationship",
    "characters": "character",
    "freeform_tags": "freeform",
}
SUGGESTED_TAG_KINDS = {
    "characters": "character",
    "relationships": "relationship",
    "categories": "category",
    "archive_warnings": "warning",
    "setting": "setting",
}
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class ImportResult:
    source: str
    outcome: Outcome
    work_id: int | None = None
    title: str | None = None
    error: str | None = None


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ship_members(ship: str) -> list[str]:
    return [name for name in SHIP_SPLIT.split(ship.strip()) if name]


def ship_key(members: list[str]) -> str:
    return "/".join(sorted(m.casefold() for m in members))


def word_count(work: Work) -> int:
    return ao3_word_count(work.text)


def is_newer(new: Work, old: sqlite3.Row) -> bool:
    """A later download of the same work: more chapters, or more words, or a later update date."""
    meta = new.metadata
    chapters = meta.chapters_posted or max(1, len(new.chapters))
    if chapters != old["chapters"]:
        return chapters > old["chapters"]
    if (meta.updated or "") != (old["updated"] or ""):
        return (meta.updated or "") > (old["updated"] or "")
    return word_count(new) > old["words"]


def find_existing(conn: sqlite3.Connection, ao3_id: str | None, digest: str) -> sqlite3.Row | None:
    if ao3_id:
        row = conn.execute("SELECT * FROM works WHERE ao3_id = ?", (ao3_id,)).fetchone()
        if row:
            return row
    return conn.execute("SELECT * FROM works WHERE text_hash = ?", (digest,)).fetchone()


def store_work(conn: sqlite3.Connection, work: Work, source: str, data_hash: str, analysed: bool) -> ImportResult:
    """Add `work` in one transaction: a new entry, a replacement of an older download, or nothing (a duplicate)."""
    digest = text_hash(work.text)
    ao3_id = work.metadata.work_id or None
    conn.execute("BEGIN IMMEDIATE")
    try:
        existing = find_existing(conn, ao3_id, digest)
        if existing is None:
            work_id = insert_work(conn, work, source, data_hash, digest, analysed)
            outcome: Outcome = "added"
        elif is_newer(work, existing):
            work_id = existing["id"]
            replace_work(conn, work_id, work, source, data_hash, digest, analysed)
            outcome = "replaced"
        else:
            work_id = existing["id"]
            outcome = "duplicate" if existing["text_hash"] == digest else "older"
        conn.execute("INSERT OR REPLACE INTO seen_files VALUES (?, ?, ?, ?)", (data_hash, work_id, source, outcome))
        conn.execute("DELETE FROM import_failures WHERE source_path = ?", (source,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return ImportResult(source, outcome, work_id, work.metadata.title)


def record_failure(conn: sqlite3.Connection, source: str, data_hash: str | None, error: str) -> ImportResult:
    sql = "INSERT OR REPLACE INTO import_failures VALUES (?, ?, ?, ?)"
    with_transaction(conn, sql, (source, data_hash, error, now()))
    return ImportResult(source, "failed", error=error)


def with_transaction(conn: sqlite3.Connection, sql: str, parameters: tuple) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(sql, parameters)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def work_columns(work: Work, source: str, data_hash: str, digest: str, analysed: bool) -> dict:
    meta = work.metadata
    narrative = work.narrative
    pov = work.character(narrative.pov).name if narrative and narrative.pov and work.character(narrative.pov) else None
    return {
        "ao3_id": meta.work_id or None,
        "text_hash": digest,
        "title": meta.title,
        "authors": json.dumps(meta.authors),
        "summary": meta.summary,
        "notes": "\n\n".join(meta.notes + [n for c in work.chapters for n in c.notes]) or None,
        "rating": meta.rating,
        "language": meta.language,
        "words": word_count(work),
        "chapters": meta.chapters_posted or max(1, len(work.chapters)),
        "chapters_planned": meta.chapters_planned,
        "complete": None if meta.complete is None else int(meta.complete),
        "published": meta.published,
        "updated": meta.updated,
        "url": meta.url,
        "site": meta.site,
        "series": json.dumps([s.model_dump() for s in meta.series]),
        "source_path": source,
        "file_hash": data_hash,
        "format": meta.format,
        "person": narrative.person if narrative else None,
        "tense": narrative.tense if narrative else None,
        "pov": pov,
        "analysed": int(analysed),
        "work_schema_version": WORK_SCHEMA_VERSION,
        "work_json": work.to_json(indent=None),
    }


def insert_work(conn: sqlite3.Connection, work: Work, source: str, data_hash: str, digest: str, analysed: bool) -> int:
    columns = work_columns(work, source, data_hash, digest, analysed)
    columns["added_at"] = now()
    names = ", ".join(columns)
    marks = ", ".join(f":{name}" for name in columns)
    work_id = conn.execute(f"INSERT INTO works ({names}) VALUES ({marks})", columns).lastrowid
    insert_layers(conn, work_id, work)
    return work_id


def replace_work(conn, work_id: int, work: Work, source: str, data_hash: str, digest: str, analysed: bool) -> None:
    """Swap in the newer download; the user's notes, tags and status (their own columns and tags) stay."""
    columns = work_columns(work, source, data_hash, digest, analysed)
    columns["replaced_at"] = now()
    assignments = ", ".join(f"{name} = :{name}" for name in columns)
    conn.execute(f"UPDATE works SET {assignments} WHERE id = :id", {**columns, "id": work_id})
    delete_layers(conn, work_id, keep_user=True)
    insert_layers(conn, work_id, work)


def delete_layers(conn: sqlite3.Connection, work_id: int, keep_user: bool) -> None:
    conn.execute("DELETE FROM tags WHERE work_id = ? AND origin != 'user'" if keep_user else
                 "DELETE FROM tags WHERE work_id = ?", (work_id,))  # fmt: skip
    for table in ("ship_members", "characters", "interactions"):
        conn.execute(f"DELETE FROM {table} WHERE work_id = ?", (work_id,))
    conn.execute("DELETE FROM works_fts WHERE rowid = ?", (work_id,))


def author_tags(work: Work) -> list[tuple[str, str]]:
    meta = work.metadata
    tags = [(kind, tag) for field, kind in AUTHOR_TAG_KINDS.items() for tag in getattr(meta, field)]
    if meta.rating:
        tags.append(("rating", meta.rating))
    tags += [("other", tag) for values in meta.other_tags.values() for tag in values]
    return list(dict.fromkeys((kind, tag.strip()) for kind, tag in tags if tag.strip()))


def suggested_tags(work: Work) -> list[tuple[str, str, float, list[str]]]:
    suggestions = work.suggested_tags
    if suggestions is None:
        return []
    found = []
    for field, kind in SUGGESTED_TAG_KINDS.items():
        found += [(kind, s) for s in getattr(suggestions, field)]
    if suggestions.rating:
        found.append(("rating", suggestions.rating))
    rows = {}
    for kind, s in found:
        evidence = [" ".join(work.span_text(span).split()) for span in s.evidence[:MAX_EVIDENCE]]
        rows.setdefault((kind, s.tag.casefold()), (kind, s.tag, s.score, evidence))
    return list(rows.values())


def insert_layers(conn: sqlite3.Connection, work_id: int, work: Work) -> None:
    tags = author_tags(work)
    conn.executemany("INSERT OR IGNORE INTO tags VALUES (?, 'author', ?, ?, NULL, NULL)",
                     [(work_id, kind, tag) for kind, tag in tags])  # fmt: skip
    suggested = suggested_tags(work)
    conn.executemany("INSERT OR IGNORE INTO tags VALUES (?, 'ficlens', ?, ?, ?, ?)",
                     [(work_id, kind, tag, score, json.dumps(ev)) for kind, tag, score, ev in suggested])  # fmt: skip
    ships = [("author", tag) for kind, tag in tags if kind == "relationship"]
    ships += [("ficlens", tag) for kind, tag, _, _ in suggested if kind == "relationship"]
    for origin, ship in ships:
        members = ship_members(ship)
        conn.executemany("INSERT OR IGNORE INTO ship_members VALUES (?, ?, ?, ?, ?)",
                         [(work_id, origin, ship, ship_key(members), m) for m in members])  # fmt: skip
    conn.executemany(
        "INSERT OR IGNORE INTO characters VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(work_id, c.id, c.name, c.gender, c.presence, c.quote_count, c.mention_count) for c in work.characters],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(work_id, i.source, i.target, i.addressed, i.mentions_in_speech, i.mentions_in_narration, i.shared_scenes)
         for i in work.interactions],
    )  # fmt: skip
    user_rows = conn.execute("SELECT tag FROM tags WHERE work_id = ? AND origin = 'user'", (work_id,))
    user_tags = [row[0] for row in user_rows]
    user_notes = conn.execute("SELECT user_notes FROM works WHERE id = ?", (work_id,)).fetchone()[0]
    meta = work.metadata
    all_tags = [tag for _, tag in tags] + [tag for _, tag, _, _ in suggested] + user_tags
    notes = meta.notes + [n for c in work.chapters for n in c.notes] + ([user_notes] if user_notes else [])
    conn.execute(
        "INSERT INTO works_fts (rowid, title, authors, summary, notes, tags, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (work_id, meta.title or "", " ".join(meta.authors), meta.summary or "",
         "\n\n".join(notes), " ; ".join(all_tags), work.text),
    )  # fmt: skip


def remove_work(conn: sqlite3.Connection, work_id: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM works WHERE id = ?", (work_id,)).fetchone() is None:
            raise LibraryError(f"no work {work_id} in the library; `ficlens library list` shows the ids")
        delete_layers(conn, work_id, keep_user=False)
        conn.execute("DELETE FROM seen_files WHERE work_id = ?", (work_id,))
        conn.execute("DELETE FROM works WHERE id = ?", (work_id,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def set_user_data(conn: sqlite3.Connection, work_id: int, notes: str, user_tags: list[str], status: str) -> None:
    """The reader's own notes, tags and status; user tags are searchable like the others."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM works WHERE id = ?", (work_id,)).fetchone() is None:
            raise LibraryError(f"no work {work_id} in the library")
        tags = list(dict.fromkeys(t.strip() for t in user_tags if t.strip()))
        conn.execute("UPDATE works SET user_notes = ?, user_tags = ?, user_status = ? WHERE id = ?",
                     (notes, json.dumps(tags), status, work_id))  # fmt: skip
        conn.execute("DELETE FROM tags WHERE work_id = ? AND origin = 'user'", (work_id,))
        conn.executemany("INSERT OR IGNORE INTO tags VALUES (?, 'user', 'user', ?, NULL, NULL)",
                         [(work_id, t) for t in tags])  # fmt: skip
        work = load_work(conn, work_id)
        delete_layers(conn, work_id, keep_user=True)
        insert_layers(conn, work_id, work)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def load_work(conn: sqlite3.Connection, work_id: int) -> Work:
    row = conn.execute("SELECT work_json FROM works WHERE id = ?", (work_id,)).fetchone()
    if row is None:
        raise LibraryError(f"no work {work_id} in the library; `ficlens library list` shows the ids")
    return Work.from_json(row[0])
