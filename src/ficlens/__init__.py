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
from importlib.metadata import version
from typing import Any

from ficlens.canon import Canon, load_canon
from ficlens.errors import FiclensError, InputError, ModelError, PipelineError, UsageError
from ficlens.ingest import read, read_bytes
from ficlens.model import SCHEMA_VERSION, Work
from ficlens.options import AnalysisOptions, GivenCharacter
from ficlens.pipeline import DEFAULT_PIPELINE, RULES_PIPELINE, Stage, build_pipeline, register_stage, run_stages

__version__ = version("ficlens")
__all__ = [
    "SCHEMA_VERSION",
    "AnalysisOptions",
    "Canon",
    "FiclensError",
    "GivenCharacter",
    "InputError",
    "ModelError",
    "PipelineError",
    "UsageError",
    "Work",
    "analyze",
    "analyze_file",
    "analyze_work",
    "read",
    "load_canon",
    "read_bytes",
    "register_stage",
    "Stage",
]


def analyze_work(work: Work, stages: Sequence[str | Stage] | None = None, **options: Any) -> Work:
    """Run the analysis stages (by default every one, or the rules pipeline with `rules_only=True`) over a Work;
    returns the same Work, annotated. `stages` names stages of ficlens.pipeline or a registered stage's name."""
    settings = AnalysisOptions(**options)
    if len(work.text) > settings.max_chars:
        raise InputError(
            f"{work.metadata.source or 'the story'}: {len(work.text):,} characters is over the "
            f"{settings.max_chars:,}-character analysis limit; split it into parts or raise --max-chars"
        )
    names = stages if stages is not None else RULES_PIPELINE if settings.rules_only else DEFAULT_PIPELINE
    return run_stages(work, build_pipeline(names), settings)


def analyze(text: str, stages: Sequence[str | Stage] | None = None, **options: Any) -> Work:
    """Analyse a story given as text (a header, if any, is read as the plain-text reader does)."""
    return analyze_work(read_bytes(text.encode("utf-8"), name="text"), stages, **options)


def analyze_file(path: str | os.PathLike[str], stages: Sequence[str | Stage] | None = None, **options: Any) -> Work:
    return analyze_work(read(path), stages, **options)
