"""Each character's utterance count, and who is present in the story (speaks, or is addressed at least twice)
rather than only mentioned; a character the story gives no gender takes its given name's (`Clark`). The name's
gender comes only now, after attribution: fed to the speaker stages (all four rankers retrained on it, 2026-12-07)
it raised PDNC own-list accuracy, lowered the gold-list one, and turned `"...," she says` after `Aunt Ruth is a
story...` into Ruth's line in the bundled example."""

from __future__ import annotations

from collections import Counter

from ficlens.model import Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.stages.characters import given_name_gender

MIN_ADDRESSED_TO_BE_PRESENT = 2  # one vocative can be a name read aloud or called out to someone absent


def count_presence(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    spoken = Counter(q.speaker for q in work.quotes if q.speaker and q.kind == "speech")
    addressed = Counter(a for q in work.quotes for a in q.addressees)
    for character in work.characters:
        character.quote_count = spoken[character.id]
        present = spoken[character.id] > 0 or addressed[character.id] >= MIN_ADDRESSED_TO_BE_PRESENT
        character.presence = "present" if present else "mentioned"
        if character.gender == "unknown":
            character.gender = given_name_gender(character)


STAGE = Stage(
    "presence",
    reads=("quotes", "characters"),
    writes=("characters.quote_count", "characters.presence", "characters.gender"),
    run=count_presence,
    description="utterances per character; present or only mentioned; genders from given names",
)
