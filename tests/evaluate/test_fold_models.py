def test_each_novel_is_scored_by_the_fold_models_trained_without_it(tmp_path):
    import pytest

    from ficlens.errors import InputError
    from ficlens.evaluate.pdnc import SpeakerModels

    for name in ("Emma.txt", "Emma.conversation.txt", "Emma.conversation2.txt", "Emma.turns.json",
                 "Emma.addressees.txt", "Emma.addressee_sets.txt", "Persuasion.txt", "Persuasion.conversation2.txt",
                 "Persuasion.addressee_sets.txt"):  # fmt: skip
        (tmp_path / name).write_text("tree\n")
    folds = SpeakerModels(folds=tmp_path)
    emma = folds.options_for("Emma")["stage_settings"]
    assert emma["speaker_ranking"] == {
        "model": tmp_path / "Emma.txt", "conversation_model": tmp_path / "Emma.conversation.txt",
        "final_conversation_model": tmp_path / "Emma.conversation2.txt", "turn_model": tmp_path / "Emma.turns.json",
    }  # fmt: skip
    assert emma["addressees"] == {
        "model": tmp_path / "Emma.addressees.txt", "set_model": tmp_path / "Emma.addressee_sets.txt"
    }
    # a fold without a conversation or addressee model falls back to three passes and the heuristics, never to
    # a shipped model that saw the novel
    # the ablation without the set model keeps the fold addressee model
    without_sets = SpeakerModels(folds=tmp_path, addressee_sets=False).options_for("Emma")["stage_settings"]
    assert without_sets["addressees"] == {"model": tmp_path / "Emma.addressees.txt", "set_model": None}
    without_turns = SpeakerModels(folds=tmp_path, turns=False).options_for("Emma")["stage_settings"]
    assert without_turns["speaker_ranking"]["turn_model"] is None
    assert without_turns["speaker_ranking"]["final_conversation_model"] == tmp_path / "Emma.conversation2.txt"
    persuasion = folds.options_for("Persuasion")["stage_settings"]
    assert persuasion["speaker_ranking"]["conversation_model"] is None
    assert persuasion["speaker_ranking"]["final_conversation_model"] is None  # it learnt a second pass's beliefs
    assert persuasion["speaker_ranking"]["turn_model"] is None  # the shipped turn model counted this novel
    assert persuasion["addressees"] == {"model": None, "set_model": None}  # no set model over the heuristics
    with pytest.raises(InputError, match="no fold model"):
        folds.options_for("Dracula")
