"""Local processes and Ray write the same tables as one process (row for row, in any order)."""

from __future__ import annotations

import ast
import subprocess
import sys

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


def test_a_started_worker_keeps_to_one_thread_in_every_thread_pool():
    """Limits set before the models load miss the libraries they load (LightGBM's OpenMP): checked after."""
    script = (
        "from ficlens.corpus.analyse import start_worker; start_worker()\n"
        "from threadpoolctl import threadpool_info\n"
        "print(sorted({(pool['internal_api'], pool['num_threads']) for pool in threadpool_info()}))"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    pools = ast.literal_eval(found.stdout.strip().splitlines()[-1])
    assert pools and all(threads == 1 for _, threads in pools), pools
