"""Are a book's names recognised every time? For each PDNC novel, the share of the occurrences of its gold
characters' names (aliases from character_info.csv, matched case-sensitively as whole words, longest first) that
lie inside a PER entity of the NER alone, of the NER with the book's confident names made consistent
(`tokens.propagate_person_names`), and inside a name mention of ficlens's character stage.

python -m benchmarks.name_consistency [--novels Emma,...] [--no-write]
"""

from __future__ import annotations

import argparse
import bisect
import re
from pathlib import Path

from benchmarks.common import SHARED, machine_line, publish
from ficlens.evaluate.pdnc import load_novel, novel_dirs
from ficlens.ingest import read_bytes
from ficlens.options import AnalysisOptions
from ficlens.pipeline import build_pipeline, run_stages
from ficlens.tokens import paragraph_docs, propagate_person_names

SPOTLIGHT = ("Emma", "Harriet")  # the example: the quick trial found `Harriet` as PER 70 of 474 times


def alias_occurrences(text: str, aliases: set[str]) -> list[tuple[int, int, str]]:
    names = sorted((a for a in aliases if a[:1].isupper()), key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile(r"(?<![\w'])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def covered_share(occurrences: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> int:
    """How many occurrences lie inside one of the (non-overlapping) spans."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    covered = 0
    for start, end, _ in occurrences:
        i = bisect.bisect_right(starts, start) - 1
        covered += i >= 0 and spans[i][1] >= end
    return covered


def person_spans(work, docs) -> list[tuple[int, int]]:
    return [
        (p.start + e.start_char, p.start + e.end_char)
        for p, doc in zip(work.paragraphs, docs)
        for e in doc.ents
        if e.label_ == "PER"
    ]


def novel_counts(directory: Path) -> dict:
    novel = load_novel(directory)
    work = read_bytes(novel.text.encode("utf-8"), name=directory.name)
    options = AnalysisOptions()
    run_stages(work, build_pipeline(["structure"]), options)
    flat = work.text.replace("\n", " ")
    occurrences = alias_occurrences(flat, {alias for c in novel.characters for alias in c.aliases})
    docs = list(paragraph_docs(work))  # a stream since the long-work change: read it twice as a list
    ner_spans = person_spans(work, docs)
    alone = covered_share(occurrences, ner_spans)
    propagate_person_names(docs)
    book = covered_share(occurrences, person_spans(work, docs))
    work.set_transient("docs", docs)  # the linguistics stage's docs, its two steps measured apart
    run_stages(work, build_pipeline(["quotes", "characters"]), options)
    mentions = covered_share(occurrences, [(m.start, m.end) for m in work.mentions])
    counts = {"occurrences": len(occurrences), "ner": alone, "book": book, "mentions": mentions}
    if directory.name == SPOTLIGHT[0]:
        spot = [o for o in occurrences if o[2] == SPOTLIGHT[1]]
        shares = (ner_spans, person_spans(work, docs), [(m.start, m.end) for m in work.mentions])
        counts["spotlight"] = [len(spot), *(covered_share(spot, spans) for spans in shares)]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--novels", help="comma-separated PDNC novels (default: all)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    names = args.novels.split(",") if args.novels else None
    rows, total, notes = [], {"occurrences": 0, "ner": 0, "book": 0, "mentions": 0}, ""
    for directory in novel_dirs(SHARED / "data" / "pdnc", names):
        counts = novel_counts(directory)
        print(directory.name, counts, flush=True)
        if "spotlight" in counts:
            n, ner, book, mentions = counts["spotlight"]
            notes = (
                f"\n`{SPOTLIGHT[1]}` in *{SPOTLIGHT[0]}*: {n} occurrences; {ner} inside a PER entity of the NER, {book}"
                f" with book consistency, {mentions} inside a name mention.\n"
            )
        rows.append(row(directory.name, counts))
        for key in total:
            total[key] += counts[key]
    rows.append(row("**all**", total))
    table = "\n".join(
        ["| novel | name occurrences | NER PER | + book consistency | ficlens name mentions |", "|---|---|---|---|---|"]
        + rows
    )
    publish("names", f"{machine_line()}\n\n{table}\n{notes}", not args.no_write)


def row(name: str, counts: dict[str, int]) -> str:
    n = counts["occurrences"] or 1
    return (
        f"| {name} | {counts['occurrences']:,} | "
        + " | ".join(f"{100 * counts[k] / n:.1f}" for k in ("ner", "book", "mentions"))
        + " |"
    )


if __name__ == "__main__":
    main()
