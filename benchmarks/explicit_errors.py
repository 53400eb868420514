"""Error analysis of explicit quotations on PDNC (the speaker is named in a tag, so every peer gets them right):
which wrong answers come from utterances merged across speakers, from a tag the rules did not read, or from a
tag read but resolved to the wrong character. Gold characters given, the rules pipeline (no model saw the novel).

  python -m benchmarks.explicit_errors [--novels A,B] [--examples 5] [--json benchmarks/results/explicit_errors.json]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from benchmarks.common import SHARED

PDNC = SHARED / "data" / "pdnc"


def novel_errors(directory: Path, examples: int) -> dict:
    from ficlens import analyze_work
    from ficlens.evaluate.pdnc import given_characters, load_novel
    from ficlens.model import Work

    novel = load_novel(directory)
    work = analyze_work(Work(text=novel.text), characters=given_characters(novel), rules_only=True)
    speech = [q for q in work.quotes if q.kind == "speech"]
    predicted, holders, gold_speakers_of = paired_utterances(novel, work)
    kinds: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    total = 0
    for gi, quote in enumerate(novel.quotes):
        if (quote.type or "").lower() != "explicit" or gi not in holders:
            continue
        total += 1
        pi = holders[gi].most_common(1)[0][0]
        if predicted[pi].speaker == quote.speaker:
            continue
        utterance = speech[pi]
        if len(gold_speakers_of.get(pi, ())) > 1:
            kind = "merged with another speaker's quote"
        elif utterance.method in ("named_tag", "pronoun_tag", "nominal_tag", "narrator"):
            kind = f"tag read, wrong character ({utterance.method})"
        else:
            kind = f"no tag read ({utterance.method})"
        kinds[kind] += 1
        if len(shown.setdefault(kind, [])) < examples:
            paragraph = work.paragraphs[utterance.paragraph]
            before = work.paragraphs[utterance.paragraph - 1] if utterance.paragraph else paragraph
            # the paragraph before too: a lead-in there (`Syme rose and said:`) names the speaker
            context = " ".join(novel.text[before.start : before.end].split())[-200:] * (before is not paragraph)
            context += " ¶ " + " ".join(novel.text[paragraph.start : paragraph.end].split())[:300]
            shown[kind].append(f"gold {quote.speaker} / ours {utterance.speaker}: {context}")
    return {"explicit": total, "wrong": sum(kinds.values()), "kinds": dict(kinds), "examples": shown}


def paired_utterances(novel, work):
    """The work's utterances as scored quotes (its own character ids), the gold quotes' holders (pair_quotes) and
    each utterance's gold speakers (two or more: pieces of two speakers' quotes joined)."""
    from ficlens.evaluate.metrics import pair_quotes, predicted_quotes

    predicted = predicted_quotes(work, {c.id: c.id for c in work.characters})
    holders, *_ = pair_quotes(novel.text, novel.quotes, predicted)
    speakers_of: dict[int, set] = {}
    for gold_index, pieces in holders.items():
        for piece in pieces:
            speakers_of.setdefault(piece, set()).add(novel.quotes[gold_index].speaker)
    return predicted, holders, speakers_of


def main() -> None:
    from ficlens.evaluate.pdnc import novel_dirs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novels", help="comma-separated PDNC novel folders (default: all)")
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the counts and examples here")
    args = parser.parse_args()
    names = args.novels.split(",") if args.novels else None
    result, pooled = {}, Counter()
    for directory in novel_dirs(PDNC, names):
        result[directory.name] = found = novel_errors(directory, args.examples)
        pooled.update(found["kinds"])
        print(f"{directory.name}: {found['wrong']} of {found['explicit']} explicit wrong {found['kinds']}", flush=True)
    explicit = sum(r["explicit"] for r in result.values())
    print(f"all: {sum(pooled.values())} of {explicit} explicit wrong")
    for kind, n in pooled.most_common():
        print(f"  {n:5d}  {kind}")
    if args.json:
        args.json.write_text(json.dumps({"pooled": dict(pooled), "novels": result}, indent=1) + "\n")


if __name__ == "__main__":
    main()
