"""spaCy's package imports its whole command-line interface (typer, requests, jinja2 and every CLI command) to
re-export one function, `spacy.info`, that ficlens never calls: about a fifth of a cold `ficlens analyze` of a
short story (BENCHMARKS.md, Speed). While spaCy's `__init__` runs, placeholders stand in for `spacy.cli` and
`spacy.cli.info`; they are gone once spaCy is imported, so `import spacy.cli` loads the real one, and `spacy.info`
calls it."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import types
from typing import Any


def info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, the real one imported on first call."""
    from spacy.cli.info import info as real_info

    return real_info(*args, **kwargs)


class SpacyLoader(importlib.abc.Loader):
    """Runs spaCy's own loader with the CLI placeholders in `sys.modules`, and takes them out afterwards."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec):  # noqa: ANN001, ANN201 (importlib's signature)
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        cli = types.ModuleType("spacy.cli")
        cli_info = types.ModuleType("spacy.cli.info")
        cli_info.info = info  # type: ignore[attr-defined]
        placeholders = {"spacy.cli": cli, "spacy.cli.info": cli_info}
        sys.modules.update(placeholders)
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        try:
            self.loader.exec_module(module)  # type: ignore[attr-defined]
        finally:
            for name, placeholder in placeholders.items():
                if sys.modules.get(name) is placeholder:
                    del sys.modules[name]
            if module.__dict__.get("cli") is cli:
                del module.cli


class SpacyFinder(importlib.abc.MetaPathFinder):
    """Finds spaCy as usual, once, and hands its loader to SpacyLoader."""

    def find_spec(self, name, path=None, target=None):  # noqa: ANN001, ANN201 (importlib's signature)
        if name != "spacy":
            return None
        self.remove()
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = SpacyLoader(spec.loader)
        return spec

    def remove(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)


def defer_spacy_cli() -> None:
    """Installs the finder, unless spaCy is imported already."""
    if "spacy" not in sys.modules and not any(isinstance(f, SpacyFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, SpacyFinder())
