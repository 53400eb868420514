#!/usr/bin/env bash
# Ablations of the joint pipeline (after train_pipeline.sh steps 4-5): UD sentences retold in the present tense,
# a smaller NER head (hidden 64, maxout 2; faster), smaller parser and NER heads on the shipped encoder, and the NER
# on LitBank's outermost layer from the start. None is shipped (BENCHMARKS.md). About 4 hours on one core.
# Usage: bash training/ablations/joint_ablations.sh   (prints the tables in BENCHMARKS.md; writes runs/joint_ablations*.json)
set -euo pipefail
cd "$(dirname "$0")/../pipeline"  # runs/ and corpus/ are shared with the pipeline
export PYTHONPATH="$(cd ../.. && pwd)${PYTHONPATH:+:$PYTHONPATH}"  # `python -m training.<folder>.<script>`
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
continue_from() {  # train_pipeline.sh step 5 from another run, with extra overrides
  local out=$1 source=$2
  shift 2
  python -m training.pipeline.spacy_train joint_pipeline_continue.cfg --code augment.py --output "runs/$out" \
    --paths.train corpus/joint_train_litbank_twice --paths.dev corpus/joint_dev --paths.source "$source" \
    --paths.vectors runs/vectors16k "$@" > "runs/$out.log" 2>&1
}
# 1. Step 5 with half the UD sentences replaced by their present-tense retelling (augment.present_tense_variant).
continue_from joint_present runs/joint_pipeline/model-best \
  --corpora.train.augmenter.@augmenters ficlens.names_and_present_tense.v1
# 2. Step 4 with a NER head of hidden width 64 and 2 maxout pieces, then step 5.
python -m training.pipeline.spacy_train joint_pipeline.cfg --code augment.py --output runs/joint_ner64 \
  --paths.train corpus/joint_train --paths.dev corpus/joint_dev --paths.source runs/tagger_parser_vectors2/model-best \
  --paths.vectors runs/vectors16k --components.ner.model.hidden_width 64 --components.ner.model.maxout_pieces 2 \
  > runs/joint_ner64.log 2>&1
continue_from joint_ner64_2 runs/joint_ner64/model-best
runs=(shipped=runs/joint_pipeline2/model-best present=runs/joint_present/model-best ner64=runs/joint_ner64_2/model-best)
python -m training.pipeline.compare_models "${runs[@]}" --json runs/joint_ablations.json
python -m training.pipeline.compare_ner "${runs[@]}" --json runs/joint_ablations_ner.json
# 3. Speed: the shipped run's encoder and tagger (train_pipeline.sh step 6) with new, smaller parser and NER heads
#    (64 wide, 2 maxout pieces) trained together on UD + LitBank's outermost layer, 10,000 steps; against the shipped
#    pipeline for accuracy and, in the same run, speed.
python -m training.pipeline.spacy_train ../ablations/joint_fast.cfg --code augment.py --output runs/joint_fast \
  --paths.train corpus/joint_train_outer_twice --paths.dev corpus/joint_dev_outer \
  --paths.source runs/joint_outer/model-best --paths.vectors runs/vectors16k --training.eval_frequency 500 \
  > runs/joint_fast.log 2>&1
fast=(shipped=runs/joint_outer/model-best fast=runs/joint_fast/model-best)
python -m training.pipeline.compare_models "${fast[@]}" --json runs/joint_fast.json
python -m training.pipeline.compare_ner "${fast[@]}" --json runs/joint_fast_ner.json
(cd ../.. && python -m benchmarks.compare_speed shipped=training/pipeline/runs/joint_outer/model-best \
  fast=training/pipeline/runs/joint_fast/model-best --json training/pipeline/runs/joint_fast_speed.json)
# 4. Step 4 on LitBank's outermost layer from the start (instead of steps 4-5 on the innermost and step 6's move),
#    10,000 steps; against step 4 on the innermost and the shipped step 6, all scored on both layers.
source ./corpus_folders.sh
folder joint_train_outer 1_ud_train=ud_train.spacy 2_litbank_train=litbank_train.spacy
python -m training.pipeline.spacy_train joint_pipeline.cfg --code augment.py --output runs/joint_outer_full \
  --paths.train corpus/joint_train_outer --paths.dev corpus/joint_dev_outer \
  --paths.source runs/tagger_parser_vectors2/model-best --paths.vectors runs/vectors16k > runs/joint_outer_full.log 2>&1
outer=(step4_innermost=runs/joint_pipeline/model-best step4_outermost=runs/joint_outer_full/model-best
  shipped=runs/joint_outer/model-best)
python -m training.pipeline.compare_ner "${outer[@]}" --json runs/joint_outer_full_ner.json
python -m training.pipeline.compare_models "${outer[@]}" --json runs/joint_outer_full.json
