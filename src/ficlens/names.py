"""Matching a character's names in text: one regex per alias, aliases written across a line break, and aliases
that several characters share (`Charles` of `Charles Musgrove` and `Charles Hayter`)."""

from __future__ import annotations

import re


def alias_regex(alias: str) -> str:
    """A name as a pattern whose words may be split by any white space (`Mr.` at the end of a wrapped line)."""
    return r"\s+".join(re.escape(word) for word in alias.split())


def one_line(name: str) -> str:
    return " ".join(name.split())


def alias_owners(characters) -> dict[str, list[str]]:
    """Each name or alias (on one line) and the ids of the characters that carry it, in the characters' order."""
    owners: dict[str, list[str]] = {}
    for character in characters:
        for alias in {character.name, *character.aliases}:
            found = owners.setdefault(one_line(alias), [])
            if character.id not in found:
                found.append(character.id)
    return owners


def most_recent(owners: list[str], last_seen: dict[str, int], frequency: dict[str, int]) -> str:
    """Of the characters sharing a name, the one seen last (by `last_seen` positions), else the most frequent."""
    seen = [cid for cid in owners if cid in last_seen]
    if seen:
        return max(seen, key=last_seen.__getitem__)
    return max(owners, key=lambda cid: frequency.get(cid, 0))
