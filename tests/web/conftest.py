from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ficlens.library import Library
from tests.conftest import EXAMPLE
from tests.library_support import hostile_story

TOKEN = "test-token-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ficlens serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"ficlens serve did not answer at {url}")


@pytest.fixture(scope="session")
def web_library(tmp_path_factory) -> dict:
    """A temporary library (the example story, a hostile one, two generated works), analysed, served by
    `ficlens serve` in a subprocess on a free loopback port."""
    from benchmarks.library_corpus import write_generated_works

    folder = tmp_path_factory.mktemp("web-downloads")
    (folder / "hostile.txt").write_text(hostile_story(), encoding="utf-8")
    (folder / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    write_generated_works(folder / "generated", 2, words=300, seed=3)
    db = tmp_path_factory.mktemp("web-db") / "library.db"
    with Library.open(db) as library:
        results = library.add([folder])
    ids = {Path(r.source).name: r.work_id for r in results}
    port = free_port()
    env = {**os.environ, "FICLENS_TOKEN": TOKEN}
    process = subprocess.Popen([sys.executable, "-m", "ficlens", "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", process)
        yield {"base": base, "db": db, "ids": ids, "process": process}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
