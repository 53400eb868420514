import pytest

from ficlens.errors import ModelError
from ficlens.features.addressee import (
    ADDRESSEE_FEATURES,
    PREVIOUS_GAP,
    SET_FEATURES,
    candidate_sets,
    conversations,
)
from ficlens.model import Quote
from ficlens.model_files import ADDRESSEE_MODEL, ADDRESSEE_SET_MODEL
from ficlens.stages.addressees import load_addressee_model, load_set_model
from tests.conftest import names_of

KITCHEN = (
    "Maya Ortiz comes into the kitchen, where Tobias and Ren are arguing over the last of the coffee.\n\n"
    '"Tobias, put the kettle on," Maya says.\n\n'
    '"Get it yourself," Tobias says.\n\n'
    '"Ren, tell him," Maya says.\n\n'
    "Ren shrugs and keeps reading.\n\n"
    '"Don\'t look at me," Ren says.\n'
)


def test_shipped_addressee_model_loads():
    assert ADDRESSEE_MODEL.is_file() and load_addressee_model(ADDRESSEE_MODEL) is not None
    assert ADDRESSEE_SET_MODEL.is_file() and load_set_model(ADDRESSEE_SET_MODEL) is not None


def test_the_set_model_chooses_among_the_threshold_set_the_best_ones_and_the_people_of_the_turn_before():
    # A speaks to B (B over the threshold), then B answers in a room with A and C: the proposals for B's line are
    # its threshold set (A), the best two (A, C) and the turn before's people other than B (A); each set once
    quotes = [Quote(id="q0", start=0, end=1, paragraph=0, speaker="A"),
              Quote(id="q1", start=2, end=3, paragraph=1, speaker="B"),
              Quote(id="q2", start=4, end=5, paragraph=9, speaker=None)]  # fmt: skip
    row = [0.0] * len(ADDRESSEE_FEATURES)
    features = [(["B", "C"], [row, row]), (["A", "C", "D"], [row, row, row]), ([], [])]
    scores = [0.9, 0.2, 0.7, 0.5, 0.1]
    proposed = candidate_sets(quotes, features, scores, threshold=0.6)
    assert proposed[0][0] == [["B"], ["B", "C"]]  # threshold and best are one set
    sets, rows = proposed[1]
    assert sets == [["A"], ["A", "C"], ["A", "C", "D"]]
    assert all(len(r) == len(SET_FEATURES) for r in rows)
    kinds = {name: SET_FEATURES.index(name) for name in ("is_threshold", "is_best_two", "is_previous_participants")}
    assert [r[kinds["is_previous_participants"]] for r in rows] == [1.0, 0.0, 0.0]
    assert rows[1][kinds["is_best_two"]] == 1.0 and rows[0][kinds["is_threshold"]] == 1.0
    assert proposed[2] == ([], [])


def test_the_other_voices_of_the_exchange_are_proposed_as_a_set():
    # B speaks in a room where A and D have spoken nearby and C earlier in the conversation: besides the sets the
    # scores make, the voices around B's line (A, D) and the conversation's (A, C, D) are proposed, most likely first
    quotes = [Quote(id="q0", start=0, end=1, paragraph=0, speaker="B")]
    columns = {name: ADDRESSEE_FEATURES.index(name) for name in ("spoke_in_window", "spoke_in_conversation")}

    def row(window: float, conversation: float) -> list[float]:
        values = [0.0] * len(ADDRESSEE_FEATURES)
        values[columns["spoke_in_window"]], values[columns["spoke_in_conversation"]] = window, conversation
        return values

    features = [(["A", "C", "D"], [row(2, 3), row(0, 1), row(1, 1)])]
    (sets, rows), = candidate_sets(quotes, features, [0.9, 0.1, 0.3], threshold=0.6)
    kinds = {name: SET_FEATURES.index(f"is_{name}") for name in ("window_speakers", "conversation_speakers")}
    by_set = {tuple(members): r for members, r in zip(sets, rows)}
    assert by_set[("A", "D")][kinds["window_speakers"]] == 1.0
    assert by_set[("A", "D", "C")][kinds["conversation_speakers"]] == 1.0  # also the best three
    assert by_set[("A",)][kinds["window_speakers"]] == 0.0


def test_the_people_of_the_last_turns_are_proposed_as_one_group_until_a_gap():
    # A speaks to B, C to D, then B speaks: the people of those turns less B (A, C, D) are one proposal; after
    # a gap of narration longer than PREVIOUS_GAP paragraphs, the turns before it no longer count
    turns = [("A", ["B"], 0), ("C", ["D"], 1), ("B", ["A"], 2), ("D", ["C"], 2 + PREVIOUS_GAP + 1)]
    quotes = [Quote(id=f"q{i}", start=i, end=i + 1, paragraph=p, speaker=s) for i, (s, _, p) in enumerate(turns)]
    everyone = ["A", "B", "C", "D"]
    features = [([c for c in everyone if c != s], [[0.0] * len(ADDRESSEE_FEATURES)] * 3) for s, _, _ in turns]
    scores = [0.9 if c in listeners else 0.1 for s, listeners, _ in turns for c in everyone if c != s]
    proposed = candidate_sets(quotes, features, scores, threshold=0.6)
    recent = SET_FEATURES.index("is_recent_people")

    def groups(index: int) -> list[set[str]]:
        sets, rows = proposed[index]
        return [set(members) for members, row in zip(sets, rows) if row[recent] == 1.0]

    assert groups(2) == [{"A", "C", "D"}]
    assert groups(3) == []  # the turns before the gap are not D's room


def test_vocatives_and_replies_pick_the_listener(analyse):
    work = analyse(KITCHEN)
    speakers = names_of(work, [q.speaker for q in work.quotes])
    assert speakers == ["Maya Ortiz", "Tobias", "Maya Ortiz", "Ren"]
    listeners = [names_of(work, q.addressees) for q in work.quotes]
    # PDNC, which the model learns from, counts everyone present as addressed in about 40% of lines with a
    # vocative: the named listener comes first, others may follow.
    assert listeners[0][0] == "Tobias" and listeners[2][0] == "Ren"
    assert "Maya Ortiz" in listeners[1] and "Maya Ortiz" in listeners[3]
    assert all(q.speaker not in q.addressees for q in work.quotes)


def test_conversations_split_on_long_narration():
    paragraphs = [0, 1, 2, 9, 10, 14]
    quotes = [Quote(id=f"q{i}", start=i, end=i + 1, paragraph=p) for i, p in enumerate(paragraphs)]
    assert conversations(quotes) == [[0, 1, 2], [3, 4], [5]]


def test_damaged_addressee_model_is_a_clear_error(analyse, tmp_path):
    broken = tmp_path / "addressees.txt"
    broken.write_text("tree\nnot a lightgbm model\n")
    with pytest.raises(ModelError, match="damaged"):
        analyse(KITCHEN, stage_settings={"addressees": {"model": broken}})
