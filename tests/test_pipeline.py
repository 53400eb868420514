"""The pipeline: stages by name, their order checked before any work, typed settings, user stages, round trips."""

import io
import json
import sys

import pytest
from rich.console import Console

import ficlens
from ficlens.errors import ModelError, PipelineError, UsageError
from ficlens.model import SCHEMA_VERSION, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import (
    DEFAULT_PIPELINE,
    RULES_PIPELINE,
    Stage,
    StageSettings,
    build_pipeline,
    check_order,
    register_stage,
    stage_names,
)
from ficlens.report.terminal import render

STORY = (
    "Mira Okonjo shuts the door behind her. Felix is already at the table.\n\n"
    '"You\'re late, Mira," Felix says.\n\n'
    '"I know," she says. "The bus broke down."\n\n'
    "He pours her a cup of tea and pushes it across the table.\n"
)


def test_default_order_is_valid():
    check_order(build_pipeline(DEFAULT_PIPELINE))
    check_order(build_pipeline(RULES_PIPELINE))


def test_out_of_order_fails_before_running_and_names_the_fix():
    stages = build_pipeline(DEFAULT_PIPELINE)
    reordered = [stages[4], *stages[:4], *stages[5:]]  # speaker_rules first
    fix = "stage 'speaker_rules' needs '[a-z]+'.*put '[a-z]+' before 'speaker_rules'"
    with pytest.raises(PipelineError, match=fix):
        check_order(reordered)


def test_unknown_stage_names_the_known_ones():
    with pytest.raises(PipelineError, match="no stage named 'speakers'; known stages: .*speaker_rules"):
        ficlens.analyze(STORY, stages=["structure", "speakers"])


def test_a_declared_field_must_exist_in_the_model():
    with pytest.raises(PipelineError, match="'speeker' is not a field of Quote"):
        Stage("typo", reads=("quotes.speeker",), writes=(), run=lambda work, options, settings: None)


def test_some_stages_only(analyse):
    work = ficlens.analyze(STORY, stages=["structure", "quotes"])
    assert work.layers == ["structure", "quotes"] and len(work.quotes) == 2
    assert work.characters == [] and all(q.speaker is None for q in work.quotes)


def test_rules_only_runs_the_rules_pipeline(analyse):
    work = analyse(STORY, rules_only=True)
    assert work.layers == list(RULES_PIPELINE)
    assert {q.method for q in work.quotes} <= {"named_tag", "pronoun_tag", "action_beat", "turn_taking"}


class ShoutSettings(StageSettings):
    marker: str = "!"


def shout(work, options, settings):
    for quote in work.quotes:
        quote.addressees = [*quote.addressees, settings.marker]


SHOUT = Stage("shout", reads=("quotes",), writes=("quotes.addressees",), run=shout, settings=ShoutSettings)


def test_a_registered_user_stage_runs_by_name_with_its_settings():
    register_stage(SHOUT)
    assert "shout" in stage_names()
    work = ficlens.analyze(STORY, stages=["structure", "quotes", "shout"], stage_settings={"shout": {"marker": "?"}})
    assert [q.addressees for q in work.quotes] == [["?"]] * 2


def test_stage_settings_are_typed_and_checked():
    register_stage(SHOUT)
    with pytest.raises(UsageError, match="stage 'shout' setting 'volume': Extra inputs are not permitted"):
        ficlens.analyze(STORY, stages=["structure", "quotes", "shout"], stage_settings={"shout": {"volume": 11}})
    with pytest.raises(UsageError, match="settings for stages not in the pipeline: narrative"):
        ficlens.analyze(STORY, stages=["structure"], stage_settings={"narrative": {}})


def test_a_stage_from_an_installed_package_is_found_by_its_entry_point(tmp_path, monkeypatch):
    """A plugin package declares `[project.entry-points."ficlens.stages"] word_count = "..."`."""
    from ficlens import pipeline

    (tmp_path / "ficlens_wordcount.py").write_text(
        "from ficlens.pipeline import Stage\n"
        "def count(work, options, settings):\n"
        "    work.metadata.declared_words = len(work.text.split())\n"
        "STAGE = Stage('word_count', reads=('text',), writes=('metadata.declared_words',), run=count)\n"
    )
    info = tmp_path / "ficlens_wordcount-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ficlens-wordcount\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[ficlens.stages]\nword_count = ficlens_wordcount:STAGE\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    pipeline._entry_point_stages.cache_clear()
    try:
        work = ficlens.analyze("one two three", stages=["word_count"])
    finally:
        pipeline._entry_point_stages.cache_clear()
        sys.modules.pop("ficlens_wordcount", None)
    assert work.metadata.declared_words == 3 and work.layers == ["word_count"]


def test_a_missing_model_is_a_model_error_not_a_fallback(tmp_path):
    missing = tmp_path / "ranker.txt"
    with pytest.raises(ModelError, match=f"speaker ranker is missing at {missing}"):
        ficlens.analyze(STORY, stage_settings={"speaker_ranking": {"model": missing}})


def report(work: Work) -> str:
    out = io.StringIO()
    render(work, Console(file=out, width=100, color_system=None), 0.5)
    return out.getvalue()


def test_a_work_read_back_from_json_renders_the_same(analyse):
    work = analyse(STORY)
    again = Work.from_json(work.to_json())
    assert again.to_json() == work.to_json()
    assert report(again) == report(work)


def test_a_work_read_back_from_json_reparses_its_docs_on_demand(analyse):
    work = analyse(STORY)
    again = Work.from_json(work.to_json())
    narrative = work.narrative
    ficlens.analyze_work(again, stages=["narrative"])
    assert again.narrative == narrative and again.layers[-1] == "narrative"


def test_transient_fields_are_not_claimed_after_a_round_trip(analyse):
    again = Work.from_json(analyse(STORY).to_json())
    with pytest.raises(PipelineError, match="needs 'speaker_evidence'.*add a stage that writes 'speaker_evidence'"):
        ficlens.analyze_work(again, stages=["speaker_ranking"])
    ficlens.analyze_work(again, stages=["speaker_rules", "coreference", "speaker_ranking"])  # rerun: available


def test_schema_1_1_json_migrates_forward(analyse):
    data = json.loads(analyse(STORY, stages=["structure", "linguistics", "quotes"]).to_json())
    data["schema_version"], data["layers"] = "1.1", ["paragraphs", "scenes", "sentences", "tokens", "quotes"]
    del data["interactions"]
    work = Work.from_json(json.dumps(data))
    assert work.schema_version == SCHEMA_VERSION and work.layers == ["structure", "linguistics", "quotes"]
    assert work.profile == "accurate"  # 1.3 records the profile; older Works were all parsed by the accurate one
    ficlens.analyze_work(work, stages=["characters"])  # docs re-parsed, quotes claimed
    assert {c.name for c in work.characters} >= {"Mira Okonjo", "Felix"}


def test_options_reject_unknown_keys():
    with pytest.raises(Exception, match="speaker_model"):
        AnalysisOptions(speaker_model="x")
