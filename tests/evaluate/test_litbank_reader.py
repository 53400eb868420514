"""LitBank's entity files nest layers, innermost first; the NER learns and is scored on the outermost."""

from ficlens.evaluate.litbank import read_entity_sentences, spans_from_bio

# Columns: token, then one BIO column per layer, innermost first (a trailing tab, as in LitBank's files).
NESTED = """Then\tO\tO\tO\t
Mrs.\tB-PER\tB-PER\tB-FAC\t
Alder\tO\tI-PER\tI-FAC\t
's\tO\tO\tI-FAC\t
shop\tO\tO\tI-FAC\t
shut\tO\tO\tO\t
.\tO\tO\tO\t

Mr.\tB-PER\tB-PER\tO\t
Quill\tO\tI-PER\tO\t
and\tO\tO\tO\t
the\tB-PER\tO\tO\t
old\tI-PER\tO\tO\t
man\tI-PER\tO\tO\t
left\tO\tO\tO\t
.\tO\tO\tO\t
"""


def spans(sentence):
    return {(s, e, label) for s, e, label in spans_from_bio([tag for _, tag in sentence])}


def test_outer_layer_keeps_whole_names_and_the_spans_around_them(tmp_path):
    path = tmp_path / "nested_brat.tsv"
    path.write_text(NESTED, encoding="utf-8")
    shop, quill = read_entity_sentences(path)  # outer is the default
    assert [w for w, _ in shop][:3] == ["Then", "Mrs.", "Alder"]
    assert spans(shop) == {(1, 5, "FAC")}  # `Mrs. Alder's shop`, not `Mrs.` or `Mrs. Alder`
    assert spans(quill) == {(0, 2, "PER"), (3, 6, "PER")}  # `Mr. Quill`, and `the old man` on the first layer


def test_inner_layer_is_the_first_column(tmp_path):
    path = tmp_path / "nested_brat.tsv"
    path.write_text(NESTED, encoding="utf-8")
    shop, quill = read_entity_sentences(path, "inner")
    assert spans(shop) == {(1, 2, "PER")}
    assert spans(quill) == {(0, 1, "PER"), (3, 6, "PER")}
