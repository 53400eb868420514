"""Test helpers: EPUB archives built from the hand-written fixture folders."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def build_epub(folder: str, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """Zip a fixture folder as an EPUB (mimetype first, stored); `replace`/`extra` swap or add members."""
    root = FORMATS / folder
    members = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    members.update(replace or {})
    members.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), members.pop("mimetype", b"application/epub+zip"))
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
