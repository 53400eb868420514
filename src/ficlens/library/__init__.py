"""The reader's library: one SQLite file of imported works, searchable (FTS5) and filterable.

    from ficlens.library import Library, SearchQuery
    with Library.open("library.db") as library:
        library.add(["downloads/"])
        result = library.search(SearchQuery(text="lighthouse", ships=["Mira"]))
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from ficlens.errors import LibraryError
from ficlens.library.importer import Source, find_sources, import_sources
from ficlens.library.schema import SCHEMA_VERSION, connect
from ficlens.library.search import FacetCache, SearchQuery, SearchResult, search
from ficlens.library.stats import LibraryStats, library_stats
from ficlens.library.store import ImportResult, load_work, remove_work, set_user_data
from ficlens.model import DEFAULT_PROFILE, Profile, Work
from ficlens.options import DEFAULT_MAX_WORDS

__all__ = ["SCHEMA_VERSION", "ImportResult", "Library", "LibraryStats", "SearchQuery", "SearchResult",
           "default_db_path"]  # fmt: skip

DB_ENV = "FICLENS_LIBRARY"
EXPORT_COLUMNS = ["id", "title", "authors", "rating", "language", "words", "chapters", "complete", "published",
                  "updated", "url", "ao3_id", "source_path", "person", "tense", "pov", "user_status", "user_tags",
                  "user_notes"]  # fmt: skip


def default_db_path() -> Path:
    """$FICLENS_LIBRARY, else library.db in the platform's user data folder (e.g. ~/.local/share/ficlens)."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    from platformdirs import user_data_path

    return user_data_path("ficlens", appauthor=False) / "library.db"


class Library:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self.facet_cache = FacetCache()

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Library:
        db = Path(path) if path else default_db_path()
        return cls(connect(db), db)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def sources(self, paths: Iterable[str | os.PathLike[str]]) -> list[Source]:
        return find_sources(paths)

    def add(
        self,
        paths: Iterable[str | os.PathLike[str]] | list[Source],
        analyse: bool = True,
        workers: int = 1,
        on_result: Callable[[ImportResult], None] | None = None,
        max_words: int = DEFAULT_MAX_WORDS,
        profile: Profile = DEFAULT_PROFILE,
    ) -> list[ImportResult]:
        """Import files, folders and zip archives; a bad file is recorded (see `failures()`) and skipped."""
        paths = list(paths)
        sources = paths if all(isinstance(p, Source) for p in paths) and paths else find_sources(paths)
        return import_sources(self.conn, sources, analyse, workers, on_result, max_words, profile)

    def search(self, query: SearchQuery | None = None, facets: bool = True) -> SearchResult:
        return search(self.conn, query or SearchQuery(), facets=facets, facet_cache=self.facet_cache)

    def list(self, limit: int = 1000) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT id, title, authors, words, rating, complete, source_path FROM works "
                                 "ORDER BY id LIMIT ?", (limit,)).fetchall()  # fmt: skip

    def row(self, work_id: int) -> sqlite3.Row:
        row = self.conn.execute("SELECT * FROM works WHERE id = ?", (work_id,)).fetchone()
        if row is None:
            raise LibraryError(f"no work {work_id} in the library; `ficlens library list` shows the ids")
        return row

    def work(self, work_id: int) -> Work:
        return load_work(self.conn, work_id)

    def remove(self, work_id: int) -> None:
        remove_work(self.conn, work_id)

    def set_user_data(self, work_id: int, notes: str = "", tags: list[str] | None = None, status: str = "") -> None:
        set_user_data(self.conn, work_id, notes, tags or [], status)

    def failures(self) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM import_failures ORDER BY failed_at, source_path").fetchall()

    def stats(self) -> LibraryStats:
        return library_stats(self.conn)

    def export(self, fmt: Literal["json", "csv"] = "json", with_works: bool = False) -> str:
        """Every work's metadata and the reader's data as JSON (optionally the analysed Works too) or CSV."""
        rows = self.conn.execute(f"SELECT {', '.join(EXPORT_COLUMNS)}, work_json FROM works ORDER BY id").fetchall()
        records = []
        for row in rows:
            record = {name: row[name] for name in EXPORT_COLUMNS}
            record["authors"] = json.loads(record["authors"])
            record["user_tags"] = json.loads(record["user_tags"])
            record["tags"] = [dict(t) for t in self.conn.execute(
                "SELECT origin, kind, tag, score FROM tags WHERE work_id = ? ORDER BY origin, kind, tag", (row["id"],))]
            if with_works:
                record["work"] = json.loads(row["work_json"])
            records.append(record)
        if fmt == "json":
            return json.dumps({"schema_version": SCHEMA_VERSION, "works": records}, indent=2, ensure_ascii=False)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=[*EXPORT_COLUMNS, "tags"], extrasaction="ignore")
        writer.writeheader()
        for record in records:
            flat = {k: "; ".join(v) if isinstance(v, list) and k != "tags" else v for k, v in record.items()}
            flat["tags"] = "; ".join(f"{t['origin']}:{t['kind']}:{t['tag']}" for t in record["tags"])
            writer.writerow(flat)
        return buffer.getvalue()
