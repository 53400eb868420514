from tests.conftest import names_of

CONVERSATION = (
    "Nora Blake stands by the window when Sam comes in.\n\n"
    '"You\'re late," Nora says.\n\n'
    '"Traffic," he says, dropping his bag. "And the bridge was closed."\n\n'
    '"It\'s always the bridge with you, Sam."\n\n'
    '"Because it\'s always closed."\n\n'
    'She laughs. "Fair enough."\n\n'
    '"So what did Martin want," Sam asks, "when he called?"\n'
)


def by_the_rules(analyse, text: str, characters: list[dict]):
    """The story analysed by the rules alone, with these characters given."""
    return analyse(text, characters=characters, rules_only=True)


def speakers_and_methods(work) -> list[tuple[str, str]]:
    return [(names_of(work, [q.speaker])[0], q.method) for q in work.quotes]


def test_tags_beats_and_turn_taking(analyse):
    work = analyse(CONVERSATION)
    speakers = names_of(work, [q.speaker for q in work.quotes])
    assert speakers == ["Nora Blake", "Sam", "Nora Blake", "Sam", "Nora Blake", "Sam"]
    methods = [q.method for q in work.quotes]
    assert methods[0] == "named_tag" and methods[1] == "pronoun_tag"
    assert methods[3] == "turn_taking" and methods[4] == "action_beat"


def test_vocative_is_the_addressee_not_the_speaker(analyse):
    work = analyse(CONVERSATION)
    third = work.quotes[2]
    assert names_of(work, third.addressees) == ["Sam"]
    assert names_of(work, [third.speaker]) == ["Nora Blake"]


def test_aliases_merge_and_presence(analyse):
    work = analyse(CONVERSATION)
    by_name = {c.name: c for c in work.characters}
    assert set(by_name["Nora Blake"].aliases) == {"Nora", "Nora Blake"}
    assert by_name["Nora Blake"].presence == "present" and by_name["Sam"].presence == "present"
    assert by_name["Martin"].presence == "mentioned"
    assert by_name["Nora Blake"].gender == "female" and by_name["Sam"].gender == "male"
    assert by_name["Sam"].quote_count == 3


def test_rule_confidence_ordered_by_evidence(analyse):
    work = analyse(CONVERSATION, rules_only=True)
    by_method = {q.method: q.confidence for q in work.quotes}
    assert by_method["named_tag"] > by_method["action_beat"] > by_method["turn_taking"] > 0


def test_ranker_confidence_is_calibrated_probability(analyse):
    work = analyse(CONVERSATION)
    assert all(0.0 <= q.confidence <= 1.0 for q in work.quotes)
    named = [q.confidence for q in work.quotes if q.method == "named_tag"]
    assert named and min(named) >= 0.9  # `Nora says` is right nine times in ten on held-out novels


def test_damaged_ranker_is_a_clear_model_error(tmp_path, analyse):
    import pytest

    from ficlens.errors import ModelError

    broken = tmp_path / "ranker.txt"
    broken.write_text("tree\nnot a lightgbm model\n")
    with pytest.raises(ModelError, match="damaged"):
        analyse(CONVERSATION, stage_settings={"speaker_ranking": {"model": broken}})


def test_given_characters_replace_discovery(analyse):
    work = analyse(CONVERSATION, characters=[{"name": "Sam Reyes", "aliases": ["Sam"], "gender": "male"}])
    assert [c.name for c in work.characters] == ["Sam Reyes"]


def test_shipped_ranker_and_its_calibration_are_installed():
    from ficlens.model_files import SPEAKER_CALIBRATION, SPEAKER_RANKER
    from ficlens.stages.speaker_ranking import load_ranker

    assert SPEAKER_RANKER.is_file() and SPEAKER_CALIBRATION.is_file()
    assert load_ranker(SPEAKER_RANKER).calibration["accuracy"]


def test_every_attribution_method_has_a_rule_confidence():
    from ficlens.features.speaker import RULE_METHOD_CODES
    from ficlens.model import ATTRIBUTION_METHODS
    from ficlens.stages.speaker_rules import CONFIDENCE

    assert set(CONFIDENCE) == set(ATTRIBUTION_METHODS) and set(RULE_METHOD_CODES) <= set(ATTRIBUTION_METHODS)


def test_a_speech_verb_before_the_quote_in_the_same_paragraph_is_the_tag(analyse):
    work = analyse(
        "Tom Price and Ben Ruiz walk home along the canal.\n\n"
        'When Tom had gone inside, Ben said, "Whatever made you talk to him like that?"\n'
    )
    quote = work.quotes[0]
    assert (names_of(work, [quote.speaker]), quote.method) == (["Ben Ruiz"], "named_tag")


def test_a_name_with_its_article_is_a_named_tag(analyse):
    work = by_the_rules(
        analyse,
        "The March Hare and Ada Finch sat at the long table.\n\n"
        '"More tea?" said the March Hare.\n\n'
        '"No," said Ada.\n\n'
        '"Then you should say so," the March Hare replied.\n',
        [{"name": "March Hare", "gender": "male"}, {"name": "Ada Finch", "aliases": ["Ada"]}]
    )
    assert speakers_and_methods(work) == [
        ("March Hare", "named_tag"), ("Ada Finch", "named_tag"), ("March Hare", "named_tag"),
    ]  # fmt: skip


def at_the_gate(analyse, scene: str):
    """The rules' reading of `scene` after an opening line with its two characters, Wren Oduya and Piet Laar."""
    return by_the_rules(
        analyse,
        "Wren Oduya and Piet Laar waited by the gate.\n\n" + scene,
        [{"name": "Wren Oduya", "aliases": ["Wren"]}, {"name": "Piet Laar", "aliases": ["Piet"]}],
    )


def test_a_verb_outside_the_speech_verb_list_after_a_comma_is_a_tag(analyse):
    """Held-out novels use verbs no list holds (`interposed`, `subjoined`, `queried`): after a piece that ends with
    a comma, a finite verb and a character (either order) is a tag, checked by the tagger, not by the list."""
    work = at_the_gate(
        analyse,
        '"We could go round by the mill," interposed Piet.\n\n'
        '"It is further that way," Wren objected.\n\n'
        '"And the bridge is out," subjoined Piet, "since Tuesday."\n',
    )
    assert speakers_and_methods(work) == [
        ("Piet Laar", "named_tag"), ("Wren Oduya", "named_tag"), ("Piet Laar", "named_tag"),
    ]  # fmt: skip


def test_a_verb_outside_the_list_going_on_in_lower_case_after_an_exclamation_or_question_is_a_tag(analyse):
    """`"...!" exploded Mr. Emerson`: after `!` or `?` a clause that goes on in lower case is a tag as after a
    comma; a new sentence in capitals is not read as one."""
    work = at_the_gate(
        analyse,
        '"Not the mill again!" exploded Piet.\n\n'
        '"Would you rather swim?" needled Wren, grinning.\n\n'
        '"No!" Piet kicked the gate. "I would rather go home."\n',
    )
    assert speakers_and_methods(work)[:2] == [("Piet Laar", "named_tag"), ("Wren Oduya", "named_tag")]
    assert work.quotes[2].method != "named_tag"  # `Piet kicked the gate.` is a beat, not a tag


def test_a_broken_off_quote_and_a_past_that_looks_like_a_base_form_keep_their_tags(analyse):
    """`"We mothers--" simpered Mrs. Honeychurch`: lower case going on after a dash or an ellipsis is a tag, as after
    `!`; `"...," put in Lucy`: `put` is past tense there, whatever the tagger calls it."""
    work = at_the_gate(
        analyse,
        '"If the mill--" fretted Wren.\n\n'
        '"Then we wait..." murmured Piet.\n\n'
        '"It will rain," put in Wren.\n',
    )
    assert speakers_and_methods(work) == [("Wren Oduya", "named_tag"), ("Piet Laar", "named_tag"),
                                          ("Wren Oduya", "named_tag")]  # fmt: skip


def test_the_subject_of_a_speech_verb_closing_the_lead_in_is_the_speaker(analyse):
    """`Piet picked up the lamp, and said: "..."`: the subject of the conjoined speech verb, not the nearest name;
    a speech verb that does not close the lead-in is not a tag."""
    work = at_the_gate(
        analyse,
        'Piet picked up the lamp from beside Wren, and said quietly: "We should go in."\n\n'
        'Wren thought about what Piet had said, then: "Not yet."\n',
    )
    assert speakers_and_methods(work)[0] == ("Piet Laar", "named_tag")
    assert work.quotes[1].speaker != "Piet Laar" or work.quotes[1].method != "named_tag"


def test_a_paragraph_before_the_speech_that_introduces_it_names_the_speaker(analyse):
    """The narration paragraph just before a speech names its speaker when it ends by introducing it: without a
    closing stop (`and said`), with a colon after any verb (`by remarking:`), or with a closed sentence whose main
    verb is a speech verb with nothing said after it (`Wren replied.`); not one that says nothing (`did not
    answer.`)."""
    work = at_the_gate(
        analyse,
        "Piet stood up slowly from the bench and said\n\n"
        '"We should go in."\n\n'
        "Piet was tired, but Wren damped his hopes by remarking:\n\n"
        '"Not yet. The gate opens at nine."\n\n'
        "Piet shrugged at that, and Wren replied.\n\n"
        '"Nobody comes in before the bell."\n\n'
        "Piet did not answer.\n\n"
        '"Are you cold?"\n\n'
        "Piet kept quiet, and Wren looked up from her map:\n\n"
        '"It is nearly nine."\n\n'
        "Wren replied with a nod.\n\n"
        '"Good."\n',
    )
    assert speakers_and_methods(work)[:3] == [
        ("Piet Laar", "named_tag"), ("Wren Oduya", "named_tag"), ("Wren Oduya", "named_tag"),
    ]  # fmt: skip
    assert work.quotes[3].method not in ("named_tag", "pronoun_tag")
    # a colon after verbs that are no speech verbs: the last one's subject
    assert speakers_and_methods(work)[4] == ("Wren Oduya", "named_tag")
    assert work.quotes[5].method not in ("named_tag", "pronoun_tag")  # a nod is no speech


def test_speak_is_a_speech_verb(analyse):
    work = at_the_gate(analyse, 'Piet waited. At last Wren spoke,\n\n"We wait for the bell."\n\n'
                                '"I have had enough of bells," Piet spoke up.\n')  # fmt: skip
    assert speakers_and_methods(work) == [("Wren Oduya", "named_tag"), ("Piet Laar", "named_tag")]


def test_a_lead_in_closing_a_paragraph_that_held_a_quote_names_the_next_speaker(analyse):
    """A paragraph may hold a quote and then, in narration after it, introduce the next paragraph's speech
    (`As they walked on, Piet said,`); a closed sentence there (`Piet laughed.`) introduces nothing, and neither does
    the quote's own tag."""
    work = at_the_gate(
        analyse,
        '"It is late," said Wren. They walked along the wall for a while. As they came to the corner, Piet said,\n\n'
        '"We could still turn back."\n\n'
        '"No," said Wren. Piet laughed.\n\n'
        '"Then on we go."\n\n'
        '"Fine," Piet said,\n\n'
        '"if you insist."\n',
    )
    assert speakers_and_methods(work)[:2] == [("Wren Oduya", "named_tag"), ("Piet Laar", "named_tag")]
    assert work.quotes[3].method not in ("named_tag", "pronoun_tag")
    assert speakers_and_methods(work)[4] == ("Piet Laar", "named_tag")


def test_a_speech_paragraph_in_single_quotes_is_no_lead_in(analyse):
    work = at_the_gate(analyse, "\u2018Is it open?\u2019 Piet asked.\n\n\u2018Not yet,\u2019 Wren replied.\n\n"
                                "\u2018Then we wait.\u2019\n")  # fmt: skip
    assert speakers_and_methods(work)[2] != ("Wren Oduya", "named_tag")


def test_an_epithet_before_the_name_keeps_the_tag(analyse):
    work = by_the_rules(
        analyse,
        "Lucy Marsh and Ned Hale shared the last of the bread.\n\n"
        '"Our rooms smell," said poor Lucy. "We dread going to bed."\n\n'
        '"Then sleep in the garden," said Ned.\n',
        [{"name": "Lucy Marsh", "aliases": ["Lucy"]}, {"name": "Ned Hale", "aliases": ["Ned"]}]
    )
    assert speakers_and_methods(work) == [
        ("Lucy Marsh", "named_tag"), ("Ned Hale", "named_tag"),
    ]  # fmt: skip


def test_a_lead_in_with_a_listener_or_a_relative_clause_names_the_speaker(analyse):
    # the relative clause's subject is the name it hangs on, also with words between (`who after some thought
    # said`) and a particle after the verb (`who cried out,`)
    work = by_the_rules(
        analyse,
        "Rosa Vell and Amos Kerr sat on the harbour wall with Dot.\n\n"
        'Rosa said to Amos, "The boats are late again."\n\n'
        'Dot looked up at Amos, who said, "They always are in March."\n\n'
        'Dot looked up at Amos, who after some thought said, "Every year."\n\n'
        'The silence was broken by Rosa, who cried out, "Not this year."\n',
        [{"name": "Rosa Vell", "aliases": ["Rosa"]}, {"name": "Amos Kerr", "aliases": ["Amos"]},
                    {"name": "Dot"}],  # fmt: skip
    )
    assert speakers_and_methods(work) == [
        ("Rosa Vell", "named_tag"), ("Amos Kerr", "named_tag"), ("Amos Kerr", "named_tag"), ("Rosa Vell", "named_tag"),
    ]  # fmt: skip


def test_a_first_name_two_given_characters_share_is_the_one_named_last(analyse):
    # neither list entry carries `Charles` as an alias: the tag reads it, and each `Charles` goes to the Charles
    # named most recently by a name of his own
    work = by_the_rules(
        analyse,
        "Charles Hayter walked up from the farm, and Charles Musgrove met him at the gate with Mary.\n\n"
        '"You are early," said Mary.\n\n'
        'Charles Musgrove shrugged. "The gun is broken," said Charles.\n\n'
        "Later Charles Hayter came back alone.\n\n"
        '"I found the dog," said Charles.\n',
        [{"name": "Charles Hayter"}, {"name": "Charles Musgrove"}, {"name": "Mary"}]
    )
    assert speakers_and_methods(work) == [
        ("Mary", "named_tag"), ("Charles Musgrove", "named_tag"), ("Charles Hayter", "named_tag"),
    ]  # fmt: skip
    assert {"Charles"} <= set(work.characters[0].aliases) & set(work.characters[1].aliases)


def test_the_ranker_sees_every_character_a_shared_name_could_be_and_who_the_next_line_addresses(analyse):
    # `said Charles` goes to the Charles named last by the rules; the ranker gets both Charleses as candidates, told
    # that the tag's name is theirs, and learns who of them spoke from the rest (here Mary answers `Charles`)
    from ficlens.features.speaker import FEATURES, quote_features, rule_result

    work = by_the_rules(
        analyse,
        "Charles Musgrove came in with Mary; Charles Hayter stayed by the door.\n\n"
        '"The gun is broken," said Charles.\n\n'
        '"Then mend it, Charles Hayter."\n',
        [{"name": "Charles Hayter"}, {"name": "Charles Musgrove"}, {"name": "Mary"}]
    )
    rules = rule_result(work)
    ids = {c.name: c.id for c in work.characters}
    assert sorted(rules.evidence[0].name_owners) == sorted([ids["Charles Hayter"], ids["Charles Musgrove"]])
    assert rules.evidence[1].name_owners == []
    candidates, rows = quote_features(work, rules.evidence, rules.narrator, rules.narrator_positions)[0]
    column = {name: FEATURES.index(name) for name in ("tag_name_shared", "tag_name_owners", "addressed_next1")}
    by_name = {c: rows[candidates.index(ids[c])] for c in ("Charles Hayter", "Charles Musgrove")}
    assert all(r[column["tag_name_shared"]] == 1.0 and r[column["tag_name_owners"]] == 2.0 for r in by_name.values())
    assert by_name["Charles Hayter"][column["addressed_next1"]] == 1.0
    assert by_name["Charles Musgrove"][column["addressed_next1"]] == 0.0


def test_tags_with_a_particle_a_modal_or_a_word_before_the_name(analyse):
    work = by_the_rules(
        analyse,
        "Mr. Witherspoon, Gregory Vane and Dora Pell sat round the table.\n\n"
        '"No, no!" called out Mr. Witherspoon.\n\n'
        '"Your secret?" asked the staring Gregory.\n\n'
        '"Do not tell me," Dora would say, "that the fog will lift."\n',
        [{"name": "Mr. Witherspoon"}, {"name": "Gregory Vane", "aliases": ["Gregory"]},
                    {"name": "Dora Pell", "aliases": ["Dora"]}],  # fmt: skip
    )
    assert speakers_and_methods(work) == [
        ("Mr. Witherspoon", "named_tag"), ("Gregory Vane", "named_tag"), ("Dora Pell", "named_tag"),
    ]  # fmt: skip


def test_the_conversation_ranker_reads_the_first_pass_about_the_other_turns():
    from ficlens.features.conversation import CONVERSATION_FEATURES, OUTSIDE, conversation_features

    candidates = [["A", "B"], ["A", "B"], ["B", "A"], ["A"]]
    probabilities = [[0.9, 0.1], [0.2, 0.6], [0.5, 0.5], [1.0]]
    paragraphs = [0, 1, 2, 9]  # the fourth utterance opens another conversation
    texts = ["Well, old chap, the boat is late.", "It always is.", "Well, old chap, shall we walk?", "No."]
    rows = conversation_features(candidates, probabilities, paragraphs, texts)
    assert [len(r) for r in rows] == [2, 2, 2, 1] and all(len(row) == len(CONVERSATION_FEATURES) for r in rows
                                                           for row in r)  # fmt: skip
    at = {name: i for i, name in enumerate(CONVERSATION_FEATURES)}
    second_a = rows[1][0]
    assert second_a[at["spoke_prev1"]] == 0.9 and second_a[at["spoke_next1"]] == 0.5
    assert second_a[at["first_pass_share"]] == 0.25 and second_a[at["first_pass_rank"]] == 1
    third_a = rows[2][1]
    assert third_a[at["alternation_before"]] == 0.9 - 0.25  # A two turns back counts for, one turn back against
    last = rows[3][0]
    assert last[at["spoke_prev1"]] == OUTSIDE and last[at["conversation_length"]] == 1
    # the third line sounds like the first (`well, old chap`), which the first pass gives to A
    assert third_a[at["voice_similarity"]] > rows[2][0][at["voice_similarity"]] and third_a[at["voice_rank"]] == 0


def test_shipped_conversation_rankers_load_with_their_calibration():
    from ficlens.model_files import CONVERSATION_RANKER, FINAL_CONVERSATION_RANKER
    from ficlens.stages.speaker_ranking import load_ranker

    for path in (CONVERSATION_RANKER, FINAL_CONVERSATION_RANKER):
        assert load_ranker(path, conversation=True).calibration["accuracy"]


def test_without_a_conversation_ranker_three_passes_still_rank(analyse):
    work = analyse(CONVERSATION, stage_settings={"speaker_ranking": {"conversation_model": None}})
    assert names_of(work, [q.speaker for q in work.quotes]) == [
        "Nora Blake", "Sam", "Nora Blake", "Sam", "Nora Blake", "Sam",
    ]  # fmt: skip


def test_a_name_inside_a_longer_phrase_or_after_a_preposition_is_no_tag(analyse):
    work = by_the_rules(
        analyse,
        "Anne Vale and Hugh Marr waited at the station.\n\n"
        '"Who is he?" asked the woman Anne had seen on the train.\n\n'
        '"Nobody," said in a low voice from the bench.\n',
        [{"name": "Anne Vale", "aliases": ["Anne"]}, {"name": "Hugh Marr", "aliases": ["Hugh"]}]
    )
    first, second = work.quotes
    assert first.method != "named_tag" and first.speaker is None  # `the woman`, not Anne
    assert second.method not in ("named_tag", "nominal_tag", "pronoun_tag") and second.tag is None


def test_a_surname_two_given_characters_share_names_neither():
    from ficlens.model import Character
    from ficlens.stages.characters import add_name_parts

    family = [Character(id="a", name="Charles Musgrove"), Character(id="b", name="Mary Musgrove"),
              Character(id="c", name="Charles Hayter")]  # fmt: skip
    add_name_parts(family)
    assert [c.aliases for c in family] == [["Charles"], ["Mary"], ["Charles", "Hayter"]]


def test_a_first_pass_of_ones_own_runs_without_the_shipped_conversation_ranker(tmp_path):
    import pytest

    from ficlens.errors import ModelError
    from ficlens.model_files import CONVERSATION_RANKER, FINAL_CONVERSATION_RANKER, SPEAKER_RANKER
    from ficlens.stages.speaker_ranking import RankingSettings, load_ranker

    own = tmp_path / "ranker.txt"
    assert RankingSettings().conversation_passes() == [CONVERSATION_RANKER, FINAL_CONVERSATION_RANKER]
    assert RankingSettings(model=own).conversation_passes() == []  # the shipped second pass learnt the shipped first
    assert RankingSettings(model=own, conversation_model=own).conversation_passes() == [own]
    assert RankingSettings(final_conversation_model=None).conversation_passes() == [CONVERSATION_RANKER]
    chain = RankingSettings(model=own, conversation_model=own, final_conversation_model=own)
    assert chain.conversation_passes() == [own, own]
    for broken_chain in ({"model": own, "final_conversation_model": own},
                         {"conversation_model": None, "final_conversation_model": own}):  # fmt: skip
        with pytest.raises(ModelError, match="final_conversation_model reads the beliefs"):
            RankingSettings(**broken_chain).conversation_passes()
    own.write_bytes(SPEAKER_RANKER.read_bytes())
    own.with_suffix(".calibration.json").write_text('{"top_probability": [0, 1]}')
    with pytest.raises(ModelError, match="calibration .* damaged"):
        load_ranker(own)


def test_a_tag_after_spaces_inside_the_closing_mark_or_a_lead_in_before_spaces_is_read(analyse):
    """Some texts keep a space inside the marks (`hangers-on, " said`, `: " Disgraceful`): the tag and the lead-in
    around them still name the speaker."""
    work = at_the_gate(
        analyse,
        '"You could at least take that word back, " said Piet.\n\n'
        '"I will not," she says.\n\n'
        'Wren turned to the gate and said: " Then we wait here."\n',
    )
    assert speakers_and_methods(work) == [
        ("Piet Laar", "named_tag"), ("Wren Oduya", "pronoun_tag"), ("Wren Oduya", "named_tag"),
    ]  # fmt: skip


def test_a_wife_named_by_her_husbands_name_does_not_share_his_given_name():
    from ficlens.model import Character
    from ficlens.stages.characters import add_name_parts

    listed = [Character(id="a", name="John Dashwood"), Character(id="b", name="Mrs. John Dashwood"),
              Character(id="c", name="Mrs. Augusta Welland")]  # fmt: skip
    add_name_parts(listed)
    assert [c.id for c in listed if "John" in c.aliases] == ["a"]
    assert "Augusta" in listed[2].aliases


def test_the_name_after_a_title_is_an_alias_of_a_listed_titled_name(analyse):
    work = by_the_rules(
        analyse,
        "Inspector Ratcliffe and Dr. Bull crossed the square.\n\n"
        '"They will fire on us," said Ratcliffe.\n\n'
        '"Let them," Bull answered.\n',
        [{"name": "Inspector Ratcliffe"}, {"name": "Dr. Bull"}],
    )
    assert speakers_and_methods(work) == [("Inspector Ratcliffe", "named_tag"), ("Dr. Bull", "named_tag")]


def test_a_lead_in_whose_speech_verb_is_followed_by_a_phrase_of_manner_or_listener_names_the_speaker(analyse):
    work = at_the_gate(
        analyse,
        'Piet looked at the lane and said, in a low voice to Wren, "We should go."\n',
    )
    assert speakers_and_methods(work) == [("Piet Laar", "named_tag")]
