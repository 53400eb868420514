"""The passages a work is rated by: its paragraphs, short ones (a line of dialogue) joined with the next until the
window holds MIN_WORDS words, long ones cut at sentence ends into windows of at most MAX_WORDS; each with harmless
idioms and period usage blanked (`the fair sex`, `he died laughing`; `making love` as courting when the passage
describes no bodies)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.model import Work
from ficlens.tags.signals import HARMLESS, blank, words

MIN_WORDS = 25  # windows about as long as the training passages (median 24 words, at most 35)
MAX_WORDS = 60
SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[\"\u201c'\u2018(]?[A-Z])")
# `making love to Miss Ashby` in a 19th-century novel is courting; with bodies on the page it is not
COURTING = words(r"ma(?:de|ke|kes|king) (?:a great deal of |much )?love to")
BODIES = words(
    r"bed|beds|naked|undress\w*|bare|skin|thighs?|breasts?|nipples?|hips?|lips|mouth|tongue|moan\w*|sheets|"
    r"cock|clit|erection|inside (?:her|him|me)|thrust\w*|orgasm\w*|came|kiss\w*"
)


@dataclass
class Passage:
    start: int
    end: int
    text: str  # idioms blanked


def blank_idioms(text: str) -> str:
    text = HARMLESS.sub(blank, text)
    if not BODIES.search(text):
        text = COURTING.sub(blank, text)
    return text


def split_long(text: str, start: int) -> list[tuple[int, int]]:
    """A paragraph over MAX_WORDS cut at sentence ends into pieces of at most MAX_WORDS (a longer sentence whole)."""
    cuts = [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]
    pieces: list[tuple[int, int]] = []
    begin, count = 0, 0
    for left, right in zip(cuts, cuts[1:]):
        n = len(text[left:right].split())
        if count and count + n > MAX_WORDS:
            pieces.append((start + begin, start + left))
            begin, count = left, 0
        count += n
    pieces.append((start + begin, start + len(text)))
    return pieces


def passages(work: Work) -> list[Passage]:
    windows: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # short paragraphs waiting to reach MIN_WORDS
    pending_words = 0
    for start, end in ((p.start, p.end) for p in work.paragraphs):
        n = len(work.text[start:end].split())
        if n > MAX_WORDS:
            if pending:
                windows.append(pending)
                pending, pending_words = None, 0
            windows.extend(split_long(work.text[start:end], start))
            continue
        pending = (pending[0], end) if pending else (start, end)
        pending_words += n
        if pending_words >= MIN_WORDS:
            windows.append(pending)
            pending, pending_words = None, 0
    if pending:
        windows.append(pending)
    return [Passage(start, end, blank_idioms(work.text[start:end])) for start, end in windows]
