"""`library add`: find story files (folders, zip archives of downloads), read and analyse them, store each one.

Reading and analysis run in worker processes when asked (each loads the models once); only the main process
writes, one transaction per work, so a killed import leaves whole works only and a rerun skips what was committed.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import FiclensError, InputError
from ficlens.ingest import DEFAULT_MAX_BYTES, ZIP_MAGIC
from ficlens.library.store import ImportResult, file_hash, record_failure, store_work
from ficlens.model import DEFAULT_PROFILE, Profile, Work
from ficlens.options import DEFAULT_MAX_WORDS

STORY_SUFFIXES = {".txt", ".html", ".htm", ".epub", ".zip"}
ARCHIVE_MEMBER_SEPARATOR = "!"


@dataclass(frozen=True)
class Source:
    """One story file: a path on disk, or a member of a zip archive (`archive.zip!member.html`)."""

    name: str
    path: Path
    member: str | None = None

    def read(self, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
        if self.member is None:
            size = self.path.stat().st_size
            if size > max_bytes:
                raise InputError(f"{self.name}: {size:,} bytes is over the {max_bytes:,}-byte input limit")
            return self.path.read_bytes()
        with zipfile.ZipFile(self.path) as archive:
            info = archive.getinfo(self.member)
            if info.file_size > max_bytes:
                raise InputError(f"{self.name}: {info.file_size:,} bytes is over the {max_bytes:,}-byte input limit")
            return archive.read(info)


@dataclass(frozen=True)
class Prepared:
    """What a worker sends back: the file's hash and the Work as JSON, or the error that stopped it."""

    source: str
    data_hash: str | None
    work_json: str | None = None
    error: str | None = None


def is_epub(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return archive.read("mimetype").strip() == b"application/epub+zip"
            return "META-INF/container.xml" in names
    except zipfile.BadZipFile:
        return True  # a broken archive: let the EPUB reader say what is wrong with it


def archive_members(path: Path) -> list[Source]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if not n.endswith("/"))
    return [Source(f"{path}{ARCHIVE_MEMBER_SEPARATOR}{n}", path, n) for n in names
            if Path(n).suffix.lower() in STORY_SUFFIXES - {".zip"} and not Path(n).name.startswith(".")]  # fmt: skip


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> list[Source]:
    """Story files under `paths` (recursive, sorted); a zip archive that is not an EPUB is opened as a folder."""
    found: list[Source] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if path.is_dir() and (file.suffix.lower() not in STORY_SUFFIXES or file.name.startswith(".")):
                continue
            suffix = file.suffix.lower()
            if (suffix == ".zip" or (suffix != ".epub" and starts_like_zip(file))) and not is_epub(file):
                found += archive_members(file)
            else:
                found.append(Source(str(file), file))
    return list({s.name: s for s in found}.values())


def starts_like_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == ZIP_MAGIC


def prepare(
    source: Source,
    analyse: bool,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_words: int = DEFAULT_MAX_WORDS,
    profile: Profile = DEFAULT_PROFILE,
) -> Prepared:
    """Read (and analyse) one source; runs in a worker process. Errors come back as text, never raised."""
    data_hash = None
    try:
        data = source.read(max_bytes)
        data_hash = file_hash(data)
        from ficlens.ingest import read_bytes

        work = read_bytes(data, name=source.name, max_bytes=max_bytes)
        if analyse:
            from ficlens import analyze_work

            work = analyze_work(work, max_words=max_words, profile=profile)
        return Prepared(source.name, data_hash, work.to_json(indent=None))
    except (FiclensError, OSError, zipfile.BadZipFile, ValueError) as error:
        return Prepared(source.name, data_hash, error=str(error) or type(error).__name__)


def hash_of(source: Source) -> str | None:
    try:
        return file_hash(source.read())
    except (OSError, FiclensError, zipfile.BadZipFile, KeyError):
        return None


def import_sources(
    conn: sqlite3.Connection,
    sources: list[Source],
    analyse: bool = True,
    workers: int = 1,
    on_result: Callable[[ImportResult], None] | None = None,
    max_words: int = DEFAULT_MAX_WORDS,
    profile: Profile = DEFAULT_PROFILE,
) -> list[ImportResult]:
    """Import `sources` into the library; files already imported (same bytes) are skipped without reading."""
    results: list[ImportResult] = []
    seen = {row[0] for row in conn.execute("SELECT file_hash FROM seen_files")}
    pending: list[Source] = []
    for source in sources:
        digest = hash_of(source)
        if digest is not None and digest in seen:
            report(ImportResult(source.name, "seen"), results, on_result)
        else:
            pending.append(source)
    for prepared in prepared_works(pending, analyse, workers, max_words, profile):
        if prepared.work_json is None:
            result = record_failure(conn, prepared.source, prepared.data_hash, prepared.error or "unreadable")
        else:
            result = store_work(conn, Work.from_json(prepared.work_json), prepared.source, prepared.data_hash, analyse)
        report(result, results, on_result)
    return results


def report(result: ImportResult, results: list[ImportResult], on_result) -> None:
    results.append(result)
    if on_result:
        on_result(result)


SPAWN = multiprocessing.get_context("spawn")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def one_thread_per_worker() -> Iterator[None]:
    """Workers spawned inside this block run their numeric libraries on one thread each (one process per core;
    more threads only contend), unless the user has set the thread variables; the parent's environment is restored."""
    added = [name for name in THREAD_VARIABLES if name not in os.environ]
    os.environ.update({name: "1" for name in added})
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def prepared_works(
    sources: list[Source], analyse: bool, workers: int, max_words: int, profile: Profile = DEFAULT_PROFILE
) -> Iterator[Prepared]:
    if workers <= 1 or len(sources) <= 1:
        for source in sources:
            yield prepare(source, analyse, max_words=max_words, profile=profile)
        return
    # spawn, not fork: a parent that has loaded the models (threads, locks) can deadlock a forked child
    with one_thread_per_worker(), ProcessPoolExecutor(max_workers=workers, mp_context=SPAWN) as pool:
        queue = iter(sources)
        running: set[Future] = set()
        for source in queue:
            running.add(pool.submit(prepare, source, analyse, DEFAULT_MAX_BYTES, max_words, profile))
            if len(running) >= workers * 2:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                following = next(queue, None)
                if following is not None:
                    running.add(pool.submit(prepare, following, analyse, DEFAULT_MAX_BYTES, max_words, profile))


def add_paths(conn: sqlite3.Connection, paths: Iterable[str | os.PathLike[str]], **options) -> list[ImportResult]:
    return import_sources(conn, find_sources(paths), **options)

