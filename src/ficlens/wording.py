"""How counts read in messages and reports: `1 sentence`, `2 sentences`."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`counted(1, "time")` -> `1 time`; `counted(1200, "word")` -> `1,200 words`."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
