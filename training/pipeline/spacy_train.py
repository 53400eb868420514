"""Run `spacy train` with thinc's plain NumPy ops (OpenBLAS) instead of BLIS, which is slower on AVX-512 CPUs.

Usage: python -m training.pipeline.spacy_train CONFIG --output DIR [--paths.x VALUE ...]  (as spacy train)
"""

import sys

from spacy.cli import setup_cli
from thinc.api import NumpyOps, set_current_ops

if __name__ == "__main__":
    set_current_ops(NumpyOps(use_blis=False))
    sys.argv = ["spacy", "train", *sys.argv[1:]]
    setup_cli()
