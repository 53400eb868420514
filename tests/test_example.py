"""End to end on the bundled example story (written for ficlens)."""

import ficlens
from tests.conftest import EXAMPLE


def test_example_end_to_end():
    work = ficlens.analyze_file(EXAMPLE)
    assert work.metadata.title == "The Lighthouse Keys" and work.metadata.authors == ["quillfeather"]
    assert work.metadata.notes and "canon divergence" in work.metadata.notes[0]
    by_name = {c.name: c for c in work.characters}
    assert {n for n, c in by_name.items() if c.presence == "present"} == {"Mira Okafor", "Jonah", "Teddy"}
    assert "Mira" in by_name["Mira Okafor"].aliases
    assert by_name["Ruth Okafor"].presence == "mentioned" and "Ruth" in by_name["Ruth Okafor"].aliases
    assert len(work.quotes) == 31 and all(q.speaker for q in work.quotes)
    names = {c.id: c.name for c in work.characters}
    assert [names[q.speaker] for q in work.quotes[:4]] == ["Jonah", "Mira Okafor", "Jonah", "Teddy"]
    assert work.narrative.pov == by_name["Mira Okafor"].id
