"""The passage rater and the work rule on hand-written texts: long clean works stay General or Teen however long,
period idioms and violence reported from afar do not raise the rating, one explicit passage in a short work
makes it Explicit with that passage as evidence; the shipped model loads and keeps its held-out floor."""

from __future__ import annotations

import json

import pytest

from ficlens.errors import ModelError
from ficlens.tags.passage_model import load_rater, parse_rater
from ficlens.tags.passages import blank_idioms
from tests.conftest import ROOT, SEED

CLEAN = (
    "Wenna fed the goats before breakfast and walked down to the harbour with the empty milk cans.\n\n"
    '"Fine morning," said the ferryman, coiling his rope. "Tide\'s with you if you\'re crossing."\n\n'
    "She bought bread at the corner shop and read the notices on the chapel door: a choir practice, a lost cat.\n\n"
    "In the afternoon she mended the fence with her brother and they argued about the football until tea.\n"
)
PERIOD = (
    '"You are too severe upon the fair sex, sir," ejaculated Mrs. Tallow, laying down her work.\n\n'
    "Their intercourse had been easy and friendly all that winter; Captain Rooke was making love to Miss Tallow "
    "with great perseverance, and the whole parish expected a wedding by Lady Day.\n\n"
    "The party was very gay, and when the curate sang, old Mr. Tallow very nearly died laughing.\n"
)
REPORTED = (
    '"Did you hear about the mill?" Hester asked, shelling peas. "Two men hurt in a brawl, and one of them dead, '
    'they say. Over a debt."\n\n'
    '"Terrible," said her aunt. "The constable took the other to the county gaol this morning."\n\n'
    "From the hill they could see the smoke of the far battle, thin and grey, and the women went back to the washing.\n"
)
EXPLICIT_SCENE = (
    "Oren pushed her back onto the bed and she pulled his shirt over his head. He kissed her breasts and slid "
    "his fingers between her thighs until she was moaning, and then he thrust into her, hard, and she came "
    "with a cry.\n\n"
)


def rating(analyse, text):
    return analyse(text, stages=["structure", "linguistics", "quotes", "characters", "tags"]).suggested_tags.rating


def test_a_long_clean_work_stays_general_or_teen(analyse):
    long_work = CLEAN * 300  # about 25,000 words of the same clean paragraphs
    assert rating(analyse, long_work).tag in ("General Audiences", "Teen And Up Audiences")


def test_period_idioms_are_blanked_and_do_not_raise_the_rating(analyse):
    blanked = blank_idioms(PERIOD)
    for idiom in ("fair sex", "ejaculated", "intercourse", "making love", "died laughing", "very gay"):
        assert idiom not in blanked
    assert rating(analyse, PERIOD).tag in ("General Audiences", "Teen And Up Audiences")


def test_making_love_with_bodies_on_the_page_is_not_blanked():
    assert "making love" in blank_idioms("They were making love to each other, naked in the warm bed.")


def test_violence_mentioned_but_not_shown_is_not_explicit(analyse):
    assert rating(analyse, REPORTED).tag != "Explicit"


def test_one_explicit_passage_makes_a_short_work_explicit_with_it_as_evidence(analyse):
    text = CLEAN + "\n" + EXPLICIT_SCENE + CLEAN
    found = rating(analyse, text)
    assert found.tag == "Explicit"
    scene = text.index(EXPLICIT_SCENE)
    assert any(e.start <= scene + 10 and e.end >= scene + 100 for e in found.evidence)


@pytest.mark.shared_data
def test_the_seed_is_mature_or_explicit_with_evidence(analyse):
    stages = ["structure", "linguistics", "quotes", "characters", "tags"]
    work = analyse(SEED.read_text(encoding="utf-8"), stages=stages)
    found = work.suggested_tags.rating
    assert found.tag in ("Mature", "Explicit")
    shown = [work.text[e.start : e.end] for e in found.evidence]
    assert any("fuck" in passage.lower() or "sleeping with" in passage for passage in shown)


def test_the_shipped_rater_keeps_its_held_out_floor():
    from benchmarks.tags import PASSAGES
    from training.tags.train_rating import read_passages

    rows = read_passages(PASSAGES / "test.jsonl")
    scores = load_rater().rate([blank_idioms(r["text"]) for r in rows])
    found, gold = scores.levels(), [r["level"] for r in rows]
    assert sum(f == g for f, g in zip(found, gold)) / len(rows) >= 0.55  # measured 0.60
    explicit = [f == "explicit" for f, g in zip(found, gold) if g == "explicit"]
    assert sum(explicit) / len(explicit) >= 0.75  # measured 0.80
    flagged_explicit = [g for f, g in zip(found, gold) if f == "explicit"]
    assert flagged_explicit.count("explicit") / len(flagged_explicit) >= 0.9  # measured 1.00


def test_a_model_file_for_other_features_is_refused(tmp_path):
    data = json.loads((ROOT / "src" / "ficlens" / "models" / "passage_rater.json").read_text(encoding="utf-8"))
    parse_rater(data, tmp_path / "ok.json")
    with pytest.raises(ModelError, match="retrain it"):
        parse_rater({**data, "cues": ["a different lexicon"]}, tmp_path / "old.json")
    with pytest.raises(ModelError, match="damaged"):
        parse_rater({**data, "features": data["features"][:-1]}, tmp_path / "cut.json")


def test_the_shipped_rater_keeps_its_floor_on_the_second_writers_passages():
    """479 passages by a second writer, never trained on (blind: first scored after the rater was built)."""
    from benchmarks.tags import PASSAGES
    from training.tags.train_rating import read_passages

    rows = read_passages(PASSAGES / "test_b.jsonl")
    found = load_rater().rate([blank_idioms(r["text"]) for r in rows]).levels()
    gold = [r["level"] for r in rows]
    assert sum(f == g for f, g in zip(found, gold)) / len(rows) >= 0.55  # measured 0.57
    explicit = [f == "explicit" for f, g in zip(found, gold) if g == "explicit"]
    assert sum(explicit) / len(explicit) >= 0.70  # measured 0.73
