"""Paragraphs and scenes from blank lines, separator lines and chapter starts."""

from __future__ import annotations

import re
from bisect import bisect_right

from ficlens.ingest.plaintext import SEPARATOR, split_blocks
from ficlens.model import Paragraph, Scene, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings


def line_blocks(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def find_paragraphs(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    text = work.text
    blocks = split_blocks(text)
    # Text with one paragraph per line and no blank lines between them.
    if len(blocks) <= 2 and text.count("\n") > 10:
        blocks = line_blocks(text)
    chapter_starts = sorted(c.start for c in work.chapters)
    paragraphs, scenes, scene_start = [], [], None
    for start, end in blocks:
        new_chapter = scene_start is not None and bisect_right(chapter_starts, scene_start) < bisect_right(
            chapter_starts, start
        )
        if new_chapter:  # a chapter ends the scene before it
            scenes.append(Scene(start=scene_start, end=paragraphs[-1].end))
            scene_start = None
        if SEPARATOR.match(text[start:end]):
            if scene_start is not None:
                scenes.append(Scene(start=scene_start, end=paragraphs[-1].end))
            scene_start = None
            continue
        start += len(text[start:end]) - len(text[start:end].lstrip())
        paragraphs.append(Paragraph(start=start, end=end))
        scene_start = start if scene_start is None else scene_start
    if scene_start is not None:
        scenes.append(Scene(start=scene_start, end=paragraphs[-1].end))
    work.paragraphs, work.scenes = paragraphs, scenes


STAGE = Stage(
    "structure", reads=("text", "chapters"), writes=("paragraphs", "scenes"), run=find_paragraphs,
    description="paragraphs and scenes",
)  # fmt: skip
