"""Score trained NER runs side by side on LitBank dev and test, and on the test books with their person names
swapped for modern, non-English and fandom names (`augment.person_name_variant`, fixed seed), for ablations such
as static vectors or name augmentation; prints a Markdown table and writes JSON.

Usage: python training/compare_ner.py NAME=DIR [NAME=DIR ...] --json runs/ner_comparison.json
(from training/, after prepare_data.py)
"""

import argparse
import json
import random
from pathlib import Path

import spacy
from augment import person_name_variant
from spacy.tokens import DocBin
from spacy.training import Example
from thinc.api import NumpyOps, set_current_ops

from ficlens.lexicon import TITLES

CORPUS = Path(__file__).resolve().parent / "corpus"
SETS = ["litbank_dev", "litbank_test", "litbank_test renamed"]
KEEP = frozenset(t.rstrip(".") for t in TITLES) | TITLES


def score(model: Path) -> dict[str, dict[str, float]]:
    nlp = spacy.load(model)
    result = {}
    for name in SETS:
        base, _, renamed = name.partition(" ")
        docs = list(DocBin().from_disk(CORPUS / f"{base}.spacy").get_docs(nlp.vocab))
        if renamed:
            docs = [person_name_variant(d, random.Random(i), KEEP) for i, d in enumerate(docs)]
        scores = nlp.evaluate([Example(nlp.make_doc(d.text), d) for d in docs])
        per = scores["ents_per_type"].get("PER", {"f": 0.0})
        result[name] = {"ents_f": round(100 * scores["ents_f"], 2), "PER_f": round(100 * per["f"], 2)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", help="NAME=DIR")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    set_current_ops(NumpyOps(use_blis=False))
    results = {}
    for item in args.models:
        name, _, directory = item.partition("=")
        results[name] = score(Path(directory))
        print(name, json.dumps(results[name]), flush=True)
    print("| run | " + " | ".join(f"{s} all / PER F1" for s in SETS) + " |\n|---|" + "---|" * len(SETS))
    for name, result in results.items():
        cells = [f"{result[s]['ents_f']:.1f} / {result[s]['PER_f']:.1f}" for s in SETS]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
