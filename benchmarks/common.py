"""Shared helpers for the benchmark scripts: where the data is, what machine ran, and BENCHMARKS.md sections."""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCHMARKS = ROOT / "BENCHMARKS.md"
NOVEL = SHARED / "data" / "pdnc" / "data" / "Emma" / "novel_text.txt"  # the long novel the speed figures time
# written by the benchmarks
GENERATED = ("BENCHMARKS.md", "benchmarks/results", "training/pipeline/pipeline_scores.json")


# Starts a measured command from a small Python process and reports, as JSON on its last line of standard error,
# the command's exit code, wall and CPU seconds and peak RSS in MB (its forked helpers included: wait4's rusage).
# The small starter matters: on Linux a process's ru_maxrss starts from the memory of the process it was started
# from (kept across the fork or vfork and the exec), so a large benchmark process would lend its peak to every
# command it started itself.
MEASURE_CODE = """
import json, os, sys, time
argv = json.loads(sys.argv[1])
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "seconds": time.perf_counter() - started,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}), file=sys.stderr)
"""


def run_measured(argv: list[str], env: dict[str, str] | None = None, timeout: float | None = None) -> tuple[dict, str]:
    """Runs `argv` (argv[0] a path) in a new process, its output discarded: ({code, seconds, cpu_seconds, rss_mb},
    its standard error)."""
    done = subprocess.run([sys.executable, "-c", MEASURE_CODE, json.dumps(argv)], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=timeout)  # fmt: skip
    *errors, last = done.stderr.strip().splitlines() or [""]
    if done.returncode != 0 or not last.startswith("{"):
        raise RuntimeError(f"the measured command did not run: {done.stderr.strip()[-500:]}")
    return json.loads(last), "\n".join(errors)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def commit_of(directory: Path = ROOT) -> str:
    """The short commit checked out at `directory`, or '' outside git."""
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=directory, capture_output=True, text=True, check=False
    ).stdout.strip()


def machine_line() -> str:
    commit = commit_of()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", *(f":!{p}" for p in GENERATED)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"date {datetime.date.today().isoformat()}; commit {commit or '?'}{' + local changes' if dirty else ''}."
    )


def replace_section(name: str, body: str) -> None:
    """Put `body` between `<!-- name:begin -->` and `<!-- name:end -->` in BENCHMARKS.md."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = BENCHMARKS.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        raise SystemExit(f"BENCHMARKS.md has no {begin} ... {end} section")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    BENCHMARKS.write_text(f"{head}{begin}\n{body}{end}{tail}", encoding="utf-8")


def publish(name: str, body: str, write: bool) -> None:
    """Print a section and, unless told not to, put it into BENCHMARKS.md."""
    print(body)
    if write:
        replace_section(name, body)
