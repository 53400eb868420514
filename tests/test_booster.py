"""The shipped LightGBM models scored through LightGBM's library by ctypes: the same predictions as the lightgbm
package, which analysis never imports (it brings pandas and scipy, a third of a second of start-up)."""

import subprocess
import sys

import numpy
import pytest

from ficlens.booster import Booster, BoosterError
from ficlens.model_files import ADDRESSEE_MODEL, ADDRESSEE_SET_MODEL, COREFERENCE_MODEL, SPEAKER_RANKER


@pytest.mark.parametrize(
    "path", [SPEAKER_RANKER, ADDRESSEE_MODEL, ADDRESSEE_SET_MODEL, COREFERENCE_MODEL], ids=lambda p: p.stem
)
def test_predictions_are_lightgbms_own(path):
    lightgbm = pytest.importorskip("lightgbm")
    text = path.read_text(encoding="utf-8")
    reference, booster = lightgbm.Booster(model_str=text), Booster(text)
    rng = numpy.random.default_rng(7)
    features = reference.num_feature()
    rows = rng.choice([0.0, 0.5, 1.0, 3.0, 40.0, 999.0, 10_000.0], size=(500, features)).astype(numpy.float32)
    rows[::50, 0] = numpy.nan
    assert booster.num_feature() == features
    assert numpy.array_equal(booster.predict(rows), reference.predict(rows))
    assert booster.predict(rows[:0]).shape == (0,)


def test_a_damaged_model_or_wrong_rows_are_errors():
    with pytest.raises(BoosterError):
        Booster("tree\nversion=v4\nthis is not a model")
    booster = Booster(SPEAKER_RANKER.read_text(encoding="utf-8"))
    with pytest.raises(BoosterError, match="features expected"):
        booster.predict(numpy.zeros((3, 2)))


def test_analysis_does_not_import_lightgbm_or_pandas():
    script = (
        "import sys, ficlens; ficlens.analyze('\"Stay,\" said Ann.\\n\\n\"No,\" Tom answered.'); "
        "print(sorted(m for m in ('lightgbm', 'pandas', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
