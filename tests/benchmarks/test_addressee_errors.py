"""The addressee error table lines each stored utterance up with its own group of proposed sets."""

from collections import Counter

import numpy

from benchmarks.addressee_errors import count_sets
from training.rankers.addressee_ranker import NO_GOLD


def test_each_gold_set_is_counted_with_its_own_proposals_and_the_turn_before():
    # four utterances: A to B; a line matching no gold quote (no set rows); B to no one (set rows, not counted);
    # B to A and C, whom the turn before did not hold, with the pair proposed and picked
    data = {
        "gold": numpy.asarray(["B", NO_GOLD, "", "A\tC"]),
        "groups": numpy.asarray([2, 1, 1, 2]),
        "candidates": numpy.asarray(["B", "C", "A", "A", "A", "C"]),
        "paragraphs": numpy.asarray([0, 1, 2, 3]),
        "speakers": numpy.asarray(["A", "B", "B", "B"]),
    }
    sets = {  # column 0 is the set's size; y marks the gold set
        "X": numpy.asarray([[1.0], [2.0], [1.0], [1.0], [2.0]], dtype=numpy.float32),
        "y": numpy.asarray([1.0, 0.0, 0.0, 0.0, 1.0], dtype=numpy.float32),
        "groups": numpy.asarray([2, 1, 2]),
    }
    picks = numpy.asarray([0.1, 0.9, 0.5, 0.2, 0.8])  # {B, C} for A's line, wrong; {A, C} for the last, right
    counts: Counter = Counter()
    count_sets(data, sets, picks, counts)
    assert counts["1", "gold sets"] == 1 and counts["2", "gold sets"] == 1
    assert counts["1", "among proposed sets"] == 1 and counts["1", "set model right"] == 0
    assert counts["1", "picked size 2"] == 1
    assert counts["2", "set model right"] == 1 and counts["2", "all among candidates"] == 1
    assert counts["2", "the turn before's people"] == 0  # the turn before (B, to no one) holds only B
