"""The inputs of a corpus run: files, folders (read recursively) and zip archives of downloads, each expanded to
one source per story file. An EPUB is a zip too: it is one story, never an archive."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.errors import InputError
from ficlens.ingest import DEFAULT_MAX_BYTES, ZIP_MAGIC

ARCHIVE_SEPARATOR = "!"


@dataclass(frozen=True)
class Source:
    """One story file: a path, or a member of a zip archive. `name` is stable across runs (absolute path)."""

    path: str
    member: str | None = None
    size: int = field(default=0, compare=False)  # bytes on disk, or the member's uncompressed size

    @property
    def name(self) -> str:
        return f"{self.path}{ARCHIVE_SEPARATOR}{self.member}" if self.member else self.path

    def read_bytes(self, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
        try:
            if self.member is None:
                if os.path.getsize(self.path) > max_bytes:
                    raise InputError(f"{self.name}: over the {max_bytes:,}-byte input limit")
                return Path(self.path).read_bytes()
            with zipfile.ZipFile(self.path) as archive:
                if archive.getinfo(self.member).file_size > max_bytes:
                    raise InputError(f"{self.name}: over the {max_bytes:,}-byte input limit")
                return archive.read(self.member)
        except (OSError, zipfile.BadZipFile, KeyError) as error:
            raise InputError(f"{self.name}: cannot read ({error})") from None


def is_hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in Path(name).parts)


def archive_members(path: Path) -> list[tuple[str, int]] | None:
    """The story files in a zip archive of downloads with their sizes, or None when the file is a single story (an
    EPUB)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.read("mimetype").startswith(b"application/epub"):
                return None
            members = (i for i in archive.infolist() if not i.is_dir() and not is_hidden(i.filename))
            return sorted((i.filename, i.file_size) for i in members)
    except (zipfile.BadZipFile, OSError):
        return None  # read as one file: the reader reports what is wrong with it


def sources_in(path: Path, exclude: Path | None = None) -> Iterator[Source]:
    path = path.resolve()
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if exclude and child.is_relative_to(exclude):
                continue
            if child.is_file() and not is_hidden(str(child.relative_to(path))):
                yield from sources_in(child)
        return
    with path.open("rb") as handle:
        is_zip = handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    members = archive_members(path) if is_zip else None
    if members is None:
        yield Source(str(path), size=path.stat().st_size)
    else:
        yield from (Source(str(path), member, size) for member, size in members)


def expand_sources(
    paths: Sequence[str | os.PathLike[str]], exclude: str | os.PathLike[str] | None = None
) -> list[Source]:
    """Every story file under the given paths, each once, in a stable order; nothing under `exclude` (the output
    folder, when it lies inside a source folder)."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    seen: dict[str, Source] = {}
    excluded = Path(exclude).resolve() if exclude else None
    for path in paths:
        for source in sources_in(Path(path), excluded):
            seen.setdefault(source.name, source)
    return list(seen.values())
