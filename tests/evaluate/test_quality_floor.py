"""Quality floors on a fast subset (two short PDNC novels, LitBank): a change that lowers accuracy
fails CI. Floors sit about one point under the scores measured when they were set (BENCHMARKS.md).

Raising a floor: run `python -m benchmarks.accuracy --novels DaisyMiller,AlicesAdventuresInWonderland
--no-write` (or this test with -s, which prints the scores), and set the floor a point under the new score.
Never lower a floor to let a change pass.
"""

from __future__ import annotations

import pytest

from tests.conftest import SHARED

pytestmark = pytest.mark.shared_data
NOVELS = ["DaisyMiller", "AlicesAdventuresInWonderland"]

# The shipped ranker was trained on all 22 PDNC novels, these two included: its floors guard against
# regressions only; the fair scores are the leave-one-novel-out tables in BENCHMARKS.md.
FLOORS = {
    # raised 2026-12-06 with the conversation ranker and the tag changes, a point under the scores then (from
    # rules 0.84 / 0.91 / 0.835 / 0.29; ranker 0.91 / 0.945 / 0.905 / 0.59; predicted 0.90 / 0.94 / 0.895 / 0.554)
    ("gold", "rules"): {"quote_f1": 0.955, "speaker": 0.875, "explicit": 0.958, "end_to_end": 0.87,
                        "addressee": 0.295},
    ("gold", "ranker"): {"quote_f1": 0.955, "speaker": 0.94, "explicit": 0.967, "end_to_end": 0.936,
                         "addressee": 0.617},
    ("predicted", "ranker"): {"quote_f1": 0.955, "speaker": 0.91, "explicit": 0.945, "end_to_end": 0.906,
                              "char_recall": 0.99, "addressee": 0.585},
}  # fmt: skip
# Addressee floors raised 2026-12-07 with the addressee set model, a point under the scores then (0.627 / 0.595;
# fast 0.623 / 0.594).
# The fast profile (smaller parser and NER heads), raised 2026-12-06 a point under its scores then (from
# 0.92 / 0.96 / 0.917 / 0.596 and 0.894 / 0.931 / 0.889 / 0.549).
FAST_FLOORS = {
    ("gold", "ranker"): {"quote_f1": 0.955, "speaker": 0.94, "explicit": 0.967, "end_to_end": 0.937,
                         "addressee": 0.613},
    ("predicted", "ranker"): {"quote_f1": 0.955, "speaker": 0.906, "explicit": 0.936, "end_to_end": 0.90,
                              "char_recall": 0.95, "addressee": 0.584},
}  # fmt: skip
RUNS = [(*key, "accurate") for key in FLOORS] + [(*key, "fast") for key in FAST_FLOORS]


@pytest.mark.parametrize(("characters", "attribution", "profile"), RUNS)
def test_pdnc_subset_stays_above_floors(characters, attribution, profile):
    from ficlens.evaluate.pdnc import SpeakerModels, evaluate_pdnc

    speakers = SpeakerModels(rules_only=attribution == "rules")
    scores = evaluate_pdnc(SHARED / "data" / "pdnc", characters, NOVELS, speakers=speakers, profile=profile)
    measured = {
        "quote_f1": scores["quote_detection"]["f1"],
        "speaker": scores["speaker"]["accuracy"],
        "explicit": scores["speaker"]["by_type"]["explicit"]["accuracy"],
        "end_to_end": scores["speaker"]["end_to_end_accuracy"],
        "char_recall": scores["characters"]["recall"],
        "addressee": scores["addressee"]["accuracy"],
    }
    print(characters, attribution, profile, {k: round(v, 4) for k, v in measured.items()})
    floors = (FAST_FLOORS if profile == "fast" else FLOORS)[characters, attribution]
    below = {k: (round(measured[k], 4), floor) for k, floor in floors.items() if measured[k] < floor}
    assert not below, f"below the quality floor (measured, floor): {below}"


@pytest.mark.parametrize("profile", ["accurate", "fast"])
def test_litbank_stays_above_floors(profile):
    """Entities on the 10 test books (the NER trained on the others); quotations and speakers on all books,
    since no learned part of ficlens was trained on LitBank's quotations."""
    from ficlens.evaluate.litbank import evaluate_litbank

    test = evaluate_litbank(SHARED / "data" / "litbank", "test", profile)
    every = evaluate_litbank(SHARED / "data" / "litbank", "all", profile)
    measured = {
        "per_f1": test["entities"]["PER"]["f1"],
        "proper_per_f1": test["entities"]["PER_proper"]["f1"],
        "book_per_f1": test["entities"]["PER_book"]["f1"],
        "book_proper_per_f1": test["entities"]["PER_proper_book"]["f1"],
        "quote_f1": every["quotes"]["detection"]["f1"],
        "speaker_b3": every["quotes"]["speaker_b3"]["f1"],
    }
    print(profile, {k: round(v, 4) for k, v in measured.items()})
    # PER against LitBank's outermost layer (`Mr. Bennet`) since 2026-11-26; the floors 0.73 / 0.835 before were
    # against its innermost (`Mr.` alone), where the previous pipeline, now 0.573 / 0.496, was scored.
    # book_*: with the book's confident names made consistent, as the linguistics stage does (0.730 / 0.856 when set).
    floors = {"per_f1": 0.71, "proper_per_f1": 0.82, "book_per_f1": 0.72, "book_proper_per_f1": 0.845,
              "quote_f1": 0.92, "speaker_b3": 0.69}  # fmt: skip
    if profile == "fast":  # set 2026-12-05 a point under the fast profile's scores then
        floors = {"per_f1": 0.713, "proper_per_f1": 0.813, "book_per_f1": 0.731, "book_proper_per_f1": 0.858,
                  "quote_f1": 0.921, "speaker_b3": 0.687}  # fmt: skip
    below = {k: (round(measured[k], 4), floor) for k, floor in floors.items() if measured[k] < floor}
    assert not below, f"below the quality floor (measured, floor): {below}"
