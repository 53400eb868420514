"""Score trained tagger/parser runs side by side on the UD and GUM-fiction held-out sets, and on their
fan-fiction styled variants (curly quotes, `--` dashes, swapped names: `augment.fiction_variant`, fixed seed),
for ablations such as static vectors, the non-commercial GUM parts or augmentation; prints a Markdown table
and writes JSON.

Usage: python training/compare_models.py NAME=DIR [NAME=DIR ...] --json runs/comparison.json
(from training/, after prepare_data.py)
"""

import argparse
import json
import random
from pathlib import Path

import spacy
from augment import fiction_variant
from spacy.tokens import DocBin
from spacy.training import Example
from thinc.api import NumpyOps, set_current_ops

CORPUS = Path(__file__).resolve().parent / "corpus"
SETS = ["ud_dev", "ud_test", "gum_fiction_dev", "gum_fiction_test", "ud_dev styled", "gum_fiction_test styled"]
KEYS = ["tag_acc", "dep_uas", "dep_las"]


def score(model: Path) -> dict[str, dict[str, float]]:
    nlp = spacy.load(model)
    result = {}
    for name in SETS:
        base, _, styled = name.partition(" ")
        docs = list(DocBin().from_disk(CORPUS / f"{base}.spacy").get_docs(nlp.vocab))
        if styled:
            docs = [fiction_variant(d, random.Random(i)) for i, d in enumerate(docs)]
        scores = nlp.evaluate([Example(nlp.make_doc(d.text), d) for d in docs])
        result[name] = {k: round(100 * scores[k], 2) for k in KEYS}
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
    header = "| run | " + " | ".join(f"{s} TAG / UAS / LAS" for s in SETS) + " |"
    print(header + "\n|---|" + "---|" * len(SETS))
    for name, result in results.items():
        cells = [" / ".join(f"{result[s][k]:.1f}" for k in KEYS) for s in SETS]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
