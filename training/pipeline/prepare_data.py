"""Convert ../shared/data into spaCy DocBins for training the shipped pipeline.

Usage: python -m training.pipeline.prepare_data [--shared ../shared] [--out training/pipeline/corpus]

Writes:
  ud_train.spacy, ud_dev.spacy        EWT + GUM parts that allow commercial use (no fiction, no whow)
  ud_nc_train.spacy                   GUM fiction + whow train docs (CC BY-NC-SA), for the NC comparison only
  gum_fiction_dev.spacy, gum_fiction_test.spacy
  litbank_{train,dev,test}.spacy      LitBank entities (outermost layer), split by book, see litbank_split.json
  litbank_inner_{train,dev,test}.spacy  the same books, innermost layer (`Mr.` alone inside `Mr. Bennet`), which
                                      train_pipeline.sh steps 4-5 read (they predate reading the outermost)
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.training.converters import conllu_to_docs

from ficlens.evaluate.litbank import LAYERS, book_split, entity_chunks

NON_COMMERCIAL_GUM_GENRES = {"fiction", "whow"}


def split_conllu_docs(path: Path) -> list[tuple[str, str]]:
    """Split a CoNLL-U file into (doc_id, text) by `# newdoc id` lines."""
    docs: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        match = re.match(r"# newdoc id = (\S+)", line)
        if match or not docs:
            docs.append((match.group(1) if match else "", []))
        docs[-1][1].append(line)
    return [(doc_id, "".join(lines)) for doc_id, lines in docs]


def gum_genre(doc_id: str) -> str:
    return doc_id.split("_")[1] if doc_id.startswith("GUM_") else ""


def conllu_docbin(texts: list[str]) -> DocBin:
    docbin = DocBin(store_user_data=False)
    for text in texts:
        if text.strip():
            for doc in conllu_to_docs(text, n_sents=10, no_print=True):
                docbin.add(doc)
    return docbin


def write_ud(shared: Path, out: Path) -> None:
    ud = shared / "data" / "ud"
    for split in ("train", "dev"):
        ewt = [t for _, t in split_conllu_docs(ud / "UD_English-EWT" / f"en_ewt-ud-{split}.conllu")]
        gum = split_conllu_docs(ud / "UD_English-GUM" / f"en_gum-ud-{split}.conllu")
        open_gum = [t for d, t in gum if gum_genre(d) not in NON_COMMERCIAL_GUM_GENRES]
        conllu_docbin(ewt + open_gum).to_disk(out / f"ud_{split}.spacy")
        nc_gum = [t for d, t in gum if gum_genre(d) in NON_COMMERCIAL_GUM_GENRES]
        if split == "train":
            conllu_docbin(nc_gum).to_disk(out / "ud_nc_train.spacy")
    for split in ("dev", "test"):
        gum = split_conllu_docs(ud / "UD_English-GUM" / f"en_gum-ud-{split}.conllu")
        fiction = [t for d, t in gum if gum_genre(d) == "fiction"]
        conllu_docbin(fiction).to_disk(out / f"gum_fiction_{split}.spacy")
    test = [t for _, t in split_conllu_docs(ud / "UD_English-EWT" / "en_ewt-ud-test.conllu")]
    test += [t for _, t in split_conllu_docs(ud / "UD_English-GUM" / "en_gum-ud-test.conllu")]
    conllu_docbin(test).to_disk(out / "ud_test.spacy")


def read_litbank_entities(path: Path, vocab, layer: str) -> list[Doc]:
    """One Doc per 20 sentences of a LitBank excerpt, sentence starts set, one entity layer as ents
    (read with the evaluator's own functions, so training and scoring see the same data)."""
    docs = []
    for words, starts, spans in entity_chunks(path, layer):
        doc = Doc(vocab, words=words, sent_starts=starts)
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in sorted(spans)]
        docs.append(doc)
    return docs


def write_litbank(shared: Path, out: Path) -> None:
    vocab = spacy.blank("en").vocab
    bins = {(layer, s): DocBin() for layer in LAYERS for s in ("train", "dev", "test")}
    split_of = {}
    paths = sorted((shared / "data" / "litbank" / "entities" / "tsv").glob("*.tsv"))
    for index, path in enumerate(paths):
        book = path.name.removesuffix("_brat.tsv")
        split_of[book] = book_split(index)
        for layer in LAYERS:
            for doc in read_litbank_entities(path, vocab, layer):
                bins[layer, split_of[book]].add(doc)
    for (layer, split), docbin in bins.items():
        name = f"litbank_{split}" if layer == "outer" else f"litbank_{layer}_{split}"
        docbin.to_disk(out / f"{name}.spacy")
    (Path(__file__).parent / "litbank_split.json").write_text(json.dumps(split_of, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("training/pipeline/corpus"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_ud(args.shared, args.out)
    write_litbank(args.shared, args.out)


if __name__ == "__main__":
    main()
