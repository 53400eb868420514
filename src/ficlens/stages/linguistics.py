"""Sentences, and the paragraphs' tokens, tags, dependencies and entities from the shipped spaCy pipeline
(kept as the transient `docs` field; see ficlens.tokens)."""

from __future__ import annotations

from pydantic import Field

from ficlens.model import Sentence, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.tokens import COMPACT_ABOVE_WORDS, parsed_docs


class LinguisticsSettings(StageSettings):
    compact_above_words: int = Field(
        COMPACT_ABOVE_WORDS, ge=0, description="Keep the Docs of longer works serialised in blocks (bounded memory)"
    )
    processes: int = Field(
        1, ge=1, description="Processes for the spaCy pass (forked, at most one per core; the same Docs as one)"
    )


def parse(work: Work, options: AnalysisOptions, settings: LinguisticsSettings) -> None:
    docs = parsed_docs(work, settings.compact_above_words, options.profile, settings.processes)
    sentences = []
    for index, (paragraph, doc) in enumerate(zip(work.paragraphs, docs)):
        for sent in doc.sents:
            sentences.append(
                Sentence(start=paragraph.start + sent.start_char, end=paragraph.start + sent.end_char, paragraph=index)
            )
    work.sentences = sentences
    work.profile = options.profile
    work.set_transient("docs", docs)


STAGE = Stage(
    "linguistics", reads=("text", "paragraphs"), writes=("sentences", "docs", "profile"), run=parse,
    settings=LinguisticsSettings, description="sentences and the paragraphs' parses",
)  # fmt: skip
