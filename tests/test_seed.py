"""The first real story: ../shared/samples/when-it-all-comes-down.txt (not copied into the project)."""

import json
from pathlib import Path

import pytest

import ficlens
from tests.conftest import SEED

pytestmark = pytest.mark.shared_data
GOLD = json.loads((Path(__file__).parent / "fixtures" / "seed_speakers.json").read_text())


@pytest.fixture(scope="module", params=["accurate", "fast"])
def seed(request):
    """The seed analysed by each profile: both must read it as well."""
    return ficlens.analyze_file(SEED, profile=request.param)


def test_header_is_metadata_not_story(seed):
    assert seed.metadata.title == "When it All Comes Down"
    assert seed.metadata.authors == ["kHo"]
    assert len(seed.metadata.notes) == 1 and "season 4" in seed.metadata.notes[0]
    assert "season 4" not in seed.text and not seed.text.startswith("When it All")


def test_characters_presence_and_aliases(seed):
    """Exactly the four people of the story (not the town `Smallville`); Clark, never present, is male."""
    by_name = {c.name: c for c in seed.characters}
    assert set(by_name) == {"Lex", "Lana", "Clark Kent", "Lionel"}
    assert by_name["Clark Kent"].gender == "male"
    assert by_name["Lex"].presence == "present" and by_name["Lana"].presence == "present"
    assert by_name["Clark Kent"].presence == "mentioned" and "Clark" in by_name["Clark Kent"].aliases
    assert by_name["Lionel"].presence == "mentioned"
    assert by_name["Lex"].gender == "male" and by_name["Lana"].gender == "female"


def test_every_quotation_found(seed):
    parts = [len(q.parts) for q in seed.quotes]
    assert sum(parts) == 76
    assert parts == GOLD["utterance_parts"]


def test_speakers(seed):
    names = {c.id: c.name for c in seed.characters}
    right = sum(
        n
        for q, gold, n in zip(seed.quotes, GOLD["utterance_speakers"], GOLD["utterance_parts"])
        if names.get(q.speaker) == gold
    )
    assert right >= 75, f"{right} of 76 quotations have the right speaker"


def test_narrative(seed):
    assert seed.narrative.person == "third"
    assert seed.narrative.tense == "present"
    assert seed.character(seed.narrative.pov).name == "Lex"
