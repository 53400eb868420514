from ficlens.features.turns import TurnModel, count_transitions, decode, transition_key
from ficlens.model_files import TURN_MODEL

# Next-paragraph turns: answers are the rule, repeats and new voices rare (the shape PDNC's counts have).
ALTERNATING = TurnModel.from_counts(
    {transition_key(1, True, "alternate"): 90, transition_key(1, True, "repeat"): 5,
     transition_key(1, True, "new"): 5, transition_key(1, False, "new"): 95, transition_key(1, False, "repeat"): 5},
    weight=1.0,
)  # fmt: skip


def test_a_run_of_untagged_turns_keeps_the_phase_its_tagged_turn_fixes():
    """Ada is tagged; then the ranker leans the wrong way on one middle turn: alone it would give Ben two turns in
    a row, decoded the exchange alternates."""
    scored = [(["ada", "ben"], [0.95, 0.05]), (["ada", "ben"], [0.4, 0.6]), (["ada", "ben"], [0.45, 0.55]),
              (["ada", "ben"], [0.4, 0.6])]  # fmt: skip
    assert decode(scored, [0, 1, 2, 3], ALTERNATING) == ["ada", "ben", "ada", "ben"]
    assert decode(scored, [0, 1, 2, 3], TurnModel.from_counts({}, weight=0.0)) == ["ada", "ben", "ben", "ben"]


def test_turns_far_apart_are_separate_conversations():
    scored = [(["ada", "ben"], [0.9, 0.1]), (["ada", "ben"], [0.55, 0.45])]
    assert decode(scored, [0, 1], ALTERNATING) == ["ada", "ben"]  # the next paragraph answers Ada
    assert decode(scored, [0, 20], ALTERNATING) == ["ada", "ada"]  # twenty paragraphs on: nothing ties them
    assert decode([([], []), (["ada"], [0.7])], [0, 1], ALTERNATING) == [None, "ada"]


def test_transitions_are_counted_within_conversations_by_gap():
    counts = count_transitions(["ada", "ben", "ada", None, "cy", "cy", "ada"], [0, 1, 2, 3, 4, 4, 30])
    assert counts == {
        transition_key(1, False, "new"): 1,  # ben after ada
        transition_key(1, True, "alternate"): 1,  # ada answers ben
        transition_key(0, False, "repeat"): 1,  # cy twice in one paragraph (the unknown turn before has no speaker)
    }


def test_the_shipped_turn_model_loads_and_favours_answers():
    model = TurnModel.load(TURN_MODEL)
    assert 0 < model.weight <= 1
    answer, repeat = (model.log_probability[transition_key(1, True, c)] for c in ("alternate", "repeat"))
    assert answer > repeat
