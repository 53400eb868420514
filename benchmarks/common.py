"""Shared helpers for the benchmark scripts: where the data is, what machine ran, and BENCHMARKS.md sections."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCHMARKS = ROOT / "BENCHMARKS.md"
NOVEL = SHARED / "data" / "pdnc" / "data" / "Emma" / "novel_text.txt"  # the long novel the speed figures time
# written by the benchmarks
GENERATED = ("BENCHMARKS.md", "benchmarks/results", "training/pipeline/pipeline_scores.json")


# Code for a measured child process: its peak resident memory in MB, the larger of its own and its forked helpers'.
# Its own is VmHWM, not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's peak (it is kept across the
# vfork and exec that start it), so a large benchmark process would lend its own peak to every child it times.
PEAK_RSS_CODE = """
import resource
def peak_rss_mb():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status") as status:
            own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
"""


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_line() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
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
