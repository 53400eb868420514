"""How the quotes stage groups quoted pieces into utterances on PDNC: for each two consecutive pieces of one
paragraph that both match a gold piece, whether the stage joins them into one utterance, and whether their gold
quotes have one speaker or two. A join across two speakers costs one of them its speaker; a split of one speaker's
pieces costs nothing when both halves are attributed alike.

  python -m benchmarks.utterance_pairs [--novels A,B] [--no-write]
"""

from __future__ import annotations

import argparse
from collections import Counter

from benchmarks.common import SHARED

PDNC = SHARED / "data" / "pdnc"
KINDS = ("joined, one speaker", "joined, two speakers", "split, one speaker", "split, two speakers")


def pair_kinds(novel, work) -> Counter:
    """Counts of KINDS over the consecutive speech pieces of an analysed `work` of the novel's text within one
    paragraph."""
    from ficlens.evaluate.metrics import matched_pieces, predicted_quotes

    paragraphs = [q.paragraph for q in work.quotes if q.kind == "speech"]  # predicted_quotes keeps the speech
    gold, pieces, pairs = matched_pieces(novel.text, novel.quotes, predicted_quotes(work, {}))
    gold_of = {piece: gold[g][1] for g, piece in pairs.items()}
    counts: Counter = Counter()
    for k in range(1, len(pieces)):
        first, second = pieces[k - 1][1], pieces[k][1]
        if paragraphs[first] != paragraphs[second] or k - 1 not in gold_of or k not in gold_of:
            continue
        one_speaker = novel.quotes[gold_of[k - 1]].speaker == novel.quotes[gold_of[k]].speaker
        counts[KINDS[(first != second) * 2 + (not one_speaker)]] += 1
    return counts


def main() -> None:
    from benchmarks.common import machine_line, publish
    from ficlens import analyze_work
    from ficlens.evaluate.pdnc import load_novel, novel_dirs
    from ficlens.model import Work

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novels", help="comma-separated PDNC novel folders (default: all)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    pooled: Counter = Counter()
    directories = novel_dirs(PDNC, args.novels.split(",") if args.novels else None)
    for directory in directories:
        novel = load_novel(directory)
        found = pair_kinds(novel, analyze_work(Work(text=novel.text), ["structure", "quotes"]))
        pooled.update(found)
        print(f"{directory.name}: {dict(found)}", flush=True)
    total = sum(pooled.values())
    table = "| consecutive pieces of a paragraph | pairs | share |\n|---|---|---|\n" + "\n".join(
        f"| {kind} | {pooled[kind]:,} | {100 * pooled[kind] / max(1, total):.1f} |" for kind in KINDS
    )
    publish("utterance-pairs", f"{machine_line()}\n\n{table}\n\n{len(directories)} novels, {total:,} pairs.\n",
            not args.no_write)  # fmt: skip


if __name__ == "__main__":
    main()
