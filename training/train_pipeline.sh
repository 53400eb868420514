#!/usr/bin/env bash
# Rebuild the shipped pipeline en_ficlens_sm from ../shared/data (about 2 hours on 2 CPU cores).
# Usage: bash training/train_pipeline.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
python prepare_data.py --shared ../../shared --out corpus
python -m spacy train tagger_parser.cfg --output runs/tagger_parser \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy > runs/tagger_parser.log 2>&1 &
python -m spacy train ner.cfg --output runs/ner \
  --paths.train corpus/litbank_train.spacy --paths.dev corpus/litbank_dev.spacy > runs/ner.log 2>&1 &
wait
python assemble_pipeline.py --tagger-parser runs/tagger_parser/model-best --ner runs/ner/model-best \
  --out ../src/ficlens/models/en_ficlens_sm
