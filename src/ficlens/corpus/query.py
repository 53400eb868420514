"""Query the tables of a corpus run with DuckDB: each table is a view over its committed Parquet parts."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ficlens.corpus.schema import TABLES
from ficlens.corpus.store import MANIFEST, part_path, read_manifest
from ficlens.errors import CorpusError


def table_paths(directory: str | os.PathLike[str]) -> dict[str, list[Path]]:
    """The committed part files of each table (what the manifest lists; a killed run's leftovers are not read)."""
    directory = Path(directory)
    if not (directory / MANIFEST).is_file():
        raise CorpusError(f"{directory}: no {MANIFEST}; give the --out folder of a corpus run")
    parts = [part["name"] for part in read_manifest(directory)["parts"]]
    return {table: [part_path(directory, table, part) for part in parts] for table in TABLES}


def connect(directory: str | os.PathLike[str]):
    """A DuckDB connection with one view per table (`works`, `quotes`, ...)."""
    import duckdb

    connection = duckdb.connect()
    for table, paths in table_paths(directory).items():
        if paths:
            files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{files}])")
        else:  # no part yet: an empty table of the right columns
            connection.register(f"{table}_empty", TABLES[table].empty_table())
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_empty")
    return connection


def query(directory: str | os.PathLike[str], sql: str) -> pa.Table:
    import duckdb

    try:
        relation = connect(directory).sql(sql)
        if relation is None:  # a statement with no result rows
            return pa.table({})
        # DuckDB 2 renamed arrow() to to_arrow_table()
        return relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()
    except duckdb.Error as error:
        raise CorpusError(f"query failed: {error}") from None


def read_table(directory: str | os.PathLike[str], table: str) -> pa.Table:
    """One whole table as an Arrow table (pandas: `.to_pandas()`, polars: `polars.from_arrow`)."""
    paths = table_paths(directory)[table]
    return pa.concat_tables([pq.read_table(p) for p in paths]) if paths else TABLES[table].empty_table()


def validate(directory: str | os.PathLike[str]) -> dict[str, int]:
    """Check every committed part against the table schema; returns the rows of each table."""
    rows = {}
    for table, paths in table_paths(directory).items():
        rows[table] = 0
        for path in paths:
            schema = pq.read_schema(path)
            if not schema.equals(TABLES[table], check_metadata=False):
                raise CorpusError(f"{path}: columns differ from the {table} schema")
            rows[table] += pq.ParquetFile(path).metadata.num_rows
    return rows
