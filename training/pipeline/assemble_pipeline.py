"""Assemble the shipped pipeline from the trained tagger/parser and NER, with the fiction tokenizer.

Usage: python -m training.pipeline.assemble_pipeline --trained DIR [--ner DIR] --out DIR
  --trained: a trained pipeline (tok2vec, tagger, parser, and the NER if it was trained jointly on the same encoder);
  --ner: a NER trained apart, added with its own copy of its encoder.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import spacy
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from ficlens.nlp import CHECKSUMS, TOKENIZER_FROM_DISK, file_checksums, register_components
from ficlens.spacy_components import PERSON_TITLES

DASHES = [r"-{2,}", "\u2014", "\u2013", "\u2015"]
# Sentence punctuation glued before a dash (`change?--It`) and runs like `?!` stay whole.
PUNCT_BEFORE_DASH = r"(?<=[A-Za-z])[?!.,;:]+(?=-{2,}|[\u2014\u2013\u2015])"
MIXED_MARKS = r"[?!]{2,}"
DATASETS = [
    {"name": "UD English EWT", "licence": "CC BY-SA 4.0", "used_for": "tagger, parser, shared encoder"},
    {
        "name": "UD English GUM (academic, bio, conversation, court, essay, interview, letter, news, "
        "podcast, speech, textbook, vlog, voyage; no fiction, no whow)",
        "licence": "CC BY 4.0 / public domain",
        "used_for": "tagger, parser, shared encoder",
    },
    {
        "name": "Static word vectors (64-d, 16,000 words) learnt by training/pipeline/word_vectors.py from the raw "
        "text of LitBank's 79 train novels and the 22 PDNC novels (all public-domain texts)",
        "licence": "CC BY 4.0 (LitBank) / public domain",
        "used_for": "tagger, parser, ner",
    },
    {
        "name": "LitBank entities, outermost layer (79 of 99 books; split in training/pipeline/litbank_split.json)",
        "licence": "CC BY 4.0",
        "used_for": "ner, shared encoder (person names in half the training books swapped for modern, non-English "
        "and fandom names written for this project, training/pipeline/augment.py)",
    },
]


def fiction_tokenizer(nlp: spacy.Language) -> None:
    """Split `--` and em/en dashes off words on both sides and between them (`change?--It`, `never--`)."""
    tokenizer = nlp.tokenizer
    tokenizer.prefix_search = compile_prefix_regex(DASHES + list(nlp.Defaults.prefixes)).search
    tokenizer.suffix_search = compile_suffix_regex([MIXED_MARKS, *DASHES, *nlp.Defaults.suffixes]).search
    tokenizer.infix_finditer = compile_infix_regex([PUNCT_BEFORE_DASH, *DASHES, *nlp.Defaults.infixes]).finditer


def assemble(trained: Path, ner: Path | None, out: Path, scores: dict | None = None) -> None:
    register_components()
    nlp = spacy.load(trained)
    if ner is not None:
        ner_nlp = spacy.load(ner)
        ner_nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        nlp.add_pipe("ner", source=ner_nlp)
    fiction_tokenizer(nlp)
    if PERSON_TITLES not in nlp.pipe_names:
        nlp.add_pipe(PERSON_TITLES, after="ner")
    nlp.config["nlp"]["tokenizer"] = {"@tokenizers": TOKENIZER_FROM_DISK}  # its rules load from the tokenizer file
    nlp.meta.update(
        name="ficlens_sm",
        version="0.4.0",
        description="ficlens fiction pipeline: tagger, parser (UD EWT + open GUM) and literary NER (LitBank) on one "
        "shared encoder trained on both, with static vectors from public-domain fiction",
        license="CC BY-SA 4.0 (inherits the share-alike terms of UD English EWT)",
        sources=DATASETS,
        author="ficlens",
    )
    if scores:
        nlp.meta["ficlens_scores"] = scores
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    (out / CHECKSUMS).write_text(json.dumps(file_checksums(out), indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trained", type=Path, required=True)
    parser.add_argument("--ner", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--scores", type=Path, help="JSON file of evaluation scores to record in meta.json")
    args = parser.parse_args()
    scores = json.loads(args.scores.read_text()) if args.scores else None
    assemble(args.trained, args.ner, args.out, scores)


if __name__ == "__main__":
    main()
