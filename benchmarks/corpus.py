"""Corpus runs: works/s and words/s with 1 and 2 local workers and on a local Ray, in one run, with the peak
memory of each analysing process; then the full corpus (>= 500 sources) end to end.

Each configuration is a fresh `ficlens corpus run ... --force` process, timed from outside (start-up and model
loading included, as a user sees it), alternating configurations for --repeats rounds; medians are reported.
Long works: PDNC novels cut at paragraph ends into works of about --long-words words. The full corpus: generated
works (benchmarks.corpus_generator), French and Chinese works, three whole PDNC novels, the format fixtures, a zip
archive of downloads with a copy inside, and broken files.

Usage: python -m benchmarks.corpus [--long-works 12] [--long-words 20000] [--repeats 2] [--full-works 480]
       [--skip-full] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from benchmarks.common import ROOT, SHARED, machine_line, publish
from benchmarks.corpus_generator import english_work, write_corpus

PDNC = SHARED / "data" / "pdnc" / "data"
LONG_NOVELS = ["Emma", "Persuasion", "TheGambler"]
FULL_NOVELS = ["DaisyMiller", "AlicesAdventuresInWonderland", "TheSportOfTheGods"]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
# All of AO3 on paper. Assumptions, not measurements: the works, the share in English (the rest is tabulated
# only, at no analysis cost), the word-count distribution as (share of works, mean words) per length bucket
# (under 1k, 1k-5k, 5k-20k, 20k-100k, over 100k), and cloud prices per core-hour (a c7a-class vCPU is a core).
AO3_WORKS = 17_000_000
AO3_ENGLISH = 0.9
AO3_LENGTHS = [(0.25, 600), (0.40, 2_500), (0.22, 10_000), (0.11, 45_000), (0.02, 180_000)]
PRICE_PER_CORE_HOUR = {"on demand": 0.05, "spot": 0.02}
SHORT_WORKS, SHORT_WORDS = 40, 400
# The reference: one worker whose NumPy BLAS runs a thread on every core, as `ficlens analyze` does (a corpus worker
# keeps to one core, so that N workers use N cores).
THREADED = "1 worker, BLAS threads on every core"
THREADED_CLI = """
import runpy, sys
from ficlens.corpus import analyse, engines

def threaded(tasks):
    analyse.load_models()
    for task in tasks:
        yield analyse.analyse_task(task)

engines.analyse_here = threaded
sys.argv = ["ficlens", *sys.argv[1:]]
runpy.run_module("ficlens", run_name="__main__")
"""
# The ceiling for 2 workers on this machine: two separate 1-worker runs at once, each on half the works (no pool,
# no shared anything), timed until both end.
SEPARATE = "2 separate 1-worker runs at once, half the works each"
CONFIGS = {"1 worker": ["--workers", "1"], "2 workers": ["--workers", "2"],
           "Ray, 2 actors": ["--workers", "2", "--engine", "ray"],
           THREADED: ["--workers", "1"], SEPARATE: ["--workers", "1"]}  # fmt: skip


def long_works(folder: Path, count: int, words: int) -> None:
    folder.mkdir(parents=True)
    written = 0
    for novel in LONG_NOVELS:
        paragraphs = (PDNC / novel / "novel_text.txt").read_text(encoding="utf-8").split("\n\n")
        part, size = [], 0
        for paragraph in paragraphs:
            part.append(paragraph)
            size += len(paragraph.split())
            if size >= words:
                (folder / f"{novel}-{written:03d}.txt").write_text("\n\n".join(part), encoding="utf-8")
                written, part, size = written + 1, [], 0
                if written == count:
                    return


def full_corpus(folder: Path, generated: int) -> None:
    write_corpus(folder / "generated", english=generated, words=400, foreign=20)
    for novel in FULL_NOVELS:
        shutil.copy(PDNC / novel / "novel_text.txt", folder / f"{novel}.txt")
    for fixture in FIXTURES.glob("*.*"):
        shutil.copy(fixture, folder / fixture.name)
    with zipfile.ZipFile(folder / "downloads.zip", "w") as archive:
        for index in range(10):
            archive.writestr(f"fics/zipped-{index}.txt", english_work(10_000 + index, 400))
        archive.writestr("fics/copy.txt", (folder / "generated" / "work-00000.txt").read_bytes())


TICKS = os.sysconf("SC_CLK_TCK")


class PeakMemory:
    """Peak resident memory (VmHWM) and CPU time of every process under one pid, sampled from /proc every 0.2 s
    (so the last 0.2 s of each process's CPU time is missed)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peaks, self.names, self.cpu_seconds = pid, {}, {}, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def descendants(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(status.parent.name))
            except (OSError, IndexError, ValueError):
                continue
        found, queue = [], [self.pid]
        while queue:
            pid = queue.pop()
            found.append(pid)
            queue += children.get(pid, [])
        return found

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            for pid in self.descendants():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
                    ticks = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13]
                except (OSError, IndexError):
                    continue
                self.cpu_seconds[pid] = max(self.cpu_seconds.get(pid, 0.0), sum(map(int, ticks)) / TICKS)
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peaks[pid] = max(self.peaks.get(pid, 0), int(line.split()[1]) // 1024)
                        self.names[pid] = command

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def analysing(self, config: str) -> list[int]:
        """Peak MB of each process that analyses works: the run itself with one worker, else pool workers
        (forked from the forkserver) or Ray actors."""
        if config in ("1 worker", THREADED, SEPARATE):
            return [self.peaks.get(self.pid, 0)]
        marker = "MapWorker" if "Ray" in config else "forkserver"
        return sorted(mb for pid, mb in self.peaks.items() if marker in self.names.get(pid, "") and mb > 250)


def start_run(sources: list[Path], out: Path, config: str) -> subprocess.Popen:
    program = ["-c", THREADED_CLI] if config == THREADED else ["-m", "ficlens"]
    command = [sys.executable, *program, "corpus", "run", *map(str, sources), "--out", str(out), "--force",
               *CONFIGS[config]]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run_config(sources: list[Path], out: Path, config: str) -> dict:
    if config == SEPARATE:  # the works as files, split in two halves, one run each
        files = sorted(f for source in sources for f in source.iterdir())
        jobs = [(files[: len(files) // 2], out / "first"), (files[len(files) // 2 :], out / "second")]
    else:
        jobs = [(sources, out)]
    started = time.perf_counter()
    processes = [start_run(job_sources, job_out, config) for job_sources, job_out in jobs]
    memories = [PeakMemory(process.pid) for process in processes]
    errors = [process.communicate()[1] for process in processes]
    seconds = time.perf_counter() - started
    for memory in memories:
        memory.stop()
    for process, stderr in zip(processes, errors):
        if process.returncode:
            raise SystemExit(f"{config} failed: {stderr.decode()[-2000:]}")
    from ficlens.corpus import query

    counts = {"works": 0, "words": 0}
    for _, job_out in jobs:
        found = query(job_out, "SELECT count(*) AS works, sum(words)::BIGINT AS words FROM works").to_pylist()[0]
        counts = {key: counts[key] + found[key] for key in counts}
    cpu = sum(sum(memory.cpu_seconds.values()) for memory in memories)
    peaks = [mb for memory in memories for mb in memory.analysing(config)]
    return {"seconds": seconds, "cpu_seconds": cpu, **counts, "worker_peak_mb": peaks}


def short_works(folder: Path, count: int = SHORT_WORKS) -> None:
    write_corpus(folder, english=count, words=SHORT_WORDS, seed=7)
    for broken in folder.glob("*"):
        if not broken.name.startswith("work-"):
            broken.unlink()


def ao3_estimate(words_per_s: float, seconds_per_short_work: float, short_words: float, speedup: float) -> str:
    """Core-hours for all of AO3: each English work costs a fixed overhead plus its words at the long-work rate;
    cores used in parallel at the measured 2-worker efficiency."""
    overhead = max(0.0, seconds_per_short_work - short_words / words_per_s)
    mean_words = sum(share * words for share, words in AO3_LENGTHS)
    works = AO3_WORKS * AO3_ENGLISH
    core_seconds = works * (overhead + mean_words / words_per_s) / (speedup / 2)
    core_hours = core_seconds / 3600
    prices = ", ".join(f"${core_hours * price:,.0f} {name} (${price}/core-hour)"
                       for name, price in PRICE_PER_CORE_HOUR.items())  # fmt: skip
    return (
        f"All of AO3 on paper: {AO3_WORKS / 1e6:.0f} M works, {AO3_ENGLISH:.0%} in English (the rest tabulated "
        f"only), assumed lengths (share, mean words) {AO3_LENGTHS} give a mean of {mean_words:,.0f} words, "
        f"{works * mean_words / 1e9:,.0f} billion English words. At the measured {words_per_s:,.0f} words/s per "
        f"core on long works once started (1 worker, start-up taken out) plus {overhead:.2f} s per work (from "
        f"{SHORT_WORKS} works of {SHORT_WORDS} words), "
        f"and the measured 2-worker efficiency ({speedup / 2:.0%}): {core_hours / 1e3:,.0f} thousand core-hours, "
        f"{prices}; on 1,000 cores, {core_hours / 1000 / 24:,.1f} days. These figures are for the "
        f"accurate profile (the fast one's speed: see Speed). Works over "
        f"100k words run slower per word (time grows as words^1.12, see Speed), which this linear model ignores.\n"
    )


def speed_table(results: dict[str, list[dict]]) -> tuple[str, dict]:
    summary, lines = {}, ["| engine | works | words | wall s (median) | works/s | words/s | vs 1 worker | "
                          "CPU s, all processes (median) | peak RSS per analysing process (MB) |",
                          "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    base = None
    for config, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        works, words = runs[0]["works"], runs[0]["words"]
        base = base or seconds
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        summary[config] = {"seconds": [round(r["seconds"], 1) for r in runs], "works": works, "words": words,
                           "works_per_s": works / seconds, "words_per_s": words / seconds,
                           "speedup": base / seconds, "cpu_seconds": cpu,
                           "worker_peak_mb": runs[-1]["worker_peak_mb"]}  # fmt: skip
        each = ", ".join(f"{r['seconds']:.1f}" for r in runs)
        lines.append(
            f"| {config} | {works} | {words:,} | {seconds:.1f} ({each}) "
            f"| {works / seconds:.3f} | {words / seconds:,.0f} | {base / seconds:.2f}x | "
            f"{cpu:.1f} | "
            f"{', '.join(map(str, runs[-1]['worker_peak_mb']))} |"
        )
    return "\n".join(lines) + "\n", summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long-works", type=int, default=12)
    parser.add_argument("--long-words", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--full-works", type=int, default=480, help="generated English works in the full corpus")
    parser.add_argument("--skip-full", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ficlens-corpus-bench-") as temporary:
        root = Path(temporary)
        long_works(root / "long", args.long_works, args.long_words)
        short_works(root / "short")
        short_works(root / "one", count=1)
        results: dict[str, list[dict]] = {config: [] for config in CONFIGS}
        short: list[dict] = []
        one: list[dict] = []
        for round_ in range(args.repeats):
            for config in CONFIGS:
                results[config].append(run_config([root / "long"], root / "out-long", config))
                print(f"round {round_ + 1} {config}: {results[config][-1]}", file=sys.stderr)
            short.append(run_config([root / "short"], root / "out-short", "1 worker"))
            one.append(run_config([root / "one"], root / "out-one", "1 worker"))
            print(f"round {round_ + 1} short works: {short[-1]}, one: {one[-1]}", file=sys.stderr)
        table, summary = speed_table(results)
        # start-up (import, model load, tables) taken out: 40 short works less one short work, over 39 works
        one_seconds = statistics.median(r["seconds"] for r in one)
        short_seconds = statistics.median(r["seconds"] for r in short)
        per_short_work = (short_seconds - one_seconds) / (short[0]["works"] - 1)
        summary["short works, 1 worker"] = {"seconds": [round(r["seconds"], 1) for r in short],
                                            "works": short[0]["works"], "words": short[0]["words"]}  # fmt: skip
        single = summary["1 worker"]
        steady_words_per_s = single["words"] / (statistics.median(single["seconds"]) - one_seconds)
        estimate = ao3_estimate(steady_words_per_s, per_short_work,
                                short[0]["words"] / short[0]["works"], summary["2 workers"]["speedup"])  # fmt: skip
        full = None
        if not args.skip_full:
            full_corpus(root / "full", args.full_works)
            sources = [root / "full"]
            full = run_config(sources, root / "out-full", "2 workers")
            from ficlens.corpus import query, validate

            full["rows"] = validate(root / "out-full")
            full["sources"] = sum(full["rows"][t] for t in ("works", "errors", "duplicates"))
            full["languages"] = query(root / "out-full", "SELECT language, count(*) AS n FROM works GROUP BY 1 "
                                                          "ORDER BY 2 DESC").to_pylist()  # fmt: skip
    (ROOT / "benchmarks" / "results" / "corpus.json").write_text(
        json.dumps({"speed": summary, "full": full, "ao3_estimate": estimate}, indent=2) + "\n", encoding="utf-8"
    )
    body = f"{machine_line()}\n\nLong works ({args.long_works} parts of about {args.long_words:,} words cut " \
           f"from {', '.join(LONG_NOVELS)}), each configuration a fresh `ficlens corpus run --force` process, " \
           f"{args.repeats} rounds alternating, wall time including start-up and model loading:\n\n{table}\n" \
           f"The machine's ceiling for two workers, two separate 1-worker runs at once on half the works each: " \
           f"{summary[SEPARATE]['speedup']:.2f}x; the 2-worker pool reaches " \
           f"{summary['2 workers']['speedup'] / summary[SEPARATE]['speedup']:.0%} of it.\n\n" \
           f"Short works ({SHORT_WORKS} generated works of about {SHORT_WORDS} words, 1 worker): " \
           f"{short_seconds:.1f} s median; one such work alone (start-up: import, model loading, tables) " \
           f"{one_seconds:.1f} s; so {per_short_work:.2f} s a short work once started.\n\n{estimate}"  # fmt: skip
    if full:
        body += (
            f"\nFull corpus, 2 workers: {full['sources']} sources ({full['rows']['works']} works, "
            f"{full['rows']['duplicates']} duplicates, {full['rows']['errors']} errors), {full['words']:,} words in "
            f"{full['seconds']:.1f} s ({full['works'] / full['seconds']:.2f} works/s, "
            f"{full['words'] / full['seconds']:,.0f} words/s); tables validate; rows: "
            + ", ".join(f"{t} {n:,}" for t, n in full["rows"].items()) + ".\n"
        )
    publish("corpus", body, not args.no_write)


if __name__ == "__main__":
    main()
