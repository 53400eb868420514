"""Assemble the fast profile's heads: the trained run's parser and NER, and a config that is the shipped pipeline's
with their sizes, so that `ficlens.nlp.load_with_heads` puts them on the shipped encoder and tagger.

Usage: python -m training.pipeline.assemble_fast_heads --trained DIR --out DIR [--scores JSON]
  --trained: a run of fast_heads.cfg (its encoder and tagger frozen: they must equal the shipped ones).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spacy.util import load_config

from ficlens.model_files import PIPELINE_DIR
from ficlens.nlp import CHECKSUMS, file_checksums, load_from
from training.pipeline.assemble_pipeline import DATASETS

HEADS = ("parser", "ner")


def assemble(trained: Path, out: Path, scores: dict | None = None) -> None:
    shipped = load_from(PIPELINE_DIR)
    nlp = load_from(trained)
    for name in ("tok2vec", "tagger"):
        if nlp.get_pipe(name).to_bytes(exclude=["vocab"]) != shipped.get_pipe(name).to_bytes(exclude=["vocab"]):
            raise SystemExit(f"{trained}: its {name} differs from the shipped one; train with fast_heads.cfg")
    config = load_config(PIPELINE_DIR / "config.cfg")
    for name in HEADS:
        trained_model = nlp.config["components"][name]["model"]
        for key in ("hidden_width", "maxout_pieces"):
            config["components"][name]["model"][key] = trained_model[key]
    out.mkdir(parents=True, exist_ok=True)
    config.to_disk(out / "config.cfg")
    for name in HEADS:
        nlp.get_pipe(name).to_disk(out / name, exclude=["vocab"])
    meta = {
        "ficlens_profile": "fast",
        "description": "ficlens fast profile: parser and NER heads 64 wide with 2 maxout pieces, trained on the "
        "frozen encoder and tagger of en_ficlens_sm (bash training/pipeline/train_fast_heads.sh)",
        "license": "CC BY-SA 4.0 (inherits the share-alike terms of UD English EWT)",
        "sources": DATASETS,
        "base_checksums": {name: digest for name, digest in file_checksums(PIPELINE_DIR).items()
                           if name.split("/")[0] in ("tok2vec", "tagger")},  # what ficlens.nlp checks on load
    }
    if scores:
        meta["ficlens_scores"] = scores
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    (out / CHECKSUMS).write_text(json.dumps(file_checksums(out), indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trained", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--scores", type=Path, help="JSON file of evaluation scores to record in meta.json")
    args = parser.parse_args()
    assemble(args.trained, args.out, json.loads(args.scores.read_text()) if args.scores else None)


if __name__ == "__main__":
    main()
