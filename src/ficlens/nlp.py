"""Loads the shipped spaCy pipeline once, from inside the package, after checking its files."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ficlens.errors import ModelError
from ficlens.inference_ops import INFERENCE_OPS, InferenceOps
from ficlens.model import DEFAULT_PROFILE, Profile
from ficlens.model_files import FAST_HEADS_DIR, PIPELINE_DIR

CHECKSUMS = "checksums.json"
# Paragraphs per nlp.pipe batch: 1,000 (spaCy's default) gave 15-28% fewer words/s here (BENCHMARKS.md).
PIPE_BATCH_SIZE = 256
# The shipped config names this tokenizer: an empty one whose rules come from the pipeline's `tokenizer` file, so
# loading does not first build spaCy's English tokenizer only to replace it (part of the cold-start gain in
# BENCHMARKS.md). Registered here, so ficlens's own loads do not depend on the install's entry-point metadata, and as
# a spaCy entry point (pyproject.toml) for spacy.load elsewhere.
TOKENIZER_FROM_DISK = "ficlens.tokenizer_from_disk.v1"


def file_checksums(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != CHECKSUMS
    }


def verify_pipeline(directory: Path = PIPELINE_DIR) -> None:
    manifest = directory / CHECKSUMS
    if not manifest.is_file():
        raise ModelError(f"the shipped pipeline is missing at {directory}; reinstall ficlens")
    expected = json.loads(manifest.read_text())
    actual = file_checksums(directory)
    damaged = sorted(name for name in expected if actual.get(name) != expected[name])
    if damaged:
        raise ModelError(f"the shipped pipeline is damaged ({', '.join(damaged)}); reinstall ficlens")


def empty_tokenizer():
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def register_components() -> None:
    """The shipped config's own tokenizer and component, for loads that do not go through the entry points."""
    import spacy

    import ficlens.spacy_components  # noqa: F401  (registers the component factories)

    spacy.registry.tokenizers.register(TOKENIZER_FROM_DISK, func=empty_tokenizer)
    spacy.registry.ops.register(INFERENCE_OPS, func=InferenceOps)


def load_from(directory: Path, ops: str = INFERENCE_OPS):
    """A spaCy pipeline directory on thinc's NumPy ops without BLIS (same results, about 1.8x faster here:
    BENCHMARKS.md), by default with ficlens's faster maxout for inference (ficlens.inference_ops)."""
    import spacy
    from thinc.api import use_ops

    register_components()
    with use_ops(ops, use_blis=False):
        return spacy.load(directory)


def load_with_heads(base: Path, heads: Path, ops: str = INFERENCE_OPS):
    """The pipeline at `base` with the parser and NER of `heads`, a folder holding only those two components and
    the config that sizes them: the fast profile shares the accurate one's vocabulary, encoder and tagger."""
    from spacy import util
    from thinc.api import use_ops

    register_components()
    with use_ops(ops, use_blis=False):
        nlp = util.load_model_from_config(util.load_config(heads / "config.cfg"))
        nlp.from_disk(base, exclude=["parser", "ner"])
        for name in ("parser", "ner"):
            nlp.get_pipe(name).from_disk(heads / name, exclude=["vocab"])
    nlp.meta.pop("ficlens_scores", None)  # the accurate heads' scores; the fast ones carry their own
    nlp.meta.update(json.loads((heads / "meta.json").read_text()))
    return nlp


def load_pipeline(profile: Profile = DEFAULT_PROFILE):
    """The shipped fiction pipeline (tokenizer, tagger, parser, NER, person titles), checked and loaded once per
    process; `fast` swaps in the smaller parser and NER heads (BENCHMARKS.md, "Profiles")."""
    return _load_pipeline(profile)


@lru_cache(maxsize=2)
def _load_pipeline(profile: Profile):
    from ficlens.preload import in_background

    # the checksums are computed on the helper thread while spaCy loads; a damaged file is a ModelError either way
    checks = [in_background(verify_pipeline, PIPELINE_DIR)]
    if profile == "fast":
        checks.append(in_background(verify_pipeline, FAST_HEADS_DIR))
        verify_heads_fit(PIPELINE_DIR, FAST_HEADS_DIR)
    try:
        return load_with_heads(PIPELINE_DIR, FAST_HEADS_DIR) if profile == "fast" else load_from(PIPELINE_DIR)
    finally:
        for check in checks:
            check.result()  # a damaged file's ModelError, also in place of the error spaCy's load met on it


def verify_heads_fit(base: Path, heads: Path) -> None:
    """The heads were trained on this pipeline's encoder and tagger (their checksums, recorded when assembled)."""
    trained_on = json.loads((heads / "meta.json").read_text()).get("base_checksums", {})
    shipped = json.loads((base / CHECKSUMS).read_text())
    if not trained_on or any(shipped.get(name) != digest for name, digest in trained_on.items()):
        raise ModelError(f"the fast profile's heads at {heads} were trained on another pipeline; reinstall ficlens")
