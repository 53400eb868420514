from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "samples" / "when-it-all-comes-down.txt"
EXAMPLE = ROOT / "examples" / "the-lighthouse-keys.txt"


def pytest_collection_modifyitems(config, items):
    if (SHARED / "data").is_dir() and SEED.is_file():
        return
    skip = pytest.mark.skip(reason=f"needs ../shared (data and samples) beside the repository, not found at {SHARED}")
    for item in items:
        if "shared_data" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def analyse():
    """Analyse a text with the shipped pipeline (loaded once)."""
    import ficlens

    def run(text: str, **options):
        return ficlens.analyze(text, **options)

    return run


def names_of(work, character_ids):
    return [work.character(c).name if work.character(c) else None for c in character_ids]
