"""Two profiles: `accurate` (the full pipeline, the default) and `fast` (smaller parser and NER heads on the same
encoder and tagger). Each is chosen by an option, recorded in the Work and kept when a Work is parsed again."""

import json
import subprocess
import sys

import pytest

import ficlens
from ficlens.errors import UsageError
from ficlens.model import Work
from tests.conftest import EXAMPLE

STORY = (
    "Mira Okonjo shuts the door behind her. Felix is already at the table.\n\n"
    '"You\'re late, Mira," Felix says.\n\n'
    '"I know," she says. "The bus broke down."\n\n'
    "He pours her a cup of tea and pushes it across the table.\n"
)


def test_the_fast_pipeline_shares_the_encoder_and_tagger_and_has_smaller_heads():
    from ficlens.nlp import load_pipeline

    accurate, fast = load_pipeline("accurate"), load_pipeline("fast")
    assert fast.pipe_names == accurate.pipe_names
    for name in ("tok2vec", "tagger"):
        assert fast.get_pipe(name).to_bytes(exclude=["vocab"]) == accurate.get_pipe(name).to_bytes(exclude=["vocab"])
    for name in ("parser", "ner"):
        assert fast.config["components"][name]["model"]["hidden_width"] == 64
        assert accurate.config["components"][name]["model"]["hidden_width"] == 128
    assert fast.meta["ficlens_profile"] == "fast" and all(s["licence"] for s in fast.meta["sources"])
    assert {"ud_dev", "litbank_test", "words_per_second"} <= set(fast.meta["ficlens_scores"])


def test_heads_trained_on_another_encoder_are_refused(tmp_path):
    import shutil

    import ficlens.nlp as nlp
    from ficlens.errors import ModelError

    nlp.verify_heads_fit(nlp.PIPELINE_DIR, nlp.FAST_HEADS_DIR)
    copy = tmp_path / "fast"
    shutil.copytree(nlp.FAST_HEADS_DIR, copy)
    meta = json.loads((copy / "meta.json").read_text())
    assert set(meta["base_checksums"]) == {"tok2vec/cfg", "tok2vec/model", "tagger/cfg", "tagger/model"}
    meta["base_checksums"]["tok2vec/model"] = "0" * 64  # as after retraining the accurate pipeline alone
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="trained on another pipeline"):
        nlp.verify_heads_fit(nlp.PIPELINE_DIR, copy)


def test_a_damaged_fast_head_is_a_model_error(tmp_path):
    import shutil

    import ficlens.nlp as nlp
    from ficlens.errors import ModelError

    copy = tmp_path / "fast"
    shutil.copytree(nlp.FAST_HEADS_DIR, copy)
    (copy / "parser" / "model").write_bytes(b"broken")
    with pytest.raises(ModelError, match=r"damaged \(parser/model\)"):
        nlp.verify_pipeline(copy)


def test_the_profile_is_recorded_and_survives_a_round_trip(analyse, monkeypatch):
    from ficlens import tokens

    fast = analyse(STORY, profile="fast")
    assert fast.profile == "fast" and analyse(STORY).profile == "accurate"
    again = Work.from_json(fast.to_json())
    assert again.profile == "fast"
    asked = []
    load = tokens.load_pipeline
    monkeypatch.setattr(tokens, "load_pipeline", lambda profile="accurate": asked.append(profile) or load(profile))
    ficlens.analyze_work(again, stages=["narrative"])  # the Docs are parsed again, by the fast pipeline
    assert asked == ["fast"] and again.narrative == fast.narrative


def test_both_profiles_find_the_speakers_of_a_short_scene(analyse):
    for profile in ("accurate", "fast"):
        work = analyse(STORY, profile=profile)
        names = {c.id: c.name for c in work.characters}
        assert [names.get(q.speaker) for q in work.quotes] == ["Felix", "Mira Okonjo"], profile


def test_an_unknown_profile_is_a_usage_error_that_names_the_choices():
    with pytest.raises(UsageError, match="option 'profile'.*'accurate' or 'fast'"):
        ficlens.analyze(STORY, profile="quick")


def test_the_command_line_takes_a_profile():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "ficlens", *args], capture_output=True, timeout=300)

    result = run("analyze", str(EXAMPLE), "--profile", "fast", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["profile"] == "fast"
    wrong = run("analyze", str(EXAMPLE), "--profile", "quick")
    assert wrong.returncode == 2 and b"Traceback" not in wrong.stderr and b"quick" in wrong.stderr
