"""The spaCy Docs of a Work's paragraphs (the transient `docs` field): parsed once per run by the linguistics
stage, re-parsed on demand for a Work read back from JSON, and what the stages ask of them.

Line breaks inside a paragraph (hard-wrapped text) reach the pipeline as spaces, so that `Mr.` at the end of a
line and `Knightley` on the next are one name to the tagger, parser and NER; character offsets are unchanged. Then
the book is read as a whole once: a name the NER is sure is a person becomes one where a paragraph missed it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ficlens.lexicon import TITLES
from ficlens.model import Work
from ficlens.nlp import PIPE_BATCH_SIZE, load_pipeline
from ficlens.spacy_components import attach_person_titles

SUBJECT_DEPS = ("nsubj", "nsubjpass")


def docs_of(work: Work) -> list[Doc]:
    """The paragraphs' Docs: those of this run, or parsed again (deterministically) for a Work read from JSON."""
    if not work.has_transient("docs"):
        work.set_transient("docs", parsed_docs(work))
    return work.get_transient("docs")


def parsed_docs(work: Work) -> list[Doc]:
    docs = paragraph_docs(work)
    propagate_person_names(docs)
    return docs


def paragraph_docs(work: Work) -> list[Doc]:
    """The shipped pipeline's Doc for each paragraph, hard-wrapped lines joined."""
    texts = (work.text[p.start : p.end].replace("\n", " ") for p in work.paragraphs)
    return list(load_pipeline().pipe(texts, batch_size=PIPE_BATCH_SIZE))


def propagate_person_names(docs: list[Doc], minimum: int = 2) -> None:
    """Book-level consistency: a proper name the NER calls PER at least `minimum` times, and more often than all
    other labels together, becomes PER wherever else in the book it stands alone (`Rudolf ?` where the NER missed it).
    Not inside another entity or a longer capitalised name, and at a sentence start only if the book never writes its
    first word in lower case (`May I`)."""
    labels: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    lower_case: set[str] = set()
    for doc in docs:
        lower_case.update(t.text for t in doc if t.is_lower)
        for ent in doc.ents:
            words = tuple(t.text for t in ent)
            if ent[0].is_title and is_proper_name(words):
                labels[words][ent.label_] += 1
    by_first: defaultdict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words, counts in labels.items():
        if counts["PER"] >= minimum and 2 * counts["PER"] > counts.total():
            by_first[words[0]].append(words)
    for names in by_first.values():
        names.sort(key=len, reverse=True)
    for doc in docs:
        found = [Span(doc, start, end, label="PER") for start, end in name_occurrences(doc, by_first, lower_case)]
        if found:
            doc.ents = sorted([*doc.ents, *found], key=lambda span: span.start)
            attach_person_titles(doc)


def is_proper_name(words: Sequence[str]) -> bool:
    """Every alphabetic word starts with a capital (`Mr. Darcy`, not `the old man`)."""
    alphabetic = [w for w in words if w[:1].isalpha()]
    return bool(alphabetic) and all(w[0].isupper() for w in alphabetic)


def name_occurrences(doc: Doc, by_first: dict[str, list[tuple[str, ...]]], lower_case: set[str]):
    """(start, end) of each listed name standing alone outside the doc's entities."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    i = 0
    while i < len(doc):
        end = next((i + len(w) for w in by_first.get(doc[i].text, ()) if is_at(doc, i, w)), None)
        if end is None or any(j in taken for j in range(i, end)) or not stands_alone(doc, i, end, lower_case):
            i += 1
            continue
        yield i, end
        i = end


def is_at(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(doc) and all(doc[i + k].text == w for k, w in enumerate(words))


def stands_alone(doc: Doc, start: int, end: int, lower_case: set[str]) -> bool:
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    if doc[start].is_sent_start and doc[start].text.lower() in lower_case:
        return False
    if before is not None and before.is_title and not doc[start].is_sent_start and before.lower_ not in TITLES:
        return False
    return after is None or not after.is_title or after.is_sent_start


def is_subject(work: Work, paragraph: int, start: int, end: int) -> bool:
    """Whether the words at [start, end) head a grammatical subject in the paragraph's parse."""
    docs = docs_of(work)
    if not 0 <= paragraph < len(docs):
        return False
    offset = work.paragraphs[paragraph].start
    span = docs[paragraph].char_span(start - offset, end - offset, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.dep_ in SUBJECT_DEPS
