"""The speaker error table files each wrong quote under the first reason that holds and names whom it picked."""

from collections import Counter

from benchmarks.speaker_errors import DECODED, PICKED, WHERE, table, where_wrong, whom_picked


def test_a_wrong_quote_is_filed_under_the_first_reason_that_holds():
    candidates, probabilities = ["ann", "bob", "cat", "dan"], [0.6, 0.3, 0.2, 0.1]
    assert where_wrong("ann", None, True, candidates, probabilities) == WHERE[0]  # no pick before merged
    assert where_wrong("ann", "bob", True, candidates, probabilities) == WHERE[1]  # merged before ranks
    assert where_wrong("eve", "ann", False, candidates, probabilities) == WHERE[2]
    assert where_wrong("ann", "bob", False, candidates, probabilities) == WHERE[3]  # ranked first, decoded away
    assert where_wrong("bob", "ann", False, candidates, probabilities) == WHERE[4]
    assert where_wrong("dan", "ann", False, candidates, probabilities) == WHERE[5]


def test_a_wrong_pick_is_the_addressee_before_the_previous_speaker():
    assert whom_picked("bob", ["bob"], "bob") == PICKED[0]
    assert whom_picked("bob", [], "bob") == PICKED[1]
    assert whom_picked("bob", ["cat"], "ann") == PICKED[2]
    assert whom_picked(None, ["bob"], "bob") is None


def test_the_table_gives_counts_and_shares_of_the_quotes_found_and_sums_the_types():
    counts = Counter({("explicit", "gold quotes"): 5, ("explicit", "quotes"): 4, ("explicit", "right"): 3,
                      ("explicit", WHERE[2]): 1, ("explicit", PICKED[2]): 1, ("implicit", "gold quotes"): 4,
                      ("implicit", "quotes"): 4, ("implicit", "right"): 4, ("implicit", DECODED): 1})  # fmt: skip
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table(counts).splitlines()[2:]]
    lines = {row[0]: row[1:] for row in cells}  # explicit, anaphoric, implicit, all
    assert lines["gold quotes"] == ["5", "0", "4", "9"]
    assert lines["right"][0] == "3 (75.0)" and lines["right"][3] == "7 (87.5)"
    assert lines[f"wrong: {WHERE[2]}"][0] == "1 (25.0)"
    assert lines[DECODED][2] == "1 (25.0)"
