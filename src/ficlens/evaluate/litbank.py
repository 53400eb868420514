"""Evaluation on LitBank: PER entities (entities/tsv, outermost layer) and quotations with speakers
(quotations/tsv, aligned back to the raw novels in original/ so the analysis sees real paragraphs)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

from ficlens.errors import InputError
from ficlens.evaluate.metrics import (
    GoldQuote,
    QuoteCounts,
    b_cubed,
    harmonic,
    map_characters,
    pair_quotes,
    predicted_quotes,
    ratio,
)
from ficlens.lexicon import TITLES
from ficlens.model import DEFAULT_PROFILE, Profile, Work
from ficlens.tokens import is_proper_name

SPLITS = ("train", "dev", "test", "all")
SENTENCES_PER_DOC = 20
MAX_GAP = 60  # characters of raw text (markup, page furniture) allowed between two aligned tokens
TOKEN_VARIANTS = {
    '"': ['"', "“", "”", "''", "``"],
    "``": ["“", '"', "``"],
    "''": ["”", '"', "''"],
    "'": ["'", "‘", "’"],
    "--": ["--", "—", "–", "-"],
    "—": ["—", "--"],
}


def book_split(index: int) -> str:
    """80/10/10 split by book: the i-th book in name order is test when i % 10 == 0, dev when i % 10 == 5."""
    return "test" if index % 10 == 0 else "dev" if index % 10 == 5 else "train"


def books(root: Path, split: str) -> list[str]:
    if split not in SPLITS:
        raise InputError(f"--split must be one of {', '.join(SPLITS)}, not {split!r}")
    entity_dir = root / "entities" / "tsv"
    if not entity_dir.is_dir():
        raise InputError(f"{root}: not a LitBank folder (no entities/tsv)")
    names = [p.name.removesuffix("_brat.tsv") for p in sorted(entity_dir.glob("*_brat.tsv"))]
    return [name for i, name in enumerate(names) if split == "all" or book_split(i) == split]


LAYERS = ("outer", "inner")


def read_entity_sentences(path: Path, layer: str = "outer") -> list[list[tuple[str, str]]]:
    """Sentences of (token, BIO tag) from an entities/tsv file. Its columns are nested layers, innermost first
    (`Mr.` PER inside `Mr. Bennet` PER inside `Mr. Bennet's house` FAC); `outer` keeps the spans no other layer
    contains, `inner` the first column."""
    if layer not in LAYERS:
        raise InputError(f"layer must be one of {', '.join(LAYERS)}, not {layer!r}")
    sentences: list[list[list[str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append(line.rstrip("\t").split("\t"))
    return [layer_tags(rows, layer) for rows in sentences if rows]


def layer_tags(rows: list[list[str]], layer: str) -> list[tuple[str, str]]:
    depth = max(len(r) for r in rows)
    layers = [spans_from_bio([r[c] if len(r) > c else "O" for r in rows]) for c in range(1, max(depth, 2))]
    if layer == "outer":
        spans = [
            s
            for i, spans in enumerate(layers)
            for s in spans
            if not any(t[0] <= s[0] and s[1] <= t[1] for higher in layers[i + 1 :] for t in higher)
        ]
    else:
        spans = list(layers[0])
    tags = ["O"] * len(rows)
    for start, end, label in spans:
        tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
    return [(r[0], tag) for r, tag in zip(rows, tags)]


def spans_from_bio(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, begin, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if begin is not None and not tag.startswith("I-"):
            spans.add((begin, i, label))
            begin = None
        if tag.startswith("B-"):
            begin, label = i, tag[2:]
    return spans


def entity_chunks(
    path: Path, layer: str = "outer"
) -> Iterator[tuple[list[str], list[bool], set[tuple[int, int, str]]]]:
    sentences = read_entity_sentences(path, layer)
    for first in range(0, len(sentences), SENTENCES_PER_DOC):
        chunk = sentences[first : first + SENTENCES_PER_DOC]
        words = [w for s in chunk for w, _ in s]
        starts = [i == 0 for s in chunk for i in range(len(s))]
        yield words, starts, spans_from_bio([t for s in chunk for _, t in s])


def score_entities(root: Path, names: list[str], profile: Profile = DEFAULT_PROFILE) -> dict:
    """PER precision/recall/F1, exact span match, over all mentions and over proper-name mentions, for the NER alone
    (`all`, `proper`) and with each book's confident names made PER everywhere (`all_book`, `proper_book`: what the
    linguistics stage hands the character stage, the excerpt read as one book)."""
    from spacy.tokens import Doc

    from ficlens.nlp import load_pipeline
    from ficlens.tokens import propagate_person_names

    nlp = load_pipeline(profile)
    counts = {scope: [0, 0, 0] for scope in ("all", "proper", "all_book", "proper_book")}  # gold, predicted, correct
    for name in names:
        chunks = list(entity_chunks(root / "entities" / "tsv" / f"{name}_brat.tsv"))
        docs = []
        for words, starts, _ in chunks:
            doc = Doc(nlp.vocab, words=words, sent_starts=starts)
            for _, component in nlp.pipeline:
                doc = component(doc)
            docs.append(doc)
        alone = [{(e.start, e.end, e.label_) for e in doc.ents} for doc in docs]
        propagate_person_names(docs)
        for (words, _, gold), ner, doc in zip(chunks, alone, docs):
            book = {(e.start, e.end, e.label_) for e in doc.ents}
            for scope, predicted in (("all", ner), ("proper", ner), ("all_book", book), ("proper_book", book)):
                proper_only = scope.startswith("proper")
                g, p = person_spans(gold, words, proper_only), person_spans(predicted, words, proper_only)
                counts[scope][0] += len(g)
                counts[scope][1] += len(p)
                counts[scope][2] += len(g & p)
    result = {}
    for scope, (gold_n, predicted_n, correct) in counts.items():
        precision, recall = ratio(correct, predicted_n), ratio(correct, gold_n)
        result[scope] = {
            "precision": precision,
            "recall": recall,
            "f1": harmonic(precision, recall),
            "gold": gold_n,
            "predicted": predicted_n,
        }
    return result


def person_spans(spans: set[tuple[int, int, str]], words: list[str], proper_only: bool) -> set[tuple[int, int, str]]:
    return {s for s in spans if s[2] == "PER" and (not proper_only or is_proper_name(words[s[0] : s[1]]))}


def align_tokens(tokens: list[str], raw: str) -> list[tuple[int, int] | None]:
    """Character span in `raw` of each token, in order; None where a token cannot be found nearby."""
    head = [re.escape(t) for t in tokens[:8] if t not in TOKEN_VARIANTS]
    anchor = re.search(r"\s*".join(head), raw) if head else None
    cursor = anchor.start() if anchor else 0
    spans: list[tuple[int, int] | None] = []
    for token in tokens:
        found = None
        for variant in TOKEN_VARIANTS.get(token, [token]):
            at = raw.find(variant, cursor, cursor + MAX_GAP + len(variant))
            if at >= 0 and (found is None or at < found[0]):
                found = (at, at + len(variant))
        spans.append(found)
        if found:
            cursor = found[1]
    return spans


def read_quote_file(path: Path) -> tuple[list[list[str]], list[tuple[str, int, int, int, int]], dict[str, str]]:
    sentences = [line.split(" ") for line in path.with_suffix(".txt").read_text(encoding="utf-8").splitlines()]
    quotes, speakers = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        columns = line.split("\t")
        if columns[0] == "QUOTE" and len(columns) >= 6:
            quotes.append((columns[1], *map(int, columns[2:6])))
        elif columns[0] == "ATTRIB" and len(columns) >= 3:
            speakers[columns[1]] = columns[2]
    return sentences, quotes, speakers


def label_name(label: str) -> str:
    """`The_White_Rabbit-4` -> `White Rabbit`."""
    name = re.sub(r"-\d+$", "", label).replace("_", " ").strip()
    return re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)


def name_variants(names: set[str]) -> set[str]:
    """A character's names plus each capitalised word of them (`Katherine Hilbery` also answers to `Katherine`),
    since LitBank speaker labels carry one name only."""
    words = {w for n in names for w in n.replace(".", " ").split() if w[:1].isupper() and w.lower() not in TITLES}
    return names | words


def score_quotes_book(
    root: Path, name: str, profile: Profile = DEFAULT_PROFILE, stage_settings: dict | None = None
) -> tuple[QuoteCounts, list[str | None], list[str | None]] | None:
    """Analyse the aligned excerpt (`stage_settings` as analyze_work takes them); returns counts and the
    gold/predicted speaker of each detected quote."""
    from ficlens import analyze_work
    from ficlens.evaluate.metrics import score_quotes

    quote_path = root / "quotations" / "tsv" / f"{name}_brat.ann"
    raw_path = root / "original" / f"{name}.txt"
    if not quote_path.is_file() or not raw_path.is_file():
        return None
    sentences, quotes, speakers = read_quote_file(quote_path)
    if not quotes:
        return None
    raw = raw_path.read_text(encoding="utf-8")
    flat = [t for s in sentences for t in s]
    offsets = align_tokens(flat, raw)
    sentence_first = [sum(len(s) for s in sentences[:i]) for i in range(len(sentences))]
    found = [o for o in offsets if o]
    start, end = found[0][0], found[-1][1]
    text = raw[start:end]

    def char_span(sent: int, token: int, side: int) -> int | None:
        span = offsets[sentence_first[sent] + token]
        return span[side] - start if span else None

    gold = []
    for quote_id, s1, t1, s2, t2 in quotes:
        begin, finish = char_span(s1, t1, 0), char_span(s2, t2, 1)
        if begin is not None and finish is not None and finish > begin:
            gold.append(GoldQuote(pieces=((begin, finish),), speaker=speakers.get(quote_id)))
    work = analyze_work(Work(text=text), profile=profile, stage_settings=stage_settings or {})
    labels = sorted({q.speaker for q in gold if q.speaker})
    system_names = {c.id: name_variants({c.name, *c.aliases}) for c in work.characters}
    to_gold = map_characters(system_names, {g: {label_name(g)} for g in labels})
    counts = score_quotes(text, gold, predicted_quotes(work, to_gold))
    # B3 needs each detected gold quote's predicted speaker cluster (system ids, unmapped ones included)
    raw = predicted_quotes(work, {c.id: c.id for c in work.characters})
    holders, *_ = pair_quotes(text, gold, raw)
    gold_labels = [gold[g].speaker for g in sorted(holders)]
    system_labels = [raw[holders[g].most_common(1)[0][0]].speaker for g in sorted(holders)]
    return counts, gold_labels, [f"{name}:{s}" if s else None for s in system_labels]


def evaluate_litbank(
    root: Path, split: str = "test", profile: Profile = DEFAULT_PROFILE, stage_settings: dict | None = None
) -> dict:
    started = time.perf_counter()
    names = books(root, split)
    entities = score_entities(root, names, profile)
    total = QuoteCounts()
    gold_labels: list[str | None] = []
    system_labels: list[str | None] = []
    quote_books = 0
    for name in names:
        scored = score_quotes_book(root, name, profile, stage_settings)
        if scored is None:
            continue
        counts, gold_part, system_part = scored
        total.add(counts)
        gold_labels += [f"{name}:{g}" if g else None for g in gold_part]
        system_labels += system_part
        quote_books += 1
    quote_scores = total.scores()
    return {
        "split": split,
        "profile": profile,
        "books": len(names),
        "entities": {
            "PER": entities["all"],
            "PER_proper": entities["proper"],
            "PER_book": entities["all_book"],
            "PER_proper_book": entities["proper_book"],
        },
        "quotes": {
            "books": quote_books,
            "detection": quote_scores["quote_detection"],
            "speaker_accuracy": quote_scores["speaker"]["accuracy"],
            "end_to_end_accuracy": quote_scores["speaker"]["end_to_end_accuracy"],
            "speaker_b3": b_cubed(gold_labels, system_labels),
        },
        "seconds": round(time.perf_counter() - started, 2),
    }
