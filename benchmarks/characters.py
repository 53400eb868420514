"""The character list ficlens finds on its own, against PDNC's annotated characters (22 novels): how many of the
listed characters name an annotated one (precision), how many annotated characters with >= 5 quotes are found
(recall), alias purity, found characters listed twice or more (split), and gender (the share of found characters
given one, and the share of those right).
The whole pipeline runs (genders also come from speech tags and coreference), about 6 minutes. Then the same on the
fan-fiction-style stories written for this (tests/fixtures/characters, labels.yaml): precision, recall of every
labelled character, the trap names (places, institutions, works, drinks) listed as characters, and gender.

    python -m benchmarks.characters [--write] [--novels Emma ...]
"""

from __future__ import annotations

import argparse
from collections import Counter

import yaml

import ficlens
from benchmarks.common import ROOT, SHARED, machine_line, publish
from ficlens.evaluate.metrics import character_scores, map_characters
from ficlens.evaluate.pdnc import PSEUDO_CHARACTERS, load_novel, novel_dirs

PDNC = SHARED / "data" / "pdnc" / "data"
STORIES = ROOT / "tests" / "fixtures" / "characters"


def score_story(text: str, labels: dict) -> dict:
    """One labelled story: listed characters, those naming a labelled one, labelled ones found, traps listed,
    genders given and right (on the labelled characters of known gender that were found)."""
    work = ficlens.analyze(text)
    gold = {str(i): {c["name"], *c.get("aliases", [])} for i, c in enumerate(labels["characters"])}
    genders = {str(i): c.get("gender", "unknown") for i, c in enumerate(labels["characters"])}
    predicted = {c.id: {c.name, *c.aliases} for c in work.characters}
    mapping = map_characters(predicted, gold)
    traps = {t.lower() for t in labels.get("not_characters", [])}
    known = [c for c in work.characters if c.id in mapping and genders[mapping[c.id]] != "unknown"]
    return {
        "listed": len(predicted),
        "named": len(mapping),
        "labelled": len(gold),
        "found": len(set(mapping.values())),
        "traps": sorted(c.name for c in work.characters if {n.lower() for n in predicted[c.id]} & traps),
        "gendered": len(known),
        "gender_right": sum(c.gender == genders[mapping[c.id]] for c in known),
        "unnamed": sorted(c.name for c in work.characters if c.id not in mapping),
    }


def score_stories() -> dict[str, dict]:
    labels = yaml.safe_load((STORIES / "labels.yaml").read_text(encoding="utf-8"))
    return {name: score_story((STORIES / name).read_text(encoding="utf-8"), story) for name, story in labels.items()}


def story_table(results: dict[str, dict]) -> str:
    lines = ["| story | listed | precision | recall | traps listed | gender right |", "|---|---|---|---|---|---|"]
    total: Counter[str] = Counter()
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['listed']} | {pct(r['named'], r['listed'])} | {pct(r['found'], r['labelled'])} | "
            f"{', '.join(r['traps']) or '-'} | {r['gender_right']}/{r['gendered']} |"
        )
        total.update({k: v for k, v in r.items() if isinstance(v, int)})
    traps = sum(len(r["traps"]) for r in results.values())
    lines.append(
        f"| **all** | {total['listed']} | {pct(total['named'], total['listed'])} | "
        f"{pct(total['found'], total['labelled'])} | {traps} | {total['gender_right']}/{total['gendered']} |"
    )
    return "\n".join(lines)


def score_novel(novel) -> dict:
    work = ficlens.analyze(novel.text, max_words=10**7)
    predicted = {c.id: {c.name, *c.aliases} for c in work.characters}
    gold = {c.id: c.aliases for c in novel.characters if c.name.lower().lstrip("_") not in PSEUDO_CHARACTERS}
    quote_counts = Counter(q.speaker for q in novel.quotes)
    mapping = map_characters(predicted, gold, quote_counts)
    gold_gender = {c.id: c.gender for c in novel.characters}
    gendered = [c for c in work.characters if c.id in mapping and gold_gender[mapping[c.id]] != "unknown"]
    given = [c for c in gendered if c.gender != "unknown"]
    scores = character_scores(predicted, gold, {g: n for g, n in quote_counts.items() if g in gold})
    return {
        "listed": len(predicted),
        "named": len(mapping),
        "found": scores["found"],
        "wanted": scores["gold_with_min_quotes"],
        "split": scores["split"],
        "purity": scores["purity"],
        "gendered": len(gendered),
        "given": len(given),
        "gender_right": sum(c.gender == gold_gender[mapping[c.id]] for c in given),
        "unnamed": sorted(c.name for c in work.characters if c.id not in mapping),
    }


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


def table(results: dict[str, dict]) -> str:
    lines = [
        "| novel | listed | precision | recall (>= 5 quotes) | split | purity | gender given | gender right |",
        "|---|---|---|---|---|---|---|---|",
    ]
    total: Counter[str] = Counter()
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['listed']} | {pct(r['named'], r['listed'])} | {pct(r['found'], r['wanted'])} | "
            f"{pct(r['split'], r['found'])} | {100 * r['purity']:.1f} | {pct(r['given'], r['gendered'])} | "
            f"{pct(r['gender_right'], r['given'])} |"
        )
        total.update({k: v for k, v in r.items() if isinstance(v, int)})
    purity = sum(r["purity"] for r in results.values()) / max(1, len(results))
    lines.append(
        f"| **all** | {total['listed']} | {pct(total['named'], total['listed'])} | "
        f"{pct(total['found'], total['wanted'])} | {pct(total['split'], total['found'])} | {100 * purity:.1f} | "
        f"{pct(total['given'], total['gendered'])} | "
        f"{pct(total['gender_right'], total['given'])} |"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the table into BENCHMARKS.md")
    parser.add_argument("--novels", nargs="*", help="only these PDNC novels")
    parser.add_argument("--show-unnamed", action="store_true", help="print the listed names no annotated one matches")
    args = parser.parse_args()
    results = {}
    for directory in novel_dirs(PDNC, args.novels):
        results[directory.name] = score_novel(load_novel(directory))
        if args.show_unnamed:
            print(directory.name, results[directory.name]["unnamed"], flush=True)
    stories = score_stories()
    if args.show_unnamed:
        print({name: r["unnamed"] for name, r in stories.items()})
    body = (
        f"{machine_line()}\n\nPDNC: precision = listed characters that name an annotated one (PDNC lists the "
        "characters who speak, are spoken to or are spoken of, so a real but unlisted bystander counts as wrong); "
        "recall of annotated characters with >= 5 quotes; split = the found ones that two or more listed characters "
        "name (one person listed apart under two names: `Emma Woodhouse` and `Miss Woodhouse`); gender on the listed "
        "characters that name an annotated one of known gender.\n\n" + table(results) + "\n\nThe fan-fiction-style "
        "stories written for this "
        f"({len(stories)} stories, tests/fixtures/characters; recall over every labelled character, minor and "
        "mentioned ones included):\n\n" + story_table(stories) + "\n"
    )
    publish("characters", body, args.write)


if __name__ == "__main__":
    main()
