"""Rating and archive warnings: the passage rater on two held-out sets of passages, each written apart from
the training sets and never trained on (training/tags/test.jsonl and test_b.jsonl, by two writers), and the
ratings of the 22 PDNC novels (public-domain books that must come out General or Teen), each rated from its
paragraphs alone (the `structure` stage).

    python -m benchmarks.tags              # print and write the BENCHMARKS.md section
    python -m benchmarks.tags --print-only
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import ficlens
from benchmarks.common import SHARED, machine_line, publish
from ficlens.tags.passage_model import HEADS, LEVELS, WARNING_HEADS, load_rater
from ficlens.tags.passages import blank_idioms
from ficlens.tags.rating import rate_passages, suggest_rating
from training.tags.train_rating import read_passages, targets

PASSAGES = Path(__file__).resolve().parents[1] / "training" / "tags"
HELD_OUT = ("test.jsonl", "test_b.jsonl")
PDNC = SHARED / "data" / "pdnc" / "data"
SEED = SHARED / "samples" / "when-it-all-comes-down.txt"
BINS = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "–"


def held_out_section(name: str) -> str:
    rows = read_passages(PASSAGES / name)
    scores = load_rater().rate([blank_idioms(r["text"]) for r in rows])
    gold, found = [r["level"] for r in rows], scores.levels()
    pairs = Counter(zip(gold, found))
    lines = [
        f"Held-out passages: {len(rows)} (`training/tags/{name}`); passage level accuracy "
        f"{ratio(sum(g == f for g, f in zip(gold, found)), len(rows))}, within one step "
        f"{ratio(sum(abs(LEVELS.index(g) - LEVELS.index(f)) <= 1 for g, f in zip(gold, found)), len(rows))}.",
        "",
        "| level | passages | precision | recall |",
        "|---|---|---|---|",
    ]
    for level in LEVELS:
        right = pairs[(level, level)]
        predicted = sum(n for (_, f), n in pairs.items() if f == level)
        written = gold.count(level)
        lines.append(f"| {level} | {written} | {ratio(right, predicted)} | {ratio(right, written)} |")
    lines += ["", "Confusion (rows: written level, columns: rated level):", ""]
    lines += ["| | " + " | ".join(LEVELS) + " |", "|---|" + "---|" * len(LEVELS)]
    lines += [f"| {g} | " + " | ".join(str(pairs[(g, f)]) for f in LEVELS) + " |" for g in LEVELS]
    y = targets(rows)
    lines += ["", "| warning | passages | flagged | precision | recall | F1 |", "|---|---|---|---|---|---|"]
    for name in WARNING_HEADS:
        truth, flagged = y[:, HEADS.index(name)] == 1, scores.head(name) >= 0.5
        right = int((truth & flagged).sum())
        f1 = ratio(2 * right, int(truth.sum() + flagged.sum()))
        lines.append(
            f"| {name.replace('_', ' ')} | {int(truth.sum())} | {int(flagged.sum())} | "
            f"{ratio(right, int(flagged.sum()))} | {ratio(right, int(truth.sum()))} | {f1} |"
        )
    lines += ["", "Reliability of the calibrated scores on the held-out passages, all seven heads together:", ""]
    lines += ["| score | answers | mean score | right |", "|---|---|---|---|"]
    p, t = scores.probabilities.ravel(), y.ravel()
    for low, high in zip(BINS, BINS[1:]):
        inside = (p >= low) & ((p < high) if high < 1 else (p <= high))
        if inside.any():
            count, mean, right = int(inside.sum()), p[inside].mean(), t[inside].mean()
            lines.append(f"| {low:.1f}–{high:.1f} | {count} | {mean:.2f} | {right:.2f} |")
    return "\n".join(lines) + "\n"


def rate_text(text: str) -> tuple[str, str]:
    work = ficlens.analyze(text, stages=["structure"], max_words=10**7)
    rating = suggest_rating(rate_passages(work))
    return rating.tag, rating.note or ""


def novels_section() -> str:
    lines = ["| novel | rating | passages reaching it |", "|---|---|---|"]
    ratings: Counter[str] = Counter()
    started = time.perf_counter()
    for folder in sorted(p for p in PDNC.iterdir() if (p / "novel_text.txt").is_file()):
        tag, note = rate_text((folder / "novel_text.txt").read_text(encoding="utf-8"))
        ratings[tag] += 1
        lines.append(f"| {folder.name} | {tag} | {note} |")
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{tag} {n}" for tag, n in ratings.most_common())
    head = f"PDNC novels ({sum(ratings.values())}, rated in {seconds:.0f} s from paragraphs alone): {summary}."
    seed = ""
    if SEED.is_file():
        tag, note = rate_text(SEED.read_text(encoding="utf-8"))
        seed = f"\n\nThe seed story: {tag} ({note})."
    return f"{head}\n\n" + "\n".join(lines) + seed + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print-only", action="store_true", help="print the section, leave BENCHMARKS.md alone")
    arguments = parser.parse_args()
    held_out = "\n".join(held_out_section(name) for name in HELD_OUT)
    body = (
        f"`python -m benchmarks.tags`. {machine_line()}\n\n{held_out}\n"
        f"{novels_section() if PDNC.is_dir() else 'PDNC is not here: novels not rated.'}\n"
    )
    publish("tags", body, write=not arguments.print_only)


if __name__ == "__main__":
    main()
