#!/usr/bin/env bash
# Rebuild the fast profile's parser and NER heads (src/ficlens/models/en_ficlens_sm_fast) from ../shared/data: new
# heads 64 wide, 2 maxout pieces, trained on the shipped pipeline's frozen encoder and tagger (which both profiles
# share) on UD train + LitBank's outermost entity layer read twice, as train_pipeline.sh step 6.
# Usage: bash training/pipeline/train_fast_heads.sh   (from the repository root, with ficlens installed: pip install -e .)
set -euo pipefail
cd "$(dirname "$0")"
export PYTHONPATH="$(cd ../.. && pwd)${PYTHONPATH:+:$PYTHONPATH}"  # `python -m training.<folder>.<script>`
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
mkdir -p runs
[ -f corpus/ud_train.spacy ] || python -m training.pipeline.prepare_data --shared ../../../shared --out corpus
source ./corpus_folders.sh
folder joint_train_outer_twice 1_ud_train=ud_train.spacy 2_litbank_train_1=litbank_train.spacy \
  2_litbank_train_2=litbank_train.spacy
folder joint_dev_outer 1_ud_dev=ud_dev.spacy 2_litbank_dev=litbank_dev.spacy
python -m training.pipeline.spacy_train fast_heads.cfg --code augment.py --output runs/fast_heads \
  --paths.train corpus/joint_train_outer_twice --paths.dev corpus/joint_dev_outer > runs/fast_heads.log 2>&1
python -m training.pipeline.assemble_fast_heads --trained runs/fast_heads/model-best \
  --out ../../src/ficlens/models/en_ficlens_sm_fast
(cd ../.. && python -m benchmarks.pipeline --profile fast)
# The scores just measured go into the heads' meta.json (same weights, reassembled).
python -m training.pipeline.assemble_fast_heads --trained runs/fast_heads/model-best \
  --out ../../src/ficlens/models/en_ficlens_sm_fast --scores pipeline_scores_fast.json
