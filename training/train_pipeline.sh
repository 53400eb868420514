#!/usr/bin/env bash
# Rebuild the shipped pipeline en_ficlens_sm from ../shared/data (about 2.5 hours on one CPU core).
# Usage: bash training/train_pipeline.sh   (from the repository root, with ficlens installed: pip install -e .)
set -euo pipefail
cd "$(dirname "$0")"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
python prepare_data.py --shared ../../shared --out corpus
# 1. Tagger + parser from scratch, 3,000 steps (batches growing from 100 words).
python spacy_train.py tagger_parser.cfg --output runs/tagger_parser --training.max_steps 3000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy > runs/tagger_parser.log 2>&1
# 2. Continue them from step 1 with 1,000-word batches, 9,000 more steps.
python spacy_train.py tagger_parser_continue.cfg --output runs/tagger_parser2 --training.max_steps 9000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy > runs/tagger_parser2.log 2>&1
# 3. NER on LitBank, its encoder started from the tagger/parser's (transfer from UD); best of 10,000 steps on dev.
python spacy_train.py ner_transfer.cfg --output runs/ner_transfer \
  --paths.train corpus/litbank_train.spacy --paths.dev corpus/litbank_dev.spacy > runs/ner_transfer.log 2>&1
python assemble_pipeline.py --tagger-parser runs/tagger_parser2/model-best --ner runs/ner_transfer/model-best \
  --out ../src/ficlens/models/en_ficlens_sm
(cd .. && python -m benchmarks.pipeline)
