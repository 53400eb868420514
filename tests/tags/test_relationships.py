"""Relationship and character tags on hand-written texts: the failures seen on real works (siblings as a ship, a
planet as a partner, one person under two names as a pair), names from the author's tags and from a canon file,
and the comparison with the author's tags."""

from __future__ import annotations

from ficlens.canon import load_canon
from ficlens.options import GivenCharacter

SIBLINGS = (
    "Bastian Ruhl waited for the coach with his sister, Liesl, in the rain. He had never been so far from home.\n\n"
    '"You\'ll write," Liesl said.\n\n'
    '"Every week," said Bastian. "I promise, Liesl."\n\n'
    '"I love you," Liesl said. "Don\'t get killed."\n\n'
    '"I love you too," Bastian said.\n\n'
    "Bastian kissed Liesl at the door of the coach, and she watched until it was gone.\n"
)
PLANET = (
    "Oren Vask had lived on Talvane for ten years when the orders came.\n\n"
    '"Goodbye, Talvane," Oren said at the window. "I won\'t miss your dust."\n\n'
    '"You will," said Petra Lind. "Everyone misses Talvane."\n\n'
    '"Not me," Oren said. "Take us up, Petra."\n\n'
    '"We\'ll be back on Talvane in a year," Petra said.\n\n'
    '"Not me," Oren said again, and went to his cabin, far from Talvane.\n'
)
LOVERS = (
    '"Come here," Mirela Dane said, and Jonas Petrov crossed the room and kissed her.\n\n'
    '"I love you," said Jonas. "I have loved you for years, darling."\n\n'
    '"I know," Mirela said, and kissed him back.\n\n'
    '"Stay tonight," Jonas said.\n\n'
    '"I will," said Mirela.\n'
)
NICKNAME = (
    '"Sieg," Annika said. "Wake up. We land in an hour."\n\n'
    '"Five more minutes," said Sieg.\n\n'
    '"You said that an hour ago, Sieg."\n\n'
    '"Then I was right an hour ago," Sieg said.\n\n'
    'Annika laughed. "Up, Siegmund. Now."\n'
)


def pairs(tags):
    return {r.tag: r for r in tags.relationships}


def test_siblings_are_not_a_ship(analyse):
    tags = analyse(SIBLINGS).suggested_tags
    assert not [r for r in tags.relationships if "/" in r.tag], [r.tag for r in tags.relationships]
    family = pairs(tags)["Liesl & Bastian Ruhl"]
    assert "family (sister)" in family.note and family.evidence  # the sentence that says she is his sister
    assert [c.tag for c in tags.categories] == ["Gen"]


def test_the_same_text_without_the_family_word_is_a_ship(analyse):
    # the control: the kiss and the declarations alone make `/`; only the family link above blocks it
    text = SIBLINGS.replace("with his sister, Liesl,", "with Liesl,")
    assert "Liesl/Bastian Ruhl" in pairs(analyse(text).suggested_tags)


def test_a_planet_is_not_a_partner_or_a_character(analyse):
    tags = analyse(PLANET).suggested_tags
    assert not [r.tag for r in tags.relationships if "Talvane" in r.tag]
    assert "Talvane" not in [c.tag for c in tags.characters]
    assert "Petra Lind & Oren Vask" in pairs(tags)


def test_one_person_under_two_names_is_never_a_pair(analyse):
    # the caller's list splits her in two; the tags still never pair `Dane` with `Mirela Dane`
    given = [GivenCharacter(name="Mirela Dane"), GivenCharacter(name="Dane"), GivenCharacter(name="Jonas Petrov")]
    text = LOVERS.replace('"I know," Mirela said', '"I know," Dane said')
    tags = analyse(text, characters=given).suggested_tags
    assert not [r.tag for r in tags.relationships if "Dane" in r.tag and "Petrov" not in r.tag]
    assert [c.tag for c in tags.characters].count("Mirela Dane") == 1 and "Dane" not in [c.tag for c in tags.characters]
    assert "Mirela Dane/Jonas Petrov" in pairs(tags)


def test_a_role_noun_is_the_person_called_by_name_in_speech_to_it(analyse):
    text = (
        "The pedlar came up the lane at noon.\n\n"
        '"Knives ground, pots mended," said the pedlar.\n\n'
        '"Not today, Mr. Hask," Ada Brill said.\n\n'
        '"Every day is a day for sharp knives," the pedlar said.\n\n'
        '"Mine are sharp enough," said Ada.\n'
    )
    tags = analyse(text).suggested_tags
    assert not [r.tag for r in tags.relationships if "pedlar" in r.tag]
    assert "Ada Brill & Mr. Hask" in pairs(tags)


def test_names_from_the_authors_character_tags(analyse):
    header = "Title: Landing\nCharacters: Siegmund Falk, Annika Roos\nRelationships: Siegmund Falk & Annika Roos\n\n"
    tags = analyse(header + NICKNAME).suggested_tags
    characters = [c.tag for c in tags.characters]
    assert characters[:2] == ["Siegmund Falk", "Annika Roos"] or characters[:2] == ["Annika Roos", "Siegmund Falk"]
    assert "Sieg" not in characters and "Siegmund" not in characters
    assert "Siegmund Falk & Annika Roos" in pairs(tags)
    assert not tags.comparison  # everything the author tagged is on the page, and nothing more


def test_names_from_a_canon_file(analyse, tmp_path):
    canon = tmp_path / "canon.yaml"
    canon.write_text(
        "characters:\n"
        "  - {name: Mirela Dane-Okoro, aliases: [Mirela], gender: female}\n"
        "  - {name: Jonas Petrov, aliases: [Jonas, Jo], gender: male}\n"
    )
    tags = analyse(LOVERS, canon=load_canon(canon)).suggested_tags
    assert tags.relationships[0].tag == "Mirela Dane-Okoro/Jonas Petrov" and tags.relationships[0].evidence
    assert {"Mirela Dane-Okoro", "Jonas Petrov"} <= {c.tag for c in tags.characters}
    assert [c.tag for c in tags.categories] == ["F/M"]


def test_comparison_lists_what_the_author_did_not_tag_and_what_the_text_never_shows(analyse):
    header = (
        "Title: Stay\nCharacters: Mirela Dane, Jonas Petrov, Zora Quay\n"
        "Relationships: Mirela Dane & Jonas Petrov, Jonas Petrov/Zora Quay\n\n"
    )
    text = LOVERS + '\n"Hello," said Arlo Finch. "Anyone home?"\n\n"Go away, Arlo," Jonas said.\n'
    found = {(c.kind, c.tag): c.detail for c in analyse(header + text).suggested_tags.comparison}
    assert ("untagged_relationship", "Mirela Dane/Jonas Petrov") in found
    assert ("untagged_character", "Arlo Finch") in found
    assert ("tagged_character_not_found", "Zora Quay") in found
    assert ("tagged_relationship_not_found", "Jonas Petrov/Zora Quay") in found
    shown_otherwise = found["tagged_relationship_not_found", "Mirela Dane & Jonas Petrov"]
    assert "Mirela Dane/Jonas Petrov" in shown_otherwise  # tagged as friends, on the page as lovers
