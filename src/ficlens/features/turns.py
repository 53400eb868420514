"""Turn taking as a sequence: within a conversation, each speaker either repeats the previous turn's, answers it
(the speaker two turns back: alternation) or is someone new, with probabilities learned from PDNC's annotated
speaker sequences per paragraph gap. `decode` picks the speakers of a whole conversation at once (second-order
Viterbi) from the ranker's per-utterance probabilities and those transitions, so a run of untagged turns keeps
the phase its tagged neighbours fix.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ficlens.features import MAX_CONVERSATION_GAP

TOP_CANDIDATES = 5  # per utterance, by the ranker's probability
CATEGORIES = ("repeat", "alternate", "new")


def gap_bin(paragraphs: int) -> int:
    """The paragraphs between two turns, as 0 (same paragraph), 1 (the next) or 2 (further)."""
    return min(paragraphs, 2)


def transition(speaker: str, previous: str | None, two_back: str | None) -> str:
    """A turn's category given the previous turn's speaker and the one before it."""
    return "repeat" if speaker == previous else "alternate" if speaker == two_back else "new"


def transition_key(gap: int, has_two_back: bool, category: str) -> str:
    return f"{gap}|{int(has_two_back)}|{category}"


@dataclass
class TurnModel:
    """Log-probabilities of each category (keys from transition_key) and the weight of the transitions against
    the ranker's log-probabilities."""

    log_probability: dict[str, float]
    weight: float

    @classmethod
    def from_counts(cls, counts: dict[str, int], weight: float) -> TurnModel:
        """Add-one smoothed log-probabilities per (gap, has two back) context."""
        table = {}
        for gap in range(3):
            for has_two_back in (False, True):
                categories = CATEGORIES if has_two_back else ("repeat", "new")
                keys = [transition_key(gap, has_two_back, c) for c in categories]
                total = sum(counts.get(k, 0) + 1 for k in keys)
                table |= {k: math.log((counts.get(k, 0) + 1) / total) for k in keys}
        return cls(table, weight)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"weight": self.weight, "log_probability": self.log_probability}, indent=1) + "\n")

    @classmethod
    def load(cls, path: Path) -> TurnModel:
        """Raises ValueError when a transition is missing or the weight is negative."""
        data = json.loads(path.read_text())
        model = cls({k: float(v) for k, v in data["log_probability"].items()}, float(data["weight"]))
        if set(model.log_probability) != set(cls.from_counts({}, 0.0).log_probability) or model.weight < 0:
            raise ValueError(f"{path}: not a turn model")
        return model


def count_transitions(speakers: Sequence[str | None], paragraphs: Sequence[int]) -> dict[str, int]:
    """Category counts of a speaker sequence (None: unknown, skipped) within conversations."""
    counts: dict[str, int] = {}
    for i in range(1, len(speakers)):
        gap = paragraphs[i] - paragraphs[i - 1]
        if gap > MAX_CONVERSATION_GAP or speakers[i] is None or speakers[i - 1] is None:
            continue
        two_back = speakers[i - 2] if i >= 2 and paragraphs[i - 1] - paragraphs[i - 2] <= MAX_CONVERSATION_GAP else None
        key = transition_key(gap_bin(gap), two_back is not None, transition(speakers[i], speakers[i - 1], two_back))
        counts[key] = counts.get(key, 0) + 1
    return counts


Scored = Sequence[tuple[list[str], list[float]]]


def decode(scored: Scored, paragraphs: Sequence[int], model: TurnModel) -> list[str | None]:
    """The best speaker sequence of each conversation (utterances split where more than MAX_CONVERSATION_GAP
    paragraphs pass); an utterance without candidates keeps None, and no transition is scored across it (as
    count_transitions counts none across an unknown speaker)."""
    picks: list[str | None] = []
    start = 0
    for end in range(1, len(scored) + 1):
        if end == len(scored) or paragraphs[end] - paragraphs[end - 1] > MAX_CONVERSATION_GAP:
            picks += _viterbi(scored[start:end], paragraphs[start:end], model)
            start = end
    return picks


def _viterbi(scored: Scored, paragraphs: Sequence[int], model: TurnModel) -> list[str | None]:
    options = [_emissions(candidates, probabilities) for candidates, probabilities in scored]
    # state: (previous speaker, this speaker) -> (score, the state before)
    table = [{(None, c): (e, None) for c, e in options[0]}]
    for t in range(1, len(options)):
        gap = gap_bin(paragraphs[t] - paragraphs[t - 1])
        row: dict = {}
        for (two_back, previous), (total, _) in table[-1].items():
            for speaker, emission in options[t]:
                step = 0.0
                if speaker is not None and previous is not None:
                    has_two_back = two_back is not None
                    category = transition(speaker, previous, two_back)
                    step = model.log_probability[transition_key(gap, has_two_back, category)]
                value = total + emission + model.weight * step
                if (previous, speaker) not in row or value > row[(previous, speaker)][0]:
                    row[(previous, speaker)] = (value, (two_back, previous))
        table.append(row)
    state = max(table[-1], key=lambda s: table[-1][s][0])
    path = [state[1]]
    for t in range(len(table) - 1, 0, -1):
        state = table[t][state][1]
        path.append(state[1])
    return path[::-1]


def _emissions(candidates: list[str], probabilities: list[float]) -> list[tuple[str | None, float]]:
    """The top candidates and their log-probabilities, normalised over the utterance's candidates."""
    if not candidates:
        return [(None, 0.0)]
    total = sum(probabilities) or 1.0
    top = sorted(zip(candidates, probabilities), key=lambda pair: -pair[1])[:TOP_CANDIDATES]
    return [(c, math.log(max(p / total, 1e-6))) for c, p in top]
