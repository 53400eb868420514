from ficlens.model import Emphasis, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import build_pipeline, run_stages


def find(text: str, emphasis: list[tuple[int, int]] = ()) -> tuple[Work, list[list[str]]]:
    work = Work(text=text, emphasis=[Emphasis(start=s, end=e) for s, e in emphasis])
    run_stages(work, build_pipeline(["structure", "quotes"]), AnalysisOptions())
    return work, [[work.span_text(p) for p in q.parts] for q in work.quotes]


def test_straight_and_curly_double_quotes():
    _, found = find('"Hi there," he says.\n\n\u201cHello,\u201d she says.\n')
    assert found == [["Hi there,"], ["Hello,"]]


def test_tag_broken_line_is_one_utterance():
    work, found = find('"What did we do," she says, "and why?"\n')
    assert found == [["What did we do,", "and why?"]]
    assert work.quotes[0].start == 1 and work.text[work.quotes[0].end] == '"'


def test_single_quote_dialogue_keeps_apostrophes():
    text = "'I don't know,' said Ann. 'It's the boys' fault.'\n\n'Rubbish,' said Tom.\n\n'Fine.' She left.\n"
    _, found = find(text)
    assert found == [["I don't know,", "It's the boys' fault."], ["Rubbish,"], ["Fine."]]


def test_nested_quotes_stay_inside():
    _, found = find("\"He told me, 'never again,' and left,\" she says.\n")
    assert found == [["He told me, 'never again,' and left,"]]


def test_speech_over_several_paragraphs():
    text = '"First part of a long speech.\n\n"Second part, still talking."\n\nShe nods.\n'
    work, found = find(text)
    assert found == [["First part of a long speech.", "Second part, still talking."]]
    assert work.quotes[0].paragraph == 0


def test_stray_mark_does_not_flip_the_rest():
    text = 'He said it was 5" long and left.\n\n"Really?" she asks.\n\n"Yes," he says.\n'
    _, found = find(text)
    assert found[-2:] == [["Really?"], ["Yes,"]]


def test_scare_quotes_are_not_speech():
    text = 'They called it a "holiday" in the brochure.\n\n"It was awful," she says.\n'
    _, found = find(text)
    assert found == [["It was awful,"]]


def test_broken_off_lines_with_double_dash():
    _, found = find('"Lex, Clark will never--"\n\n"This is just-- this is-- God."\n')
    assert found == [["Lex, Clark will never--"], ["This is just-- this is-- God."]]


def test_emphasis_from_a_reader_is_a_thought():
    text = "She stares at the door. Not again, not now. Then she opens it.\n"
    start = text.index("Not again")
    work, found = find(text, [(start, start + len("Not again, not now."))])
    assert [q.kind for q in work.quotes] == ["thought"]
    assert found == [["Not again, not now."]]


def test_ids_are_in_text_order():
    work, _ = find('"A," he says.\n\n"B," she says.\n')
    assert [q.id for q in work.quotes] == ["Q1", "Q2"]


def test_two_pieces_each_with_its_own_tag_are_two_utterances():
    _, found = find('"Hello," said Bob. "Yes," said Alice.\n\n"Fine," said Bob. "I will come."\n')
    assert found == [["Hello,"], ["Yes,"], ["Fine,", "I will come."]]


def test_a_tag_that_does_not_end_its_sentence_keeps_one_utterance():
    _, found = find('"What did we do," she says, "and why?" she asks again.\n')
    assert found == [["What did we do,", "and why?"]]


def test_a_new_clause_introducing_the_next_piece_splits_the_utterance():
    _, found = find('"Stop!" cried Bo; and Al called back at once, "Never!"\n')
    assert found == [["Stop!"], ["Never!"]]


def test_the_same_speaker_tagged_twice_keeps_one_utterance():
    _, found = find('"No," she says, laughing. "It\'s just--" she says, shrugging. "We\'re the same."\n')
    assert found == [["No,", "It's just--", "We're the same."]]


def test_a_tag_after_a_clause_break_gives_the_next_piece_its_own_speaker():
    text = '"Ha," Ann heard Tom Reyes say, "not one of them shoots as she does"; and Mira retorted: "Watch me."\n'
    _, found = find(text)
    assert found == [["Ha,", "not one of them shoots as she does"], ["Watch me."]]


def test_narration_naming_another_speaker_between_pieces_splits_the_utterance():
    _, found = find('"He talks of you," cried Tom, "all day--" Mira interrupted him. "He never does."\n')
    assert found == [["He talks of you,", "all day--"], ["He never does."]]


def test_possessive_tags_of_two_speakers_split_the_utterance():
    _, found = find('"I need Ann," was Mira\'s answer; and Tom\'s reply was, "Then keep her."\n')
    assert found == [["I need Ann,"], ["Then keep her."]]


def test_a_pronoun_between_pieces_keeps_the_named_speakers_utterance():
    _, found = find('"Well," said Tom, "maybe." He smiled at her. "Or not," he added.\n')
    assert found == [["Well,", "maybe.", "Or not,"]]


def test_a_clause_joined_by_while_that_names_another_speaker_splits_the_utterance():
    text = '"Stay," called Ann, while Miss Reyes, thoughtful again, said: "We should go."\n'
    _, found = find(text)
    assert found == [["Stay,"], ["We should go."]]
    _, found = find('"Stay," called Ann, and turning to Tom, she added: "We should go."\n')
    assert found == [["Stay,", "We should go."]]
