"""Canon files: a fandom's characters with canonical names, aliases and genders, written by the user (YAML).

fandom: Smallville
characters:
  - name: Lex Luthor
    aliases: [Lex, Alexander Luthor]
    gender: male
places: [Smallville, Metropolis]     # names that are never characters
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ficlens.errors import InputError, UsageError
from ficlens.model import Gender

MAX_CANON_BYTES = 1_000_000


class CanonCharacter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    aliases: list[str] = Field(default_factory=list)
    gender: Gender = "unknown"


class Canon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fandom: str | None = None
    characters: list[CanonCharacter] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)

    def lookup(self) -> dict[str, CanonCharacter]:
        """Every name and alias (lower case) -> its canon character; a name two characters share is left out."""
        table: dict[str, CanonCharacter | None] = {}
        for character in self.characters:
            for name in {character.name, *character.aliases}:
                key = name.lower()
                table[key] = None if key in table and table[key] is not character else character
        return {k: v for k, v in table.items() if v is not None}


def load_canon(path: str | Path) -> Canon:
    import yaml

    if not isinstance(path, str | os.PathLike):
        raise UsageError(f"load_canon() takes a file path (str or pathlib.Path), not {type(path).__name__}")
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the canon file ({error.strerror or error})") from None
    if len(data) > MAX_CANON_BYTES:
        raise InputError(f"{path}: canon file over {MAX_CANON_BYTES:,} bytes")
    try:
        return Canon.model_validate(yaml.safe_load(data) or {})
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML ({str(error).splitlines()[0]})") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{path}: canon file problem at {where or 'top level'}: {first['msg']}") from None
