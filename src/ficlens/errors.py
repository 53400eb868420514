"""One exception base; each subclass carries the CLI exit code and a message that says how to fix it."""

from __future__ import annotations


class FiclensError(Exception):
    exit_code = 1


class UsageError(FiclensError):
    exit_code = 2


class OutputError(UsageError):
    """The output path cannot be written: a missing folder, no permission, a folder where a file should be."""


class InputError(FiclensError):
    """The input file cannot be read as a work: empty, binary, mis-encoded, too large, malformed."""

    exit_code = 3


class PipelineError(FiclensError):
    """Stages were composed in an order that cannot run."""

    exit_code = 2


class ModelError(FiclensError):
    """A shipped model is missing or fails verification; reinstall ficlens."""

    exit_code = 4


class CorpusError(FiclensError):
    """A corpus output folder cannot be used as asked (another table schema, another run writing to it)."""

    exit_code = 2


class LibraryError(FiclensError):
    """The library database cannot be opened, is newer than this ficlens, or has no such work."""

    exit_code = 5


class ServeError(FiclensError):
    """The web app cannot start as asked."""

    exit_code = 2
