"""Every stage of the default pipeline changes only the fields it declares and reads only the ones it declares."""

import pytest

from ficlens.contracts import clone, undeclared_reads, undeclared_writes
from ficlens.ingest import read_bytes
from ficlens.model import Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import DEFAULT_PIPELINE, Stage, build_pipeline, get_stage, run_stages

STORY = (
    "Title: The Ferry\nAuthor: test writer\nNotes: post-canon, season 2\n\n"
    "Hana Moreau waits at the rail while her cousin Teo counts the gulls.\n\n"
    '"Teo, you promised," Hana says. "No more running off."\n\n'
    '"I never promise," he says, grinning at her. "Ask Ilse."\n\n'
    "She rolls her eyes and turns back to the water.\n\n"
    "Teo leans on the rail beside her and says, quietly:\n\n"
    '"Then stop asking me."\n\n'
    '"Ilse would agree with me," Hana says.\n\n'
    "***\n\n"
    'Later Teo finds her below deck. "Are you still angry?"\n\n'
    '"With you? Always," she says, and kisses his cheek.\n'
)
OPTIONS = AnalysisOptions(canon={"characters": [{"name": "Hana Moreau", "aliases": ["Hana"], "gender": "female"}]})


@pytest.fixture(scope="module")
def before_each_stage() -> dict[str, Work]:
    """The Work as each stage of the default pipeline finds it."""
    work = read_bytes(STORY.encode(), name="story")
    found = {}
    for stage in build_pipeline(DEFAULT_PIPELINE):
        found[stage.name] = clone(work)
        run_stages(work, [stage], OPTIONS)
    return found


@pytest.mark.parametrize("name", DEFAULT_PIPELINE)
def test_stage_writes_only_what_it_declares(name, before_each_stage):
    assert undeclared_writes(get_stage(name), before_each_stage[name], OPTIONS) == set()


@pytest.mark.parametrize("name", DEFAULT_PIPELINE)
def test_stage_reads_only_what_it_declares(name, before_each_stage):
    assert undeclared_reads(get_stage(name), before_each_stage[name], OPTIONS) == set()


def test_the_fixture_exercises_every_layer(before_each_stage):
    """The contract checks mean something only if the stages have something to change."""
    work = clone(before_each_stage["tags"])
    run_stages(work, [get_stage("tags")], OPTIONS)
    assert work.quotes and work.characters and work.interactions and len(work.scenes) == 2
    assert {q.method for q in work.quotes} & {"named_tag", "pronoun_tag"}
    assert any(m.kind == "pronoun" for m in work.mentions) and any(q.addressees for q in work.quotes)
    assert work.suggested_tags.setting


def cheating(stage: Stage, **changes) -> Stage:
    def run(work, options, settings):
        stage.run(work, options, settings)
        for field, value in changes.items():
            setattr(work.quotes[0], field, value)

    return Stage(stage.name, stage.reads, stage.writes, run, stage.settings)


def test_a_stage_that_writes_more_than_it_declares_is_caught(before_each_stage):
    narrative = cheating(get_stage("narrative"), speaker=None)
    assert undeclared_writes(narrative, before_each_stage["narrative"], OPTIONS) == {"quotes.speaker"}


def test_a_stage_that_reads_more_than_it_declares_is_caught(before_each_stage):
    presence = get_stage("presence")
    # the presence stage counts quotes: declared without them, its counts change when quotes are blanked
    undeclared = Stage("presence", ("characters",), presence.writes, presence.run)
    assert "characters.quote_count" in undeclared_reads(undeclared, before_each_stage["presence"], OPTIONS)
