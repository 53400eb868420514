from __future__ import annotations

import pytest

from ficlens.library import Library
from tests.library_support import mixed_folder


@pytest.fixture(scope="session")
def analysed_library(tmp_path_factory):
    """A library of the mixed folder, imported once with analysis (the models load once per session)."""
    folder = tmp_path_factory.mktemp("downloads")
    paths = mixed_folder(folder)
    db = tmp_path_factory.mktemp("db") / "library.db"
    with Library.open(db) as library:
        results = library.add([folder])
    return {"db": db, "folder": folder, "results": results, **paths}


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "library.db") as opened:
        yield opened
