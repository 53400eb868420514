"""Suggested tags on hand-written stories: each rating level, each warning, the hard negatives, the
comparison with the author's tags; and the seed story's tags with a canon file."""

from __future__ import annotations

import pytest

from ficlens.canon import load_canon
from tests.conftest import ROOT, SEED

CANON = ROOT / "examples" / "canon" / "smallville.yaml"

GENTLE = (
    '"Is the kettle on?" Priya asked.\n\n'
    '"Always," said Tom. He set two cups on the table and looked out at the rain.\n\n'
    '"I\'m dying to know how the garden survived," Priya said. "We were killing time all week."\n\n'
    '"Bored to death, more like," Tom said, and she laughed.\n\n'
    "Later their mother kissed them both on the forehead and sent them to bed.\n"
)
TEEN = (
    '"Damn it," Priya said, when the shelf came down. "Damn this whole flat."\n\n'
    '"It\'s fine," said Tom. "It\'s only a shelf, you bastard of a thing."\n\n'
    "Priya kicked the shelf. Tom laughed at her until she threw a cushion at him.\n"
)
MATURE = (
    '"We slept together," Nadia said. "That is what happened, Marco. We slept together and now it\'s weird."\n\n'
    '"It\'s not fucking weird," said Marco. He rubbed his eyes. "It\'s just last night."\n\n'
    '"Fuck you," Nadia said, but she was smiling. "Fuck you and your just."\n\n'
    "Marco kissed her, slow, and she kissed him back.\n"
)
EXPLICIT = (
    '"Come here," Nadia said.\n\n'
    "Marco kissed her and she pulled him down onto the bed. He thrust into her slowly and she gasped.\n\n"
    "Her nipples were hard against his chest. His erection pressed against her thigh as she spread her legs.\n\n"
    "She moaned as he moved, and the orgasm took her by surprise. He came inside her a moment later.\n\n"
    '"God," Marco said. "Nadia."\n'
)
VIOLENT = (
    '"Run," Dace said.\n\n'
    "The first man stabbed him in the side and blood ran over his hands.\n\n"
    "Dace stabbed back, twice, and the man fell, bleeding from the throat.\n\n"
    "There was blood on the walls, blood on the floor, and a corpse by the door.\n\n"
    "Iva found the second corpse in the hall, its skull cracked open.\n\n"
    '"Dace," Iva said, kneeling in the blood. "Dace, stay with me."\n\n'
    "But Dace died there on the stones, and Iva held him until he was cold.\n"
)
NONCON = (
    '"You should tell someone," Ros said.\n\n'
    '"He raped me," said Ellie. "Last spring. Against my will, and nobody believed me."\n\n'
    "Ros held her hand and said nothing for a long time.\n"
)
UNDERAGE = (
    '"You\'re sixteen years old," Cal said.\n\n'
    '"So?" said Jess. "We slept together anyway. We had sex in your car."\n\n'
    "Cal looked away.\n"
)


def tags_of(analyse, text, **options):
    return analyse(text, **options).suggested_tags


@pytest.mark.parametrize(
    ("text", "rating"),
    [(GENTLE, "General Audiences"), (TEEN, "Teen And Up Audiences"), (MATURE, "Mature"), (EXPLICIT, "Explicit")],
)
def test_each_rating_level(analyse, text, rating):
    assert tags_of(analyse, text).rating.tag == rating


def test_harmless_idioms_and_a_family_kiss_are_not_warnings_or_romance(analyse):
    tags = tags_of(analyse, GENTLE)
    assert [w.tag for w in tags.archive_warnings] == ["No Archive Warnings Apply"]
    assert not [r for r in tags.relationships if "/" in r.tag]
    assert [c.tag for c in tags.categories] == ["Gen"]


def test_graphic_violence_and_major_character_death(analyse):
    warnings = {w.tag: w for w in tags_of(analyse, VIOLENT).archive_warnings}
    assert set(warnings) == {"Graphic Depictions Of Violence", "Major Character Death"}
    assert warnings["Major Character Death"].evidence  # the sentence where Dace dies
    assert tags_of(analyse, VIOLENT).rating.tag in ("Mature", "Explicit")


def test_rape_non_con_warning(analyse):
    assert "Rape/Non-Con" in {w.tag for w in tags_of(analyse, NONCON).archive_warnings}


def test_underage_sex_warning_needs_age_and_sex(analyse):
    assert "Underage Sex" in {w.tag for w in tags_of(analyse, UNDERAGE).archive_warnings}
    assert "Underage Sex" not in {
        w.tag for w in tags_of(analyse, GENTLE.replace("rain", "rain at sixteen years old")).archive_warnings
    }


def test_romance_gives_a_slash_relationship_and_category(analyse):
    tags = tags_of(analyse, MATURE)
    assert tags.relationships[0].tag == "Marco/Nadia" and tags.relationships[0].evidence
    assert [c.tag for c in tags.categories][:1] == ["F/M"]


def test_comparison_with_the_authors_tags(analyse):
    header = "Title: Tea\nCharacters: Priya, Tom, Zed\nRelationships: Priya & Tom\nRating: Explicit\n\n"
    tags = tags_of(analyse, header + GENTLE + '\n"Hello," said Arlo. "Hello again," Arlo said.\n\n"Arlo," Tom said.\n')
    found = {(c.kind, c.tag) for c in tags.comparison}
    assert ("tagged_character_not_found", "Zed") in found
    assert ("rating_differs", "General Audiences") in found


@pytest.mark.shared_data
def test_seed_tags_with_the_canon_file(analyse):
    work = analyse(SEED.read_text(encoding="utf-8"), canon=load_canon(CANON))
    tags = work.suggested_tags
    characters = [c.tag for c in tags.characters]
    assert characters[:3] == ["Lex Luthor", "Lana Lang", "Clark Kent"] and "Lionel Luthor" in characters
    # the one talked about all story long, never present, is still shown (score above the report's threshold)
    assert next(c for c in tags.characters if c.tag == "Clark Kent").score >= 0.5
    assert "Smallville" not in characters  # a place in the canon file
    first = tags.relationships[0]
    assert first.tag == "Lana Lang/Lex Luthor" and first.evidence
    assert [c.tag for c in tags.categories] == ["F/M"]
    assert tags.rating.tag == "Mature"
    assert [w.tag for w in tags.archive_warnings] == ["No Archive Warnings Apply"]
    assert "Alternate Universe" in [s.tag for s in tags.setting]


@pytest.mark.shared_data
def test_seed_one_sided_love_for_the_absent_character(analyse):
    tags = analyse(SEED.read_text(encoding="utf-8"), canon=load_canon(CANON)).suggested_tags
    one_sided = [r for r in tags.relationships if r.note and "Lex Luthor's love for Clark Kent" in r.note]
    assert one_sided and one_sided[0].tag == "Clark Kent/Lex Luthor"


@pytest.mark.shared_data
def test_seed_without_canon_keeps_the_names_found(analyse):
    characters = [c.tag for c in analyse(SEED.read_text(encoding="utf-8")).suggested_tags.characters]
    assert characters[:3] == ["Lex", "Lana", "Clark Kent"]


def test_notes_count_in_the_singular_too():
    from ficlens.model import Character, Work
    from ficlens.tags import person_evidence, suggest_characters
    from ficlens.tags.people import find_people

    work = Work(text="Ann waved.\n", characters=[Character(id="c1", name="Ann", mention_count=1)])
    notes = [s.note for s in suggest_characters(work, person_evidence(work, find_people(work, None), []))]
    assert notes == ["mentioned 1 time, never present"]
    work.characters[0] = Character(id="c1", name="Ann", presence="present", quote_count=1, mention_count=1)
    found = suggest_characters(work, person_evidence(work, find_people(work, None), []))
    assert found[0].note == "present: 1 utterance, 1 mention"


def test_setting_evidence_is_whole_words():
    from ficlens.model import Metadata, Work
    from ficlens.tags import suggest_setting

    note = "Written for the summer exchange; it is set some time in season 4 and ignores everything after that, sorry"
    (setting,) = suggest_setting(Work(text="Story.\n", metadata=Metadata(notes=[note])))
    assert setting.tag == "Season 4"
    quoted = "…summer exchange; it is set some time in season 4 and ignores everything after that,…"
    assert setting.note == f"author's note: “{quoted}”"


@pytest.mark.parametrize(
    ("note", "tags"),
    [
        ("This is NOT an AU; it slots in after the lighthouse episode.", []),
        ("I know this isn't really canon divergent, just a missing scene.", []),
        ("Au-pair Mireille meets the neighbours. Original characters.", []),
        ("Not an AU. But it is post-canon, years after the war.", ["Post-Canon"]),
        ("Episode tag for 3x07, so spoilers for all of season three.", ["Season 3"]),
        ("Set after the series finale, in the new house.", ["Post-Canon"]),
    ],
)
def test_setting_tags_read_negation_and_other_ways_of_saying_it(note, tags):
    from ficlens.model import Metadata, Work
    from ficlens.tags import suggest_setting

    assert [s.tag for s in suggest_setting(Work(text="Story.\n", metadata=Metadata(notes=[note])))] == tags


def test_reports_show_only_tags_above_the_threshold_and_say_how_many_are_left_out():
    from rich.console import Console

    from ficlens.model import SuggestedTags, TagSuggestion, Work
    from ficlens.report.html import render_html
    from ficlens.report.terminal import tag_lines

    work = Work(text="Ada met Ben at the pier.")
    work.suggested_tags = SuggestedTags(
        rating=TagSuggestion(tag="General Audiences", score=0.9),
        characters=[TagSuggestion(tag="Ada Quill", score=0.8), TagSuggestion(tag="Pier Master", score=0.3)],
    )
    console = Console(record=True, width=200)
    for line in tag_lines(work):
        console.print(line)
    report = console.export_text()
    assert "Ada Quill" in report and "General Audiences" in report and "Pier Master" not in report
    assert "1 more below 0.50" in report
    console = Console(record=True, width=200)
    for line in tag_lines(work, min_score=0.0):
        console.print(line)
    assert "Pier Master" in console.export_text()
    page = render_html(work)
    assert "Ada Quill" in page and "Pier Master" not in page and "1 more scored below 0.50" in page
    assert "Pier Master" in work.to_json()  # the JSON keeps every tag


def test_the_shipped_character_calibration_is_the_fit_of_the_committed_rows():
    """Reproducible: `python -m training.tags.calibrate_characters fit` on training/tags/character_rows.jsonl gives
    the weights the code ships."""
    import json

    from ficlens.tags import CHARACTER_CALIBRATION
    from training.tags.calibrate_characters import ROWS, design, fit_logistic

    rows = [json.loads(line) for line in ROWS.read_text(encoding="utf-8").splitlines()]
    weights = fit_logistic(*design(rows))
    assert [round(w, 3) for w in weights] == list(CHARACTER_CALIBRATION)
