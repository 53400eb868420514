"""The spaCy pass spread over forked processes gives the Docs of one process, in order, even when a helper dies."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, SENT_START, TAG

from ficlens import forked_parse
from ficlens.forked_parse import pipe_in_processes, usable_processes
from ficlens.nlp import load_pipeline

pytestmark = pytest.mark.skipif(usable_processes(2) < 2, reason="needs two cores and Linux")
RECEIVE = forked_parse.receive
EXAMPLE = Path(__file__).parents[1] / "examples" / "the-lighthouse-keys.txt"


def paragraphs() -> list[str]:
    return [p.replace("\n", " ") for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()][:40]


def annotations(docs) -> list[tuple]:
    attributes = [TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START, LEMMA]
    return [(d.text, d.to_array(attributes).tolist(), [(e.start, e.end, e.label_) for e in d.ents]) for d in docs]


def counting_received(monkeypatch) -> list[int]:
    """Batches that really came from a helper (not parsed here after a helper failed)."""
    received: list[int] = []

    def counted(nlp, helper, pipe):
        docs = RECEIVE(nlp, helper, pipe)
        received.extend([1] if docs is not None else [])
        return docs

    monkeypatch.setattr(forked_parse, "receive", counted)
    return received


def test_two_processes_give_the_docs_of_one_in_order(monkeypatch):
    received = counting_received(monkeypatch)
    nlp, texts = load_pipeline(), paragraphs()
    alone = annotations(nlp.pipe(texts, batch_size=4))
    assert annotations(pipe_in_processes(nlp, texts, batch_size=4, processes=2)) == alone
    assert len(received) == 5  # the helper's 5 of the 10 batches


def test_a_helper_that_dies_leaves_its_batches_to_this_process(monkeypatch):
    send_parsed = forked_parse.send_parsed

    def dies_after_one_batch(nlp, batches, sending, ours):
        send_parsed(nlp, batches[:1], sending, ours)
        os._exit(1)

    received = counting_received(monkeypatch)
    monkeypatch.setattr(forked_parse, "send_parsed", dies_after_one_batch)
    nlp, texts = load_pipeline(), paragraphs()
    assert annotations(pipe_in_processes(nlp, texts, batch_size=4, processes=2)) == annotations(
        nlp.pipe(texts, batch_size=4)
    )
    assert len(received) == 1  # its first batch came back, the other four were parsed here


def test_a_helper_that_fails_leaves_quietly_and_nothing_is_lost(monkeypatch, capfd):
    def fails(self, doc):
        raise RuntimeError("disk full")

    monkeypatch.setattr(forked_parse.DocBin, "add", fails)  # only the helper serialises
    nlp, texts = load_pipeline(), paragraphs()
    assert annotations(pipe_in_processes(nlp, texts, batch_size=4, processes=2)) == annotations(
        nlp.pipe(texts, batch_size=4)
    )
    assert "Traceback" not in capfd.readouterr().err


def test_a_helper_that_hangs_is_given_up_and_its_batches_parsed_here(monkeypatch):
    def hangs(nlp, batches, sending, ours):
        time.sleep(3_600)

    monkeypatch.setattr(forked_parse, "HELPER_TIMEOUT", 2)
    monkeypatch.setattr(forked_parse, "send_parsed", hangs)
    nlp, texts = load_pipeline(), paragraphs()
    assert annotations(pipe_in_processes(nlp, texts, batch_size=4, processes=2)) == annotations(
        nlp.pipe(texts, batch_size=4)
    )


def test_never_more_processes_than_cores():
    assert usable_processes(1_000) == len(os.sched_getaffinity(0)) and usable_processes(1) == 1


def test_the_command_line_parses_in_two_processes_with_the_same_result(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from ficlens import tokens
    from ficlens.cli import app

    received = counting_received(monkeypatch)
    monkeypatch.setattr(tokens, "PIPE_BATCH_SIZE", 8)  # several batches for the helper even in a short story

    seed = Path(__file__).parents[2] / "shared" / "samples" / "when-it-all-comes-down.txt"
    story = seed if seed.is_file() else EXAMPLE
    outputs = []
    for processes in ("1", "2"):
        out = tmp_path / f"{processes}.json"
        result = CliRunner().invoke(
            app, ["analyze", str(story), "--processes", processes, "-f", "json", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and received
