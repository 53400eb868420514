"""The spaCy Docs of a Work's paragraphs (the transient `docs` field): parsed once per run by the linguistics
stage, re-parsed on demand for a Work read back from JSON, and what the stages ask of them.

Line breaks inside a paragraph (hard-wrapped text) reach the pipeline as spaces, so that `Mr.` at the end of a
line and `Knightley` on the next are one name to the tagger, parser and NER; character offsets are unchanged. Then
the book is read as a whole once: a name the NER is sure is a person becomes one where a paragraph missed it.

A long work keeps its Docs serialised in blocks of paragraphs (`CompactDocs`) and decodes a block when a stage
reads it, so memory stays bounded however long the work; the annotations are the same either way."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy
from spacy.attrs import IS_LOWER, ORTH
from spacy.strings import StringStore
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from ficlens.forked_parse import pipe_in_processes
from ficlens.lexicon import TITLES
from ficlens.model import DEFAULT_PROFILE, Profile, Work
from ficlens.nlp import PIPE_BATCH_SIZE, load_pipeline
from ficlens.spacy_components import attach_person_titles

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Works longer than this keep their Docs compact (BENCHMARKS.md, "Long works": peak memory by length).
COMPACT_ABOVE_WORDS = 200_000
BLOCK_TOKENS = 20_000  # tokens per serialised block: about 10 ms to decode
DECODED_BLOCKS = 3  # blocks kept decoded; the stages read paragraphs roughly in order


def string_ids(words: Iterable[str]) -> numpy.ndarray:
    """spaCy's ids of these strings (a symbol's number or the string's hash), to compare with `Doc.to_array`."""
    return numpy.array([STRINGS[w] for w in words], dtype=numpy.uint64)


STRINGS = StringStore()  # ids only: the same in every vocabulary


def docs_of(work: Work) -> Sequence[Doc]:
    """The paragraphs' Docs: those of this run, or parsed again (deterministically, by the profile that parsed it
    first) for a Work read from JSON."""
    if not work.has_transient("docs"):
        work.set_transient("docs", parsed_docs(work, profile=work.profile or DEFAULT_PROFILE))
    return work.get_transient("docs")


def parsed_docs(
    work: Work, compact_above_words: int = COMPACT_ABOVE_WORDS, profile: Profile = DEFAULT_PROFILE, processes: int = 1
) -> Sequence[Doc]:
    """Every paragraph's Doc with book-level person names; compact when the work is over `compact_above_words`;
    parsed by up to `processes` processes (ficlens.forked_parse)."""
    names = PersonNames()
    stream = names.counted(paragraph_docs(work, profile, processes))
    if len(work.text.split()) <= compact_above_words:
        docs: Sequence[Doc] = list(stream)
        names.mark(docs)
        return docs
    compact = CompactDocs(stream, load_pipeline(profile).vocab)
    compact.rewrite(names.mark)
    return compact


def paragraph_docs(work: Work, profile: Profile = DEFAULT_PROFILE, processes: int = 1) -> Iterator[Doc]:
    """The profile's pipeline's Doc for each paragraph, hard-wrapped lines joined; the encoder's output (`tensor`),
    which no stage reads, is dropped as each Doc arrives."""
    texts = [work.text[p.start : p.end].replace("\n", " ") for p in work.paragraphs]
    stream = pipe_in_processes(load_pipeline(profile), texts, PIPE_BATCH_SIZE, processes)
    for doc in stream:
        doc.tensor = numpy.zeros((0, 0), dtype="float32")
        yield doc


class CompactDocs(Sequence[Doc]):
    """Docs kept as serialised blocks of paragraphs (spaCy's DocBin, about 8 bytes a token), decoded on access."""

    def __init__(self, docs: Iterable[Doc], vocab: Vocab) -> None:
        self.vocab = vocab
        self.blocks: list[bytes] = []
        self.starts: list[int] = []  # index of each block's first paragraph
        self.length = 0
        self.decoded: OrderedDict[int, list[Doc]] = OrderedDict()
        block: list[Doc] = []
        tokens = 0
        for doc in docs:
            block.append(doc)
            tokens += len(doc)
            if tokens >= BLOCK_TOKENS:
                self.append_block(block)
                block, tokens = [], 0
        if block:
            self.append_block(block)

    def append_block(self, docs: list[Doc]) -> None:
        self.starts.append(self.length)
        self.blocks.append(encode(docs))
        self.length += len(docs)

    def rewrite(self, change: Callable[[list[Doc]], None]) -> None:
        """Apply `change(docs)` to every block in turn and store the changed Docs."""
        for index in range(len(self.blocks)):
            docs = self.block(index)
            change(docs)
            self.blocks[index] = encode(docs)
        self.decoded.clear()

    def block(self, index: int) -> list[Doc]:
        if index in self.decoded:
            self.decoded.move_to_end(index)
        else:
            self.decoded[index] = list(DocBin().from_bytes(self.blocks[index]).get_docs(self.vocab))
            while len(self.decoded) > DECODED_BLOCKS:
                self.decoded.popitem(last=False)
        return self.decoded[index]

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        block = bisect_right(self.starts, index) - 1
        return self.block(block)[index - self.starts[block]]

    def __iter__(self) -> Iterator[Doc]:
        for index in range(len(self.blocks)):
            yield from self.block(index)


def encode(docs: list[Doc]) -> bytes:
    store = DocBin(store_user_data=False)  # every token attribute spaCy stores
    for doc in docs:
        store.add(doc)
    return store.to_bytes()


class PersonNames:
    """Book-level consistency: a proper name the NER calls PER at least `minimum` times, and more often than all
    other labels together, becomes PER wherever else in the book it stands alone (`Rudolf ?` where the NER missed it).
    Not inside another entity or a longer capitalised name, and at a sentence start only if the book never writes its
    first word in lower case (`May I`). Count every Doc first, then mark."""

    def __init__(self, minimum: int = 2) -> None:
        self.minimum = minimum
        self.labels: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        self.lower_case: set[int] = set()  # ids of the words the book writes in lower case
        self.names: dict[str, list[tuple[str, ...]]] | None = None
        self.first_ids = numpy.zeros(0, dtype=numpy.uint64)  # spaCy ids of the names' first words

    def count(self, doc: Doc) -> None:
        if len(doc):
            orth, is_lower = doc.to_array([ORTH, IS_LOWER]).T
            self.lower_case.update(orth[is_lower == 1].tolist())
        for ent in doc.ents:
            words = tuple(t.text for t in ent)
            if ent[0].is_title and is_proper_name(words):
                self.labels[words][ent.label_] += 1

    def counted(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for doc in docs:
            self.count(doc)
            yield doc

    def mark(self, docs: Iterable[Doc]) -> None:
        if self.names is None:
            self.names = self.by_first_word()
            self.first_ids = string_ids(self.names)
        for doc in docs:
            occurrences = name_occurrences(doc, self.names, self.first_ids, self.lower_case)
            found = [Span(doc, s, e, label="PER") for s, e in occurrences]
            if found:
                doc.ents = sorted([*doc.ents, *found], key=lambda span: span.start)
                attach_person_titles(doc)

    def by_first_word(self) -> dict[str, list[tuple[str, ...]]]:
        by_first: defaultdict[str, list[tuple[str, ...]]] = defaultdict(list)
        for words, counts in self.labels.items():
            if counts["PER"] >= self.minimum and 2 * counts["PER"] > counts.total():
                by_first[words[0]].append(words)
        for names in by_first.values():
            names.sort(key=len, reverse=True)
        return by_first


def propagate_person_names(docs: Sequence[Doc], minimum: int = 2) -> None:
    """PersonNames over a list of Docs, in place."""
    names = PersonNames(minimum)
    for doc in docs:
        names.count(doc)
    names.mark(docs)


def is_proper_name(words: Sequence[str]) -> bool:
    """Every alphabetic word starts with a capital (`Mr. Darcy`, not `the old man`)."""
    alphabetic = [w for w in words if w[:1].isalpha()]
    return bool(alphabetic) and all(w[0].isupper() for w in alphabetic)


def name_occurrences(
    doc: Doc, by_first: dict[str, list[tuple[str, ...]]], first_ids: numpy.ndarray, lower_case: set[int]
):
    """(start, end) of each listed name standing alone outside the doc's entities; `first_ids` are the spaCy ids of
    `by_first`'s keys, the only tokens a name can start at."""
    if not len(doc) or not len(first_ids):
        return
    candidates = numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), first_ids)).tolist()
    if not candidates:
        return
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    after = 0  # the end of the last name found: names do not overlap
    for i in candidates:
        if i < after:
            continue
        end = next((i + len(w) for w in by_first[doc[i].text] if is_at(doc, i, w)), None)
        if end is None or any(j in taken for j in range(i, end)) or not stands_alone(doc, i, end, lower_case):
            continue
        yield i, end
        after = end


def is_at(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(doc) and all(doc[i + k].text == w for k, w in enumerate(words))


def stands_alone(doc: Doc, start: int, end: int, lower_case: set[int]) -> bool:
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    if doc[start].is_sent_start and STRINGS[doc[start].text.lower()] in lower_case:
        return False
    if before is not None and before.is_title and not doc[start].is_sent_start and before.lower_ not in TITLES:
        return False
    return after is None or not after.is_title or after.is_sent_start


class Subjects:
    """`subjects(paragraph, start, end)`: whether the words at [start, end) head a grammatical subject in the
    paragraph's parse; the work's Docs looked up once for its many spans."""

    def __init__(self, work: Work) -> None:
        self.docs, self.paragraphs = docs_of(work), work.paragraphs

    def __call__(self, paragraph: int, start: int, end: int) -> bool:
        if not 0 <= paragraph < len(self.docs):
            return False
        offset = self.paragraphs[paragraph].start
        span = self.docs[paragraph].char_span(start - offset, end - offset, alignment_mode="expand")
        return span is not None and len(span) > 0 and span.root.dep_ in SUBJECT_DEPS
