"""The shipped spaCy pipeline: it loads from the installed package, says what it was trained on, fits its size
budget and still parses a fixed held-out sample above floors (set about one point under the scores measured
when they were set; see BENCHMARKS.md for the full evaluation)."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED

UD = SHARED / "data" / "ud"


def test_pipeline_loads_with_vectors_and_names_its_data():
    from ficlens.nlp import PIPELINE_DIR, load_pipeline

    nlp = load_pipeline()
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "ner", "ficlens_person_titles"]
    assert nlp.vocab.vectors.shape == (16000, 64)
    licences = {source["licence"] for source in nlp.meta["sources"]}
    assert "CC BY-SA 4.0" in licences and all(licences)
    gum = next(s for s in nlp.meta["sources"] if "GUM" in s["name"])
    assert "no fiction, no whow" in gum["name"]  # GUM's CC BY-NC-SA parts are left out of the shipped model
    size = sum(p.stat().st_size for p in PIPELINE_DIR.rglob("*") if p.is_file())
    assert size <= 30 * 10**6


def test_pipeline_meta_records_its_measured_scores():
    # meta.json carries the held-out scores of `python -m benchmarks.pipeline`, so a user can see them offline.
    from ficlens.nlp import load_pipeline

    scores = load_pipeline().meta["ficlens_scores"]
    assert {"ud_dev", "ud_test", "gum_fiction_test", "litbank_test", "words_per_second"} <= set(scores)
    assert 0.9 < scores["ud_dev"]["tag_acc"] <= 1 and 0.5 < scores["litbank_test"]["PER"]["f"] <= 1
    assert scores["words_per_second"] > 0


def test_plain_spacy_load_gives_the_same_fiction_tokenizer():
    # Researchers load the shipped pipeline with spacy.load; its tokenizer (rules read from the pipeline's own
    # file, registered through a spaCy entry point) must split dashes and keep `?!` exactly as ficlens does.
    import spacy

    from ficlens.nlp import PIPELINE_DIR, load_pipeline

    text = 'never--this?! "Clark," she says -- and stops\u2014then laughs.'
    expected = ["never", "--", "this", "?!", '"', "Clark", ",", '"', "she", "says", "--", "and", "stops", "\u2014"]
    assert [t.text for t in load_pipeline().make_doc(text)][:14] == expected
    assert [t.text for t in spacy.load(PIPELINE_DIR).make_doc(text)][:14] == expected


def test_plain_spacy_load_in_a_fresh_process_runs_the_whole_pipeline():
    # Nothing from ficlens imported first: the tokenizer and the title component come from the entry points.
    import subprocess
    import sys

    from ficlens.nlp import PIPELINE_DIR, load_pipeline

    text = "Lord Henry bowed to Miss Quill."
    code = f"import spacy; d = spacy.load({str(PIPELINE_DIR)!r})({text!r}); print([(e.text, e.label_) for e in d.ents])"
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == str([(e.text, e.label_) for e in load_pipeline()(text).ents])


def sentences(path, keep=lambda doc_id: True, limit=None) -> str:
    """CoNLL-U sentences of the documents `keep` accepts (document ids from `# newdoc id`)."""
    chosen, doc_id = [], ""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        for line in block.splitlines():
            if line.startswith("# newdoc id"):
                doc_id = line.split("=", 1)[1].strip()
        if block.strip() and keep(doc_id):
            chosen.append(block.strip())
    return "\n\n".join(chosen[:limit]) + "\n"


def parse_scores(conllu: str) -> dict[str, float]:
    from spacy.training import Example
    from spacy.training.converters import conllu_to_docs

    from ficlens.nlp import load_pipeline

    nlp = load_pipeline()
    docs = list(conllu_to_docs(conllu, n_sents=10, no_print=True))
    scores = nlp.evaluate([Example(nlp.make_doc(d.text), d) for d in docs])
    return {k: scores[k] for k in ("tag_acc", "dep_uas", "dep_las")}


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("sample", "floors"),
    [
        ("ewt_test_first_500", {"tag_acc": 0.94, "dep_uas": 0.835, "dep_las": 0.80}),
        ("gum_fiction_test", {"tag_acc": 0.93, "dep_uas": 0.87, "dep_las": 0.82}),
    ],
)
def test_parser_stays_above_floors(sample, floors):
    if sample == "gum_fiction_test":
        conllu = sentences(UD / "UD_English-GUM" / "en_gum-ud-test.conllu", lambda d: d.startswith("GUM_fiction"))
    else:
        conllu = sentences(UD / "UD_English-EWT" / "en_ewt-ud-test.conllu", limit=500)
    measured = parse_scores(conllu)
    print(sample, {k: round(v, 4) for k, v in measured.items()})
    below = {k: (round(measured[k], 4), floor) for k, floor in floors.items() if measured[k] < floor}
    assert not below, f"below the quality floor (measured, floor): {below}"


def test_a_title_before_a_person_joins_the_name():
    # LitBank's person spans hold the title (`Lord Alder`); the NER sometimes leaves it out.
    import spacy
    from spacy.tokens import Span

    from ficlens.spacy_components import attach_person_titles

    nlp = spacy.blank("en")
    doc = nlp.make_doc("Lord Alder met my aunt Wren and Mr. Quill at Rome")
    doc.ents = [Span(doc, 1, 2, "PER"), Span(doc, 5, 6, "PER"), Span(doc, 7, 9, "PER"), Span(doc, 10, 11, "GPE")]
    spans = [(e.text, e.label_) for e in attach_person_titles(doc).ents]
    assert spans == [("Lord Alder", "PER"), ("Wren", "PER"), ("Mr. Quill", "PER"), ("Rome", "GPE")]
