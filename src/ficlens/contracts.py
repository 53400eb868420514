"""Checks that a stage's declarations are the truth, for ficlens's tests and a plugin author's: run the stage on a
Work and list the fields it changed without declaring them, or read without declaring them (a field it did not
declare is blanked, and what the stage writes must not change)."""

from __future__ import annotations

import copy
from typing import Any

from ficlens.model import TRANSIENT_FIELDS, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, stage_settings


class Undeclared(list):
    """Stands for a field the stage did not declare: any use of it is an error that names it."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def fail(self, *args: Any) -> Any:
        raise LookupError(f"the stage used '{self.name}', which it does not declare in `reads`")

    __iter__ = __getitem__ = __len__ = fail


def clone(work: Work) -> Work:
    """A copy of the Work and its transient fields (the spaCy docs are shared: no stage changes them in place)."""
    twin = Work.model_validate(work.model_dump())
    for name in TRANSIENT_FIELDS:
        if work.has_transient(name):
            value = work.get_transient(name)
            twin.set_transient(name, value if name == "docs" else copy.deepcopy(value))
    return twin


def state(work: Work) -> dict[str, Any]:
    """Everything a stage may change: the serialised fields, and each transient field (docs by identity)."""
    found: dict[str, Any] = work.model_dump(exclude={"layers"})
    for name in TRANSIENT_FIELDS:
        if work.has_transient(name):
            value = work.get_transient(name)
            found[name] = id(value) if name == "docs" else copy.deepcopy(value)
    return found


def changed_fields(before: Any, after: Any, path: str = "") -> set[str]:
    """Dotted field paths (list positions left out) whose values differ: `quotes.speaker`, `narrative`."""
    if isinstance(before, dict) and isinstance(after, dict):
        found: set[str] = set()
        for key in before.keys() | after.keys():
            if key not in before or key not in after:
                found.add(f"{path}.{key}".lstrip("."))
            else:
                found |= changed_fields(before[key], after[key], f"{path}.{key}")
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return set().union(*(changed_fields(b, a, path) for b, a in zip(before, after)))
    return {path.lstrip(".")} if before != after else set()


def covered(path: str, declared: tuple[str, ...]) -> bool:
    return any(path == d or path.startswith(d + ".") for d in declared)


def undeclared_writes(stage: Stage, work: Work, options: AnalysisOptions | None = None) -> set[str]:
    """Run `stage` on a copy of `work`; the fields it changed that it does not declare in `writes`."""
    options = options or AnalysisOptions()
    subject = clone(work)
    before = state(subject)
    stage.run(subject, options, stage_settings([stage], options.stage_settings)[stage.name])
    return {path for path in changed_fields(before, state(subject)) if not covered(path, stage.writes)}


def undeclared_reads(stage: Stage, work: Work, options: AnalysisOptions | None = None) -> set[str]:
    """Run `stage` on a copy of `work` and on a copy with every field it does not declare blanked; the declared
    outputs that differ between the two (empty when the stage reads only what it declares)."""
    options = options or AnalysisOptions()
    settings = stage_settings([stage], options.stage_settings)[stage.name]
    kept = {path.split(".")[0] for path in (*stage.reads, *stage.writes)}
    reference, blanked = clone(work), clone(work)
    for name, info in Work.model_fields.items():
        if name not in kept and name not in ("schema_version", "layers"):
            setattr(blanked, name, "" if info.is_required() else info.get_default(call_default_factory=True))
    for name in TRANSIENT_FIELDS:
        if name not in kept:
            blanked.drop_transient(name)
    if "docs" not in kept:  # else they would be re-parsed on demand, hiding the read
        blanked.set_transient("docs", Undeclared("docs"))
    stage.run(reference, options, settings)
    stage.run(blanked, options, settings)
    outputs = {path.split(".")[0] for path in stage.writes}
    ours, theirs = state(reference), state(blanked)
    return {
        path
        for name in outputs
        for path in changed_fields(ours.get(name), theirs.get(name), name)
        if name != "docs"  # re-parsed docs are new objects with the same content
    }
