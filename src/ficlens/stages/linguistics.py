"""Tokens, tags, dependencies, entities and sentences from the shipped spaCy pipeline, per paragraph.

Line breaks inside a paragraph (hard-wrapped text) reach the pipeline as spaces, so that `Mr.` at the end of a
line and `Knightley` on the next are one name to the tagger, parser and NER; character offsets are unchanged."""

from __future__ import annotations

from ficlens.model import Sentence, Work
from ficlens.nlp import PIPE_BATCH_SIZE, load_pipeline
from ficlens.options import AnalysisOptions
from ficlens.stages import Stage


def parse(work: Work, options: AnalysisOptions) -> None:
    nlp = load_pipeline()
    texts = (work.text[p.start : p.end].replace("\n", " ") for p in work.paragraphs)
    docs = list(nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE))
    sentences = []
    for index, (paragraph, doc) in enumerate(zip(work.paragraphs, docs)):
        for sent in doc.sents:
            sentences.append(
                Sentence(start=paragraph.start + sent.start_char, end=paragraph.start + sent.end_char, paragraph=index)
            )
    work.sentences = sentences
    work._docs = docs


STAGE = Stage("linguistics", requires=("paragraphs",), assigns=("sentences", "tokens"), run=parse)
