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


def test_the_stage_puts_a_decoded_pick_on_the_quote_with_its_own_confidence():
    from ficlens.model import Quote, Work
    from ficlens.stages.speaker_ranking import Ranker, apply_picks

    text = '"Ahoy." "Hello." "Well?" "Well." Closed, she thought.'
    quotes = [Quote(id=f"q{i}", start=0, end=1, paragraph=i, speaker="ben") for i in range(4)]
    quotes.append(Quote(id="q4", start=0, end=1, paragraph=4, kind="thought"))
    scored = [(["ada", "ben"], [0.95, 0.05]), (["ada", "ben"], [0.4, 0.6]), (["ada", "ben"], [0.45, 0.55]),
              (["ada", "ben"], [0.4, 0.6]), (["ada", "ben"], [0.45, 0.55])]  # fmt: skip
    work = Work(text=text, quotes=quotes)
    apply_picks(work, scored, Ranker(booster=None, calibration=None), ALTERNATING)
    assert [q.speaker for q in work.quotes] == ["ada", "ben", "ada", "ben", "ben"]  # the thought: its own best
    assert [q.method for q in work.quotes][:3] == ["ranked", "none", "ranked"]  # `ben` was the rules' pick
    assert [q.confidence for q in work.quotes][:3] == [0.95, 0.6, 0.45]  # the pick's own probability


def test_rankers_of_ones_own_are_not_decoded_with_the_shipped_turn_model(tmp_path):
    from ficlens.stages.speaker_ranking import RankingSettings

    assert RankingSettings().decodes_turns()
    assert not RankingSettings(model=tmp_path / "mine.txt").decodes_turns()
    assert RankingSettings(model=tmp_path / "mine.txt", turn_model=tmp_path / "turns.json").decodes_turns()
    assert not RankingSettings(turn_model=None).decodes_turns()


def test_a_damaged_turn_model_is_refused(tmp_path):
    import pytest

    from ficlens.errors import ModelError
    from ficlens.stages.speaker_ranking import load_turn_model

    model = TurnModel.from_counts({}, 0.2)
    del model.log_probability[transition_key(1, True, "alternate")]
    model.save(tmp_path / "turns.json")
    with pytest.raises(ModelError, match="turn model"):
        load_turn_model(tmp_path / "turns.json")
