"""The Ray engine: the same Tasks analysed by Ray Data actors, each loading the models once.

Works go to the cluster in chunks of Work JSON (the driver reads the sources, so deduplication and the
resumable store stay in one place); each chunk runs on a pool of `workers` actors and its Records stream back
to the driver, which writes the same tables as the local engine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from itertools import islice

import pyarrow as pa

from ficlens.corpus.records import Task
from ficlens.errors import UsageError
from ficlens.model import DEFAULT_PROFILE, Profile

# Works per Ray dataset: actors (and their models) are started once per chunk, a second or two against the
# minutes a thousand works take.
CHUNK_WORKS = 1000


class Analyser:
    """A Ray Data actor: models loaded in the constructor, one work per batch."""

    def __init__(self, profile: Profile = DEFAULT_PROFILE) -> None:
        from ficlens.corpus.analyse import start_worker

        start_worker(profile)

    def __call__(self, batch: pa.Table) -> pa.Table:
        from ficlens.corpus.analyse import analyse_task

        records = [analyse_task(Task(**row)) for row in batch.to_pylist()]
        return pa.table({"record": pa.array(records, pa.large_string())})


def start_ray(workers: int, address: str | None) -> bool:
    """Connect to `address` (an existing cluster) or start a local Ray with `workers` CPUs; True if started here."""
    try:
        import ray
    except ModuleNotFoundError:
        raise UsageError("--engine ray needs Ray: pip install 'ficlens[ray]'") from None
    if ray.is_initialized():
        return False
    if address:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    else:
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    return True


def chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(tasks)  # itertools.batched from Python 3.12
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyse_on_ray(
    tasks: Iterable[Task], workers: int, address: str | None = None, profile: Profile = DEFAULT_PROFILE
) -> Iterator[str]:
    import ray

    started_here = start_ray(workers, address)
    try:
        for chunk in chunks(tasks, CHUNK_WORKS):
            items = [dataclasses.asdict(t) for t in chunk]
            dataset = ray.data.from_items(items).map_batches(
                Analyser, fn_constructor_kwargs={"profile": profile}, batch_size=1, batch_format="pyarrow", num_cpus=1,
                compute=ray.data.ActorPoolStrategy(size=min(workers, len(items))),
            )  # fmt: skip
            for batch in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
                yield from batch.column("record").to_pylist()
    finally:
        if started_here:
            ray.shutdown()
