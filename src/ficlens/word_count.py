"""Word counts as AO3 makes them, so a library's word ranges and a corpus's tables match the archive's."""

from __future__ import annotations

import re

# Scripts written without spaces between words: AO3 counts each character as a word.
UNSPACED_SCRIPTS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
UNSPACED_CHARACTER = re.compile(f"[{UNSPACED_SCRIPTS}]")
SPACED_WORD = re.compile(rf"[^\s{UNSPACED_SCRIPTS}]*[^\W{UNSPACED_SCRIPTS}][^\s{UNSPACED_SCRIPTS}]*")


def ao3_word_count(text: str) -> int:
    """Words as AO3 counts them: each Chinese, Japanese or Thai character is a word; other text is counted by
    whitespace-separated tokens that hold a letter or digit."""
    return len(UNSPACED_CHARACTER.findall(text)) + len(SPACED_WORD.findall(text))
