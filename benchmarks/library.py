"""The library's speed: import throughput (works/min, with analysis, 1 and 2 worker processes) and search and facet
latency at 1,000 and 10,000 generated works. Writes the `library` section of BENCHMARKS.md.

    python -m benchmarks.library                       # about 10 minutes on 2 cores
    python -m benchmarks.library --import-works 20 --scales 1000 --no-write   # a quick look

The scale libraries are built without running the analysis (it would take hours): each generated work is read by
the real reader and given synthetic ficlens findings (its cast as characters who speak, its pair as a suggested
relationship, interactions), so the ficlens tables are as full as after analysis; the search and facets run for real.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import machine_line, publish
from benchmarks.library_corpus import fanficfare_text, generate, write_generated_works
from ficlens import read_bytes
from ficlens.library import Library, SearchQuery
from ficlens.library.store import file_hash, store_work
from ficlens.model import Character, Interaction, SuggestedTags, TagSuggestion, Work

QUERIES = {
    "text, common word (`harbour`)": SearchQuery(text="harbour"),
    "text, two words (`kettle letter`)": SearchQuery(text="kettle letter"),
    "text, phrase (`\"tell me the truth\"`)": SearchQuery(text='"tell me the truth"'),
    "text, rare (a title: `Lamp and Bell 4242`)": SearchQuery(text="Lamp and Bell 4242"),
    "no text, sorted by update": SearchQuery(sort="updated"),
    "any ship with `Mira Okafor`": SearchQuery(ships=["Mira Okafor"]),
    "ship `Jonah Reyes/Mira Okafor` (any order)": SearchQuery(ships=["Jonah Reyes/Mira Okafor"]),
    "character who speaks (ficlens) + rating": SearchQuery(found_characters=["Teddy Marsh"], ratings=["Mature"]),
    "text + fandom + exclude warning + words 500-5,000 + complete": SearchQuery(
        text="fog", fandoms=["The Glass Orchard"], exclude_warnings=["Major Character Death"], words_min=500,
        words_max=5000, complete=True),  # fmt: skip
}


def synthetic_findings(work: Work, cast: list[str], rng: random.Random) -> Work:
    """What the analysis would add, made up from the generator's cast (for the scale test only)."""
    work.characters = [Character(id=f"c{i}", name=name, presence="present", quote_count=rng.randint(1, 30),
                                 mention_count=rng.randint(1, 60)) for i, name in enumerate(cast)]  # fmt: skip
    work.interactions = [Interaction(source="c0", target="c1", addressed=rng.randint(1, 9), mentions_in_speech=1)]
    pair = sorted(cast[:2])
    work.suggested_tags = SuggestedTags(relationships=[TagSuggestion(tag=f"{pair[0]}/{pair[1]}", score=0.6)],
                                        characters=[TagSuggestion(tag=n, score=0.8) for n in cast])  # fmt: skip
    return work


def build_scale_library(db: Path, start: int, count: int, seed: int = 1) -> float:
    """Add generated works start..start+count to `db` (read for real, findings synthetic); returns seconds."""
    rng = random.Random(seed + start)
    began = time.perf_counter()
    with Library.open(db) as library:
        for index in range(start, start + count):
            generated = generate(index, words=rng.choice((300, 600, 1200, 2500)), seed=seed)
            data = fanficfare_text(generated).encode("utf-8")
            work = synthetic_findings(read_bytes(data, name=f"generated-{index}.txt"), generated.characters, rng)
            store_work(library.conn, work, f"generated-{index}.txt", file_hash(data), analysed=False)
    return time.perf_counter() - began


def latencies(db: Path, repeats: int) -> dict[str, tuple[float, float, int]]:
    """Median milliseconds per query: results only, and results with facets (what the web page asks for)."""
    measured = {}
    with Library.open(db) as library:
        for label, query in QUERIES.items():
            plain, faceted = [], []
            total = library.search(query).total  # warm the page cache
            for _ in range(repeats):
                began = time.perf_counter()
                library.search(query, facets=False)
                plain.append(time.perf_counter() - began)
                began = time.perf_counter()
                library.search(query, facets=True)
                faceted.append(time.perf_counter() - began)
            measured[label] = (statistics.median(plain) * 1000, statistics.median(faceted) * 1000, total)
    return measured


def import_throughput(folder: Path, workers: int) -> tuple[float, float]:
    """(works per minute, seconds) importing every file in `folder` with analysis into a fresh library."""
    with tempfile.TemporaryDirectory() as scratch, Library.open(Path(scratch) / "l.db") as library:
        began = time.perf_counter()
        results = library.add([folder], workers=workers)
        seconds = time.perf_counter() - began
    assert all(r.outcome == "added" for r in results), [r for r in results if r.outcome != "added"][:3]
    return len(results) / seconds * 60, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-works", type=int, default=60, help="works (about 1,000 words each) to import")
    parser.add_argument("--scales", default="1000,10000", help="library sizes for the search latency")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    scales = sorted(int(s) for s in args.scales.split(","))
    lines = [machine_line(), ""]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "import"
        write_generated_works(folder, args.import_works, words=1000, seed=7)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.iterdir())
        lines += [f"Import with analysis: {args.import_works} generated works, {words:,} words in all "
                  "(`ficlens library add`; includes loading the models in each process).", "",
                  "| workers | works/min | seconds | load average before / after |", "|---|---|---|---|"]  # fmt: skip
        for workers in (1, 2):
            load = os.getloadavg()[0]
            per_minute, seconds = import_throughput(folder, workers)
            lines.append(f"| {workers} | {per_minute:,.0f} | {seconds:.1f} | {load:.1f} / {os.getloadavg()[0]:.1f} |")
            print(lines[-1], flush=True)
        db, built, timings = root / "scale.db", 0, {}
        build_seconds = {}
        for scale in scales:
            build_seconds[scale] = build_scale_library(db, built, scale - built)
            built = scale
            snapshot = root / f"scale-{scale}.db"
            shutil.copy(db, snapshot)
            timings[scale] = latencies(snapshot, args.repeats)
            print(f"{scale}: built in {build_seconds[scale]:.0f} s, {timings[scale]}", flush=True)
        size_mb = db.stat().st_size / 1e6
    lines += ["", f"Search at scale: generated works of 300 to 2,500 words, read by the real reader, ficlens's tables "
              f"filled with synthetic findings (no analysis); median of {args.repeats} runs in one process, "
              f"milliseconds: the results page (20 hits, snippets), then with every facet counted. "
              f"The {scales[-1]:,}-work database is {size_mb:,.0f} MB; storing took "
              + ", ".join(f"{build_seconds[s]:.0f} s for works up to {s:,}" for s in scales) + ".", "",
              "| query | " + " | ".join(f"{s:,} works: results / + facets (hits)" for s in scales) + " |",
              "|---|" + "---|" * len(scales)]  # fmt: skip
    for label in QUERIES:
        cells = [f"{timings[s][label][0]:.1f} / {timings[s][label][1]:.1f} ({timings[s][label][2]:,})" for s in scales]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    publish("library", "\n".join(lines) + "\n", write=not args.no_write)


if __name__ == "__main__":
    main()
