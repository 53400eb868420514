"""Fan-fiction variants of UD training sentences: curly quotes, `--` dashes (often glued to the words around
them) and character names swapped for modern, non-English and fandom names, annotations kept.

Used as a spaCy augmenter (`--code training/augment.py`, `[corpora.train.augmenter] @augmenters =
"ficlens.fiction_variants.v1"`) and, with a fixed seed, to build the styled evaluation sets of
`compare_models.py`.
"""

from __future__ import annotations

import random

from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

# Written for this project: a mix of modern, non-English and common fandom first names, no spaces or hyphens.
NAMES = (
    "Aiyana Siobhan Tobias Priya Mateo Yuki Oluwaseun Zofia Kai Ngozi Dmitri Leilani Santiago Mei Anouk Rafael "
    "Ingrid Tariq Saoirse Jaewon Lex Lana Clark Chloe Harry Hermione Draco Kirk Spock Buffy Xander Sherlock Dean "
    "Castiel Nkechi Bao Thandiwe Esperanza Kaito Aleksandra Ravi Fatima Lior Marisol Hiroshi Astrid Kwame"
).split()
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
    return Doc(
        doc.vocab,
        words=words,
        spaces=spaces,
        tags=[t.tag_ for t in doc],
        pos=[t.pos_ for t in doc],
        morphs=[str(t.morph) for t in doc],
        lemmas=[t.lemma_ for t in doc],
        heads=[t.head.i for t in doc],
        deps=[t.dep_ for t in doc],
        sent_starts=[bool(t.is_sent_start) for t in doc],
    )


@registry.augmenters("ficlens.fiction_variants.v1")
def create_fiction_variants(level: float, seed: int = 0):
    """Yield every example, plus a fan-fiction variant of a `level` share of them."""
    rng = random.Random(seed)

    def augment(nlp, example: Example):
        yield example
        if rng.random() < level:
            variant = fiction_variant(example.reference, rng)
            yield Example(nlp.make_doc(variant.text), variant)

    return augment
