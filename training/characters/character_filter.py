"""Train the character filter (src/ficlens/models/character_filter.json): which alias clusters are characters.

    python -m training.characters.character_filter features   # -> training/characters/filter_rows.jsonl (~6 min)
    python -m training.characters.character_filter fit [--no-write]

`features` runs the stages up to `characters` on each PDNC novel, whole and in stretches of fan-fiction length
(500, 1,500 and 6,000 words, cut at paragraph breaks), and writes one row per candidate cluster (before any
filtering): its features (ficlens.features.character) and whether it names one of the novel's annotated characters
(the benchmark's name mapping). `fit` fits a logistic regression leave-one-novel-out, reports the list's
precision and recall on the novels each fit never saw (BENCHMARKS "character-filter"), and writes the weights fitted
on all novels. The threshold is fixed at 0.5 (the fitted probability of being a character), not tuned.

Data: PDNC (see ../shared/data/pdnc/ReadMe.md); the rows keep names and numbers only, no text.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np

import ficlens
from benchmarks.common import SHARED, machine_line, publish
from ficlens.evaluate.metrics import map_characters
from ficlens.evaluate.pdnc import PSEUDO_CHARACTERS, load_novel, novel_dirs
from ficlens.features.character import CHARACTER_FEATURES
from ficlens.model_files import CHARACTER_FILTER
from ficlens.stages.characters import candidate_characters
from training.logistic import fit_logistic

ROWS = Path(__file__).resolve().parent / "filter_rows.jsonl"
PDNC = SHARED / "data" / "pdnc" / "data"
BEFORE_CHARACTERS = ["structure", "linguistics", "quotes"]
THRESHOLD = 0.5
L2 = 1.0
MIN_QUOTES = 5
DRABBLE, SHORT, MEDIUM = 500, 1_500, 6_000  # words: a drabble, a one-shot, a chapter or two


def windows(text: str) -> list[tuple[str, int, int]]:
    """The whole novel and stretches of fan-fiction length cut from it at paragraph breaks: DRABBLE and SHORT words
    from four places, MEDIUM words from two (each (kind, start, end))."""
    word_starts = [m.start() for m in re.finditer(r"\S+", text)]
    found = [("whole", 0, len(text))]
    quarters = (0.0, 0.25, 0.5, 0.75)
    sizes = (("drabble", DRABBLE, quarters), ("short", SHORT, quarters), ("medium", MEDIUM, (0.0, 0.5)))
    for kind, words, fractions in sizes:
        for fraction in fractions:
            first = int(fraction * len(word_starts))
            if first + words >= len(word_starts):
                continue
            start = 0 if first == 0 else text.find("\n\n", word_starts[first]) + 2
            end = text.find("\n\n", word_starts[first + words])
            if start >= 2 and end > start:
                found.append((kind, start, end))
    return found


def features() -> None:
    with ROWS.open("w", encoding="utf-8") as out:
        for directory in novel_dirs(PDNC):
            novel = load_novel(directory)
            gold = {c.id: c.aliases for c in novel.characters if c.name.lower().lstrip("_") not in PSEUDO_CHARACTERS}
            for kind, start, end in windows(novel.text):
                work = ficlens.analyze(novel.text[start:end], stages=BEFORE_CHARACTERS, max_words=10**7)
                found = candidate_characters(work)
                quotes = Counter(q.speaker for q in novel.quotes if start <= q.pieces[0][0] < end)
                mapping = map_characters({c.id: {c.name, *c.aliases} for c, _ in found}, gold, quotes)
                for character, evidence in found:
                    gold_id = mapping.get(character.id)
                    row = {
                        "novel": directory.name, "text": f"{directory.name}@{start}", "window": kind,
                        "name": character.name, "gold": gold_id, "gold_quotes": quotes.get(gold_id, 0),
                        "features": [round(v, 4) for v in evidence.features(work.text)],
                    }  # fmt: skip
                    out.write(json.dumps(row) + "\n")
                print(f"{directory.name} {kind}: {len(found)} candidates, {len(mapping)} name an annotated one")


def list_scores(rows: list[dict], keep: np.ndarray) -> dict:
    """Precision of the kept list, and recall of the annotated characters with >= MIN_QUOTES quotes (per novel,
    a gold character counts once however many clusters name it)."""
    kept = [r for r, k in zip(rows, keep) if k]
    wanted = {(r["text"], r["gold"]) for r in rows if r["gold"] and r["gold_quotes"] >= MIN_QUOTES}
    found = {(r["text"], r["gold"]) for r in kept} & wanted
    named = {(r["text"], r["gold"]) for r in rows if r["gold"]}
    return {
        "listed": len(kept),
        "precision": sum(1 for r in kept if r["gold"]) / max(1, len(kept)),
        "recall_speakers": len(found) / max(1, len(wanted)),
        "recall_all": len({(r["text"], r["gold"]) for r in kept if r["gold"]}) / max(1, len(named)),
    }


def fit(write: bool) -> None:
    rows = [json.loads(line) for line in ROWS.read_text(encoding="utf-8").splitlines()]
    x = np.array([r["features"] for r in rows])
    y = np.array([float(bool(r["gold"])) for r in rows])
    novels = np.array([r["novel"] for r in rows])
    held_out = np.zeros(len(rows))
    for novel in sorted(set(novels)):
        inside = novels == novel
        held_out[inside] = 1.0 / (1.0 + np.exp(-x[inside] @ fit_logistic(x[~inside], y[~inside], L2)))
    weights = fit_logistic(x, y, L2)
    thresholds = sorted({THRESHOLD, 0.3, 0.7})
    kinds = {"drabble": f"{DRABBLE:,} words", "short": f"{SHORT:,} words", "medium": f"{MEDIUM:,} words",
             "whole": "whole novels"}  # fmt: skip
    scored = []
    for kind, label in kinds.items():
        inside = np.array([r["window"] == kind for r in rows])
        part = [r for r, i in zip(rows, inside) if i]
        scored.append((label, "every candidate", list_scores(part, np.ones(len(part), dtype=bool))))
        for t in thresholds:
            shipped = " (shipped)" if t == THRESHOLD else ""
            scored.append((label, f"probability >= {t}{shipped}", list_scores(part, held_out[inside] >= t)))
    body = "\n".join([
        f"`python -m training.characters.character_filter fit`. {machine_line()}",
        "",
        f"Candidate characters (alias clusters with person evidence) in the {len(set(novels))} PDNC novels, whole "
        "and in stretches: "
        f"{len(rows):,}, of which {int(y.sum()):,} name an annotated character. The filter is a logistic regression "
        f"on {', '.join(CHARACTER_FEATURES[1:])}; kept when its probability >= {THRESHOLD}. Leave one novel out "
        "(each novel filtered by a fit that never saw it):",
        "",
        "| texts | list | listed | precision | recall, characters with >= 5 quotes | recall, all annotated |",
        "|---|---|---|---|---|---|",
        *(f"| {kind} | {label} | {s['listed']:,} | {100 * s['precision']:.1f} | {100 * s['recall_speakers']:.1f} | "
          f"{100 * s['recall_all']:.1f} |" for kind, label, s in scored),
        "",
        "Shipped weights (all novels): " + ", ".join(f"{n} {w:+.3f}" for n, w in zip(CHARACTER_FEATURES, weights))
        + ".",
        "",
    ])  # fmt: skip
    lost = [r for r, p in zip(rows, held_out) if p < THRESHOLD and r["gold_quotes"] >= MIN_QUOTES and
            r["window"] == "whole"]
    print("filtered out, though annotated with >= 5 quotes:", [(r["novel"], r["name"], r["gold_quotes"]) for r in lost])
    publish("character-filter", body, write=write)
    if write:
        model = {"features": list(CHARACTER_FEATURES), "weights": [round(w, 4) for w in weights],
                 "threshold": THRESHOLD,
                 "trained_on": "PDNC, 22 novels (training/characters/filter_rows.jsonl)"}  # fmt: skip
        CHARACTER_FILTER.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["features", "fit"])
    parser.add_argument("--no-write", action="store_true", help="print the section; leave BENCHMARKS and the model")
    arguments = parser.parse_args()
    features() if arguments.step == "features" else fit(write=not arguments.no_write)


if __name__ == "__main__":
    main()
