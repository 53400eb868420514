"""Paragraphs and scenes: a separator line or a new chapter ends a scene."""

from ficlens.model import Chapter, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import StageSettings
from ficlens.stages.structure import find_paragraphs


def scene_texts(work: Work) -> list[str]:
    return [work.text[s.start : s.end] for s in work.scenes]


def test_a_separator_line_and_a_new_chapter_each_end_a_scene():
    text = "Ada waits.\n\nKit comes in.\n\n* * *\n\nLater, rain.\n\nChapter 2\n\nMorning. Ada sleeps.\n\nKit reads."
    second = text.index("Chapter 2")
    work = Work(text=text, chapters=[Chapter(start=0, end=second - 2), Chapter(start=second, end=len(text))])
    find_paragraphs(work, AnalysisOptions(), StageSettings())
    assert scene_texts(work) == [
        "Ada waits.\n\nKit comes in.",
        "Later, rain.",
        "Chapter 2\n\nMorning. Ada sleeps.\n\nKit reads.",
    ]
    assert len(work.paragraphs) == 6


def test_without_chapters_or_separators_the_work_is_one_scene():
    work = Work(text="One.\n\nTwo.\n\nThree.")
    find_paragraphs(work, AnalysisOptions(), StageSettings())
    assert scene_texts(work) == ["One.\n\nTwo.\n\nThree."]
