"""spaCy's package imports, to re-export a few functions ficlens never calls, more than a cold `ficlens analyze` of
a short story spends on anything but the pipeline itself (BENCHMARKS.md, Speed): its whole command-line interface
(typer, requests, jinja2 and every CLI command) for `spacy.info`; srsly's vendored YAML library for
`srsly.read_yaml` and its kin; langcodes, which `spacy.util` reads only to match an unknown language code. While
spaCy's `__init__` runs, placeholders stand in for `spacy.cli`, `spacy.cli.info` and `srsly._yaml_api`, whose
functions import the real ones on first call, and for langcodes, whose attributes are the real module's once read;
they are gone once spaCy is imported, so `import spacy.cli` or `import langcodes` loads the real module.
(importlib.util.LazyLoader cannot serve: the import statement itself reads the module's `__spec__`, which loads it.)"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types
from collections.abc import Callable
from typing import Any

YAML_FUNCTIONS = ("read_yaml", "write_yaml", "yaml_dumps", "yaml_loads", "is_yaml_serializable")


def calls_real(module: str, name: str) -> Callable[..., Any]:
    """A function that imports `module` and calls its `name`."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def placeholder(module: str, names: tuple[str, ...]) -> types.ModuleType:
    stand_in = types.ModuleType(module)
    for name in names:
        setattr(stand_in, name, calls_real(module, name))
    return stand_in


def forwarding(module: str) -> types.ModuleType:
    """A stand-in for `module` whose attributes are read from the real module, imported on first use."""
    stand_in = types.ModuleType(module)

    def read(name: str) -> Any:
        real = importlib.import_module(module)
        if real is stand_in:
            raise AttributeError(f"{module}.{name} was read while spaCy was being imported")
        return getattr(real, name)

    stand_in.__getattr__ = read  # type: ignore[attr-defined]  (PEP 562: for names the stand-in lacks)
    return stand_in


def spacy_stand_ins() -> dict[str, types.ModuleType]:
    return {
        "spacy.cli": types.ModuleType("spacy.cli"),
        "spacy.cli.info": placeholder("spacy.cli.info", ("info",)),
        "langcodes": forwarding("langcodes"),
    }


def srsly_stand_ins() -> dict[str, types.ModuleType]:
    return {"srsly._yaml_api": placeholder("srsly._yaml_api", YAML_FUNCTIONS)}


STAND_INS = {"spacy": spacy_stand_ins, "srsly": srsly_stand_ins}  # thinc imports srsly before spaCy does


class DeferringLoader(importlib.abc.Loader):
    """Runs a package's own loader with its stand-ins in `sys.modules`, and takes them out afterwards."""

    def __init__(self, loader: importlib.abc.Loader, stand_ins: dict[str, types.ModuleType]) -> None:
        self.loader = loader
        self.stand_ins = {name: module for name, module in stand_ins.items() if name not in sys.modules}

    def create_module(self, spec):  # noqa: ANN001, ANN201 (importlib's signature)
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        sys.modules.update(self.stand_ins)
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        try:
            self.loader.exec_module(module)  # type: ignore[attr-defined]
        finally:
            for name, stand_in in self.stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
                parent, _, child = name.rpartition(".")
                if parent == module.__name__ and module.__dict__.get(child) is stand_in:
                    delattr(module, child)  # `spacy.cli` is the real one once imported


class DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds spaCy and srsly as usual, once each, and hands their loaders to DeferringLoader."""

    def __init__(self) -> None:
        self.waiting = {name for name in STAND_INS if name not in sys.modules}

    def find_spec(self, name, path=None, target=None):  # noqa: ANN001, ANN201 (importlib's signature)
        if name not in self.waiting:
            return None
        self.waiting.discard(name)
        if not self.waiting:
            self.remove()
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = DeferringLoader(spec.loader, STAND_INS[name]())
        return spec

    def remove(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)


def defer_spacy_extras() -> None:
    """Installs the finder, unless spaCy and srsly are imported already."""
    finder = DeferringFinder()
    if finder.waiting and not any(isinstance(f, DeferringFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, finder)
