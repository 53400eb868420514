"""Fixtures for the library and web tests: a folder of mixed downloads and a hostile work, built by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.library_corpus import write_generated_works
from tests.conftest import EXAMPLE, SEED
from tests.helpers import FORMATS, build_epub

# Strings that would run script or inject markup if any template printed them unescaped
HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)></script><b onmouseover=alert(2)>'


def hostile_story() -> str:
    """A FanFicFare-style text whose title, author, tags, summary, notes and text all carry markup."""
    return "\n".join([
        f"Title {HOSTILE}", "", f"by author{HOSTILE}", "", "",
        f"Fandom: Fandom {HOSTILE}", "Rating: Mature", f"Warnings: No Archive Warnings Apply, Warn {HOSTILE}",
        f"Relationships: Vex Hollow/Ada {HOSTILE}", f"Characters: Vex Hollow, Ada {HOSTILE}",
        f"Tags: tag {HOSTILE}", "Language: English", "Status: Completed", "Published: 2021-05-05", "Chapters: 1/1",
        "Story URL: https://archiveofourown.org/works/666", f"Summary: summary {HOSTILE}", f"Notes: note {HOSTILE}",
        "", "", "TABLE OF CONTENTS", "", f"Chapter {HOSTILE}", "", "",
        f"\tChapter {HOSTILE}", "",
        f'"Vex, look at this {HOSTILE}," Ada Quill said.', "",
        f'"I see it {HOSTILE}," Vex Hollow answered. Ada Quill laughed at the </script> in the window.', "",
        f"Narration with {HOSTILE} in it, and Vex Hollow thought about Ada Quill.", "", "",
        "End file.", "",
    ])  # fmt: skip


def mixed_folder(folder: Path, generated: int = 2, with_seed: bool = True) -> dict[str, Path]:
    """The fixtures (AO3 HTML, FanFicFare text and HTML, two EPUBs), the seed story, generated works, a broken
    EPUB and a file that is not a story; returns the notable paths."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("ao3-oneshot.html", "ao3-two-chapters.html", "fanficfare.html", "fanficfare.txt"):
        shutil.copy(FORMATS / name, folder / name)
    nested = folder / "epubs"
    nested.mkdir()
    (nested / "paper-boats.epub").write_bytes(build_epub("ao3-epub"))
    (nested / "lanterns.epub").write_bytes(build_epub("fff-epub"))
    broken = nested / "broken.epub"
    broken.write_bytes(build_epub("ao3-epub")[:700])  # cut short: not a readable archive
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    if with_seed and SEED.is_file():
        (folder / "seed.txt").symlink_to(SEED)  # read from ../shared, never copied
    write_generated_works(folder / "generated", generated, words=300)
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff not a story")  # not a story suffix: never read
    return {"broken": broken, "seed": folder / "seed.txt"}
