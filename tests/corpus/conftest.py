"""A small corpus (generated works, French and Chinese works, the format fixtures, an archive of downloads,
copies and broken files) and one run of it, shared by the corpus tests."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from benchmarks.corpus_generator import english_work, write_corpus
from tests.conftest import EXAMPLE
from tests.helpers import FORMATS, build_epub

FORMAT_FIXTURES = ["ao3-oneshot.html", "ao3-two-chapters.html", "fanficfare.html", "fanficfare.txt"]


def table_rows(directory: Path, table: str) -> list[tuple]:
    """Rows of a table as sorted tuples: equal for two runs that wrote the same rows in any order."""
    from ficlens.corpus import read_table

    return sorted(tuple(repr(v) for v in row.values()) for row in read_table(directory, table).to_pylist())


def all_tables(directory: Path) -> dict[str, list[tuple]]:
    from ficlens.corpus import TABLES

    return {table: table_rows(directory, table) for table in TABLES}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "downloads"
    write_corpus(folder, english=8, words=150, foreign=4)
    for name in FORMAT_FIXTURES:
        shutil.copy(FORMATS / name, folder / name)
    (folder / "paper-boats.epub").write_bytes(build_epub("ao3-epub"))
    shutil.copy(EXAMPLE, folder / "lighthouse.txt")
    shutil.copy(EXAMPLE, folder / "lighthouse-again.txt")  # the same work twice
    with zipfile.ZipFile(root / "archive.zip", "w") as archive:
        archive.writestr("fics/zipped-work.txt", english_work(100, 150))
        archive.writestr("fics/copy-of-work-1.txt", (folder / "work-00001.txt").read_bytes())
        archive.writestr("fics/salt-roads.epub", build_epub("fff-epub"))
        archive.writestr("__MACOSX/._zipped-work.txt", b"resource fork")
    return root


@pytest.fixture(scope="session")
def corpus_sources(corpus) -> list[str]:
    return [str(corpus / "downloads"), str(corpus / "archive.zip")]


@pytest.fixture(scope="session")
def corpus_run(corpus, corpus_sources):
    """The corpus analysed once, in this process, in parts of 4 sources."""
    from ficlens.corpus import CorpusOptions, run_corpus

    out = corpus / "tables"
    summary = run_corpus(corpus_sources, out, CorpusOptions(part_records=4))
    return out, summary
