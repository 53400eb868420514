"""The spaCy pass spread over several processes: the paragraphs go in the batches one process would make, every
`processes`-th batch to each; forked helpers (which share the loaded pipeline) send their batches back as DocBin
bytes, and this process parses its own share in between and yields every Doc in order. Each process uses one BLAS
thread. The Docs are those of one process (the same batches, so the same numbers); if a helper dies, hangs or
fails, this process parses what it had left."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ficlens.stepwise_parse import pipe_stepwise

HELPER_TIMEOUT = 300  # seconds a helper may take over one batch (a batch takes a few) before it is given up


def usable_processes(requested: int) -> int:
    """At most one process per core this process may run on, and 1 off Linux (macOS's system libraries are not
    safe to fork)."""
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(requested, len(os.sched_getaffinity(0))))


def pipe_in_processes(nlp: Language, texts: Sequence[str], batch_size: int, processes: int) -> Iterator[Doc]:
    """`nlp.pipe(texts, batch_size)` (as ficlens.stepwise_parse runs it), its batches spread over up to `processes`
    processes."""
    processes = min(usable_processes(processes), -(-len(texts) // batch_size))
    if processes <= 1:
        yield from pipe_stepwise(nlp, texts, batch_size)
        return
    batches = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
    from threadpoolctl import threadpool_limits

    helpers: dict[int, tuple[multiprocessing.Process, Connection]] = {}
    with threadpool_limits(limits=1):  # inherited by the forked helpers
        context = multiprocessing.get_context("fork")
        for worker in range(1, processes):
            receiving, sending = context.Pipe(duplex=False)
            ours = [r for _, r in helpers.values()] + [receiving]  # the helper closes its copies of these
            helper = context.Process(
                target=send_parsed, args=(nlp, batches[worker::processes], sending, ours), daemon=True
            )
            try:
                helper.start()
            except OSError:  # cannot fork now: this process parses the batches left to it
                receiving.close()
                break
            finally:
                sending.close()
            helpers[worker] = (helper, receiving)
        try:
            for index, batch in enumerate(batches):
                helper = helpers.get(index % processes)
                docs = receive(nlp, *helper) if helper else None
                yield from docs if docs is not None else pipe_stepwise(nlp, batch, batch_size)
        finally:
            for helper, receiving in helpers.values():
                receiving.close()
                helper.join(timeout=1)
                if helper.is_alive():
                    helper.kill()
                    helper.join()


def send_parsed(nlp: Language, batches: list[Sequence[str]], sending: Connection, ours: list[Connection]) -> None:
    """The helper: parse, send, and on any failure or Ctrl-C leave quietly (the parent parses what is left). It
    closes its copies of the parent's ends first, so that a sending helper sees a broken pipe when the parent
    goes away, instead of waiting for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for connection in ours:
            connection.close()
        for batch in batches:
            store = DocBin(store_user_data=False)
            for doc in pipe_stepwise(nlp, batch, len(batch)):
                store.add(doc)
            sending.send_bytes(store.to_bytes())
        sending.close()
    except BaseException:
        os._exit(1)


def receive(nlp: Language, helper: multiprocessing.Process, receiving: Connection) -> list[Doc] | None:
    """The helper's next batch, or None once it has died, stopped or hung (its batch is parsed here instead)."""
    try:
        waited = 0
        while not receiving.poll(1):
            waited += 1
            if not helper.is_alive() or waited >= HELPER_TIMEOUT:
                helper.kill()
                return None
        return list(DocBin().from_bytes(receiving.recv_bytes()).get_docs(nlp.vocab))
    except (EOFError, OSError, ValueError):
        return None
