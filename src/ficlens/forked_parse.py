"""The spaCy pass spread over several processes: the paragraphs go in the batches one process would make, every
`processes`-th batch to each; forked helpers (which share the loaded pipeline) send their batches back as DocBin
bytes, and this process parses its own share in between and yields every Doc in order. Each process uses one BLAS
thread. The Docs are those of one process (the same batches, so the same numbers); if a helper dies, this process
parses what it had left."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection

from spacy.language import Language
from spacy.tokens import Doc, DocBin


def usable_processes(requested: int) -> int:
    """At most one process per core, and 1 off Linux (macOS's system libraries are not safe to fork)."""
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(requested, os.cpu_count() or 1))


def pipe_in_processes(nlp: Language, texts: Sequence[str], batch_size: int, processes: int) -> Iterator[Doc]:
    from threadpoolctl import threadpool_limits

    batches = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
    processes = min(usable_processes(processes), len(batches))
    with threadpool_limits(limits=1):  # inherited by the forked helpers
        if processes <= 1:
            yield from nlp.pipe(texts, batch_size=batch_size)
            return
        context = multiprocessing.get_context("fork")
        helpers: dict[int, tuple[multiprocessing.Process, Connection]] = {}
        for worker in range(1, processes):
            receiving, sending = context.Pipe(duplex=False)
            mine = batches[worker::processes]
            helper = context.Process(target=send_parsed, args=(nlp, mine, sending), daemon=True)
            helper.start()
            sending.close()
            helpers[worker] = (helper, receiving)
        try:
            for index, batch in enumerate(batches):
                worker = index % processes
                docs = receive(nlp, helpers[worker][1]) if worker else None
                yield from docs if docs is not None else nlp.pipe(batch, batch_size=batch_size)
        finally:
            for helper, receiving in helpers.values():
                receiving.close()
                helper.join(timeout=1)
                if helper.is_alive():
                    helper.kill()
                    helper.join()


def send_parsed(nlp: Language, batches: list[Sequence[str]], sending: Connection) -> None:
    """The helper: parse, send, and on any failure or Ctrl-C leave quietly (the parent parses what is left)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for batch in batches:
            store = DocBin(store_user_data=False)
            for doc in nlp.pipe(batch, batch_size=len(batch)):
                store.add(doc)
            sending.send_bytes(store.to_bytes())
        sending.close()
    except BaseException:
        os._exit(1)


def receive(nlp: Language, receiving: Connection) -> list[Doc] | None:
    """The helper's next batch, or None once it has died or stopped (its batch is parsed here instead)."""
    try:
        return list(DocBin().from_bytes(receiving.recv_bytes()).get_docs(nlp.vocab))
    except (EOFError, OSError):
        return None
