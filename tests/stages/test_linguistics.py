"""Book-level name consistency: a name the NER calls a person in one paragraph is a person in the others."""

import spacy
from spacy.tokens import Doc, Span

from ficlens.tokens import propagate_person_names

VOCAB = spacy.blank("en").vocab


def doc(text: str, ents: list[tuple[int, int, str]] = ()) -> Doc:
    words = text.split()
    made = Doc(VOCAB, words=words, sent_starts=[i == 0 or words[i - 1] in ".?!" for i in range(len(words))])
    made.ents = [Span(made, start, end, label=label) for start, end, label in ents]
    return made


def people(made: Doc) -> list[str]:
    return [e.text for e in made.ents if e.label_ == "PER"]


def test_a_confident_name_becomes_a_person_where_the_ner_missed_it():
    docs = [
        doc("Ivo laughed .", [(0, 1, "PER")]),
        doc("Then Ivo left .", [(1, 2, "PER")]),
        doc("Where is Ivo ?"),
        doc("Ivo waved at Captain Ivo .", [(0, 1, "PER")]),
    ]
    propagate_person_names(docs)
    assert people(docs[2]) == ["Ivo"]
    assert people(docs[3]) == ["Ivo", "Captain Ivo"]  # the title joins the name, as the pipeline's title component does


def test_a_name_seen_once_or_mostly_as_a_place_is_left_alone():
    once = [doc("Ivo laughed .", [(0, 1, "PER")]), doc("Where is Ivo ?")]
    place = [doc(f"near Rome {i} .", [(1, 2, "GPE")]) for i in range(3)] + [
        doc("Rome spoke .", [(0, 1, "PER")]),
        doc("Rome spoke .", [(0, 1, "PER")]),
        doc("I saw Rome ."),
    ]
    propagate_person_names(once)
    propagate_person_names(place)
    assert people(once[1]) == []
    assert people(place[-1]) == []


def test_part_of_a_longer_name_or_a_common_word_at_a_sentence_start_is_left_alone():
    docs = [
        doc("Will smiled .", [(0, 1, "PER")]),
        doc("then Will ran .", [(1, 2, "PER")]),
        doc("Will you come ? I will .", []),
        doc("I met Will Turner .", []),
        doc("I met Sir Will .", []),
    ]
    propagate_person_names(docs)
    assert people(docs[2]) == []  # `will` is written in lower case in the book
    assert people(docs[3]) == []  # `Will Turner` is a longer name the NER did not confirm
    assert people(docs[4]) == ["Sir Will"]


def test_a_proper_name_is_capitalised_in_every_word():
    from ficlens.tokens import is_proper_name

    assert is_proper_name(("Mr.", "Darcy")) and is_proper_name(("Jane", "St.", "Clair"))
    assert not is_proper_name(("the", "old", "man")) and not is_proper_name(("Poor", "old", "Tobin"))
    assert not is_proper_name((",", "--"))  # no word at all


def test_a_long_works_compact_docs_give_the_same_analysis_as_docs_in_memory(monkeypatch):
    """Works past `compact_above_words` keep their Docs serialised in blocks (bounded memory); every layer must come
    out as it does with the Docs in memory. Small blocks here, so the example spans many of them."""
    from pathlib import Path

    import ficlens
    from ficlens import tokens
    from ficlens.tokens import CompactDocs

    monkeypatch.setattr(tokens, "BLOCK_TOKENS", 200)
    text = (Path(__file__).parents[2] / "examples" / "the-lighthouse-keys.txt").read_text(encoding="utf-8")
    in_memory = ficlens.analyze(text)
    compact = ficlens.analyze(text, stage_settings={"linguistics": {"compact_above_words": 0}})
    docs = compact.get_transient("docs")
    assert isinstance(docs, CompactDocs) and len(docs.blocks) > 5 and len(docs) == len(compact.paragraphs)
    assert [d.text for d in docs] == [d.text for d in in_memory.get_transient("docs")]
    assert compact.to_json() == in_memory.to_json()


def test_compact_docs_keep_the_book_level_person_names(monkeypatch):
    from ficlens import tokens
    from ficlens.model import Work
    from ficlens.tokens import CompactDocs

    made = [doc("Ivo laughed .", [(0, 1, "PER")]), doc("Then Ivo left .", [(1, 2, "PER")]), doc("Where is Ivo ?")]
    monkeypatch.setattr(tokens, "paragraph_docs", lambda work, profile="accurate", processes=1: iter(made * 3))
    monkeypatch.setattr(tokens, "BLOCK_TOKENS", 4)
    compact = tokens.parsed_docs(Work(text="Ivo"), compact_above_words=0)
    assert isinstance(compact, CompactDocs) and len(compact.blocks) == 6
    assert [people(d) for d in compact] == [["Ivo"]] * 9
