"""Addressees: the vocatives, else the neighbouring utterance's other speaker; then a LightGBM model scores every
candidate listener (ficlens.features.addressee) and all above a threshold are the addressees, so a line spoken to
a room gets a group; an utterance still without one goes to the next speaker of a two-person exchange.
"""

from __future__ import annotations

from pathlib import Path

from ficlens.features.addressee import (
    ADDRESSEE_FEATURES,
    addressee_features,
    assign_addressees,
    fill_missing_addressees,
)
from ficlens.features.speaker import rule_result
from ficlens.model import Work
from ficlens.model_files import ADDRESSEE_MODEL, load_booster
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.preload import loaded_once

THRESHOLD = 0.6  # an addressee from this probability (best of 0.4-0.7 on the LONO folds); else the best alone


class AddresseeSettings(StageSettings):
    model: Path | None = ADDRESSEE_MODEL  # None: the vocatives and neighbouring speakers alone


@loaded_once(maxsize=4)
def load_addressee_model(path: Path = ADDRESSEE_MODEL):
    return load_booster(path, "addressee model", len(ADDRESSEE_FEATURES), "training/rankers/addressee_ranker.py")


def assign_learned_addressees(work: Work, vocatives: list[list[str]], model, narrator: str | None = None) -> None:
    """Every candidate scoring THRESHOLD or more is an addressee, most likely first; if none does, the best alone."""
    import numpy

    features = addressee_features(work, vocatives, narrator)
    rows = [row for _, candidate_rows in features for row in candidate_rows]
    scores = model.predict(numpy.asarray(rows, dtype=numpy.float32)) if rows else []
    at = 0
    for quote, (candidates, candidate_rows) in zip(work.quotes, features):
        chunk = scores[at : at + len(candidate_rows)]
        at += len(candidate_rows)
        if not candidates:
            continue
        ranked = sorted(zip(chunk, range(len(candidates))), reverse=True)
        quote.addressees = [candidates[k] for score, k in ranked if score >= THRESHOLD] or [candidates[ranked[0][1]]]


def find_addressees(work: Work, options: AnalysisOptions, settings: AddresseeSettings) -> None:
    rules = rule_result(work)
    assign_addressees(work.quotes, rules.evidence)
    if settings.model is not None:
        vocatives = [ev.vocatives for ev in rules.evidence]
        assign_learned_addressees(work, vocatives, load_addressee_model(settings.model), rules.narrator)
    fill_missing_addressees(work.quotes)


def load_model_ahead(settings: AddresseeSettings) -> None:
    if settings.model is not None:
        load_addressee_model.ahead(settings.model)


STAGE = Stage(
    "addressees",
    reads=("text", "paragraphs", "quotes", "characters", "mentions", "speaker_evidence"),
    writes=("quotes.addressees",),
    run=find_addressees,
    settings=AddresseeSettings,
    preload=load_model_ahead,
    description="who each utterance is spoken to",
)
