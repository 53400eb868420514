"""The Python API: every public function checks its arguments and raises a FiclensError subclass whose message
says what was wrong (never AttributeError, TypeError or pydantic's ValidationError)."""

from __future__ import annotations

import pytest

import ficlens
from ficlens import FiclensError, InputError, UsageError, Work

STORY = '"Hello," said Ann.\n\n"Hi," said Bo.\n'
WRONG_CALLS = {
    "analyze": [
        ((123,), {}, "takes the story as a str, not int"),
        ((None,), {}, "not NoneType"),
        ((b'"Hi," said Bo.',), {}, "not bytes; decode it"),
        ((STORY,), {"colour": "blue"}, "unknown option 'colour'"),
        ((STORY,), {"max_words": 0}, "option 'max_words': Input should be greater than 0"),
        ((STORY,), {"rules_only": "perhaps"}, "option 'rules_only'"),
        ((STORY, "quotes"), {}, "stages must be a list of stage names or Stages, not str"),
    ],
    "analyze_work": [
        ((STORY,), {}, "takes a ficlens.Work (from ficlens.read), not str"),
        ((Work(text=STORY),), {"characters": "Ann"}, "option 'characters'"),
    ],
    "analyze_file": [((123,), {}, "takes a file path (str or pathlib.Path), not int")],
    "read": [
        ((123,), {}, "read() takes a file path (str or pathlib.Path), not int"),
        (("story.txt",), {"max_bytes": -1}, "max_bytes must be a positive whole number of bytes, not -1"),
    ],
    "read_bytes": [
        ((STORY,), {}, "takes the file's bytes, not str; for a story as text use ficlens.analyze"),
        ((None,), {}, "not NoneType"),
        ((b"x",), {"max_bytes": "10"}, "max_bytes must be a positive whole number"),
    ],
    "load_canon": [((123,), {}, "load_canon() takes a file path")],
    "register_stage": [((123,), {}, "register_stage() takes a ficlens.Stage, not int")],
}
CASES = [(name, *case) for name, cases in WRONG_CALLS.items() for case in cases]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), CASES)
def test_wrong_arguments_raise_a_usage_error_that_says_what_is_wrong(function, args, kwargs, message):
    with pytest.raises(UsageError) as error:
        getattr(ficlens, function)(*args, **kwargs)
    assert message in str(error.value)
    assert isinstance(error.value, FiclensError) and error.value.exit_code == 2
    assert "\n" not in str(error.value)


def test_every_public_function_is_checked_here():
    functions = {name for name in ficlens.__all__ if callable(getattr(ficlens, name))}
    classes = {name for name in functions if isinstance(getattr(ficlens, name), type)}
    assert functions - classes == set(WRONG_CALLS)


def test_a_work_over_the_words_budget_is_refused_before_any_stage_runs(monkeypatch):
    monkeypatch.setattr(ficlens, "build_pipeline", lambda names: pytest.fail("a stage was built"))
    work = Work(text="word " * 200_001)
    with pytest.raises(InputError, match=r"200,001 words is over the 200,000-word analysis budget .* --max-words"):
        ficlens.analyze_work(work)
    with pytest.raises(InputError, match="over the 10-word"):
        ficlens.analyze_work(Work(text=STORY * 5), max_words=10)


def test_version_comes_from_the_installed_package():
    from importlib.metadata import version

    assert ficlens.__version__ == version("ficlens")


def test_progress_is_reported_for_every_stage(analyse):
    seen = []
    work = ficlens.analyze_work(ficlens.read_bytes(STORY.encode()), on_progress=lambda *step: seen.append(step))
    names = list(ficlens.pipeline.DEFAULT_PIPELINE)
    assert seen == [*((name, i, len(names)) for i, name in enumerate(names)), ("done", len(names), len(names))]
    assert work.quotes and work.layers == ficlens.analyze(STORY).layers
