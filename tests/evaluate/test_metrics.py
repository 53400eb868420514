"""Scoring rules on tiny hand-made gold/prediction pairs."""

from __future__ import annotations

import pytest

from ficlens.evaluate.metrics import (
    GoldQuote,
    PredictedQuote,
    b_cubed,
    character_scores,
    map_characters,
    score_quotes,
)

TEXT = '"Hello," said Ann. "Come in." Bob nodded. "Thanks." Ann smiled. "Sit down, please."'


def span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


HELLO, COME_IN, THANKS, SIT = span("Hello,"), span("Come in."), span("Thanks."), span("Sit down, please.")


def test_spans_point_at_the_quoted_words():
    assert [TEXT[s:e] for s, e in (HELLO, COME_IN, THANKS, SIT)] == [
        "Hello,",
        "Come in.",
        "Thanks.",
        "Sit down, please.",
    ]


def gold():
    return [
        GoldQuote(pieces=(HELLO, COME_IN), speaker="ann", addressees=frozenset({"bob"}), type="explicit"),
        GoldQuote(pieces=(THANKS,), speaker="bob", addressees=frozenset({"ann"}), type="implicit"),
        GoldQuote(pieces=(SIT,), speaker="ann", addressees=frozenset({"bob"}), type="anaphoric"),
    ]


def test_perfect_prediction_scores_one():
    predicted = [PredictedQuote(q.pieces, q.speaker, q.addressees) for q in gold()]
    scores = score_quotes(TEXT, gold(), predicted).scores()
    assert scores["quote_detection"]["f1"] == 1.0
    assert scores["speaker"]["accuracy"] == 1.0
    assert scores["addressee"]["accuracy"] == 1.0


def test_a_missed_quote_lowers_recall_and_end_to_end_but_not_accuracy_over_detected():
    predicted = [
        PredictedQuote((HELLO, COME_IN), "ann", frozenset({"bob"})),
        PredictedQuote((THANKS,), "bob", frozenset({"ann"})),
    ]
    scores = score_quotes(TEXT, gold(), predicted).scores()
    assert scores["quote_detection"]["precision"] == 1.0
    assert scores["quote_detection"]["recall"] == pytest.approx(3 / 4)
    assert scores["speaker"]["accuracy"] == 1.0
    assert scores["speaker"]["end_to_end_accuracy"] == pytest.approx(2 / 3)
    assert scores["speaker"]["by_type"]["anaphoric"] == {"accuracy": 0.0, "quotes": 0}


def test_a_split_quote_counts_each_piece_and_takes_the_speaker_of_the_quote_holding_most_pieces():
    predicted = [
        PredictedQuote((HELLO,), "bob"),
        PredictedQuote((COME_IN,), "ann"),
        PredictedQuote((THANKS,), "bob"),
        PredictedQuote((SIT,), "bob"),
    ]
    counts = score_quotes(TEXT, gold(), predicted)
    assert counts.matched_pieces == 4
    assert counts.detected_quotes == 3
    # Quote one is split in two predicted quotes that disagree; the tie goes to the first one (bob): wrong.
    assert counts.speaker_correct == 1
    assert counts.by_type["explicit"] == [1, 0]


def test_boundaries_within_tolerance_match_and_marks_or_spaces_are_ignored():
    with_marks = [(HELLO[0] - 1, HELLO[1] + 1), (COME_IN[0] - 2, COME_IN[1] + 1)]  # a mark and a space too
    shifted = [PredictedQuote((piece,), "ann") for piece in with_marks]
    counts = score_quotes(TEXT, gold()[:1], shifted)
    assert counts.matched_pieces == 2
    far = [PredictedQuote(((HELLO[0], HELLO[1] + 10),), "ann")]
    assert score_quotes(TEXT, gold()[:1], far).matched_pieces == 0


def test_addressee_set_f1_gives_partial_credit():
    predicted = [PredictedQuote((HELLO, COME_IN), "ann", frozenset({"bob", "cat"}))]
    scores = score_quotes(TEXT, gold()[:1], predicted).scores()
    assert scores["addressee"]["accuracy"] == 0.0
    assert scores["addressee"]["set_f1"] == pytest.approx(2 * 0.5 * 1 / 1.5)


def test_characters_map_by_shared_names_and_unmapped_ones_are_reported():
    gold_names = {"1": {"Emma", "Miss Woodhouse"}, "2": {"Harriet", "Harriet Smith"}, "3": {"Mr. Elton"}}
    predicted = {"C0": {"Emma", "Miss Woodhouse", "Harriet"}, "C1": {"Harriet Smith"}, "C2": {"Hartfield"}}
    assert map_characters(predicted, gold_names) == {"C0": "1", "C1": "2"}
    scores = character_scores(predicted, gold_names, {"1": 40, "2": 12, "3": 6})
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["purity"] == pytest.approx(3 / 4)  # "Harriet" is in Emma's cluster
    assert scores["unmapped"] == 1


def test_a_character_listed_twice_counts_as_split():
    gold_names = {"1": {"Emma Woodhouse", "Emma", "Miss Woodhouse"}, "2": {"Mr. Knightley"}, "3": {"Harriet"}}
    predicted = {"C0": {"Emma Woodhouse", "Emma"}, "C1": {"Miss Woodhouse"}, "C2": {"Mr. Knightley"}, "C3": {"Hal"}}
    scores = character_scores(predicted, gold_names, {"1": 40, "2": 12, "3": 2})
    assert scores["found"] == 2 and scores["split"] == 1  # Emma twice; Harriet (2 quotes) is not wanted
    assert character_scores({"C0": {"Emma"}}, gold_names, {"1": 40})["split"] == 0


def test_name_mapping_ignores_case_and_dots_and_breaks_ties_by_quote_count():
    gold_names = {"a": {"Mr. Knightley", "Knightley"}, "b": {"John Knightley", "Knightley"}}
    assert map_characters({"x": {"KNIGHTLEY"}}, gold_names, {"a": 50, "b": 5}) == {"x": "a"}
    assert map_characters({"x": {"mr knightley"}}, gold_names) == {"x": "a"}


def test_name_mapping_ignores_a_leading_article():
    gold_names = {"h": {"The Hatter"}, "g": {"A Gryphon", "The Gryphon"}, "t": {"The"}}
    assert map_characters({"x": {"Hatter"}, "y": {"Gryphon"}, "z": {"Theo"}}, gold_names) == {"x": "h", "y": "g"}


def test_an_unmatched_one_word_name_maps_to_the_one_gold_character_using_that_word():
    gold_names = {
        "j": {"Jake Barnes", "Jacob"},
        "b": {"Bill Gorton"},
        "m": {"Mike Campbell", "Mike"},
        "n": {"Mike Nolan"},
    }
    predicted = {"x": {"Jake"}, "y": {"Gorton", "Bill"}, "z": {"Mike"}, "w": {"Campbell", "Nolan"}, "v": {"Brett"}}
    # `Mike` is a listed name (exact match wins); `Campbell` and `Nolan` point at two characters: unmapped
    assert map_characters(predicted, gold_names) == {"x": "j", "y": "b", "z": "m"}


def test_b_cubed_rewards_consistent_clusters_and_treats_unknown_as_singletons():
    assert b_cubed(["a", "a", "b"], ["x", "x", "y"])["f1"] == 1.0
    merged = b_cubed(["a", "a", "b", "b"], ["x", "x", "x", "x"])
    assert merged["recall"] == 1.0 and merged["precision"] == 0.5
    unknown = b_cubed(["a", "a"], [None, None])
    assert unknown["precision"] == 1.0 and unknown["recall"] == 0.5


def test_calibration_compares_confidence_with_accuracy_per_bin():
    predicted = [
        PredictedQuote((HELLO, COME_IN), "ann", confidence=0.95),
        PredictedQuote((THANKS,), "ann", confidence=0.95),  # wrong
        PredictedQuote((SIT,), "ann", confidence=0.55),
    ]
    calibration = score_quotes(TEXT, gold(), predicted).scores()["calibration"]
    high, low = calibration["reliability"][1], calibration["reliability"][0]
    assert (low["bin"], low["quotes"], low["accuracy"]) == ("0.5-0.6", 1, 1.0)
    assert (high["bin"], high["quotes"], high["accuracy"]) == ("0.9-1.0", 2, 0.5)
    # |1 - 0.55| for one quote and |1 - 1.9| for two quotes, over three quotes
    assert calibration["ece"] == pytest.approx((0.45 + 0.9) / 3)
