"""Matching a character's names in text: one regex per alias, and aliases written across a line break."""

from __future__ import annotations

import re


def alias_regex(alias: str) -> str:
    """A name as a pattern whose words may be split by any white space (`Mr.` at the end of a wrapped line)."""
    return r"\s+".join(re.escape(word) for word in alias.split())


def one_line(name: str) -> str:
    return " ".join(name.split())
