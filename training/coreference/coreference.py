"""Train the pronoun coreference model on LitBank's coreference annotations (CC BY 4.0).

  python -m training.coreference.coreference  # features, model on the train+dev books, scores on the test books

Books are split as for the NER (every 10th book in name order is test, every 10th from the 5th dev; see
`ficlens.evaluate.litbank.book_split`). Pronouns: third-person singular ones in narration; antecedent
candidates: the named (PROP_PER) mentions and the earlier pronouns of the last SENTENCES_BACK sentences, as at
analysis time. An entity's gender is the majority of its gendered pronouns (at analysis time it is the
character's gender, learnt from pronouns the same way). Writes src/ficlens/models/pronoun_coreference.txt
and training/runs/coreference_scores.json. Run from the repository root with ficlens installed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy

from ficlens.evaluate.litbank import book_split
from ficlens.features.coreference import (
    COREFERENCE_FEATURES,
    PRONOUN_GENDER,
    PronounSite,
    Site,
    antecedent_features,
    window,
)
from ficlens.model_files import COREFERENCE_MODEL
from ficlens.nlp import load_pipeline
from ficlens.tokens import SUBJECT_DEPS
from training.rankers.speaker_ranker import PARAMS, ROOT

LITBANK = ROOT.parent / "shared" / "data" / "litbank" / "coref" / "brat"
SCORES = ROOT / "training" / "runs" / "coreference_scores.json"
ROUNDS = 300


def read_book(ann: Path, nlp):
    """(pronoun sites with their gold entity, antecedent sites, entity genders) for one LitBank book."""
    text = ann.with_suffix(".txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    line_starts = numpy.cumsum([0] + [len(line) + 1 for line in lines[:-1]])
    kinds, entities = {}, {}
    for row in ann.read_text(encoding="utf-8").splitlines():
        columns = row.split("\t")
        if not columns[0].startswith("T") or len(columns) < 3:
            continue
        label, start, end = columns[1].split(" ")[:3]
        key = (int(start), int(end))
        if label.split("_")[0] in ("PROP", "NOM", "PRON"):
            kinds[key] = label
        else:
            entities[key] = label
    docs = list(nlp.pipe(lines, batch_size=64))
    quoted = in_quote_flags(text)

    def locate(start: int, end: int) -> tuple[int, bool]:
        sentence = int(numpy.searchsorted(line_starts, start, side="right") - 1)
        span = docs[sentence].char_span(start - line_starts[sentence], end - line_starts[sentence], "expand")
        return sentence, span is not None and len(span) > 0 and span.root.dep_ in SUBJECT_DEPS

    genders: dict[str, Counter] = {}
    names, pronouns = [], []
    for (start, end), label in sorted(kinds.items()):
        entity = entities.get((start, end))
        if entity is None or not label.endswith("_PER"):
            continue
        word = text[start:end].lower()
        if label == "PRON_PER" and word in PRONOUN_GENDER:
            genders.setdefault(entity, Counter())[PRONOUN_GENDER[word]] += 1
            if not quoted[start]:
                sentence, subject = locate(start, end)
                pronouns.append((PronounSite(start, end, text[start:end], sentence, subject), entity))
        elif label == "PROP_PER":
            sentence, subject = locate(start, end)
            names.append(Site(start, entity, "name", sentence, subject, quoted[start]))
    majority = {e: c.most_common(1)[0][0] for e, c in genders.items()}
    return pronouns, names, majority


def in_quote_flags(text: str) -> list[bool]:
    flags, inside = [], False
    for char in text:
        if char == "\u201c":
            inside = True
        elif char == "\u201d":
            inside = False
        elif char == '"':
            inside = not inside
        flags.append(inside)
    return flags


def book_rows(ann: Path, nlp):
    """Feature rows, labels and group sizes; pronouns whose entity is not among the candidates are kept for
    scoring (as misses) but not trained on."""
    pronouns, names, genders = read_book(ann, nlp)
    salience = {e: i for i, (e, _) in enumerate(Counter(s.entity for s in names).most_common())}
    sites = sorted(names + [Site(p.start, e, "pronoun", p.sentence, p.subject, False) for p, e in pronouns],
                   key=lambda s: s.start)  # fmt: skip
    starts = [s.start for s in sites]
    rows, labels, groups = [], [], []
    for pronoun, entity in pronouns:
        candidates, candidate_rows = antecedent_features(pronoun, window(sites, starts, pronoun), genders, salience)
        rows += candidate_rows
        labels += [float(c == entity) for c in candidates]
        groups.append(len(candidates))
    return rows, labels, groups


def starts_of(groups: list[int]) -> list[int]:
    return [int(s) for s in numpy.concatenate([[0], numpy.cumsum(groups)[:-1]])] if groups else []


def scores(model, rows, labels, groups) -> dict[str, float]:
    """Accuracy over all pronouns (a pronoun whose entity is not a candidate counts as wrong), for the model
    and for the most recent gender-agreeing candidate."""
    predicted = model.predict(numpy.asarray(rows, dtype=numpy.float32)) if rows else []
    rank = COREFERENCE_FEATURES.index("agreeing_recency_rank")
    right = baseline = reachable = 0
    for start, size in zip(starts_of(groups), groups):
        gold = labels[start : start + size]
        if not size:
            continue
        reachable += max(gold) == 1
        right += gold[int(numpy.argmax(predicted[start : start + size]))] == 1
        agreeing = [k for k in range(size) if rows[start + k][rank] == 0]
        baseline += bool(agreeing) and gold[agreeing[0]] == 1
    n = len(groups)
    return {"pronouns": n, "model": right / n, "recent_agreeing": baseline / n, "candidates_hold_gold": reachable / n}


def fit(rows: list, labels: list):
    import lightgbm

    dataset = lightgbm.Dataset(numpy.asarray(rows), numpy.asarray(labels), feature_name=COREFERENCE_FEATURES)
    return lightgbm.train(PARAMS, dataset, num_boost_round=ROUNDS)


def main() -> None:
    nlp = load_pipeline()
    books = sorted(LITBANK.glob("*.ann"))
    data = {"train": ([], [], []), "dev": ([], [], []), "test": ([], [], [])}
    for i, ann in enumerate(books):
        rows, labels, groups = book_rows(ann, nlp)
        target = data[book_split(i)]
        target[0].extend(rows), target[1].extend(labels), target[2].extend(groups)
    report = {}
    train_rows, train_labels, _ = data["train"]
    model = fit(train_rows, train_labels)
    report["dev (model trained on train)"] = scores(model, *data["dev"])
    report["test (model trained on train)"] = scores(model, *data["test"])
    rows = data["train"][0] + data["dev"][0]
    labels = data["train"][1] + data["dev"][1]
    final = fit(rows, labels)
    report["test (shipped model, trained on train+dev)"] = scores(final, *data["test"])
    final.save_model(str(COREFERENCE_MODEL))
    SCORES.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
