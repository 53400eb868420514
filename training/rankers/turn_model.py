"""Train the turn model (src/ficlens/models/turn_transitions.json, ficlens.features.turns): how often a turn repeats
the previous speaker, answers it or brings in someone new, and how much that weighs against the rankers' final
probabilities when a conversation's speakers are picked together.

  python -m training.rankers.turn_model features [--processes 2]   # needs the rankers' folds (conversation level 2)
  python -m training.rankers.turn_model train                      # folds <Novel>.turns.json and the shipped model

`features` analyses each PDNC novel with each character list and keeps, per utterance, the final probabilities of
the rankers trained without it (held out), its paragraph and its gold speaker. `train` counts the transitions of
the gold speaker sequences (gold lists) of the other novels, picks the weight on those novels' held-out
probabilities (so each novel's weight and counts never saw it) and reports utterance accuracy, each utterance's own
best candidate against the decoded sequence, leave-one-novel-out. The shipped model: counts of all 22 novels, the
weight best on all of them. Run from the repository root (pip install -e .).
"""

from __future__ import annotations

import json
from pathlib import Path

from ficlens.features.speaker import FeatureContext
from ficlens.features.turns import TurnModel, count_transitions, decode
from ficlens.model_files import TURN_MODEL
from ficlens.stages.speaker_ranking import best, load_ranker, ranked_candidates
from training.rankers.conversation_ranker import LEVELS
from training.rankers.speaker_ranker import (
    CHARACTER_LISTS,
    FOLDS,
    ROOT,
    analysed_novel,
    run_step,
    write_all_features,
)

DATA = ROOT / "training" / "runs" / "turn_data"
WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
LEVEL_SUFFIXES = [suffix for _, suffix, _, _ in LEVELS.values()]  # `.conversation`, `.conversation2`


def novel_utterances(directory: Path) -> dict:
    """Per character list, the speech utterances' paragraphs, gold speakers, held-out final candidates (the work's
    character ids) with their probabilities, and the work's ids as gold ones."""
    first = load_ranker(FOLDS / f"{directory.name}.txt")
    conversations = [load_ranker(FOLDS / f"{directory.name}{s}.txt", conversation=True) for s in LEVEL_SUFFIXES]
    result = {}
    for characters in CHARACTER_LISTS:
        novel, work, rules, gold_index, links, to_gold = analysed_novel(directory, characters)
        context = FeatureContext(work, rules.narrator, rules.narrator_positions, links)
        scored = ranked_candidates(context, rules.evidence, first, conversations)
        speech = [i for i, q in enumerate(work.quotes) if q.kind == "speech"]
        result[characters] = {
            "paragraphs": [work.quotes[i].paragraph for i in speech],
            "gold": [novel.quotes[gold_index[i]].speaker if i in gold_index else None for i in speech],
            "candidates": [scored[i][0] for i in speech],
            "probabilities": [scored[i][1] for i in speech],
            "to_gold": to_gold,
        }
    return result


def write_features(processes: int = 1) -> None:
    write_all_features(DATA, novel_utterances, lambda u: f"{len(u['gold']['gold'])} utterances", processes, True)


def accuracy(utterances: dict, model: TurnModel | None) -> tuple[int, int]:
    """Utterances with a gold speaker, and those whose pick (decoded with `model`, else each one's best) is it."""
    scored = list(zip(utterances["candidates"], utterances["probabilities"]))
    picks = [best(*s)[0] for s in scored] if model is None else decode(scored, utterances["paragraphs"], model)
    to_gold = utterances["to_gold"]
    pairs = [(to_gold.get(pick), gold) for pick, gold in zip(picks, utterances["gold"]) if gold is not None]
    return len(pairs), sum(pick == gold for pick, gold in pairs)


def counts_of(novels: dict[str, dict], names: list[str]) -> dict[str, int]:
    total: dict[str, int] = {}
    for name in names:
        gold = novels[name]["gold"]
        for key, n in count_transitions(gold["gold"], gold["paragraphs"]).items():
            total[key] = total.get(key, 0) + n
    return total


def best_weight(novels: dict[str, dict], names: list[str], counts: dict[str, int]) -> float:
    """The weight with the most right picks over `names` (both character lists), counts fixed."""
    def right(weight: float) -> int:
        model = TurnModel.from_counts(counts, weight)
        return sum(accuracy(novels[n][lists], model)[1] for n in names for lists in CHARACTER_LISTS)

    return max(WEIGHTS, key=lambda w: (right(w), -w))


def train() -> None:
    novels = {p.stem: json.loads(p.read_text()) for p in sorted(DATA.glob("*.json"))}
    names = sorted(novels)
    totals = {lists: [0, 0, 0] for lists in CHARACTER_LISTS}  # utterances, right alone, right decoded
    for held_out in names:
        others = [n for n in names if n != held_out]
        counts = counts_of(novels, others)
        model = TurnModel.from_counts(counts, best_weight(novels, others, counts))
        model.save(FOLDS / f"{held_out}.turns.json")
        line = [held_out, f"weight {model.weight}"]
        for lists in CHARACTER_LISTS:
            n, alone = accuracy(novels[held_out][lists], None)
            _, decoded = accuracy(novels[held_out][lists], model)
            totals[lists] = [a + b for a, b in zip(totals[lists], (n, alone, decoded))]
            line.append(f"{lists} {100 * alone / max(n, 1):.1f} -> {100 * decoded / max(n, 1):.1f}")
        print(", ".join(line), flush=True)
    for lists, (n, alone, decoded) in totals.items():
        print(f"{lists} lists, utterances pooled: each alone {100 * alone / n:.2f}, decoded {100 * decoded / n:.2f}")
    counts = counts_of(novels, names)
    shipped = TurnModel.from_counts(counts, best_weight(novels, names, counts))
    shipped.save(TURN_MODEL)
    print(f"shipped model: {TURN_MODEL} (weight {shipped.weight}), counts of {len(names)} novels")


if __name__ == "__main__":
    run_step(__doc__.splitlines()[0], write_features, train)
