"""ficlens: read fan fiction the way fans do.

import ficlens
work = ficlens.analyze(text)            # a Work with quotes, speakers, characters, narrative, suggested tags
work = ficlens.read("story.txt")        # reader only
work = ficlens.analyze_work(work)       # analyse a Work you read yourself
work = ficlens.analyze(text, stages=["structure", "quotes"])   # only some stages (names from ficlens.pipeline)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from pydantic import ValidationError

from ficlens.canon import Canon, load_canon
from ficlens.errors import FiclensError, InputError, ModelError, PipelineError, UsageError
from ficlens.ingest import read, read_bytes
from ficlens.model import SCHEMA_VERSION, Work
from ficlens.options import ANALYSIS_WORDS_PER_SECOND, AnalysisOptions, GivenCharacter
from ficlens.pipeline import (
    DEFAULT_PIPELINE,
    RULES_PIPELINE,
    ProgressCallback,
    Stage,
    build_pipeline,
    register_stage,
    run_stages,
)
from ficlens.spacy_import import defer_spacy_extras

defer_spacy_extras()  # importing ficlens does not import spaCy; when a stage does, it comes without its CLI

try:
    __version__ = version("ficlens")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
__all__ = [
    "SCHEMA_VERSION",
    "AnalysisOptions",
    "Canon",
    "FiclensError",
    "GivenCharacter",
    "InputError",
    "ModelError",
    "PipelineError",
    "Stage",
    "UsageError",
    "Work",
    "analyze",
    "analyze_file",
    "analyze_work",
    "load_canon",
    "read",
    "read_bytes",
    "register_stage",
]


def analyze_work(
    work: Work,
    stages: Sequence[str | Stage] | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    **options: Any,
) -> Work:
    """Run the analysis stages (by default every one, or the rules pipeline with `rules_only=True`) over a Work;
    returns the same Work, annotated. `stages` names stages of ficlens.pipeline or registered ones.
    `on_progress(stage_name, stages_done, stages_total)` is called before each stage and once at the end."""
    if not isinstance(work, Work):
        raise UsageError(f"analyze_work() takes a ficlens.Work (from ficlens.read), not {type(work).__name__}")
    if stages is not None and (isinstance(stages, str) or not all(isinstance(s, str | Stage) for s in stages)):
        raise UsageError(f"stages must be a list of stage names or Stages, not {type(stages).__name__}")
    settings = analysis_options(options)
    check_budget(work, settings)
    names = stages if stages is not None else RULES_PIPELINE if settings.rules_only else DEFAULT_PIPELINE
    return run_stages(work, build_pipeline(names), settings, on_progress)


def analyze(text: str, stages: Sequence[str | Stage] | None = None, **options: Any) -> Work:
    """Analyse a story given as text (a header, if any, is read as the plain-text reader does)."""
    if not isinstance(text, str):
        hint = "; decode it, or use ficlens.analyze_work(ficlens.read_bytes(data))" if isinstance(text, bytes) else ""
        raise UsageError(f"analyze() takes the story as a str, not {type(text).__name__}{hint}")
    return analyze_work(read_bytes(text.encode("utf-8"), name="text"), stages=stages, **options)


def analyze_file(path: str | os.PathLike[str], stages: Sequence[str | Stage] | None = None, **options: Any) -> Work:
    return analyze_work(read(path), stages=stages, **options)


# --- argument checks and the analysis budget ---------------------------------------------------------------------


def analysis_options(options: dict[str, Any]) -> AnalysisOptions:
    """Typed options; a wrong key or value is a UsageError that names it (not pydantic's multi-line report)."""
    try:
        return AnalysisOptions(**options)
    except ValidationError as error:
        problems = [
            f"unknown option {'.'.join(map(str, e['loc']))!r}"
            if e["type"] == "extra_forbidden"
            else f"option {'.'.join(map(str, e['loc']))!r}: {e['msg']}"
            for e in error.errors()
        ]
        raise UsageError("; ".join(problems)) from None


def check_budget(work: Work, settings: AnalysisOptions) -> None:
    """Refuse, before any stage runs, a work whose analysis would take far longer than a user expects."""
    source = work.metadata.source or "the story"
    if len(work.text) > settings.max_chars:
        raise InputError(
            f"{source}: {len(work.text):,} characters is over the "
            f"{settings.max_chars:,}-character analysis limit; split it into parts or raise --max-chars"
        )
    words = len(work.text.split())
    if words > settings.max_words:
        seconds = words / ANALYSIS_WORDS_PER_SECOND
        estimate = f"{seconds:.0f} seconds" if seconds < 90 else f"{seconds / 60:.0f} minutes"
        raise InputError(
            f"{source}: {words:,} words is over the {settings.max_words:,}-word analysis budget (this one would take "
            f"about {estimate} on one core); raise --max-words (max_words= in Python) or split the work"
        )
