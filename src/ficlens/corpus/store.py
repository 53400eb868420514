"""The output folder of a corpus run, written so that a run killed at any point loses and duplicates nothing.

Layout: `manifest.json` (versions and the committed parts), one folder per table holding `part-NNNNN.parquet`
files, and `pending/`, one JSON file per finished source not yet in a part. A finished work is recorded by
renaming its pending file into place (atomic); a part is written under hidden temporary names, committed by
replacing the manifest, then renamed into place and its pending files removed. Opening the folder again
finishes or discards whatever a killed run left half-done.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ficlens.corpus.records import Record
from ficlens.corpus.schema import ROW_GROUP_SIZE, TABLE_SCHEMA_VERSION, TABLES
from ficlens.errors import CorpusError
from ficlens.model import DEFAULT_PROFILE, SCHEMA_VERSION, Profile

MANIFEST = "manifest.json"
PENDING = "pending"
LOCK = ".lock"
FORMAT = "ficlens-corpus"


def part_path(directory: Path, table: str, part: str, temporary: bool = False) -> Path:
    return directory / table / (f".{part}.parquet.tmp" if temporary else f"{part}.parquet")


def write_atomically(path: Path, data: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class CorpusStore:
    def __init__(self, directory: Path, manifest: dict[str, Any], lock: Any) -> None:
        self.directory = directory
        self.manifest = manifest
        self._lock = lock
        self.pending: list[Record] = []
        self.done_sources: set[str] = set()
        self.done_hashes: dict[str, str] = {}  # work hash -> the first source it was read from

    @classmethod
    def open(
        cls, directory: str | os.PathLike[str], force: bool = False, profile: Profile = DEFAULT_PROFILE
    ) -> CorpusStore:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        lock = (directory / LOCK).open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise CorpusError(f"{directory}: another corpus run is writing to this folder") from None
        try:
            if force:
                for name in [*TABLES, PENDING]:
                    shutil.rmtree(directory / name, ignore_errors=True)
                (directory / MANIFEST).unlink(missing_ok=True)
            store = cls(directory, read_manifest(directory, profile), lock)
            # written now, not at the first part, so that a run killed before it still says which profile it used
            write_atomically(directory / MANIFEST, json.dumps(store.manifest, indent=2) + "\n")
            store.recover()
        except BaseException:
            lock.close()
            raise
        return store

    def close(self) -> None:
        self._lock.close()

    @property
    def parts(self) -> list[dict[str, Any]]:
        return self.manifest["parts"]

    def recover(self) -> None:
        """Finish the renames of committed parts, drop uncommitted ones, and reload what is already done."""
        committed = {part["name"] for part in self.parts}
        for table in TABLES:
            (self.directory / table).mkdir(exist_ok=True)
            for temporary in (self.directory / table).glob(".part-*.parquet.tmp"):
                part = temporary.name[1 : -len(".parquet.tmp")]
                final = part_path(self.directory, table, part)
                if part in committed and not final.exists():
                    os.replace(temporary, final)
                else:
                    temporary.unlink()
        for part in self.parts:
            self.note_done_from_part(part["name"])
        pending = self.directory / PENDING
        pending.mkdir(exist_ok=True)
        for leftover in pending.glob(".*.tmp"):
            leftover.unlink()
        for path in sorted(pending.glob("*.json")):
            record = Record.from_json(path.read_bytes())
            if self.is_done(record):
                path.unlink()  # committed in a part before the run was killed
            else:
                self.pending.append(record)
                self.note_done(record)

    def note_done_from_part(self, part: str) -> None:
        for table in ("works", "errors", "duplicates"):
            columns = pq.read_table(part_path(self.directory, table, part), columns=["source", "work_hash"])
            for source, work_hash in zip(*(columns.column(n).to_pylist() for n in ("source", "work_hash"))):
                self.done_sources.add(source)
                if work_hash and table != "duplicates":
                    self.done_hashes.setdefault(work_hash, source)

    def is_done(self, record: Record) -> bool:
        return record.source in self.done_sources

    def note_done(self, record: Record) -> None:
        self.done_sources.add(record.source)
        if record.work_hash and record.kind != "duplicate":
            self.done_hashes.setdefault(record.work_hash, record.source)

    def add(self, record: Record, part_records: int) -> None:
        """Record one finished source (atomically); write a part when enough are pending."""
        check_columns(record)
        write_atomically(self.directory / PENDING / f"{record.id}.json", record.to_json())
        self.pending.append(record)
        self.note_done(record)
        if len(self.pending) >= part_records:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        part = f"part-{len(self.parts):05d}"
        counts = {}
        for table, schema in TABLES.items():
            rows = [row for record in self.pending for row in record.tables.get(table, [])]
            counts[table] = len(rows)
            path = part_path(self.directory, table, part, temporary=True)
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, row_group_size=ROW_GROUP_SIZE)
        self.parts.append({"name": part, "records": len(self.pending), "rows": counts})
        write_atomically(self.directory / MANIFEST, json.dumps(self.manifest, indent=2) + "\n")  # the commit
        for table in TABLES:
            os.replace(part_path(self.directory, table, part, temporary=True), part_path(self.directory, table, part))
        for record in self.pending:
            (self.directory / PENDING / f"{record.id}.json").unlink(missing_ok=True)
        self.pending = []


def new_manifest(profile: Profile = DEFAULT_PROFILE) -> dict[str, Any]:
    return {"format": FORMAT, "table_schema_version": TABLE_SCHEMA_VERSION, "work_schema_version": SCHEMA_VERSION,
            "ficlens_version": version("ficlens"), "profile": profile, "tables": list(TABLES), "parts": []}  # fmt: skip


def read_manifest(directory: Path, profile: str | None = None) -> dict[str, Any]:
    """The run's manifest (a new one if none); with `profile`, refuse tables another analysis profile wrote."""
    path = directory / MANIFEST
    if not path.exists():
        if any(next((directory / table).glob("*.parquet"), None) for table in TABLES):
            raise CorpusError(f"{directory}: tables without a {MANIFEST}; use --force to start again")
        return new_manifest(profile or DEFAULT_PROFILE)
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise CorpusError(f"{directory}: {MANIFEST} is not a ficlens corpus manifest")
    if manifest["table_schema_version"] != TABLE_SCHEMA_VERSION:
        raise CorpusError(
            f"{directory}: tables of schema {manifest['table_schema_version']}, this ficlens writes "
            f"{TABLE_SCHEMA_VERSION}; write to a new --out, or --force to redo the run"
        )
    written = manifest.setdefault("profile", "accurate")  # manifests before profiles: the only one there was
    begun = manifest["parts"] or next((directory / PENDING).glob("*.json"), None)
    if profile is not None and written != profile and begun:
        raise CorpusError(
            f"{directory}: tables analysed with --profile {written}; go on with it, write to a new --out, or "
            "--force to redo the run"
        )
    manifest["profile"] = profile or written
    return manifest


def check_columns(record: Record) -> None:
    for table, rows in record.tables.items():
        expected = set(TABLES[table].names)
        for row in rows:
            if set(row) != expected:
                raise CorpusError(f"internal: a {table} row has columns {sorted(row)}, the schema {sorted(expected)}")
