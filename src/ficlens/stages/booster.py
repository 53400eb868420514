"""Loading the shipped LightGBM models: text format (loads without running code), checked against the number
of features the code computes, with a one-line error for a damaged or mismatched file."""

from __future__ import annotations

from pathlib import Path

from ficlens.errors import ModelError


def load_booster(path: Path, what: str, features: int, trainer: str):
    """The model at `path`, or None when there is none; `what` names it and `trainer` the script that makes it."""
    if not path.is_file():
        return None
    import lightgbm

    try:
        booster = lightgbm.Booster(model_str=path.read_text(encoding="utf-8"))
    except Exception as error:  # lightgbm raises its own error type for a damaged file
        raise ModelError(f"the {what} at {path} is damaged ({error}); reinstall ficlens") from None
    if booster.num_feature() != features:
        raise ModelError(
            f"the {what} at {path} expects {booster.num_feature()} features, this ficlens computes {features}: "
            f"retrain it ({trainer}) or reinstall ficlens"
        )
    return booster
