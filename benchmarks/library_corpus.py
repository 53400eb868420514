"""Generated works for the library's tests and scale benchmarks: FanFicFare-style text files with archive
metadata and dialogue between named characters, reproducible from a seed (no real fics are copied)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

FANDOMS = {
    "Harbour Lights (TV)": ["Mira Okafor", "Jonah Reyes", "Teddy Marsh", "Ruth Okafor", "Pilot Oskar"],
    "The Glass Orchard": ["Ilse Brandt", "Corin Vale", "Anouk Fairweather", "Dr. Pell"],
    "Starfall Academy": ["Kestrel Ng", "Dash Moreau", "Professor Wren", "Tamsin Hale", "Bo Lindqvist"],
    "Original Work": ["Maren Voss", "Oskar", "Perrin"],
}
RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"]
WARNINGS = ["No Archive Warnings Apply", "Graphic Depictions Of Violence", "Major Character Death",
            "Creator Chose Not To Use Archive Warnings"]  # fmt: skip
FREEFORM = ["Found Family", "Slow Burn", "Hurt/Comfort", "Fluff", "Angst", "Canon Divergence", "Road Trip",
            "Alternate Universe - Coffee Shops & Cafés", "Mutual Pining", "Lighthouses", "Fog", "Letters"]  # fmt: skip
LANGUAGES = ["English"] * 8 + ["Deutsch", "Español"]
WORDS = ("the harbour light fog rope salt window kettle letter stair lamp key tide boat bell morning night "
         "rain wind coat table door field orchard glass lesson map star train bridge river garden").split()
VERBS = "said asked whispered answered muttered called replied".split()
LINES = ["You could have told me it was a climb.", "I never said it would be easy.", "Where were you last night?",
         "Hand me the key, would you?", "We should have left an hour ago.", "That is not how I remember it.",
         "Tell me the truth for once.", "I kept every one of your letters.", "Is the kettle on?",
         "Don't look at me like that."]  # fmt: skip


@dataclass
class GeneratedWork:
    title: str
    author: str
    fandom: str
    characters: list[str]
    relationships: list[str]
    rating: str
    warnings: list[str]
    tags: list[str]
    language: str
    work_id: int
    chapters: list[str] = field(default_factory=list)
    complete: bool = True
    published: str = "2020-01-01"


def narration(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return (" ".join(chosen)).capitalize() + "."


def chapter_text(rng: random.Random, characters: list[str], words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        if rng.random() < 0.45 and len(characters) >= 2:
            speaker, other = rng.sample(characters, 2)
            line = rng.choice(LINES)
            paragraphs.append(f'"{other.split()[0]}, {line[0].lower()}{line[1:]}" {speaker} {rng.choice(VERBS)}.')
            count += len(paragraphs[-1].split())
        else:
            sentence = f"{rng.choice(characters)} looked at the {rng.choice(WORDS)}. " + narration(rng, 12)
            paragraphs.append(sentence + " " + narration(rng, rng.randint(8, 30)))
            count += len(paragraphs[-1].split())
    return "\n\n".join(paragraphs)


def generate(index: int, words: int = 800, seed: int = 0, chapters: int | None = None) -> GeneratedWork:
    rng = random.Random(seed * 1_000_003 + index)
    fandom = rng.choice(list(FANDOMS))
    cast = rng.sample(FANDOMS[fandom], min(len(FANDOMS[fandom]), rng.randint(2, 4)))
    pair = cast[:2]
    relationships = [f"{pair[0]}/{pair[1]}" if rng.random() < 0.6 else f"{pair[0]} & {pair[1]}"]
    count = chapters or rng.randint(1, 3)
    work = GeneratedWork(
        title=f"{rng.choice(WORDS).title()} and {rng.choice(WORDS).title()} {index}",
        author=f"writer{rng.randint(1, 400)}", fandom=fandom, characters=cast, relationships=relationships,
        rating=rng.choice(RATINGS), warnings=[rng.choice(WARNINGS)], tags=rng.sample(FREEFORM, 3),
        language=rng.choice(LANGUAGES), work_id=10_000_000 + index, complete=rng.random() < 0.7,
        published=f"{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    )  # fmt: skip
    # the author leaves the last character of the cast untagged: the library must still find them by their lines
    work.characters = cast[:-1] if len(cast) > 2 else cast
    work.chapters = [chapter_text(rng, cast, max(40, words // count)) for _ in range(count)]
    return work


def fanficfare_text(work: GeneratedWork) -> str:
    planned = len(work.chapters) if work.complete else "?"
    head = [
        work.title, "", f"by {work.author}", "", "",
        f"Fandom: {work.fandom}", f"Rating: {work.rating}", f"Warnings: {', '.join(work.warnings)}",
        f"Relationships: {', '.join(work.relationships)}", f"Characters: {', '.join(work.characters)}",
        f"Tags: {', '.join(work.tags)}", f"Language: {work.language}",
        f"Status: {'Completed' if work.complete else 'In-Progress'}", f"Published: {work.published}",
        f"Chapters: {len(work.chapters)}/{planned}", "Publisher: archiveofourown.org",
        f"Story URL: https://archiveofourown.org/works/{work.work_id}",
        f"Summary: {work.characters[0]} and the {work.fandom} crew, in {len(work.chapters)} parts.", "", "",
        "TABLE OF CONTENTS", "",
    ]  # fmt: skip
    head += [f"Chapter {i + 1}" for i in range(len(work.chapters))] + ["", ""]
    body = []
    for i, text in enumerate(work.chapters):
        body += [f"\tChapter {i + 1}", "", text, "", ""]
    return "\n".join(head + body) + "\nEnd file.\n"


def write_generated_works(folder: Path, count: int, words: int = 800, seed: int = 0, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + count):
        path = folder / f"generated-{index:06d}.txt"
        path.write_text(fanficfare_text(generate(index, words, seed)), encoding="utf-8")
        paths.append(path)
    return paths
