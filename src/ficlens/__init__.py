"""ficlens: read fan fiction the way fans do.

import ficlens
work = ficlens.analyze(text)            # a Work with quotes, speakers, characters, narrative, suggested tags
work = ficlens.read("story.txt")        # reader only
work = ficlens.analyze_work(work)       # analyse a Work you read yourself
"""

from __future__ import annotations

import os
from typing import Any

from ficlens.canon import Canon, load_canon
from ficlens.errors import FiclensError, InputError, ModelError, PipelineError, UsageError
from ficlens.ingest import read, read_bytes
from ficlens.model import SCHEMA_VERSION, Work
from ficlens.options import AnalysisOptions, GivenCharacter
from ficlens.stages import default_stages, run_stages

__version__ = "0.2.0"
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
]


def analyze_work(work: Work, **options: Any) -> Work:
    """Run every analysis stage over a Work from a reader; returns the same Work, annotated."""
    settings = AnalysisOptions(**options)
    if len(work.text) > settings.max_chars:
        raise InputError(
            f"{work.metadata.source or 'the story'}: {len(work.text):,} characters is over the "
            f"{settings.max_chars:,}-character analysis limit; split it into parts or raise --max-chars"
        )
    return run_stages(work, default_stages(), settings)


def analyze(text: str, **options: Any) -> Work:
    """Analyse a story given as text (a header, if any, is read as the plain-text reader does)."""
    return analyze_work(read_bytes(text.encode("utf-8"), name="text"), **options)


def analyze_file(path: str | os.PathLike[str], **options: Any) -> Work:
    return analyze_work(read(path), **options)
