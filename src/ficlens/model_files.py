"""Where every shipped model lives, and the one way to load a LightGBM one: a missing or damaged file, or one that
expects other features than the code computes, is a `ModelError` that says what to do; never a silent fallback."""

from __future__ import annotations

from pathlib import Path

from ficlens.errors import ModelError

MODELS_DIR = Path(__file__).resolve().parent / "models"
PIPELINE_DIR = MODELS_DIR / "en_ficlens_sm"  # the spaCy pipeline (ficlens.nlp loads it)
FAST_HEADS_DIR = MODELS_DIR / "en_ficlens_sm_fast"  # the fast profile's parser and NER on that pipeline's encoder
SPEAKER_RANKER = MODELS_DIR / "speaker_ranker.txt"
SPEAKER_CALIBRATION = SPEAKER_RANKER.with_suffix(".calibration.json")
CONVERSATION_RANKER = MODELS_DIR / "conversation_ranker.txt"  # the second pass, on the first pass's beliefs
FINAL_CONVERSATION_RANKER = MODELS_DIR / "conversation_ranker_2.txt"  # the third pass, on the second pass's beliefs
TURN_MODEL = MODELS_DIR / "turn_transitions.json"  # speaker transitions within a conversation (features.turns)
ADDRESSEE_MODEL = MODELS_DIR / "addressee_ranker.txt"
ADDRESSEE_SET_MODEL = MODELS_DIR / "addressee_sets.txt"  # picks one of the sets the first pass proposes
COREFERENCE_MODEL = MODELS_DIR / "pronoun_coreference.txt"
CHARACTER_FILTER = MODELS_DIR / "character_filter.json"  # which name clusters are characters
NAME_GENDERS = MODELS_DIR / "name_genders.tsv"  # given names and their gender, from fiction
PASSAGE_RATER = MODELS_DIR / "passage_rater.json"  # rating and warnings per passage (ficlens.tags.passage_model)


def load_booster(path: Path, what: str, features: int, trainer: str):
    """The LightGBM text model at `path` (text loads without running code), scored by ficlens.booster; `what`
    names it and `trainer` the script that rebuilds it."""
    if not path.is_file():
        shipped = path.parent == MODELS_DIR
        fix = "reinstall ficlens" if shipped else f"check the path, or rebuild it with {trainer}"
        raise ModelError(f"the {what} is missing at {path}; {fix}")
    from ficlens.booster import Booster, BoosterError

    try:
        booster = Booster(path.read_text(encoding="utf-8"))
    except (BoosterError, UnicodeDecodeError) as error:
        raise ModelError(f"the {what} at {path} is damaged ({error}); reinstall ficlens") from None
    if booster.num_feature() != features:
        raise ModelError(
            f"the {what} at {path} expects {booster.num_feature()} features, this ficlens computes {features}: "
            f"retrain it ({trainer}) or reinstall ficlens"
        )
    return booster
