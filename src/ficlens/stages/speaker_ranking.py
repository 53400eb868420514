"""Learned speaker ranking: a LightGBM model scores candidate characters for each utterance on top of the rule
attributor's evidence and the context (ficlens.features.speaker); a second model, the conversation ranker, scores
them again reading what the first believes about the conversation's other turns (ficlens.features.conversation),
and a third, trained the same way on the second's held-out beliefs, once more. Without a conversation ranker,
three passes of the first model, each seeing the previous pass's picks as the neighbours' speakers. Then each
conversation's speakers are picked together from the final probabilities and learned turn transitions
(ficlens.features.turns). Confidence is the pick's calibrated accuracy on held-out novels.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ficlens.errors import ModelError
from ficlens.features.conversation import CONVERSATION_FEATURES, conversation_features, word_vectors
from ficlens.features.coreference import pronoun_links
from ficlens.features.speaker import FEATURES, FeatureContext, RuleEvidence, context_features, rule_result
from ficlens.features.turns import TurnModel, decode
from ficlens.model import Mention, Work
from ficlens.model_files import (
    CONVERSATION_RANKER,
    FINAL_CONVERSATION_RANKER,
    SPEAKER_RANKER,
    TURN_MODEL,
    load_booster,
)
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.preload import loaded_once

PASSES = 3  # without a conversation ranker: later passes see the earlier pass's speakers as the neighbours'


class RankingSettings(StageSettings):
    """Each model's calibration `<model>.calibration.json` beside it is used when present. A `model` of one's own
    without a `conversation_model` runs three passes of it, and a `conversation_model` of one's own without a
    `final_conversation_model` ends with it: each shipped conversation ranker learnt the shipped pass before."""

    model: Path = SPEAKER_RANKER
    conversation_model: Path | None = CONVERSATION_RANKER  # None: three passes of `model`
    final_conversation_model: Path | None = FINAL_CONVERSATION_RANKER  # None: end with `conversation_model`
    turn_model: Path | None = TURN_MODEL  # None: each utterance's own best candidate

    def conversation_passes(self) -> list[Path]:
        """The conversation rankers to run after the first pass, in order."""
        chain = [("model", None), ("conversation_model", self.conversation_model),
                 ("final_conversation_model", self.final_conversation_model)]  # fmt: skip
        passes: list[Path] = []
        for (before, _), (field, path) in zip(chain, chain[1:]):
            if path is None or (before in self.model_fields_set and field not in self.model_fields_set):
                break
            passes.append(path)
        if "final_conversation_model" in self.model_fields_set and self.final_conversation_model and len(passes) < 2:
            raise ModelError(
                "a final_conversation_model reads the beliefs of the conversation_model it was trained after: "
                "give that conversation_model too"
            )
        return passes

    def decodes_turns(self) -> bool:
        """Whether to decode with `turn_model`: the shipped one was weighed against the shipped rankers' final
        probabilities, so rankers of one's own without a turn model of one's own skip it."""
        own_rankers = {"model", "conversation_model", "final_conversation_model"} & self.model_fields_set
        return self.turn_model is not None and ("turn_model" in self.model_fields_set or not own_rankers)


@dataclass
class Ranker:
    booster: object
    calibration: dict[str, list[float]] | None  # top probability -> accuracy on held-out novels

    def confidence(self, top_probability: float) -> float:
        if not self.calibration:
            return top_probability
        import numpy

        c = self.calibration
        return float(numpy.interp(top_probability, c["top_probability"], c["accuracy"]))


@loaded_once(maxsize=4)
def load_ranker(path: Path = SPEAKER_RANKER, conversation: bool = False) -> Ranker:
    """A LightGBM text model, the first pass or (`conversation`) the second, and its calibration
    (`<model>.calibration.json` beside it, if present)."""
    if conversation:
        what, features, trainer = "conversation ranker", FEATURES + CONVERSATION_FEATURES, "conversation_ranker"
    else:
        what, features, trainer = "speaker ranker", FEATURES, "speaker_ranker"
    booster = load_booster(path, what, len(features), f"training/rankers/{trainer}.py")
    calibration_path = path.with_suffix(".calibration.json")
    try:
        calibration = json.loads(calibration_path.read_text()) if calibration_path.is_file() else None
        if calibration is not None:
            points = calibration["top_probability"], calibration["accuracy"]
            if len(points[0]) != len(points[1]) or not points[0]:
                raise ValueError
    except (ValueError, KeyError, TypeError):
        raise ModelError(f"the {what}'s calibration at {calibration_path} is damaged; reinstall ficlens") from None
    return Ranker(booster, calibration)


Scored = list[tuple[list[str], list[float]]]  # each utterance's candidates and their probabilities


def score(ranker: Ranker, features: list[tuple[list[str], list[list[float]]]]) -> Scored:
    import numpy

    rows = [row for _, candidate_rows in features for row in candidate_rows]
    scores = ranker.booster.predict(numpy.asarray(rows, dtype=numpy.float32)) if rows else []
    scored, at = [], 0
    for candidates, candidate_rows in features:
        scored.append((candidates, [float(s) for s in scores[at : at + len(candidate_rows)]]))
        at += len(candidate_rows)
    return scored


def ranked_candidates(
    context: FeatureContext, evidence: list[RuleEvidence], ranker: Ranker, conversations: Sequence[Ranker] = ()
) -> Scored:
    """Each utterance's candidates and the final probabilities: the last conversation ranker's, each on the
    previous pass's beliefs, or without one the third pass of `ranker`, each pass seeing the previous pass's picks
    as the neighbours'."""
    if conversations:
        features = context_features(context, evidence)
        scored = score(ranker, features)
        vectors = word_vectors(utterance_texts(context.work))  # the same words for every pass
        for conversation in conversations:
            scored = score(conversation, with_conversation(context.work, features, scored, vectors))
        return scored
    scored = []
    for _ in range(PASSES):
        scored = score(ranker, context_features(context, evidence))
        evidence = [
            replace(ev, speaker=best(candidates, probabilities)[0] or ev.speaker)
            for ev, (candidates, probabilities) in zip(evidence, scored)
        ]
    return scored


def utterance_texts(work: Work) -> list[str]:
    return [" ".join(work.span_text(part) for part in q.parts) for q in work.quotes]


def with_conversation(work: Work, features, previous_pass: Scored, vectors=None):
    """The first pass's feature rows, each extended by the conversation features of its candidate under the
    previous pass's beliefs (`vectors`: the utterances' word_vectors, when already made)."""
    texts = utterance_texts(work)
    beliefs = conversation_features(
        [c for c, _ in previous_pass], [p for _, p in previous_pass], [q.paragraph for q in work.quotes], texts,
        vectors,
    )  # fmt: skip
    return [
        (candidates, [row + extra for row, extra in zip(rows, extras)])
        for (candidates, rows), extras in zip(features, beliefs)
    ]


def best(candidates: list[str], probabilities: list[float]) -> tuple[str | None, float]:
    if not candidates:
        return None, 0.0
    top = max(range(len(candidates)), key=probabilities.__getitem__)
    return candidates[top], probabilities[top]


def rerank(
    work: Work,
    evidence: list[RuleEvidence],
    ranker: Ranker,
    conversations: Sequence[Ranker] = (),
    narrator: str | None = None,
    narrator_positions: list[int] = (),
    pronoun_links: list[Mention] = (),
    turns: TurnModel | None = None,
) -> Scored:
    """Replace each utterance's speaker by the model's best candidate, or with `turns` by the best sequence of its
    conversation (apply_picks); returns the final probabilities."""
    context = FeatureContext(work, narrator, narrator_positions, pronoun_links)
    scored = ranked_candidates(context, evidence, ranker, conversations)
    apply_picks(work, scored, conversations[-1] if conversations else ranker, turns)
    return scored


def apply_picks(work: Work, scored: Scored, final: Ranker, turns: TurnModel | None = None) -> None:
    """Each quote's speaker: its best candidate, or with `turns` its speech's conversation decoded as a whole;
    confidence is the accuracy that top candidates with the pick's probability had on held-out novels (the final
    ranker's isotonic calibration, fitted on top picks: a decoded pick below the top reads as one)."""
    picks = [best(candidates, probabilities)[0] for candidates, probabilities in scored]
    if turns is not None:
        speech = [i for i, q in enumerate(work.quotes) if q.kind == "speech"]
        decoded = decode([scored[i] for i in speech], [work.quotes[i].paragraph for i in speech], turns)
        for i, pick in zip(speech, decoded):
            picks[i] = pick
    for quote, (candidates, probabilities), pick in zip(work.quotes, scored, picks):
        if pick is None:
            continue
        if pick != quote.speaker:
            quote.speaker, quote.method, quote.tag = pick, "ranked", None
        quote.confidence = round(final.confidence(probabilities[candidates.index(pick)]), 3)


def rank_speakers(work: Work, options: AnalysisOptions, settings: RankingSettings) -> None:
    ranked_speakers(work, settings)


def ranked_speakers(work: Work, settings: RankingSettings) -> Scored:
    """The stage's work on a Work analysed up to it; returns each quote's candidates and final probabilities (for
    error analysis: benchmarks.speaker_errors)."""
    rules = rule_result(work)
    ranker = load_ranker(settings.model)
    conversations = [load_ranker(path, conversation=True) for path in settings.conversation_passes()]
    turns = load_turn_model(settings.turn_model) if settings.decodes_turns() else None
    return rerank(
        work, rules.evidence, ranker, conversations, rules.narrator, rules.narrator_positions, pronoun_links(work),
        turns,
    )  # fmt: skip


@loaded_once(maxsize=4)
def load_turn_model(path: Path) -> TurnModel:
    try:
        return TurnModel.load(path)
    except (OSError, ValueError, KeyError, TypeError):
        raise ModelError(f"the turn model at {path} is missing or damaged; reinstall ficlens") from None


def load_rankers_ahead(settings: RankingSettings) -> None:
    load_ranker.ahead(settings.model)
    if settings.decodes_turns():
        load_turn_model.ahead(settings.turn_model)
    for path in settings.conversation_passes():
        load_ranker.ahead(path, conversation=True)


STAGE = Stage(
    "speaker_ranking",
    reads=("text", "paragraphs", "quotes", "characters", "mentions", "docs", "speaker_evidence", "pronoun_links"),
    writes=("quotes.speaker", "quotes.method", "quotes.confidence", "quotes.tag"),
    run=rank_speakers,
    settings=RankingSettings,
    preload=load_rankers_ahead,
    description="speakers re-ranked by the learned rankers (the first pass, then two conversation rankers), each "
    "conversation's picked together with learned turn transitions",
)
