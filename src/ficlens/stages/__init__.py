"""Analysis stages. Each reads the Work, adds the layers it `assigns`, and names the layers it `requires`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ficlens.errors import PipelineError
from ficlens.model import Work
from ficlens.options import AnalysisOptions


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Work, AnalysisOptions], None]


def check_order(stages: Sequence[Stage], available: Sequence[str] = ()) -> None:
    """Fail before any work is done if a stage needs a layer no earlier stage adds."""
    have = set(available)
    providers = {layer: stage.name for stage in stages for layer in stage.assigns}
    for stage in stages:
        for layer in stage.requires:
            if layer not in have:
                fix = (
                    f"put '{providers[layer]}' before '{stage.name}'"
                    if layer in providers
                    else f"add a stage that assigns '{layer}'"
                )
                raise PipelineError(f"stage '{stage.name}' needs '{layer}', which no earlier stage adds: {fix}")
        have.update(stage.assigns)


def default_stages() -> list[Stage]:
    from ficlens import tags
    from ficlens.stages import characters, interactions, linguistics, narrative, quotes, speakers, structure

    return [
        structure.STAGE, linguistics.STAGE, quotes.STAGE, characters.STAGE, speakers.STAGE, narrative.STAGE,
        interactions.STAGE, tags.STAGE,
    ]  # fmt: skip


def run_stages(work: Work, stages: Sequence[Stage], options: AnalysisOptions) -> Work:
    check_order(stages, work.layers)
    for stage in stages:
        stage.run(work, options)
        work.layers += [layer for layer in stage.assigns if layer not in work.layers]
    return work
