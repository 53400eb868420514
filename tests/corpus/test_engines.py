"""Local processes and Ray write the same tables as one process (row for row, in any order)."""

from __future__ import annotations

import pytest

from ficlens.corpus import CorpusOptions, run_corpus
from tests.corpus.conftest import all_tables


@pytest.mark.slow
def test_two_worker_processes_write_the_same_tables(corpus_sources, corpus_run, tmp_path):
    reference, first = corpus_run
    summary = run_corpus(corpus_sources, tmp_path / "tables", CorpusOptions(workers=2, part_records=4))
    assert summary.finished == first.finished
    assert all_tables(tmp_path / "tables") == all_tables(reference)


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_ray_data_writes_the_same_tables(corpus_sources, corpus_run, tmp_path, local_ray):
    reference, first = corpus_run
    summary = run_corpus(corpus_sources, tmp_path / "tables", CorpusOptions(engine="ray", workers=2, part_records=4))
    assert summary.finished == first.finished
    assert all_tables(tmp_path / "tables") == all_tables(reference)
