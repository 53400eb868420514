import ficlens
from ficlens.features.coreference import pronoun_links
from ficlens.model_files import COREFERENCE_MODEL
from ficlens.stages.coreference import load_coreference_model

HALLWAY = (
    "Marcus Hale waited in the hallway while Ines Varga argued with the porter.\n\n"
    "She lost the argument, as she always did, and came back shaking her head. He offered her his coat.\n\n"
    '"Keep it," she said. "You\'ll need it more than I will."\n'
)
CHARACTERS = [
    {"name": "Marcus Hale", "aliases": ["Marcus"], "gender": "male"},
    {"name": "Ines Varga", "aliases": ["Ines"], "gender": "female"},
]


def linked(text: str) -> list[tuple[str, str]]:
    stages = ["structure", "linguistics", "quotes", "characters", "coreference"]
    work = ficlens.analyze(text, stages, characters=CHARACTERS)
    names = {c.id: c.name for c in work.characters}
    return [(text[m.start : m.end], names[m.character]) for m in pronoun_links(work)]


def test_shipped_coreference_model_loads():
    assert COREFERENCE_MODEL.is_file() and load_coreference_model(COREFERENCE_MODEL) is not None


def test_narration_pronouns_link_to_the_agreeing_character():
    links = linked(HALLWAY)
    assert links[:6] == [
        ("She", "Ines Varga"),
        ("she", "Ines Varga"),
        ("her", "Ines Varga"),
        ("He", "Marcus Hale"),
        ("her", "Ines Varga"),
        ("his", "Marcus Hale"),
    ]


def test_pronouns_inside_quotes_are_left_alone():
    text = 'Ines Varga looked at Marcus Hale across the table.\n\n"He never listens to me," she said.\n'
    assert linked(text) == [("she", "Ines Varga")]
