"""Addressees: the vocatives, else the neighbouring utterance's other speaker; then a LightGBM model scores every
candidate listener (ficlens.features.addressee), a second one picks the addressee set among those the scores propose
(all above a threshold, the best one, two or three, the other people of the turn before and of the last eight
turns, the other voices around it and in its conversation), so a line spoken to a room gets a group; an utterance
still without one goes to the next speaker of a two-person exchange.
"""

from __future__ import annotations

from pathlib import Path

from ficlens.features.addressee import (
    ADDRESSEE_FEATURES,
    SET_FEATURES,
    addressee_features,
    assign_addressees,
    candidate_sets,
    fill_missing_addressees,
    threshold_set,
)
from ficlens.features.speaker import rule_result
from ficlens.model import Work
from ficlens.model_files import ADDRESSEE_MODEL, ADDRESSEE_SET_MODEL, load_booster
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.preload import loaded_once

THRESHOLD = 0.6  # an addressee from this probability (best of 0.4-0.7 on the LONO folds); else the best alone
TRAINER = "training/rankers/addressee_ranker.py"


class AddresseeSettings(StageSettings):
    model: Path | None = ADDRESSEE_MODEL  # None: the vocatives and neighbouring speakers alone
    set_model: Path | None = ADDRESSEE_SET_MODEL  # None: the first pass's sets over THRESHOLD


@loaded_once(maxsize=4)
def load_addressee_model(path: Path = ADDRESSEE_MODEL):
    return load_booster(path, "addressee model", len(ADDRESSEE_FEATURES), TRAINER)


@loaded_once(maxsize=4)
def load_set_model(path: Path = ADDRESSEE_SET_MODEL):
    return load_booster(path, "addressee set model", len(SET_FEATURES), TRAINER)


def assign_learned_addressees(
    work: Work, vocatives: list[list[str]], model, narrator: str | None = None, set_model=None
) -> None:
    """The set model's pick among the sets the first pass proposes; without it, every candidate scoring THRESHOLD
    or more, most likely first (if none does, the best alone)."""
    import numpy

    features = addressee_features(work, vocatives, narrator)
    rows = [row for _, candidate_rows in features for row in candidate_rows]
    scores = model.predict(numpy.asarray(rows, dtype=numpy.float32)) if rows else []
    if set_model is not None:
        proposed = candidate_sets(work.quotes, features, scores, THRESHOLD)
        set_rows = [row for _, rows_of_quote in proposed for row in rows_of_quote]
        picks = set_model.predict(numpy.asarray(set_rows, dtype=numpy.float32)) if set_rows else []
        at = 0
        for quote, (sets, _) in zip(work.quotes, proposed):
            if sets:
                quote.addressees = sets[int(numpy.argmax(picks[at : at + len(sets)]))]
            at += len(sets)
        return
    at = 0
    for quote, (candidates, _) in zip(work.quotes, features):
        if candidates:
            quote.addressees = threshold_set(candidates, scores[at : at + len(candidates)], THRESHOLD)
        at += len(candidates)


def find_addressees(work: Work, options: AnalysisOptions, settings: AddresseeSettings) -> None:
    rules = rule_result(work)
    assign_addressees(work.quotes, rules.evidence)
    if settings.model is not None:
        vocatives = [ev.vocatives for ev in rules.evidence]
        set_model = load_set_model(settings.set_model) if settings.set_model is not None else None
        assign_learned_addressees(work, vocatives, load_addressee_model(settings.model), rules.narrator, set_model)
    fill_missing_addressees(work.quotes)


def load_model_ahead(settings: AddresseeSettings) -> None:
    if settings.model is not None:
        load_addressee_model.ahead(settings.model)
    if settings.set_model is not None:
        load_set_model.ahead(settings.set_model)


STAGE = Stage(
    "addressees",
    reads=("text", "paragraphs", "quotes", "characters", "mentions", "speaker_evidence"),
    writes=("quotes.addressees",),
    run=find_addressees,
    settings=AddresseeSettings,
    preload=load_model_ahead,
    description="who each utterance is spoken to",
)
