"""ficlens's inference ops give thinc's maxout values, and refuse to train."""

from __future__ import annotations

import numpy
import pytest
from thinc.api import NumpyOps

from ficlens.inference_ops import InferenceOps


@pytest.mark.parametrize("pieces", [2, 3])
def test_maxout_takes_the_largest_piece_as_thinc_does(pieces):
    X = numpy.random.default_rng(7).normal(size=(50, 96, pieces)).astype("float32")
    X[0, 0, :] = 1.5  # a tie
    best, _ = InferenceOps().maxout(X)
    expected, _ = NumpyOps().maxout(X)
    assert best.dtype == numpy.float32 and best.flags.c_contiguous
    assert numpy.array_equal(best, expected)
    assert InferenceOps().maxout(X[:0])[0].shape == (0, 96)


def test_inference_ops_do_not_train():
    with pytest.raises(NotImplementedError, match="do not train"):
        InferenceOps().backprop_maxout(numpy.zeros((1, 2), dtype="float32"), None, 3)
