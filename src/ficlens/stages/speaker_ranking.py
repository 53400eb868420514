"""Learned speaker ranking: a LightGBM model scores candidate characters for each utterance on top of the rule
attributor's evidence and the context (ficlens.features.speaker); three passes, each seeing the previous pass's
picks as the neighbours' speakers. Confidence is the pick's calibrated accuracy on held-out novels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ficlens.errors import ModelError
from ficlens.features.coreference import pronoun_links
from ficlens.features.speaker import FEATURES, FeatureContext, RuleEvidence, context_features, rule_result
from ficlens.model import Mention, Work
from ficlens.model_files import SPEAKER_RANKER, load_booster
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings

PASSES = 3  # later passes see the earlier pass's speakers as the neighbours' speakers


class RankingSettings(StageSettings):
    model: Path = SPEAKER_RANKER  # a calibration `<model>.calibration.json` beside it is used when present


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


@lru_cache(maxsize=4)
def load_ranker(path: Path = SPEAKER_RANKER) -> Ranker:
    """The LightGBM text model and its calibration (`<model>.calibration.json` beside it, if present)."""
    booster = load_booster(path, "speaker ranker", len(FEATURES), "training/rankers/speaker_ranker.py")
    calibration_path = path.with_suffix(".calibration.json")
    try:
        calibration = json.loads(calibration_path.read_text()) if calibration_path.is_file() else None
    except ValueError:
        raise ModelError(f"the ranker calibration at {calibration_path} is damaged; reinstall ficlens") from None
    return Ranker(booster, calibration)


def ranked_candidates(
    context: FeatureContext, evidence: list[RuleEvidence], ranker: Ranker
) -> list[tuple[list[str], list[float]]]:
    """Each utterance's candidates and the model's probabilities after the last pass; each pass sees the previous
    pass's best candidates as the neighbours' speakers."""
    import numpy

    scored: list[tuple[list[str], list[float]]] = []
    for _ in range(PASSES):
        features = context_features(context, evidence)
        rows = [row for _, candidate_rows in features for row in candidate_rows]
        scores = ranker.booster.predict(numpy.asarray(rows, dtype=numpy.float32)) if rows else []
        scored, at = [], 0
        for candidates, candidate_rows in features:
            scored.append((candidates, [float(s) for s in scores[at : at + len(candidate_rows)]]))
            at += len(candidate_rows)
        evidence = [
            RuleEvidence(best(candidates, probabilities)[0] or ev.speaker, ev.method, ev.confidence,
                         ev.gender_hint, ev.vocatives)
            for ev, (candidates, probabilities) in zip(evidence, scored)
        ]  # fmt: skip
    return scored


def best(candidates: list[str], probabilities: list[float]) -> tuple[str | None, float]:
    if not candidates:
        return None, 0.0
    top = max(range(len(candidates)), key=probabilities.__getitem__)
    return candidates[top], probabilities[top]


def rerank(
    work: Work,
    evidence: list[RuleEvidence],
    ranker: Ranker,
    narrator: str | None = None,
    narrator_positions: list[int] = (),
    pronoun_links: list[Mention] = (),
) -> None:
    """Replace each utterance's speaker by the model's best candidate; confidence is the accuracy that candidates
    with its probability had on held-out novels (isotonic calibration)."""
    context = FeatureContext(work, narrator, narrator_positions, pronoun_links)
    scored = ranked_candidates(context, evidence, ranker)
    for quote, (candidates, probabilities) in zip(work.quotes, scored):
        pick, top_probability = best(candidates, probabilities)
        if pick is None:
            continue
        if pick != quote.speaker:
            quote.speaker, quote.method, quote.tag = pick, "ranked", None
        quote.confidence = round(ranker.confidence(top_probability), 3)


def rank_speakers(work: Work, options: AnalysisOptions, settings: RankingSettings) -> None:
    rules = rule_result(work)
    ranker = load_ranker(settings.model)
    rerank(work, rules.evidence, ranker, rules.narrator, rules.narrator_positions, pronoun_links(work))


STAGE = Stage(
    "speaker_ranking",
    reads=("text", "paragraphs", "quotes", "characters", "mentions", "docs", "speaker_evidence", "pronoun_links"),
    writes=("quotes.speaker", "quotes.method", "quotes.confidence", "quotes.tag"),
    run=rank_speakers,
    settings=RankingSettings,
    description="speakers re-ranked by the learned model",
)
