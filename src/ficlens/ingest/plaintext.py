"""Plain-text reader: a `Key: value` header or a title / `by AUTHOR` / note header, then the story."""

from __future__ import annotations

import re

from ficlens.ingest.labels import LABEL_FIELDS, apply_label
from ficlens.model import Chapter, Metadata, Work

HEADER_LINE = re.compile(r"^\s*(" + "|".join(re.escape(k) for k in LABEL_FIELDS) + r")\s*:\s*(.*)$", re.I)
BY_LINE = re.compile(r"^\s*by[:\s]\s*(\S.{0,100})$", re.I)
SEPARATOR = re.compile(r"^\s*(?:[-*~=_#+.o]\s*){3,}\s*$")
NOTE_START = re.compile(
    r"^\s*(?:a/n|author'?s'? notes?|notes?|disclaimer|summary|pairing|rating|warnings?|spoilers?|dedication)\b",
    re.I,
)
NOTE_CUES = re.compile(
    r"\b(?:au|a/u|season \d+|spoilers?|disclaimer|pairing|beta(?:ed| read)?|set (?:after|during|before)|"
    r"takes place|written for|fic|fanfic|own nothing|don'?t own|prompt|one-?shot|crossover|canon|ooc)\b",
    re.I,
)
QUOTE_MARK = re.compile(r"[\"\u201c\u201d]")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def split_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of blank-line-separated blocks, stripped of surrounding whitespace."""
    blocks, position = [], 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            blocks.append((position + lead, position + len(chunk.rstrip())))
        position = match.end() if match else len(text)
    return blocks


def read_key_value_header(text: str, blocks: list[tuple[int, int]], metadata: Metadata) -> int:
    """Parse `Key: value` lines at the top; return how many blocks they used."""
    used = 0
    for start, end in blocks:
        lines = text[start:end].split("\n")
        if not HEADER_LINE.match(lines[0]):
            break
        key, values = None, []
        for line in [*lines, None]:
            match = HEADER_LINE.match(line) if line is not None else None
            if match or line is None:
                if key:
                    apply_label(metadata, key, [" ".join(values)])
                if match:
                    key, values = match.group(1), [match.group(2).strip()]
            elif key:
                values.append(line.strip())
        used += 1
    return used


def is_title_line(block: str) -> bool:
    return "\n" not in block and len(block) <= 150 and not QUOTE_MARK.search(block) and block[-1] not in ".,;"


def is_note(block: str) -> bool:
    if NOTE_START.match(block):
        return True
    return len(block) <= 600 and not QUOTE_MARK.search(block) and bool(NOTE_CUES.search(block))


def read_title_header(text: str, blocks: list[tuple[int, int]], metadata: Metadata) -> int:
    """Parse `TITLE` / `by AUTHOR` / optional notes; return how many blocks they used."""
    if len(blocks) < 3:
        return 0
    first, second = (text[s:e] for s, e in blocks[:2])
    by_index = 1 if BY_LINE.match(second) and is_title_line(first) else 0 if BY_LINE.match(first) else None
    if by_index is None:
        return 0
    if by_index == 1:
        metadata.title = first.strip()
    metadata.authors.append(BY_LINE.match(text[slice(*blocks[by_index])]).group(1).strip())
    used = by_index + 1
    rest = [text[s:e] for s, e in blocks[used : used + 6]]
    separator = next((i for i, block in enumerate(rest) if SEPARATOR.match(block)), None)
    if separator is not None and separator < len(rest) - 1:
        metadata.notes += [b.strip() for b in rest[:separator]]
        return used + separator + 1
    while used < len(blocks) - 1 and is_note(text[slice(*blocks[used])]):
        metadata.notes.append(text[slice(*blocks[used])].strip())
        used += 1
    return used


def read_plain_text(text: str, source: str | None = None) -> Work:
    """Split a header off the story; the rest is the story text, one chapter."""
    metadata = Metadata(source=source, format="plain-text")
    blocks = split_blocks(text)
    used = read_key_value_header(text, blocks, metadata) or read_title_header(text, blocks, metadata)
    story_start = blocks[used][0] if used < len(blocks) else len(text)
    story = text[story_start:].rstrip() + "\n"
    work = Work(text=story, metadata=metadata)
    work.chapters = [Chapter(start=0, end=len(story.rstrip()), title=metadata.title)]
    return work
