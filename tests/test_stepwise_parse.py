"""The parser and NER run a step at a time give the Docs spaCy's own loop gives, for both profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, SENT_START, TAG

from ficlens.nlp import load_pipeline
from ficlens.stepwise_parse import pipe_stepwise

EXAMPLE = Path(__file__).parents[1] / "examples" / "the-lighthouse-keys.txt"
ODD_PARAGRAPHS = ["", "   ", "Hm.", "--", "\u201cWait--\u201d", "Mira laughed. " * 120]  # empty, blank, one word, long


def paragraphs() -> list[str]:
    story = [p.replace("\n", " ") for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return story + ODD_PARAGRAPHS


def annotations(docs) -> list[tuple]:
    attributes = [TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START, LEMMA]
    return [(d.text, d.to_array(attributes).tolist(), [(e.start, e.end, e.label_) for e in d.ents]) for d in docs]


@pytest.mark.parametrize("profile", ["accurate", "fast"])
@pytest.mark.parametrize("batch_size", [7, 256])  # several batches and sub-batches; one batch
def test_stepwise_parse_gives_the_docs_of_nlp_pipe(profile, batch_size):
    nlp, texts = load_pipeline(profile), paragraphs()
    expected = annotations(nlp.pipe(texts, batch_size=batch_size))
    assert annotations(pipe_stepwise(nlp, texts, batch_size)) == expected
    assert any(label for _, _, ents in expected for _, _, label in ents)  # the NER found something to compare
    assert sum(len(tokens) for _, tokens, _ in expected) > 1000


def test_stepwise_parse_takes_tokenised_docs():
    nlp = load_pipeline("fast")
    docs = [nlp.make_doc(text) for text in paragraphs()]
    assert annotations(pipe_stepwise(nlp, docs, 16)) == annotations(nlp.pipe(paragraphs(), batch_size=16))
