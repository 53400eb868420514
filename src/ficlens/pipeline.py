"""Stages, the registry that names them, and the pipeline that runs them in order.

A stage declares the Work fields it reads and writes (`quotes`, `quotes.speaker`, `characters.gender`, or a
transient field such as `docs`); the declarations are checked against the model when the stage is made, the order
when a pipeline is built, and the truth by tests/test_stage_contracts.py. Built-in stages are listed here; a
package adds its own under the `ficlens.stages` entry-point group, or a program with `register_stage`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ficlens.errors import PipelineError, UsageError
from ficlens.model import READER_FIELDS, REBUILT_ON_DEMAND, TRANSIENT_FIELDS, Work, field_model
from ficlens.options import AnalysisOptions

ENTRY_POINT_GROUP = "ficlens.stages"
BUILTIN_STAGES = {
    name: f"ficlens.stages.{name}"
    for name in (
        "structure", "linguistics", "quotes", "characters", "speaker_rules", "coreference", "speaker_ranking",
        "pronoun_mentions", "addressees", "presence", "narrative", "interactions", "tags",
    )
}  # fmt: skip
DEFAULT_PIPELINE = tuple(BUILTIN_STAGES)
# Speakers by the rules alone: no coreference, learned ranking or learned addressees.
RULES_PIPELINE = tuple(
    n for n in DEFAULT_PIPELINE if n not in ("coreference", "speaker_ranking", "pronoun_mentions", "addressees")
)


class StageSettings(BaseModel):
    """Base of a stage's typed settings; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Stage:
    """One analysis step: `run(work, options, settings)` reads the fields in `reads` and changes only `writes`;
    `preload(settings)`, called before the pipeline's first stage runs, may start loading what the stage will need
    (ficlens.preload)."""

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Work, AnalysisOptions, Any], None]
    settings: type[StageSettings] = StageSettings
    preload: Callable[[Any], None] | None = field(default=None, compare=False)
    description: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for path in (*self.reads, *self.writes):
            check_field_path(path, self.name)


def check_field_path(path: str, stage: str) -> None:
    """A declared field must name the model's fields: `quotes.speaker` is Work.quotes -> Quote.speaker."""
    first, *rest = path.split(".")
    if first in TRANSIENT_FIELDS and not rest:
        return
    model: Any = Work
    for part in [first, *rest]:
        fields = getattr(model, "model_fields", None)
        if fields is None or part not in fields:
            raise PipelineError(f"stage '{stage}' declares '{path}', but '{part}' is not a field of {model.__name__}")
        model = field_model(fields[part].annotation)


_registered: dict[str, Stage] = {}


def register_stage(stage: Stage) -> Stage:
    """Make a stage available by name to `analyze(..., stages=[...])` in this process."""
    if not isinstance(stage, Stage):
        raise UsageError(f"register_stage() takes a ficlens.Stage, not {type(stage).__name__}")
    _registered[stage.name] = stage
    return stage


@cache
def _entry_point_stages() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def get_stage(name: str) -> Stage:
    if name in _registered:
        return _registered[name]
    if name in BUILTIN_STAGES:
        return importlib.import_module(BUILTIN_STAGES[name]).STAGE
    if name in _entry_point_stages():
        stage = _entry_point_stages()[name].load()
        if not isinstance(stage, Stage) or stage.name != name:
            raise PipelineError(f"the entry point '{name}' in {ENTRY_POINT_GROUP} is not a Stage named '{name}'")
        return stage
    known = sorted({*BUILTIN_STAGES, *_entry_point_stages(), *_registered})
    raise PipelineError(f"no stage named '{name}'; known stages: {', '.join(known)}")


def stage_names() -> list[str]:
    return sorted({*BUILTIN_STAGES, *_entry_point_stages(), *_registered})


def build_pipeline(stages: Sequence[str | Stage]) -> list[Stage]:
    return [get_stage(s) if isinstance(s, str) else s for s in stages]


def available_fields(work: Work) -> set[str]:
    """Fields a Work holds: the reader's, what the stages it records wrote, and the transient fields it holds now
    (the others are gone once it is read back from JSON; `docs` is re-parsed on demand)."""
    have = set(READER_FIELDS)
    for name in work.layers:
        try:
            have.update(get_stage(name).writes)
        except PipelineError:
            continue  # a stage of another installation: its fields are not claimed
    held = {name for name in TRANSIENT_FIELDS if work.has_transient(name)}
    return {f for f in have if f.split(".")[0] not in TRANSIENT_FIELDS or f in REBUILT_ON_DEMAND} | held


def check_order(stages: Sequence[Stage], available: set[str] | Sequence[str] = READER_FIELDS) -> None:
    """Fail before any work is done if a stage reads a field no earlier stage writes, naming the fix."""
    have = {f.split(".")[0] for f in available}
    providers: dict[str, str] = {}
    for stage in stages:
        for path in stage.writes:
            providers.setdefault(path.split(".")[0], stage.name)
    for stage in stages:
        for path in stage.reads:
            top = path.split(".")[0]
            if top not in have:
                fix = (
                    f"put '{providers[top]}' before '{stage.name}'"
                    if top in providers
                    else f"add a stage that writes '{top}'"
                )
                raise PipelineError(f"stage '{stage.name}' needs '{top}', which no earlier stage writes: {fix}")
        have.update(path.split(".")[0] for path in stage.writes)


def stage_settings(stages: Sequence[Stage], given: dict[str, dict[str, Any]]) -> dict[str, StageSettings]:
    """Each stage's typed settings from `{stage name: {setting: value}}`; unknown stages or keys are usage errors."""
    names = {s.name for s in stages}
    unknown = sorted(set(given) - names)
    if unknown:
        raise UsageError(f"settings for stages not in the pipeline: {', '.join(unknown)}")
    result = {}
    for stage in stages:
        try:
            result[stage.name] = stage.settings(**given.get(stage.name, {}))
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise UsageError(f"stage '{stage.name}' setting '{where}': {problem['msg']}") from None
    return result


# on_progress(stage name, stages done, stages in all): before each stage, and ("done", n, n) at the end
ProgressCallback = Callable[[str, int, int], None]


def run_stages(
    work: Work, stages: Sequence[Stage], options: AnalysisOptions, on_progress: ProgressCallback | None = None
) -> Work:
    check_order(stages, available_fields(work))
    typed = stage_settings(stages, options.stage_settings)
    for stage in stages:
        if stage.preload is not None:
            stage.preload(typed[stage.name])
    for done, stage in enumerate(stages):
        if on_progress is not None:
            on_progress(stage.name, done, len(stages))
        stage.run(work, options, typed[stage.name])
        work.layers.append(stage.name)
    if on_progress is not None:
        on_progress("done", len(stages), len(stages))
    return work
