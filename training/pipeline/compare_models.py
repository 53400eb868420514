"""Score trained tagger/parser runs side by side on the UD and GUM-fiction held-out sets, on their fan-fiction
styled variants (curly quotes, `--` dashes, swapped names: `augment.fiction_variant`, fixed seed) and on
present-tense retellings (`augment.present_tense_variant`), for ablations such as static vectors, the
non-commercial GUM parts or augmentation; prints a Markdown table and writes JSON.

Usage: python -m training.pipeline.compare_models NAME=DIR [NAME=DIR ...] --json runs/comparison.json
(from training/, after prepare_data.py)
"""

import argparse
import json
import random
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from thinc.api import NumpyOps, set_current_ops

from training.pipeline.augment import fiction_variant, present_tense_variant

CORPUS = Path(__file__).resolve().parent / "corpus"
SETS = [
    "ud_dev",
    "ud_test",
    "gum_fiction_dev",
    "gum_fiction_test",
    "ud_dev styled",
    "gum_fiction_test styled",
    "ud_dev present",
    "gum_fiction_test present",
]
VARIANTS = {"styled": fiction_variant, "present": present_tense_variant}
KEYS = ["tag_acc", "dep_uas", "dep_las"]


Variant = Callable[[Doc, random.Random], Doc | None]


def score(
    model: Path, sets: list[str], variants: dict[str, Variant], measure: Callable[[dict], dict]
) -> dict[str, dict[str, float]]:
    """`measure` of spaCy's scores on each set; a set named `BASE WORD` is BASE with `variants[WORD]` applied per
    doc."""
    nlp = spacy.load(model)
    result = {}
    for name in sets:
        base, _, varied = name.partition(" ")
        docs = list(DocBin().from_disk(CORPUS / f"{base}.spacy").get_docs(nlp.vocab))
        if varied:
            docs = [variants[varied](d, random.Random(i)) for i, d in enumerate(docs)]
        result[name] = measure(nlp.evaluate([Example(nlp.make_doc(d.text), d) for d in docs]))
    return result


def compare(
    description: str, sets: list[str], variants: dict[str, Variant], measure, column: str, cell: Callable[[dict], str]
) -> None:
    """The command line shared by the comparison scripts: score NAME=DIR runs, print a table, write JSON."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("models", nargs="+", help="NAME=DIR")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    set_current_ops(NumpyOps(use_blis=False))
    results = {}
    for item in args.models:
        name, _, directory = item.partition("=")
        results[name] = score(Path(directory), sets, variants, measure)
        print(name, json.dumps(results[name]), flush=True)
    print("| run | " + " | ".join(f"{s} {column}" for s in sets) + " |\n|---|" + "---|" * len(sets))
    for name, result in results.items():
        print(f"| {name} | " + " | ".join(cell(result[s]) for s in sets) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    compare(
        __doc__.splitlines()[0],
        SETS,
        VARIANTS,
        lambda scores: {k: round(100 * scores[k], 2) for k in KEYS},
        "TAG / UAS / LAS",
        lambda result: " / ".join(f"{result[k]:.1f}" for k in KEYS),
    )
