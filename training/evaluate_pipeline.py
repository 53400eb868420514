"""Score the shipped pipeline on the held-out sets with spaCy's scorer; writes training/pipeline_scores.json.

Usage: python training/evaluate_pipeline.py   (after prepare_data.py; run from the repository root)
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.tokens import DocBin
from spacy.training import Example

from ficlens.nlp import load_pipeline

CORPUS = Path(__file__).parent / "corpus"
SETS = {
    "ud_dev": ("ud_dev.spacy", ["tag_acc", "dep_uas", "dep_las", "sents_f"]),
    "ud_test": ("ud_test.spacy", ["tag_acc", "dep_uas", "dep_las", "sents_f"]),
    "gum_fiction_dev": ("gum_fiction_dev.spacy", ["tag_acc", "dep_uas", "dep_las"]),
    "gum_fiction_test": ("gum_fiction_test.spacy", ["tag_acc", "dep_uas", "dep_las"]),
    "litbank_dev": ("litbank_dev.spacy", ["ents_f", "ents_per_type"]),
    "litbank_test": ("litbank_test.spacy", ["ents_f", "ents_per_type"]),
}


def main() -> None:
    nlp = load_pipeline()
    scores = {}
    for name, (path, keys) in SETS.items():
        docs = list(DocBin().from_disk(CORPUS / path).get_docs(nlp.vocab))
        examples = [Example(nlp.make_doc(d.text), d) for d in docs]
        result = nlp.evaluate(examples)
        scores[name] = {k: result[k] for k in keys}
        if "ents_per_type" in scores[name]:
            scores[name]["PER"] = scores[name].pop("ents_per_type").get("PER")
        print(name, json.dumps(scores[name]), flush=True)
    (Path(__file__).parent / "pipeline_scores.json").write_text(json.dumps(scores, indent=1) + "\n")


if __name__ == "__main__":
    main()
