"""Sentences, and the paragraphs' tokens, tags, dependencies and entities from the shipped spaCy pipeline
(kept as the transient `docs` field; see ficlens.tokens)."""

from __future__ import annotations

from ficlens.model import Sentence, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.tokens import parsed_docs


def parse(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    docs = parsed_docs(work)
    sentences = []
    for index, (paragraph, doc) in enumerate(zip(work.paragraphs, docs)):
        for sent in doc.sents:
            sentences.append(
                Sentence(start=paragraph.start + sent.start_char, end=paragraph.start + sent.end_char, paragraph=index)
            )
    work.sentences = sentences
    work.set_transient("docs", docs)


STAGE = Stage(
    "linguistics", reads=("text", "paragraphs"), writes=("sentences", "docs"), run=parse,
    description="sentences and the paragraphs' parses",
)  # fmt: skip
