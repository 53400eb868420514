#!/usr/bin/env bash
# Rebuild the shipped pipeline en_ficlens_sm from ../shared/data (about 3 hours on one CPU core).
# Usage: bash training/train_pipeline.sh   (from the repository root, with ficlens installed: pip install -e .)
set -euo pipefail
cd "$(dirname "$0")"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
python prepare_data.py --shared ../../shared --out corpus
# 1. Static word vectors from public-domain fiction (LitBank train novels, PDNC), 16,000 words kept (needs gensim).
python word_vectors.py --shared ../../shared --out runs/vectors.txt > runs/word_vectors.log 2>&1
python -m spacy init vectors en runs/vectors.txt runs/vectors16k --prune 16000
# 2. Tagger + parser from scratch with the vectors, 3,000 steps (batches growing from 100 words).
python spacy_train.py tagger_parser_vectors.cfg --output runs/tagger_parser_vectors --training.max_steps 3000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy --paths.vectors runs/vectors16k \
  > runs/tagger_parser_vectors.log 2>&1
# 3. Continue them from step 2 with 1,000-word batches, 6,000 more steps.
python spacy_train.py tagger_parser_vectors_continue.cfg --output runs/tagger_parser_vectors2 \
  --training.max_steps 6000 --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy \
  --paths.vectors runs/vectors16k > runs/tagger_parser_vectors2.log 2>&1
# 4. NER on LitBank: its encoder starts as a copy of step 3's (with the vectors) and trains on; person names in
#    half the training books are swapped for modern, non-English and fandom names (augment.py); best on dev.
python spacy_train.py ner_vectors_names.cfg --code augment.py --output runs/ner_vectors_names \
  --paths.train corpus/litbank_train.spacy --paths.dev corpus/litbank_dev.spacy \
  --paths.vectors runs/vectors16k > runs/ner_vectors_names.log 2>&1
python assemble_pipeline.py --tagger-parser runs/tagger_parser_vectors2/model-best --ner runs/ner_vectors_names/model-best \
  --out ../src/ficlens/models/en_ficlens_sm
(cd .. && python -m benchmarks.pipeline)
