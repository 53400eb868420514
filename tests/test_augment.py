"""The training augmenters (training/pipeline/augment.py): variants keep the gold annotation they are trained on."""

from __future__ import annotations

import random

import spacy
from spacy.tokens import Doc

from training.pipeline.augment import present_tense_variant


def gold(words, tags, lemmas, heads, deps, morphs=None) -> Doc:
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        tags=tags,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
        morphs=morphs or [""] * len(words),
    )


def test_present_tense_agrees_with_the_subject_and_keeps_the_tree():
    doc = gold(
        ["I", "was", "sure", "she", "tried", "and", "they", "watched", "."],
        ["PRP", "VBD", "JJ", "PRP", "VBD", "CC", "PRP", "VBD", "."],
        ["I", "be", "sure", "she", "try", "and", "they", "watch", "."],
        [2, 2, 2, 4, 2, 7, 7, 4, 2],
        ["nsubj", "cop", "ROOT", "nsubj", "ccomp", "cc", "nsubj", "conj", "punct"],
        ["", "Mood=Ind|Number=Sing|Person=1|Tense=Past|VerbForm=Fin", "", "", "Tense=Past", "", "", "", ""],
    )
    present = present_tense_variant(doc, random.Random(0))
    assert " ".join(t.text for t in present) == "I am sure she tries and they watch ."
    assert [t.tag_ for t in present] == ["PRP", "VBP", "JJ", "PRP", "VBZ", "CC", "PRP", "VBP", "."]
    assert [t.head.i for t in present] == [t.head.i for t in doc] and [t.dep_ for t in present] == [t.dep_ for t in doc]
    assert str(present[1].morph) == "Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin"


def test_present_tense_leaves_untagged_documents_alone():
    # LitBank's entity documents have no tags: no variant, so the joint augmenter renames them instead.
    assert present_tense_variant(spacy.blank("en")("Mary was here."), random.Random(0)) is None
