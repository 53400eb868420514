"""The shipped pipeline's own spaCy component, registered on import: by ficlens when it loads the pipeline, and by
spaCy through the `spacy_factories` entry point when anyone else calls `spacy.load` on it."""

from spacy.language import Language
from spacy.tokens import Doc, Span

from ficlens.lexicon import TITLES

PERSON_TITLES = "ficlens_person_titles"


def attach_person_titles(doc: Doc) -> Doc:
    """A capitalised title just before a person joins it (`Lord Henry`, not `Henry`), as in LitBank's spans; the NER
    leaves some out (BENCHMARKS.md, "LitBank's entity layers")."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    ents = []
    for ent in doc.ents:
        start = ent.start
        if ent.label_ == "PER":
            while start and start - 1 not in taken and doc[start - 1].is_title and doc[start - 1].lower_ in TITLES:
                start -= 1
        ents.append(ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_))
    doc.ents = ents
    return doc


@Language.factory(PERSON_TITLES)
def person_titles_factory(nlp: Language, name: str):
    return attach_person_titles
