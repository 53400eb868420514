"""Setting tags (Alternate Universe, Canon Divergence, Post-/Pre-Canon, Season N) from what the author's notes and
summary say. A cue the same clause negates (`not an AU`, `this isn't canon divergent`) does not count."""

from __future__ import annotations

import re

from ficlens.model import TagSuggestion, Work

NUMBER_WORDS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()
# `season 4`, `season four`, `4x09`
SEASON = rf"season\s+(\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\b|\b(\d{{1,2}})x\d{{2}}\b"
SETTING_CUES = [
    (re.compile(r"\b(?:au|a/u|alternate universe)\b(?!-\w)", re.I), "Alternate Universe"),  # not `au-pair`
    (re.compile(r"\bcanon[- ]divergen\w*|\bdiverges? from canon\b", re.I), "Canon Divergence"),
    (re.compile(r"\bpost[- ](?:canon|series|finale)\b|\bafter the (?:(?:series|show) (?:finale\b|end)|finale\b)", re.I),
     "Post-Canon"),
    (re.compile(r"\bpre[- ](?:canon|series)\b", re.I), "Pre-Canon"),
    (re.compile(rf"\b(?:{SEASON})", re.I), "Season"),
]
NEGATION = re.compile(r"\b(?:not|never|no)\b|n['’]t\b", re.I)
CLAUSE_END = re.compile(r"[.;:!?,]|\b(?:but|though|although)\b", re.I)
# Right for 15 of 15 on the dev notes (training/tags/setting_notes.yaml), smoothed: (15 + 1) / (15 + 2); the test
# notes are reported by `python -m benchmarks.relationships`.
SETTING_SCORE = 0.94


def negated(text: str, start: int) -> bool:
    """A negation earlier in the cue's clause: `This is NOT an AU`, `I know this isn't really an AU`."""
    clause = text[:start]
    ends = [m.end() for m in CLAUSE_END.finditer(clause)]
    return bool(NEGATION.search(clause[ends[-1] if ends else 0 :]))


def tag_name(tag: str, match: re.Match[str]) -> str:
    if tag != "Season":
        return tag
    number = next(g for g in match.groups() if g)
    return f"Season {NUMBER_WORDS.index(number.lower()) + 1 if number.lower() in NUMBER_WORDS else int(number)}"


def suggest_setting(work: Work) -> list[TagSuggestion]:
    found: dict[str, TagSuggestion] = {}
    for source in [*work.metadata.notes, work.metadata.summary or ""]:
        for pattern, tag in SETTING_CUES:
            match = next((m for m in pattern.finditer(source) if not negated(source, m.start())), None)
            if match and (name := tag_name(tag, match)) not in found:
                found[name] = TagSuggestion(
                    tag=name, score=SETTING_SCORE, note=f"author's note: “{context(source, match)}”"
                )
    return list(found.values())


def context(text: str, match: re.Match[str], width: int = 40) -> str:
    """About `width` characters either side of the match, in whole words, with … where the note goes on."""
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    if start > 0 and not text[start - 1].isspace():  # inside a word: begin at the next one
        gap = re.search(r"\s", text[start : match.start()])
        start = start + gap.end() if gap else match.start()
    if end < len(text) and not text[end].isspace():  # inside a word: end before it
        gaps = [m.start() for m in re.finditer(r"\s", text[match.end() : end])]
        end = match.end() + gaps[-1] if gaps else match.end()
    words = " ".join(text[start:end].split())
    return ("…" if text[:start].strip() else "") + words + ("…" if text[end:].strip() else "")
