#!/usr/bin/env bash
# Rebuild the shipped pipeline en_ficlens_sm from ../shared/data (about 3 hours on 2 CPU cores).
# Usage: bash training/train_pipeline.sh   (from the repository root, with ficlens installed: pip install -e .)
set -euo pipefail
cd "$(dirname "$0")"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
python prepare_data.py --shared ../../shared --out corpus
# Stage 1: tagger + parser from scratch (3,000 steps) and NER, side by side on the two cores.
python spacy_train.py tagger_parser.cfg --output runs/tagger_parser --training.max_steps 3000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy > runs/tagger_parser.log 2>&1 &
python spacy_train.py ner.cfg --output runs/ner \
  --paths.train corpus/litbank_train.spacy --paths.dev corpus/litbank_dev.spacy > runs/ner.log 2>&1 &
wait
# Stage 2: continue the tagger + parser from stage 1 with larger batches (9,000 more steps).
python spacy_train.py tagger_parser_continue.cfg --output runs/tagger_parser2 --training.max_steps 9000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy > runs/tagger_parser2.log 2>&1
python assemble_pipeline.py --tagger-parser runs/tagger_parser2/model-best --ner runs/ner/model-best \
  --out ../src/ficlens/models/en_ficlens_sm
python evaluate_pipeline.py
