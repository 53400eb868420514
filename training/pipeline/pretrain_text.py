"""Raw fiction for `spacy pretrain`: the paragraphs of LitBank's train novels and the PDNC novels (the same
public-domain corpus as the static vectors; dev/test books left out), one JSON line per paragraph.

Usage (from training/): python pretrain_text.py --shared ../../shared --out corpus/pretrain.jsonl
Then pretrain the tagger/parser's encoder and train from it: pipeline_ablations.sh step 3 (BENCHMARKS.md: one
epoch is mostly a head start, +0.3 UAS on UD dev after 3,000 steps).
"""

import argparse
import json
from pathlib import Path

from training.pipeline.word_vectors import PARAGRAPH_BREAK, corpus_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    lines = words = 0
    with args.out.open("w", encoding="utf-8") as out:
        for path in corpus_files(args.shared):
            text = path.read_text(encoding="utf-8", errors="replace")
            for paragraph in PARAGRAPH_BREAK.split(text):
                paragraph = " ".join(paragraph.split())
                if paragraph:
                    out.write(json.dumps({"text": paragraph}) + "\n")
                    lines += 1
                    words += len(paragraph.split())
    print(f"{lines:,} paragraphs, {words:,} words -> {args.out}")


if __name__ == "__main__":
    main()
