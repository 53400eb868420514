"""Corpus runs: many works into Parquet tables, resumable, on local processes or Ray; queried with DuckDB.

from ficlens.corpus import run_corpus, CorpusOptions, query
summary = run_corpus(["downloads/", "more.zip"], "tables/", CorpusOptions(workers=2))
query("tables/", "SELECT fandom, count(*) FROM works, unnest(fandoms) t(fandom) GROUP BY 1").to_pandas()

Needs the `corpus` extra (pyarrow, duckdb, py3langid); `--engine ray` the `ray` extra.
"""

from __future__ import annotations

from ficlens.errors import UsageError

try:
    from ficlens.corpus.query import connect, query, read_table, validate
    from ficlens.corpus.run import CorpusOptions, Progress, RunSummary, run_corpus
    from ficlens.corpus.schema import TABLE_SCHEMA_VERSION, TABLES
except ModuleNotFoundError as error:  # pragma: no cover - depends on the installation
    raise UsageError(f"corpus runs need {error.name}: pip install 'ficlens[corpus]'") from None

__all__ = [
    "TABLES", "TABLE_SCHEMA_VERSION", "CorpusOptions", "Progress", "RunSummary", "connect", "query", "read_table",
    "run_corpus", "validate",
]  # fmt: skip
