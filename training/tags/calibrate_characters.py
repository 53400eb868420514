"""Calibrate the character tags' scores (ficlens.tags.CHARACTER_CALIBRATION) on the PDNC novels.

Each novel is analysed whole, as a user would (`features`, slow: about 5 minutes); each person ficlens would tag
is a row: utterances, mentions, present, mentions inside quotations, one end of a shown relationship, and whether
the tag names one of the novel's annotated characters (an alias of theirs, or the words of one inside the other:
`Frank` for `Frank Churchill`). `fit` then fits a logistic regression leave-one-novel-out, reports how often tags
at each score are right on novels the fit never saw (the BENCHMARKS section), and prints the weights fitted on all
novels for CHARACTER_CALIBRATION.

    python -m training.tags.calibrate_characters features   # -> training/tags/character_rows.jsonl
    python -m training.tags.calibrate_characters fit [--no-write]

Data: PDNC (see ../shared/data/pdnc/README); the rows keep counts and names only, no text. The utterance counts
come from the shipped speaker ranker, which was trained on these novels: the fit sees slightly better counts than
an unseen novel would give.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

import ficlens
from benchmarks.common import SHARED, machine_line, publish
from ficlens.evaluate.pdnc import load_novel
from ficlens.tags import PersonEvidence, person_evidence, same_name
from ficlens.tags.people import find_people
from training.logistic import fit_logistic

ROWS = Path(__file__).resolve().parent / "character_rows.jsonl"
PDNC = SHARED / "data" / "pdnc" / "data"
L2 = 0.1
BINS = [0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0]
FEATURES = ("bias", "log(1 + utterances)", "log(1 + mentions)", "present", "log(1 + mentions inside quotations)",
            "one end of a shown relationship")


def features() -> None:
    with ROWS.open("w", encoding="utf-8") as out:
        for folder in sorted(p for p in PDNC.iterdir() if (p / "novel_text.txt").is_file()):
            novel = load_novel(folder)
            work = ficlens.analyze(novel.text, max_words=10**7)
            aliases = [alias for character in novel.characters for alias in character.aliases]
            people = person_evidence(work, find_people(work, None), work.suggested_tags.relationships)
            for person in people:
                right = any(same_name(person.name, alias) for alias in aliases)
                row = {"novel": folder.name, **asdict(person), "right": right}
                del row["ids"]
                out.write(json.dumps(row) + "\n")
            print(f"{folder.name}: {len(people)} people, {sum(1 for p in people if p.present)} present", flush=True)


def design(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    fields = {f.name for f in dataclasses.fields(PersonEvidence)}
    x = np.array([PersonEvidence(**{k: v for k, v in r.items() if k in fields}).features() for r in rows])
    return x, np.array([float(r["right"]) for r in rows])


def reliability(p: np.ndarray, y: np.ndarray) -> list[str]:
    lines = ["| score | tags | mean score | right |", "|---|---|---|---|"]
    for low, high in zip(BINS, BINS[1:]):
        inside = (p >= low) & ((p < high) if high < 1 else (p <= high))
        if inside.any():
            lines.append(f"| {low:.1f}–{high:.1f} | {int(inside.sum())} | {p[inside].mean():.2f} | "
                         f"{y[inside].mean():.2f} |")  # fmt: skip
    return lines


def fit(write: bool) -> None:
    rows = [json.loads(line) for line in ROWS.read_text(encoding="utf-8").splitlines()]
    novels = sorted({r["novel"] for r in rows})
    x, y = design(rows)
    held_out = np.zeros(len(rows))
    names = np.array([r["novel"] for r in rows])
    for novel in novels:
        inside = names == novel
        held_out[inside] = 1.0 / (1.0 + np.exp(-x[inside] @ fit_logistic(x[~inside], y[~inside], L2)))
    weights = fit_logistic(x, y, L2)
    shown = held_out >= 0.5
    quotes, mentions = np.expm1(x[:, 1]), np.expm1(x[:, 2])
    old = np.where(x[:, 3] == 1, 0.6 + 0.4 * np.minimum(1, (quotes + mentions) / 30),
                   0.3 + 0.3 * np.minimum(1, mentions / 10))  # fmt: skip
    body = "\n".join([
        f"`python -m training.tags.calibrate_characters fit`. {machine_line()}",
        "",
        f"People ficlens would tag in the {len(novels)} PDNC novels (each novel analysed whole): {len(rows):,}, "
        f"of which {int(y.sum()):,} name an annotated character. Scores from a logistic regression on "
        f"{'; '.join(FEATURES[1:])}, fitted leave-one-novel-out (each novel scored by a fit that never saw it):",
        "",
        *reliability(held_out, y),
        "",
        f"At the report's threshold (0.5): {int(shown.sum()):,} tags shown, {y[shown].mean():.0%} right; "
        f"{int((~shown).sum()):,} left out, {y[~shown].mean():.0%} right. The former hand-set score "
        f"(0.6 + 0.4 × min(1, (utterances + mentions)/30) if present, else 0.3 + 0.3 × min(1, mentions/10)) on the "
        f"same tags:",
        "",
        *reliability(old, y),
        "",
        "Shipped weights (all novels): " + ", ".join(f"{n} {w:+.3f}" for n, w in zip(FEATURES, weights)) + ".",
        "",
    ])
    publish("character-tags", body, write=write)
    print("CHARACTER_CALIBRATION = (" + ", ".join(f"{w:.3f}" for w in weights) + ")")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["features", "fit"])
    parser.add_argument("--no-write", action="store_true", help="print the section, leave BENCHMARKS.md alone")
    arguments = parser.parse_args()
    features() if arguments.step == "features" else fit(write=not arguments.no_write)


if __name__ == "__main__":
    main()
