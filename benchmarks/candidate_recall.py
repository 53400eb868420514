"""How often the speaker ranker can be right at all: the share of PDNC utterances (gold characters) whose gold
speaker is among the ranker's candidates, per novel, and for the misses, which further source would have held
them (the candidates before the cap (MAX_CANDIDATES), the characters the tag's pronouns are linked to, a wider
window of narration, more recent speakers, the most mentioned characters).

Usage: python -m benchmarks.candidate_recall [--novels A B ...]   (about 5 minutes; prints, writes nothing)
"""

from __future__ import annotations

import argparse
from collections import Counter

from ficlens.evaluate.pdnc import novel_dirs
from ficlens.features.speaker import FeatureContext, context_features
from training.rankers.speaker_ranker import PDNC, analysed_novel

WIDER_BEFORE, WIDER_AFTER = 10, 3  # paragraphs of narration for the wider window
SOURCES = ("uncapped", "tag pronouns", "wider window", "recent 5 of 60", "top 5 mentioned", "none of these")


def recovered_by(context: FeatureContext, evidence, i: int, gold: str) -> str:
    """The first further source that holds the gold speaker of utterance i."""
    work, index = context.work, context.index
    quote = work.quotes[i]
    p = quote.paragraph
    rank_order = sorted(context.rank, key=context.rank.get)
    window = [cid for q in range(p - WIDER_BEFORE, p + WIDER_AFTER + 1) for _, cid in index.in_paragraph.get(q, [])]
    recent = Counter(evidence[j].speaker for j in range(max(0, i - 60), i) if evidence[j].speaker)
    sources = {
        "tag pronouns": context.pronoun_links(quote.tag) if quote.tag else set(),
        "wider window": set(window),
        "recent 5 of 60": {cid for cid, _ in recent.most_common(5)},
        "top 5 mentioned": set(rank_order[:5]),
    }
    return next((name for name, found in sources.items() if gold in found), "none of these")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--novels", nargs="*")
    args = parser.parse_args()
    total, held, misses = 0, 0, Counter()
    for directory in novel_dirs(PDNC):
        if args.novels and directory.name not in args.novels:
            continue
        novel, work, rules, gold_index, links, _ = analysed_novel(directory)
        context = FeatureContext(work, rules.narrator, rules.narrator_positions, links)
        uncapped = uncapped_candidates(context, rules.evidence)
        n, hit, missed = 0, 0, Counter()
        for i, (candidates, _) in enumerate(context_features(context, rules.evidence)):
            gold = novel.quotes[gold_index[i]].speaker if i in gold_index else None
            if gold is None or not candidates:
                continue
            n += 1
            if gold in candidates:
                hit += 1
            elif gold in uncapped[i]:
                missed["uncapped"] += 1
            else:
                missed[recovered_by(context, rules.evidence, i, gold)] += 1
        total, held, misses = total + n, held + hit, misses + missed
        print(f"{directory.name}: {hit / max(n, 1):.1%} of {n:,}; misses {listed(missed)}")
    print(f"all: {held / max(total, 1):.1%} of {total:,} utterances; misses {listed(misses)}")


def listed(misses: Counter) -> str:
    return ", ".join(f"{source} {misses[source]}" for source in SOURCES)


def uncapped_candidates(context: FeatureContext, evidence) -> list[list[str]]:
    """The candidate lists as the features build them, without the cap."""
    return [candidates for candidates, _ in context_features(context, evidence, max_candidates=10_000)]


if __name__ == "__main__":
    main()
