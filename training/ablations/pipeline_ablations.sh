#!/usr/bin/env bash
# Ablations for the shipped tagger/parser (the pipeline issue): static vectors, the non-commercial GUM parts,
# fan-fiction augmentation, pretraining, encoder size, parser head, a morphologizer. About 6 hours on one core.
# Results: runs/ablations.json, runs/pretrain_comparison.json, runs/capacity_comparison.json,
# runs/parser_head_comparison.json and runs/morphologizer_*.json, tables in BENCHMARKS.md.
# Usage: bash training/ablations/pipeline_ablations.sh   (after prepare_data.py; ficlens and gensim installed)
set -euo pipefail
cd "$(dirname "$0")/../pipeline"  # runs/ and corpus/ are shared with the pipeline
export PYTHONPATH="$(cd ../.. && pwd)${PYTHONPATH:+:$PYTHONPATH}"  # `python -m training.<folder>.<script>`
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
train() { python -m training.pipeline.spacy_train "$@"; }
# 1. Static vectors: 64-d skip-gram vectors from LitBank's train novels and the PDNC novels (16k kept), used by
#    a tagger/parser with half the NORM hash rows, same schedule as train_pipeline.sh (3,000 + 6,000 steps).
python -m training.pipeline.word_vectors --shared ../../../shared --out runs/vectors.txt > runs/word_vectors.log 2>&1
python -m spacy init vectors en runs/vectors.txt runs/vectors16k --prune 16000
train tagger_parser_vectors.cfg --output runs/tagger_parser_vectors --training.max_steps 3000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy --paths.vectors runs/vectors16k \
  > runs/tagger_parser_vectors.log 2>&1
train tagger_parser_vectors_continue.cfg --output runs/tagger_parser_vectors2 --training.max_steps 6000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy --paths.vectors runs/vectors16k \
  > runs/tagger_parser_vectors2.log 2>&1
#    The vector-less tagger/parser it is compared with (the one shipped before the vectors; its encoder also
#    starts the previous NER of ner_ablations.sh): 3,000 + 9,000 steps.
train ../ablations/tagger_parser.cfg --output runs/tagger_parser --training.max_steps 3000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy > runs/tagger_parser.log 2>&1
train ../ablations/tagger_parser_continue.cfg --output runs/tagger_parser2 --training.max_steps 9000 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy > runs/tagger_parser2.log 2>&1
# 2. From the vector-less tagger/parser (runs/tagger_parser2) and from the vectors one, 1,000 more steps each:
#    UD train alone (reference), with GUM's fiction and wikiHow parts (CC BY-NC-SA, vector-less only), and with
#    fan-fiction variants (augment.py) of 30% of the sentences.
mkdir -p corpus/ud_train_with_nc
ln -sf ../ud_train.spacy corpus/ud_train_with_nc/ud_train.spacy
ln -sf ../ud_nc_train.spacy corpus/ud_train_with_nc/ud_nc_train.spacy
for run in reference:corpus/ud_train.spacy:../ablations/tagger_parser_refine.cfg \
           with_nc:corpus/ud_train_with_nc:../ablations/tagger_parser_refine.cfg \
           augmented:corpus/ud_train.spacy:../ablations/tagger_parser_refine_augmented.cfg; do
  IFS=: read -r name data config <<< "$run"
  train "$config" --code augment.py --output "runs/refine_$name" --training.max_steps 1000 \
    --paths.train "$data" --paths.dev corpus/ud_dev.spacy > "runs/refine_$name.log" 2>&1
done
source=runs/tagger_parser_vectors2/model-best
for run in reference:../ablations/tagger_parser_refine.cfg augmented:../ablations/tagger_parser_refine_augmented.cfg; do
  IFS=: read -r name config <<< "$run"
  train "$config" --code augment.py --output "runs/vrefine_$name" --training.max_steps 1000 \
    --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy --paths.vectors runs/vectors16k \
    --components.tok2vec.source $source --components.tagger.source $source --components.parser.source $source \
    > "runs/vrefine_$name.log" 2>&1
done
python -m training.pipeline.compare_models no_vectors=runs/tagger_parser2/model-best vectors=runs/tagger_parser_vectors2/model-best \
  reference=runs/refine_reference/model-best with_nc=runs/refine_with_nc/model-best \
  augmented=runs/refine_augmented/model-best vectors_reference=runs/vrefine_reference/model-best \
  vectors_augmented=runs/vrefine_augmented/model-best --json runs/ablations.json
# 3. Pretraining the encoder on raw fiction (spacy pretrain, character objective, one epoch of 10.3M words of
#    LitBank train novels and PDNC; pretrain_text.py), then step 2 of train_pipeline.sh (3,000 steps; and its first
#    1,000) from it and from scratch.
python -m training.pipeline.pretrain_text --shared ../../../shared --out corpus/pretrain.jsonl
python -m spacy pretrain pretrain_tok2vec.cfg runs/pretrain --paths.raw_text corpus/pretrain.jsonl \
  --paths.vectors runs/vectors16k --pretraining.max_epochs 1 > runs/pretrain.log 2>&1
for steps in 1000 3000; do
  for run in scratch: pretrained:runs/pretrain/model0.bin; do
    IFS=: read -r name weights <<< "$run"
    # pretrain_tok2vec.cfg is tagger_parser_vectors.cfg filled with the [pretraining] section init_tok2vec reads
    train pretrain_tok2vec.cfg --output "runs/tp_${name}${steps}" --training.max_steps "$steps" \
      --training.eval_frequency 250 --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy \
      --paths.vectors runs/vectors16k ${weights:+--paths.init_tok2vec "$weights"} > "runs/tp_${name}${steps}.log" 2>&1
  done
done
python -m training.pipeline.compare_models scratch_1000=runs/tp_scratch1000/model-best pretrained_1000=runs/tp_pretrained1000/model-best \
  scratch_3000=runs/tp_scratch3000/model-best pretrained_3000=runs/tp_pretrained3000/model-best \
  --json runs/pretrain_comparison.json
# tagger_parser_3000 NAME OVERRIDE...: step 2's tagger/parser (3,000 steps from scratch, as scratch_3000 above)
#   with config overrides, in runs/tp_NAME_3000
tagger_parser_3000() {
  local name=$1
  shift
  train tagger_parser_vectors.cfg --output "runs/tp_${name}_3000" --training.max_steps 3000 \
    --training.eval_frequency 250 --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy \
    --paths.vectors runs/vectors16k "$@" > "runs/tp_${name}_3000.log" 2>&1
}
# 4. Capacity: a deeper encoder (96 wide, 8 deep) and a wider one (192 wide, 4 deep), against the shipped 96 x 4.
for run in w96d8:96:8 w192d4:192:4; do
  IFS=: read -r name width depth <<< "$run"
  tagger_parser_3000 "$name" --components.tok2vec.model.encode.width "$width" \
    --components.tok2vec.model.encode.depth "$depth"
done
python -m training.pipeline.compare_models width96_depth4=runs/tp_scratch3000/model-best width96_depth8=runs/tp_w96d8_3000/model-best \
  width192_depth4=runs/tp_w192d4_3000/model-best --json runs/capacity_comparison.json
(cd ../.. && python -m benchmarks.compare_speed width96_depth4=training/pipeline/runs/tp_scratch3000/model-best \
  width96_depth8=training/pipeline/runs/tp_w96d8_3000/model-best width192_depth4=training/pipeline/runs/tp_w192d4_3000/model-best \
  --json training/pipeline/runs/capacity_speed.json)
# 5. The parser's head: a hidden layer 64 wide with 2 maxout pieces instead of 128 and 3 (spaCy's efficiency
#    setting), for speed.
tagger_parser_3000 parser64 --components.parser.model.hidden_width 64 --components.parser.model.maxout_pieces 2
python -m training.pipeline.compare_models parser128x3=runs/tp_scratch3000/model-best parser64x2=runs/tp_parser64_3000/model-best \
  --json runs/parser_head_comparison.json
(cd ../.. && python -m benchmarks.compare_speed parser128x3=training/pipeline/runs/tp_scratch3000/model-best \
  parser64x2=training/pipeline/runs/tp_parser64_3000/model-best --json training/runs/parser_head_speed.json)
# 6. A morphologizer (UD POS and features) trained on the shipped pipeline's frozen encoder (2,000 steps): its
#    accuracy, and its cost when added to the shipped pipeline. No ficlens stage reads morphology.
train ../ablations/morphologizer.cfg --output runs/morphologizer --training.max_steps 2000 --training.eval_frequency 250 \
  --paths.train corpus/ud_train.spacy --paths.dev corpus/ud_dev.spacy --paths.vectors runs/vectors16k \
  > runs/morphologizer.log 2>&1
python -m spacy evaluate runs/morphologizer/model-best corpus/ud_test.spacy --output runs/morphologizer_test.json
python -m training.ablations.add_morphologizer --trained runs/morphologizer/model-best --out runs/with_morphologizer
(cd ../.. && python -m benchmarks.compare_speed shipped=src/ficlens/models/en_ficlens_sm \
  with_morphologizer=training/pipeline/runs/with_morphologizer --json training/pipeline/runs/morphologizer_speed.json)
