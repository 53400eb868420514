"""Readers: each turns a file's bytes into a `Work` with text and metadata, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

from ficlens.errors import InputError
from ficlens.ingest.decode import decode_text
from ficlens.ingest.plaintext import read_plain_text
from ficlens.model import Work

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def read_bytes(data: bytes, name: str = "input", max_bytes: int = DEFAULT_MAX_BYTES) -> Work:
    """Read a work from bytes; the format is detected from the content."""
    if len(data) > max_bytes:
        raise InputError(f"{name}: {len(data):,} bytes is over the {max_bytes:,}-byte input limit")
    decoded = decode_text(data, name)
    work = read_plain_text(decoded.text, source=name)
    work.metadata.encoding = decoded.encoding
    work.metadata.warnings += decoded.warnings
    if not work.text.strip():
        raise InputError(f"{name}: there is a header but no story text")
    return work


def read(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Work:
    """Read the work in the file at `path` (no analysis)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte input limit")
        if not path.is_file():
            raise InputError(f"{path}: not a regular file")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from None
    return read_bytes(data, name=str(path), max_bytes=max_bytes)
