"""A corpus run: expand the sources, read each, skip what is done, send the rest to an engine, record each result."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ficlens.corpus.records import Record, Task
from ficlens.corpus.rows import content_hash, error_row
from ficlens.corpus.sources import Source, expand_sources
from ficlens.corpus.store import CorpusStore
from ficlens.errors import FiclensError
from ficlens.ingest import DEFAULT_MAX_BYTES, read_bytes
from ficlens.model import DEFAULT_PROFILE, Profile
from ficlens.options import DEFAULT_MAX_WORDS


class CorpusOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int = Field(1, ge=1, description="Processes (local) or actors (Ray) analysing works")
    engine: Literal["local", "ray"] = "local"
    ray_address: str | None = Field(None, description="An existing Ray cluster ('auto', 'ray://host:10001')")
    force: bool = Field(False, description="Discard the tables in the output folder and redo every work")
    part_records: int = Field(500, ge=1, description="Finished sources per Parquet part")
    max_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1, description="Refuse input files larger than this")
    max_words: int = Field(DEFAULT_MAX_WORDS, ge=1, description="Refuse to analyse longer works (an errors row)")
    profile: Profile = Field(DEFAULT_PROFILE, description="The analysis profile; one run's tables all have the same")


@dataclass
class RunSummary:
    sources: int = 0
    already_done: int = 0
    analysed: int = 0
    skipped_language: int = 0
    duplicates: int = 0
    errors: int = 0
    words: int = 0
    seconds: float = 0.0

    @property
    def finished(self) -> int:
        return self.analysed + self.skipped_language + self.duplicates + self.errors

    @property
    def works_per_second(self) -> float:
        return (self.analysed + self.skipped_language) / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def count(self, record: Record) -> None:
        if record.kind == "work":
            self.words += record.words
            if record.analysed:
                self.analysed += 1
            else:
                self.skipped_language += 1
        elif record.kind == "duplicate":
            self.duplicates += 1
        else:
            self.errors += 1

    def describe(self) -> str:
        return (
            f"{self.sources:,} sources: {self.analysed:,} works analysed, {self.skipped_language:,} tabulated only "
            f"(not English), {self.duplicates:,} duplicates of another source, {self.errors:,} failed, "
            f"{self.already_done:,} done by an earlier run; {self.words:,} words in {self.seconds:.1f} s "
            f"({self.works_per_second:.2f} works/s, {self.words_per_second:,.0f} words/s)"
        )


@dataclass(frozen=True)
class Progress:
    finished: int
    total: int
    works_per_second: float
    eta_seconds: float | None


def read_source(
    source: Source, max_bytes: int, max_words: int = DEFAULT_MAX_WORDS, profile: Profile = DEFAULT_PROFILE
) -> Task | Record:
    try:
        work = read_bytes(source.read_bytes(max_bytes), name=source.name, max_bytes=max_bytes)
    except (FiclensError, ValueError, OSError) as error:
        return Record("error", source.name, None, {"errors": [error_row(source.name, None, "read", error)]})
    return Task(content_hash(work), source.name, work.to_json(indent=None), max_words, profile)


def duplicate(source: str, work_hash: str, first_source: str) -> Record:
    row = {"source": source, "work_hash": work_hash, "first_source": first_source}
    return Record("duplicate", source, work_hash, {"duplicates": [row]})


def engine_for(options: CorpusOptions) -> Callable[[Iterator[Task]], Iterator[str]]:
    if options.engine == "ray":
        from ficlens.corpus.ray_engine import analyse_on_ray

        return lambda tasks: analyse_on_ray(tasks, options.workers, options.ray_address, options.profile)
    from ficlens.corpus.engines import analyse_locally

    return lambda tasks: analyse_locally(tasks, options.workers, options.profile)


def run_corpus(
    sources: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    options: CorpusOptions | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> RunSummary:
    """Analyse every work under `sources` into the Parquet tables in `out`, resuming what a previous run began."""
    options = options or CorpusOptions()
    everything = expand_sources(sources, exclude=out)
    store = CorpusStore.open(out, options.force, options.profile)
    try:
        todo = [source for source in everything if source.name not in store.done_sources]
        if options.workers > 1:  # longest first, so that the run does not end waiting on one long work
            todo.sort(key=lambda source: source.size, reverse=True)
        summary = RunSummary(sources=len(everything), already_done=len(everything) - len(todo))
        started = time.monotonic()
        in_flight: dict[str, str] = {}  # work hash -> source, for works sent to the engine and not back yet

        def finish(record: Record) -> None:
            store.add(record, options.part_records)
            summary.count(record)
            summary.seconds = time.monotonic() - started
            if on_progress:
                rate = summary.finished / summary.seconds if summary.seconds else 0.0
                eta = (len(todo) - summary.finished) / rate if rate else None
                on_progress(Progress(summary.finished, len(todo), summary.works_per_second, eta))

        def tasks() -> Iterator[Task]:
            for source in todo:
                task = read_source(source, options.max_bytes, options.max_words, options.profile)
                if isinstance(task, Record):
                    finish(task)
                elif first := store.done_hashes.get(task.work_hash) or in_flight.get(task.work_hash):
                    finish(duplicate(task.source, task.work_hash, first))
                else:
                    in_flight[task.work_hash] = task.source
                    yield task

        for payload in engine_for(options)(tasks()):
            record = Record.from_json(payload)
            in_flight.pop(record.work_hash or "", None)
            finish(record)
        store.flush()
        summary.seconds = time.monotonic() - started
        return summary
    finally:
        store.close()
