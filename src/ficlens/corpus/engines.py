"""Where works are analysed: in this process, in a pool of local processes, or on Ray (ficlens.corpus.ray_engine).
Each engine takes Tasks and yields serialised Records as they finish, in any order."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from ficlens.corpus.analyse import analyse_task, load_models, start_worker
from ficlens.corpus.records import Task
from ficlens.model import DEFAULT_PROFILE, Profile


def analyse_here(tasks: Iterable[Task], profile: Profile = DEFAULT_PROFILE) -> Iterator[str]:
    """One worker in this process, on one core like each pool worker, so that N workers use N cores."""
    from threadpoolctl import threadpool_limits

    load_models(profile)
    with threadpool_limits(limits=1):  # after loading: limits reach only the libraries already loaded
        for task in tasks:
            yield analyse_task(task)


def analyse_in_processes(tasks: Iterable[Task], workers: int, profile: Profile = DEFAULT_PROFILE) -> Iterator[str]:
    """A pool of `workers` single-threaded processes (forkserver: no copy of this process's state), each loading
    the models once;
    at most two works per worker in flight, so reading keeps ahead without holding the corpus in memory."""
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker, initargs=(profile,)) as pool:
        running: set[Future[str]] = set()
        for task in tasks:
            running.add(pool.submit(analyse_task, task))
            if len(running) >= 2 * workers:
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in finished)
        while running:
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in finished)


def analyse_locally(tasks: Iterable[Task], workers: int, profile: Profile = DEFAULT_PROFILE) -> Iterator[str]:
    return analyse_here(tasks, profile) if workers == 1 else analyse_in_processes(tasks, workers, profile)
