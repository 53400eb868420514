"""Fan-fiction variants of training documents: for UD sentences, curly quotes, `--` dashes (often glued to the
words around them) and character names swapped for modern, non-English and fandom names; for LitBank's entity
documents, the words of person names swapped the same way. Annotations kept.

`present_tense_variant` retells past-tense narration in the present (`she was` -> `she is`, `he walked` ->
`he walks`), the tense much fan fiction is written in.

Used as a spaCy augmenter (`--code training/pipeline/augment.py`, `[corpora.train.augmenter] @augmenters =
"ficlens.fiction_variants.v1"`) and, with a fixed seed, to build the styled evaluation sets of
`compare_models.py`.
"""

from __future__ import annotations

import random

from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ficlens.lexicon import TITLES

# Written for this project: a mix of modern, non-English and common fandom first names, no spaces or hyphens.
NAMES = (
    "Aiyana Siobhan Tobias Priya Mateo Yuki Oluwaseun Zofia Kai Ngozi Dmitri Leilani Santiago Mei Anouk Rafael "
    "Ingrid Tariq Saoirse Jaewon Lex Lana Clark Chloe Harry Hermione Draco Kirk Spock Buffy Xander Sherlock Dean "
    "Castiel Nkechi Bao Thandiwe Esperanza Kaito Aleksandra Ravi Fatima Lior Marisol Hiroshi Astrid Kwame"
).split()
# Surnames for the person-name variants, also written for this project.
SURNAMES = (
    "Okafor Nakamura Lindqvist Castellanos Kowalski Haddad Oyelaran Nguyen Fitzgerald Moreau Tanaka Petrova "
    "Mensah Delacroix Iyer Kent Luthor Lang Sullivan Potter Granger Winchester Holmes Summers Harris Ruiz Kaur"
).split()
# `Mr.`, `Mr` and the like stay as they are in a renamed person.
TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES) | TITLES
STRAIGHT_QUOTES = {'"', "``", "''"}
DASHES = {"\u2014", "\u2013", "--"}


def fiction_variant(doc: Doc, rng: random.Random) -> Doc:
    """The same sentence(s) with fan-fiction typography and other names; tags, heads, labels unchanged."""
    words, spaces = [], []
    opening = True
    swapped: dict[str, str] = {}
    glue_dashes = rng.random() < 0.5
    for token in doc:
        word = token.text
        if word in STRAIGHT_QUOTES or word in ("\u201c", "\u201d"):
            if word in ("``", "\u201c"):
                opening = True
            elif word in ("''", "\u201d"):
                opening = False
            word = "\u201c" if opening else "\u201d"
            opening = not opening
        elif word in DASHES:
            word = "--"
            if glue_dashes and spaces:
                spaces[-1] = False
        elif token.tag_ == "NNP" and word.isalpha() and word.istitle():
            word = swapped.setdefault(word, rng.choice(NAMES))
        words.append(word)
        spaces.append(bool(token.whitespace_) and not (glue_dashes and word == "--"))
    return retold(doc, words, spaces=spaces)


def retold(doc: Doc, words: list[str], spaces=None, tags=None, morphs=None) -> Doc:
    """`doc` with other words (and optionally spacing, tags, morphology), its gold tree and sentences kept."""
    return Doc(
        doc.vocab,
        words=words,
        spaces=spaces or [bool(t.whitespace_) for t in doc],
        tags=tags or [t.tag_ for t in doc],
        pos=[t.pos_ for t in doc],
        morphs=morphs or [str(t.morph) for t in doc],
        lemmas=[t.lemma_ for t in doc],
        heads=[t.head.i for t in doc],
        deps=[t.dep_ for t in doc],
        sent_starts=[bool(t.is_sent_start) for t in doc],
    )


def with_variants(variant, level: float, seed: int):
    """An augmenter that yields every example, plus `variant` of a `level` share of them."""
    rng = random.Random(seed)

    def augment(nlp, example: Example):
        yield example
        if rng.random() < level:
            varied = variant(example.reference, rng)
            if varied is not None:
                yield Example(nlp.make_doc(varied.text), varied)

    return augment


@registry.augmenters("ficlens.fiction_variants.v1")
def create_fiction_variants(level: float, seed: int = 0):
    """Every example, plus a fan-fiction variant of a `level` share of them (tagger/parser)."""
    return with_variants(fiction_variant, level, seed)


def person_name_variant(doc: Doc, rng: random.Random) -> Doc | None:
    """The same document with every name word of its PER entities (title case, never written in lower case in the
    document, titles such as `Mr.` aside) replaced, consistently across the document, by a modern,
    non-English or fandom name; entities kept. None for a document without entity annotation (UD)."""
    if not doc.has_annotation("ENT_IOB"):
        return None
    lower = {t.text for t in doc if t.text.islower()}  # `The`, `Prince`: words the text also writes in lower case
    swapped: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PER":
            continue
        words = [
            t.text
            for t in ent
            if t.text.isalpha()
            and t.text.istitle()
            and t.text.lower() not in TITLE_WORDS
            and t.text.lower() not in lower
        ]
        for position, word in enumerate(words):
            pool = SURNAMES if position and position == len(words) - 1 else NAMES
            swapped.setdefault(word, rng.choice(pool))
    words = [swapped.get(t.text, t.text) for t in doc]
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else t.ent_iob_ or "O" for t in doc]
    return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc], ents=ents)


@registry.augmenters("ficlens.person_name_variants.v1")
def create_person_name_variants(level: float, seed: int = 0):
    """Every example, plus a renamed variant of a `level` share of them (NER)."""
    return with_variants(person_name_variant, level, seed)


SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "expl", "csubj"})
PLURAL_PRONOUNS = frozenset({"we", "they", "you", "i"})
IRREGULAR_THIRD = {"have": "has", "do": "does", "go": "goes"}


def subject_of(token):
    """The subject of a verb: its own, its head's for an auxiliary or copula, the first conjunct's for a conjunct."""
    for _ in range(4):
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None or token.dep_ not in ("aux", "aux:pass", "cop", "conj") or token.head is token:
            return subject
        token = token.head
    return None


def present_form(token) -> tuple[str, str] | None:
    """The present-tense word and tag for a past-tense finite verb (VBD), agreeing with its subject."""
    lemma = token.lemma_.lower()
    if not token.text.isalpha() or not lemma.isalpha():
        return None
    subject = subject_of(token)
    pronoun = subject.lemma_.lower() if subject is not None and subject.tag_ == "PRP" else None
    plural = subject is not None and (
        pronoun in PLURAL_PRONOUNS
        or "Plur" in subject.morph.get("Number")
        or any(c.dep_ == "conj" for c in subject.children)
    )
    if lemma == "be":
        word = "am" if pronoun == "i" else "are" if plural or token.lower_ == "were" else "is"
    elif plural:
        word = lemma
    else:
        word = IRREGULAR_THIRD.get(lemma) or (
            lemma[:-1] + "ies"
            if lemma.endswith("y") and lemma[-2:-1] not in "aeiou"
            else lemma + "es"
            if lemma.endswith(("s", "sh", "ch", "x", "z", "o"))
            else lemma + "s"
        )
    word = (
        word.capitalize() if token.text.istitle() else word.upper() if token.text.isupper() and len(word) > 1 else word
    )
    return word, "VBP" if plural or word == "am" else "VBZ"


def present_tense_variant(doc: Doc, rng: random.Random | None = None) -> Doc | None:
    """The same sentences with every past-tense finite verb (VBD) in the present; the tree is unchanged, the
    verbs' tags become VBZ/VBP and their Tense Pres. None for a document without tags (LitBank entities)."""
    if not doc.has_annotation("TAG"):
        return None
    words, tags, morphs = [], [], []
    for token in doc:
        form = present_form(token) if token.tag_ == "VBD" else None
        words.append(form[0] if form else token.text)
        tags.append(form[1] if form else token.tag_)
        morphs.append(str(token.morph).replace("Tense=Past", "Tense=Pres") if form else str(token.morph))
    return retold(doc, words, tags=tags, morphs=morphs)


@registry.augmenters("ficlens.names_and_present_tense.v1")
def create_names_and_present_tense(level: float, seed: int = 0):
    """For a joint corpus: a `level` share of LitBank's entity documents also renamed (as
    `ficlens.person_name_variants.v1`), and a `level` share of UD's sentences retold in the present tense instead
    of the past (replaced, not added, so the mix of UD and LitBank words per batch stays as it was)."""
    rng = random.Random(seed)

    def augment(nlp, example: Example):
        if rng.random() >= level:
            yield example
        elif (renamed := person_name_variant(example.reference, rng)) is not None:
            yield example
            yield Example(nlp.make_doc(renamed.text), renamed)
        else:
            present = present_tense_variant(example.reference, rng)
            yield example if present is None else Example(nlp.make_doc(present.text), present)

    return augment
