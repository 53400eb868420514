"""Models loaded once per process, and started ahead on a helper thread: a cold analysis reads and parses its
LightGBM models, and checks the spaCy pipeline's checksums, while spaCy loads (file reads, hashing and LightGBM's
parse release the GIL; BENCHMARKS.md, Speed). The results are the same whichever thread loads them."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

_helper: ThreadPoolExecutor | None = None
_helper_lock = threading.Lock()


def in_background(function: Callable[..., Any], *args: Any) -> Future:
    """`function(*args)` on the helper thread (one, started on first use)."""
    global _helper
    with _helper_lock:
        if _helper is None:
            _helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ficlens-preload")
    return _helper.submit(function, *args)


def loaded_once(maxsize: int):
    """A loader's results kept per arguments, the `maxsize` latest (as functools.lru_cache, but thread-safe and
    never loading twice at once; a failure is raised, not kept), and `loader.ahead(*args)`, which starts the load
    on the helper thread for a later call with the same arguments to collect."""

    def wrap(load: Callable[..., Any]):
        signature = inspect.signature(load)
        loads: dict[tuple, Future] = {}
        lock = threading.Lock()

        def claim(args: tuple, kwargs: dict) -> tuple[tuple, Future, bool]:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            key = tuple(bound.arguments.items())
            with lock:
                if key in loads:
                    return key, loads[key], False
                future = loads[key] = Future()
                while len(loads) > maxsize:
                    del loads[next(iter(loads))]
                return key, future, True

        def fill(key: tuple, future: Future) -> None:
            try:
                future.set_result(load(**dict(key)))
            except BaseException as error:  # the caller collecting the result raises it
                with lock:
                    if loads.get(key) is future:
                        del loads[key]
                future.set_exception(error)

        @functools.wraps(load)
        def loader(*args: Any, **kwargs: Any) -> Any:
            key, future, mine = claim(args, kwargs)
            if mine:
                fill(key, future)
            return future.result()

        def ahead(*args: Any, **kwargs: Any) -> None:
            key, future, mine = claim(args, kwargs)
            if mine:
                in_background(fill, key, future)

        loader.ahead = ahead  # type: ignore[attr-defined]
        return loader

    return wrap
