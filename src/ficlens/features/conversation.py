"""Conversation features: what the first ranking pass believes about the neighbouring utterances of the same
conversation (who spoke one, two, three turns before and after, who alternates with whom, who holds the floor)
and how much an utterance sounds like each candidate's other lines (their voice: the TF-IDF words of the lines
the first pass gives them, weighted by its belief), as one row per candidate. A second model, trained on held-out
first-pass beliefs, reads them (stacked sequential learning), so the conversation's speaker sequence is learned
from PDNC rather than written as rules.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ficlens.features import MAX_CONVERSATION_GAP

TURNS = (1, 2, 3)  # neighbours read one by one, before and after
ALTERNATION_TURNS = 6  # turns read by the alternation sums
RECENT_TURNS = 10
OUTSIDE = -1.0  # the neighbour is missing or in another conversation
CONVERSATION_FEATURES = [
    "first_pass", "first_pass_share", "first_pass_rank", "first_pass_margin",
    *(f"spoke_prev{k}" for k in TURNS), *(f"spoke_next{k}" for k in TURNS),
    "prev1_certainty", "next1_certainty", "recent_share", "alternation_before", "alternation_after",
    "conversation_share", "conversation_voices", "conversation_length", "position_in_conversation",
    "voice_similarity", "voice_rank", "voice_margin",
]  # fmt: skip
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def conversation_ids(paragraphs: list[int]) -> list[int]:
    """A conversation number per utterance: a new one after more than MAX_CONVERSATION_GAP paragraphs."""
    ids = [0] * len(paragraphs)
    for i in range(1, len(paragraphs)):
        ids[i] = ids[i - 1] + (paragraphs[i] - paragraphs[i - 1] > MAX_CONVERSATION_GAP)
    return ids


def word_vectors(texts: list[str]) -> list[dict[str, float]]:
    """Each text as unit-length TF-IDF weights (sublinear term frequency; document frequency over `texts`)."""
    counts = [Counter(WORD.findall(text.lower())) for text in texts]
    frequency = Counter(word for found in counts for word in found)
    vectors = []
    for found in counts:
        weights = {w: (1 + math.log(n)) * math.log(len(texts) / frequency[w]) for w, n in found.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        vectors.append({w: v / norm for w, v in weights.items() if v})
    return vectors


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def voice_similarities(
    candidates: list[list[str]], shares: list[dict[str, float]], vectors: list[dict[str, float]]
) -> list[list[float]]:
    """For each utterance and candidate, the cosine between the utterance's words (`vectors`, from word_vectors)
    and the candidate's voice: the other utterances' words, each weighted by the first pass's belief that the
    candidate spoke it."""
    voices: dict[str, dict[str, float]] = {}
    for vector, belief in zip(vectors, shares):
        for cid, weight in belief.items():
            voice = voices.setdefault(cid, {})
            for word, value in vector.items():
                voice[word] = voice.get(word, 0.0) + weight * value
    squared = {cid: sum(v * v for v in voice.values()) for cid, voice in voices.items()}
    result = []
    for names, vector, belief in zip(candidates, vectors, shares):
        row = []
        for cid in names:
            own = belief.get(cid, 0.0)  # this utterance's share of the voice, taken out again
            overlap = dot(vector, voices.get(cid, {}))
            rest = max(squared.get(cid, 0.0) - 2 * own * overlap + own * own, 0.0)
            row.append((overlap - own) / math.sqrt(rest) if rest > 1e-12 and vector else 0.0)
        result.append(row)
    return result


def ranked_similarities(similarities: list[float]) -> list[tuple[float, int, float]]:
    """Each candidate's similarity, its rank among the candidates (0: the best match) and its margin over the best
    match among the other candidates."""
    closest = sorted(similarities, reverse=True)
    return [
        (s, closest.index(s), s - (closest[0] if s < closest[0] else closest[1] if len(closest) > 1 else 0.0))
        for s in similarities
    ]


def conversation_features(
    candidates: list[list[str]],
    probabilities: list[list[float]],
    paragraphs: list[int],
    texts: list[str],
    vectors: list[dict[str, float]] | None = None,
) -> list[list[list[float]]]:
    """For each utterance, one row per candidate (CONVERSATION_FEATURES), from the first pass's `probabilities`
    (one list per utterance, aligned with its `candidates`), the utterances' paragraph numbers and their words
    (`vectors`: word_vectors(texts), given when several passes read the same utterances)."""
    n = len(candidates)
    shares = []  # each utterance's first-pass belief, normalised to sum to one
    for names, scores in zip(candidates, probabilities):
        total = sum(scores) or 1.0
        shares.append({cid: score / total for cid, score in zip(names, scores)})
    conversation = conversation_ids(paragraphs)
    first: dict[int, int] = {}  # each conversation's first utterance
    length: dict[int, int] = {}
    floor: dict[int, dict[str, float]] = {}  # the first-pass turns each candidate holds in each conversation
    for i, k in enumerate(conversation):
        first.setdefault(k, i)
        length[k] = length.get(k, 0) + 1
        totals = floor.setdefault(k, {})
        for cid, value in shares[i].items():
            totals[cid] = totals.get(cid, 0.0) + value

    def share(j: int, cid: str, i: int) -> float:
        return shares[j].get(cid, 0.0) if 0 <= j < n and conversation[j] == conversation[i] else OUTSIDE

    def certainty(j: int, i: int) -> float:
        return max(shares[j].values(), default=0.0) if 0 <= j < n and conversation[j] == conversation[i] else OUTSIDE

    def alternation(i: int, cid: str, direction: int) -> float:
        """Evidence that `cid` speaks at i if the turns alternate: + for even distances, - for odd."""
        total = 0.0
        for k in range(1, ALTERNATION_TURNS + 1):
            found = share(i + direction * k, cid, i)
            if found != OUTSIDE:
                total += found if k % 2 == 0 else -found
        return total

    vectors = word_vectors(texts) if vectors is None else vectors
    voice = [ranked_similarities(row) for row in voice_similarities(candidates, shares, vectors)]
    result = []
    for i, (names, scores) in enumerate(zip(candidates, probabilities)):
        top = max(scores, default=0.0)
        order = {names[j]: r for r, j in enumerate(sorted(range(len(names)), key=lambda j: -scores[j]))}
        talk = conversation[i]
        others = {cid: value - shares[i].get(cid, 0.0) for cid, value in floor[talk].items()}  # all turns but this
        voices = sum(1 for value in others.values() if value >= 1.0)
        recent = range(max(0, i - RECENT_TURNS), i)
        rows = []
        for cid, score, sounds in zip(names, scores, voice[i]):
            rows.append([
                score, shares[i][cid], order[cid], top - score,
                *(share(i - k, cid, i) for k in TURNS), *(share(i + k, cid, i) for k in TURNS),
                certainty(i - 1, i), certainty(i + 1, i),
                sum(shares[j].get(cid, 0.0) for j in recent) / RECENT_TURNS,
                alternation(i, cid, -1), alternation(i, cid, 1),
                others.get(cid, 0.0) / max(1, length[talk] - 1), voices, length[talk], i - first[talk],
                *sounds,
            ])  # fmt: skip
        result.append(rows)
    return result
