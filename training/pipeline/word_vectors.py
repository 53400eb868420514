"""Static word vectors learned from raw fiction, for the tagger/parser's embedding layer.

Corpus: LitBank's full novels of the *train* books (dev/test books left out, so NER scores stay clean)
and the PDNC novels. Tokens come from ficlens's own tokenizer, so vector keys match what the pipeline sees.
Usage: python -m training.pipeline.word_vectors --shared ../shared --out training/pipeline/runs/vectors.txt
Then: python -m spacy init vectors en training/pipeline/runs/vectors.txt training/pipeline/runs/vectors --prune 20000
Needs gensim (training only: pip install -e ".[train]").
"""

import argparse
import re
import time
from pathlib import Path

from ficlens.evaluate.litbank import books
from ficlens.nlp import load_pipeline

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def corpus_files(shared: Path) -> list[Path]:
    litbank = shared / "data" / "litbank"
    train_books = set(books(litbank, "train"))
    files = [p for p in sorted((litbank / "original").glob("*.txt")) if p.stem in train_books]
    return files + sorted((shared / "data" / "pdnc" / "data").glob("*/novel_text.txt"))


def tokenized_paragraphs(files: list[Path]) -> list[list[str]]:
    tokenizer = load_pipeline().tokenizer
    paragraphs = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        pieces = [" ".join(p.split()) for p in PARAGRAPH_BREAK.split(text)]
        for doc in tokenizer.pipe(p for p in pieces if p):
            paragraphs.append([t.text for t in doc if not t.is_space])
    return paragraphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--min-count", type=int, default=5)
    args = parser.parse_args()
    from gensim.models import Word2Vec  # here, so pretrain_text.py can share corpus_files without gensim

    started = time.time()
    files = corpus_files(args.shared)
    paragraphs = tokenized_paragraphs(files)
    words = sum(len(p) for p in paragraphs)
    print(f"{len(files)} files, {len(paragraphs):,} paragraphs, {words:,} tokens ({time.time() - started:.0f} s)")
    model = Word2Vec(
        paragraphs,
        vector_size=args.dims,
        window=5,
        min_count=args.min_count,
        sg=1,
        negative=10,
        epochs=args.epochs,
        workers=1,
        seed=0,
    )
    # Most frequent first, so `spacy init vectors --prune N` keeps the N commonest words.
    model.wv.save_word2vec_format(str(args.out))
    print(f"{len(model.wv):,} words x {args.dims} written to {args.out} ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
