"""Models load once per process, may be started ahead on a helper thread, and a damaged model is still a clear
error whichever thread found it."""

from __future__ import annotations

import shutil
import threading

import pytest

from ficlens.errors import ModelError
from ficlens.preload import loaded_once


def counting_loader(maxsize: int = 4):
    calls: list[tuple[str, str]] = []

    @loaded_once(maxsize=maxsize)
    def load(path: str, kind: str = "first") -> object:
        calls.append((path, threading.current_thread().name))
        if path == "broken":
            raise ModelError("the model at broken is damaged")
        return object()

    return load, calls


def test_a_model_is_loaded_once_for_the_same_arguments_however_they_are_passed():
    load, calls = counting_loader()
    first = load("ranker.txt")
    assert load("ranker.txt", "first") is first and load(path="ranker.txt") is first
    assert load("ranker.txt", kind="second") is not first
    assert len(calls) == 2


def test_a_model_started_ahead_is_loaded_on_the_helper_thread_and_collected_once():
    load, calls = counting_loader()
    load.ahead("ranker.txt")
    model = load("ranker.txt")
    assert load("ranker.txt") is model
    assert len(calls) == 1 and calls[0][1].startswith("ficlens-preload")


def test_a_failure_ahead_is_raised_to_the_caller_and_not_kept():
    load, calls = counting_loader()
    load.ahead("broken")
    with pytest.raises(ModelError, match="damaged"):
        load("broken")
    with pytest.raises(ModelError, match="damaged"):
        load("broken")
    assert len(calls) == 2  # tried again, not a remembered failure


def test_only_the_latest_models_are_kept():
    load, calls = counting_loader(maxsize=2)
    first = load("a")
    load("b")
    load("c")
    assert load("c") is not None and len(calls) == 3
    assert load("a") is not first and len(calls) == 4  # `a` was let go


def test_run_stages_starts_each_stages_preload_before_the_first_stage_runs():
    from ficlens.model import Work
    from ficlens.options import AnalysisOptions
    from ficlens.pipeline import Stage, run_stages

    events = []

    def stage(name: str, **preload) -> Stage:
        return Stage(name, reads=("text",), writes=(), run=lambda *_: events.append(f"run {name}"), **preload)

    first = stage("first")
    second = stage("second", preload=lambda settings: events.append("preload second"))
    run_stages(Work(text="Hello."), [first, second], AnalysisOptions())
    assert events == ["preload second", "run first", "run second"]


@pytest.mark.parametrize("profile", ["accurate", "fast"])
def test_a_damaged_pipeline_is_a_model_error_even_when_spacy_fails_first(tmp_path, monkeypatch, profile):
    import ficlens.nlp as nlp

    copy = tmp_path / "pipeline"
    shutil.copytree(nlp.PIPELINE_DIR, copy)
    (copy / "tok2vec" / "model").write_bytes(b"broken")  # spaCy cannot read it either
    monkeypatch.setattr(nlp, "PIPELINE_DIR", copy)
    with pytest.raises(ModelError, match=r"damaged \(tok2vec/model\)"):
        nlp._load_pipeline.__wrapped__(profile)
