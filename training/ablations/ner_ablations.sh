#!/usr/bin/env bash
# NER ablations on LitBank: the previous NER (its encoder copied from the vector-less tagger/parser), a copy of the
# vectors tagger/parser's encoder, the same with person names swapped (shipped), and NER reading the vectors
# tagger/parser's encoder frozen (one encoder for the whole pipeline: faster). About 40 minutes on one core.
# Usage: bash training/ablations/ner_ablations.sh   (after pipeline_ablations.sh step 1, which leaves runs/tagger_parser2
# and runs/tagger_parser_vectors2; prints the table in BENCHMARKS.md and writes runs/ner_comparison.json)
set -euo pipefail
cd "$(dirname "$0")/../pipeline"  # runs/ and corpus/ are shared with the pipeline
export PYTHONPATH="$(cd ../.. && pwd)${PYTHONPATH:+:$PYTHONPATH}"  # `python -m training.<folder>.<script>`
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
# LitBank's innermost entity layer, as when these ran (the shipped NER moved to the outermost: train_pipeline.sh step 6)
data=(--paths.train corpus/litbank_inner_train.spacy --paths.dev corpus/litbank_inner_dev.spacy)
vectors=(--paths.vectors runs/vectors16k --components.tok2vec.source runs/tagger_parser_vectors2/model-best)
python -m training.pipeline.spacy_train ../ablations/ner_transfer.cfg --output runs/ner_transfer "${data[@]}" > runs/ner_transfer.log 2>&1
python -m training.pipeline.spacy_train ../ablations/ner_transfer.cfg --output runs/ner_vectors "${data[@]}" "${vectors[@]}" \
  > runs/ner_vectors.log 2>&1
python -m training.pipeline.spacy_train ../ablations/ner_vectors_names.cfg --code augment.py --output runs/ner_vectors_names "${data[@]}" \
  "${vectors[@]}" > runs/ner_vectors_names.log 2>&1
python -m training.pipeline.spacy_train ../ablations/ner_transfer.cfg --output runs/ner_shared "${data[@]}" "${vectors[@]}" \
  --training.frozen_components '["tok2vec"]' --training.annotating_components '["tok2vec"]' \
  > runs/ner_shared.log 2>&1
python -m training.pipeline.compare_ner transfer=runs/ner_transfer/model-best vectors=runs/ner_vectors/model-best \
  vectors_names=runs/ner_vectors_names/model-best shared_frozen=runs/ner_shared/model-best \
  --json runs/ner_comparison.json
