"""Pronoun coreference: each third-person singular pronoun of the narration (`he`, `her`, `himself`...) is
linked to a character by a LightGBM mention-ranking model over the characters mentioned in the sentences
before it (ficlens.features.coreference). Gender is a feature, not a rule. Two passes: the first links pronouns to
named mentions only, the second also to the pronouns the first pass linked (a chain of `he ... he ... he`).
The links are the transient `pronoun_links`; the pronoun_mentions stage adds them to the mentions.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from pathlib import Path

from ficlens.features.coreference import (
    COREFERENCE_FEATURES,
    PRONOUN,
    PronounSite,
    Site,
    antecedent_features,
    window,
)
from ficlens.model import Mention, Work
from ficlens.model_files import COREFERENCE_MODEL, load_booster
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.preload import loaded_once
from ficlens.tokens import Subjects

MIN_PROBABILITY = 0.3  # below this the pronoun stays unlinked


class CoreferenceSettings(StageSettings):
    model: Path = COREFERENCE_MODEL


@loaded_once(maxsize=4)
def load_coreference_model(path: Path = COREFERENCE_MODEL):
    return load_booster(path, "coreference model", len(COREFERENCE_FEATURES), "training/coreference/coreference.py")


def resolve_pronouns(work: Work, model) -> list[Mention]:
    """Pronoun mentions of the narration linked to characters (kind "pronoun"); unlinked pronouns are left out."""
    import numpy

    sentence_starts = [s.start for s in work.sentences]
    paragraph_starts = [p.start for p in work.paragraphs]

    def sentence_of(position: int) -> int:
        return bisect_right(sentence_starts, position) - 1

    def paragraph_of(position: int) -> int:
        return bisect_right(paragraph_starts, position) - 1

    is_subject = Subjects(work)
    quote_spans = sorted((p.start, p.end) for q in work.quotes for p in q.parts)
    quote_starts = [s for s, _ in quote_spans]

    def quoted(position: int) -> bool:
        i = bisect_right(quote_starts, position) - 1
        return i >= 0 and position < quote_spans[i][1]

    names = [
        Site(m.start, m.character, "name", sentence_of(m.start),
             is_subject(paragraph_of(m.start), m.start, m.end), m.in_quote)
        for m in sorted(work.mentions, key=lambda m: m.start)
        if m.kind == "name" and m.character
    ]  # fmt: skip
    pronouns = [
        PronounSite(m.start(), m.end(), m.group(0), sentence_of(m.start()),
                    is_subject(paragraph_of(m.start()), m.start(), m.end()))
        for m in PRONOUN.finditer(work.text)
        if not quoted(m.start())
    ]  # fmt: skip
    genders = {c.id: c.gender for c in work.characters}
    salience = {c: i for i, (c, _) in enumerate(Counter(s.entity for s in names).most_common())}
    links: dict[int, str] = {}
    for _ in range(2):
        sites = sorted(
            names + [Site(p.start, links[p.start], "pronoun", p.sentence, p.subject, False) for p in pronouns
                     if p.start in links],
            key=lambda s: s.start,
        )  # fmt: skip
        starts = [s.start for s in sites]
        batch = [(p, *antecedent_features(p, window(sites, starts, p), genders, salience)) for p in pronouns]
        rows = [row for _, _, candidate_rows in batch for row in candidate_rows]
        scores = model.predict(numpy.asarray(rows, dtype=numpy.float32)) if rows else []
        links, at = {}, 0
        for pronoun, entities, candidate_rows in batch:
            chunk = scores[at : at + len(candidate_rows)]
            at += len(candidate_rows)
            if entities and chunk.max() >= MIN_PROBABILITY:
                links[pronoun.start] = entities[int(chunk.argmax())]
    return [
        Mention(start=p.start, end=p.end, character=links[p.start], kind="pronoun")
        for p in pronouns
        if p.start in links
    ]


def link_pronouns(work: Work, options: AnalysisOptions, settings: CoreferenceSettings) -> None:
    work.set_transient("pronoun_links", resolve_pronouns(work, load_coreference_model(settings.model)))


STAGE = Stage(
    "coreference",
    reads=("text", "paragraphs", "sentences", "quotes", "characters", "mentions", "docs"),
    writes=("pronoun_links",),
    run=link_pronouns,
    settings=CoreferenceSettings,
    preload=lambda settings: load_coreference_model.ahead(settings.model),
    description="narration pronouns linked to characters",
)
