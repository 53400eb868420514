"""The library database: tables, schema version and the migrations that produced it (recorded, applied in order).

One SQLite file holds everything. `works` keeps the archive metadata, the analysed Work as JSON and the user's
own data; the other tables are what ficlens found, normalised so that filters and facets are SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ficlens.errors import LibraryError

WORKS = """
CREATE TABLE works (
    id INTEGER PRIMARY KEY,
    ao3_id TEXT UNIQUE,                 -- the archive's work id, when the file names one
    text_hash TEXT NOT NULL UNIQUE,     -- sha256 of the story text with whitespace collapsed
    title TEXT,
    authors TEXT NOT NULL DEFAULT '[]', -- JSON list
    summary TEXT,
    notes TEXT,
    rating TEXT,
    language TEXT,
    words INTEGER NOT NULL DEFAULT 0,   -- counted from the text
    chapters INTEGER NOT NULL DEFAULT 1,
    chapters_planned INTEGER,
    complete INTEGER,                   -- 1, 0 or NULL when the file does not say
    published TEXT,
    updated TEXT,
    url TEXT,
    site TEXT,
    series TEXT NOT NULL DEFAULT '[]',  -- JSON list of {name, part, url}
    source_path TEXT,
    file_hash TEXT,
    format TEXT,
    person TEXT,
    tense TEXT,
    pov TEXT,
    analysed INTEGER NOT NULL DEFAULT 0,
    work_schema_version TEXT NOT NULL,
    work_json TEXT NOT NULL,
    added_at TEXT NOT NULL,
    replaced_at TEXT,
    user_notes TEXT NOT NULL DEFAULT '',   -- the reader's own data: kept when a newer download replaces the work
    user_tags TEXT NOT NULL DEFAULT '[]',
    user_status TEXT NOT NULL DEFAULT ''
)"""

TAGS = """
CREATE TABLE tags (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    origin TEXT NOT NULL CHECK (origin IN ('author', 'ficlens', 'user')),
    kind TEXT NOT NULL,    -- fandom, rating, warning, category, relationship, character, freeform, setting, other
    tag TEXT NOT NULL COLLATE NOCASE,
    score REAL,            -- ficlens suggestions only
    evidence TEXT,         -- JSON list of evidence sentences (ficlens suggestions only)
    PRIMARY KEY (work_id, origin, kind, tag)
) WITHOUT ROWID"""

SHIP_MEMBERS = """
CREATE TABLE ship_members (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    ship TEXT NOT NULL COLLATE NOCASE,      -- the relationship tag as written
    ship_key TEXT NOT NULL COLLATE NOCASE,  -- members sorted and joined with '/', for order-free `A/B` filters
    member TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (work_id, origin, ship, member)
)"""  # a rowid table: SQLite 3.40's integrity_check misreports NOT NULL columns of this one WITHOUT ROWID

CHARACTERS = """
CREATE TABLE characters (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    character_id TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    gender TEXT,
    presence TEXT,
    quotes INTEGER NOT NULL DEFAULT 0,     -- quotations ficlens attributes to the character
    mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (work_id, character_id)
) WITHOUT ROWID"""

INTERACTIONS = """
CREATE TABLE interactions (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    addressed INTEGER NOT NULL,
    mentions_in_speech INTEGER NOT NULL,
    mentions_in_narration INTEGER NOT NULL,
    shared_scenes INTEGER NOT NULL,
    PRIMARY KEY (work_id, source, target)
) WITHOUT ROWID"""

FAILURES = """
CREATE TABLE import_failures (
    source_path TEXT PRIMARY KEY,
    file_hash TEXT,
    error TEXT NOT NULL,
    failed_at TEXT NOT NULL
)"""

SEEN_FILES = """
CREATE TABLE seen_files (  -- every file whose import committed, so that a rerun skips it without reading it
    file_hash TEXT PRIMARY KEY,
    work_id INTEGER REFERENCES works(id) ON DELETE SET NULL,
    source_path TEXT NOT NULL,
    outcome TEXT NOT NULL   -- added, replaced, duplicate, older
)"""

# Search over title, authors, summary, notes, every tag (author's and ficlens's) and the story text; rowid = works.id
FTS = """
CREATE VIRTUAL TABLE works_fts USING fts5(
    title, authors, summary, notes, tags, text, tokenize = 'unicode61 remove_diacritics 2'
)"""

INDEXES = [
    "CREATE INDEX tags_by_tag ON tags (kind, tag, origin)",
    "CREATE INDEX ships_by_member ON ship_members (member, origin)",
    "CREATE INDEX ships_by_key ON ship_members (ship_key, origin)",
    "CREATE INDEX characters_by_name ON characters (name)",
    "CREATE INDEX works_by_words ON works (words)",
    "CREATE INDEX works_by_rating ON works (rating)",
    "CREATE INDEX works_by_date ON works (COALESCE(updated, published, '') DESC, id)",  # the default order
]


def migration_1(conn: sqlite3.Connection) -> None:
    for statement in (WORKS, TAGS, SHIP_MEMBERS, CHARACTERS, INTERACTIONS, FAILURES, SEEN_FILES, FTS, *INDEXES):
        conn.execute(statement)


# Append only: a migration, once released, never changes; the schema version is the number of migrations applied.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("initial schema", migration_1),
]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create or migrate, unless read-only) the library at `path`."""
    path = Path(path)
    if readonly:
        if not path.is_file():
            raise LibraryError(f"{path}: no library here; add works with `ficlens library add --db {path} FILES`")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)  # transactions are explicit
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    try:
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")  # the web app reads while `library add` writes
            migrate(conn)
        check_version(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise LibraryError(f"{path}: not a ficlens library ({error})") from None
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations not yet recorded, each in its own transaction; returns the schema version."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL)")  # fmt: skip
    applied = {row[0] for row in conn.execute("SELECT version FROM migrations")}
    for version, (name, apply) in enumerate(MIGRATIONS, start=1):
        if version in applied:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM migrations WHERE version = ?", (version,)).fetchone() is None:
                apply(conn)
                conn.execute("INSERT INTO migrations VALUES (?, ?, ?)", (version, name, now()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def check_version(conn: sqlite3.Connection) -> None:
    version = conn.execute("SELECT COALESCE(MAX(version), 0) FROM migrations").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise LibraryError(f"the library is schema version {version}, newer than this ficlens ({SCHEMA_VERSION}); "
                           "upgrade ficlens")  # fmt: skip
    if version < SCHEMA_VERSION:
        raise LibraryError(f"the library is schema version {version}; open it once without read-only to migrate")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
