"""`nlp.pipe`, with spaCy's transition-based components (the parser and the NER) run one transition step at a time
for a whole sub-batch of paragraphs in NumPy, instead of in spaCy's compiled greedy loop. That loop (spaCy 3.8.7's
`Parser._parseC`) takes the GIL for an error check inside `predict_states`, once per state and hidden unit: a
native profile of the fast pipeline puts about a sixth of its time there. The step-at-a-time path is the one
spaCy trains with (`ParserStepModel`, `Parser.transition_states`); the Docs are the same to the last annotation
(tests/test_stepwise_parse.py), in 1.3x (fast) to 1.5x (accurate) less time (BENCHMARKS.md, Speed)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc
from spacy.util import minibatch


def pipe_stepwise(nlp: Language, texts: Iterable[str | Doc], batch_size: int) -> Iterator[Doc]:
    """The Docs of `nlp.pipe(texts, batch_size=batch_size)`, in order; texts may be Docs already tokenised."""
    docs: Iterable[Doc] = (nlp.make_doc(t) if isinstance(t, str) else t for t in texts)
    for _, component in nlp.pipeline:
        if isinstance(component, Parser) and component.cfg.get("beam_width", 1) == 1:
            docs = parse_stepwise(component, docs, batch_size)
        elif hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=batch_size)
        else:
            docs = map(component, docs)
    yield from docs


def parse_stepwise(parser: Parser, docs: Iterable[Doc], batch_size: int) -> Iterator[Doc]:
    """`parser.pipe`: each batch sorted by length into sub-batches of a quarter of it, as spaCy does."""
    for batch in minibatch(docs, size=batch_size):
        batch = list(batch)
        for sub_batch in minibatch(sorted(batch, key=len), size=max(batch_size // 4, 2)):
            sub_batch = list(sub_batch)
            parser.set_annotations(sub_batch, greedy_states(parser, sub_batch))
        yield from batch


def greedy_states(parser: Parser, docs: list[Doc]) -> list:
    """The parser's final states for `docs`, the best valid transition taken at each step."""
    if not any(len(doc) for doc in docs):
        return parser.moves.init_batch(docs)
    parser._ensure_labels_are_added(docs)
    states = parser.moves.init_batch(docs)
    step_model = parser.model.predict(docs)
    unseen = numpy.flatnonzero(step_model._class_mask == 0)
    unfinished = [state for state in states if not state.is_final()]
    while unfinished:
        unfinished = parser.transition_states(unfinished, step_scores(step_model, unfinished, unseen))
    step_model.clear_memory()
    return states


def step_scores(step_model, states: list, unseen: numpy.ndarray) -> numpy.ndarray:  # noqa: ANN001 (spaCy's class)
    """What spaCy's `step_forward` computes at inference: the states' features, hidden layer and class scores, the
    classes the model never saw lowest. Unlike it, the lowest score is found only when such classes exist."""
    vector = step_model.state2vec.predict(step_model.get_token_ids(states))
    scores = step_model.vec2scores.predict(vector) if step_model.attrs["has_upper"] else numpy.asarray(vector)
    if len(unseen):
        scores[:, unseen] = numpy.nanmin(scores)
    return scores
