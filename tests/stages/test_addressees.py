import pytest

from ficlens.errors import ModelError
from ficlens.features.addressee import conversations
from ficlens.model import Quote
from ficlens.model_files import ADDRESSEE_MODEL
from ficlens.stages.addressees import load_addressee_model
from tests.conftest import names_of

KITCHEN = (
    "Maya Ortiz comes into the kitchen, where Tobias and Ren are arguing over the last of the coffee.\n\n"
    '"Tobias, put the kettle on," Maya says.\n\n'
    '"Get it yourself," Tobias says.\n\n'
    '"Ren, tell him," Maya says.\n\n'
    "Ren shrugs and keeps reading.\n\n"
    '"Don\'t look at me," Ren says.\n'
)


def test_shipped_addressee_model_loads():
    assert ADDRESSEE_MODEL.is_file() and load_addressee_model(ADDRESSEE_MODEL) is not None


def test_vocatives_and_replies_pick_the_listener(analyse):
    work = analyse(KITCHEN)
    speakers = names_of(work, [q.speaker for q in work.quotes])
    assert speakers == ["Maya Ortiz", "Tobias", "Maya Ortiz", "Ren"]
    listeners = [names_of(work, q.addressees) for q in work.quotes]
    # PDNC, which the model learns from, counts everyone present as addressed in about 40% of lines with a
    # vocative: the named listener comes first, others may follow.
    assert listeners[0][0] == "Tobias" and listeners[2][0] == "Ren"
    assert "Maya Ortiz" in listeners[1] and "Maya Ortiz" in listeners[3]
    assert all(q.speaker not in q.addressees for q in work.quotes)


def test_conversations_split_on_long_narration():
    paragraphs = [0, 1, 2, 9, 10, 14]
    quotes = [Quote(id=f"q{i}", start=i, end=i + 1, paragraph=p) for i, p in enumerate(paragraphs)]
    assert conversations(quotes) == [[0, 1, 2], [3, 4], [5]]


def test_damaged_addressee_model_is_a_clear_error(analyse, tmp_path):
    broken = tmp_path / "addressees.txt"
    broken.write_text("tree\nnot a lightgbm model\n")
    with pytest.raises(ModelError, match="damaged"):
        analyse(KITCHEN, stage_settings={"addressees": {"model": broken}})
