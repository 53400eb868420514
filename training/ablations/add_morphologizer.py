"""The shipped pipeline with a trained morphologizer added after its tagger, saved so that its cost can be timed
(pipeline_ablations.sh step 6).

Usage: python add_morphologizer.py --trained runs/morphologizer/model-best --out runs/with_morphologizer
"""

import argparse
from pathlib import Path

from ficlens.nlp import PIPELINE_DIR, load_from


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--trained", type=Path, required=True, help="a run whose morphologizer listens to the shipped encoder"
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    nlp = load_from(PIPELINE_DIR)
    nlp.add_pipe("morphologizer", source=load_from(args.trained), after="tagger")
    nlp.to_disk(args.out)


if __name__ == "__main__":
    main()
