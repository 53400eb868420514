"""Scoring of predicted quotes, speakers, addressees and characters against gold, independent of any corpus.

Matching rule for quotations: both sides are cut into quoted pieces (the parts of an utterance broken by
a speech tag), each trimmed of whitespace and quotation marks. A predicted piece matches a gold piece when
both boundaries are within `TOLERANCE` characters, or when they overlap by at least `MIN_OVERLAP` of the
longer piece (character intersection over union). Pieces are paired one to one, best overlap first.
Detection precision/recall/F1 count pieces; a gold quote is detected when any of its pieces matched, and
its predicted speaker is the speaker of the predicted quote holding the most of its matched pieces.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ficlens.model import Work

TOLERANCE = 2
MIN_OVERLAP = 0.9
QUOTE_MARKS = "\"'“”‘’«»„‚`"
QUOTE_TYPES = ("explicit", "anaphoric", "implicit")
CONFIDENCE_BINS = 10


@dataclass(frozen=True)
class GoldQuote:
    pieces: tuple[tuple[int, int], ...]
    speaker: str | None
    addressees: frozenset[str] = frozenset()
    type: str | None = None


@dataclass(frozen=True)
class PredictedQuote:
    pieces: tuple[tuple[int, int], ...]
    speaker: str | None
    addressees: frozenset[str] = frozenset()
    confidence: float = 0.0


@dataclass
class QuoteCounts:
    """Additive counts, so novels can be summed before ratios are taken (micro averages)."""

    gold_pieces: int = 0
    predicted_pieces: int = 0
    matched_pieces: int = 0
    gold_quotes: int = 0
    detected_quotes: int = 0
    speaker_correct: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [detected, correct]
    addressee_exact: int = 0
    addressee_tp: int = 0
    addressee_gold: int = 0
    addressee_predicted: int = 0
    reliability: list[list[float]] = field(default_factory=lambda: [[0, 0, 0.0] for _ in range(CONFIDENCE_BINS)])

    def add(self, other: QuoteCounts) -> None:
        for name in (
            "gold_pieces predicted_pieces matched_pieces gold_quotes detected_quotes speaker_correct "
            "addressee_exact addressee_tp addressee_gold addressee_predicted"
        ).split():
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in zip(self.reliability, other.reliability):
            for i in range(3):
                mine[i] += theirs[i]
        for kind, (detected, correct) in other.by_type.items():
            mine = self.by_type.setdefault(kind, [0, 0])
            mine[0] += detected
            mine[1] += correct

    def scores(self) -> dict:
        precision = ratio(self.matched_pieces, self.predicted_pieces)
        recall = ratio(self.matched_pieces, self.gold_pieces)
        return {
            "quote_detection": {
                "precision": precision,
                "recall": recall,
                "f1": harmonic(precision, recall),
                "gold_pieces": self.gold_pieces,
                "predicted_pieces": self.predicted_pieces,
                "matched_pieces": self.matched_pieces,
            },
            "speaker": {
                "accuracy": ratio(self.speaker_correct, self.detected_quotes),
                "end_to_end_accuracy": ratio(self.speaker_correct, self.gold_quotes),
                "gold_quotes": self.gold_quotes,
                "detected_quotes": self.detected_quotes,
                "by_type": {
                    kind: {"accuracy": ratio(c[1], c[0]), "quotes": c[0]}
                    for kind in QUOTE_TYPES
                    for c in [self.by_type.get(kind, [0, 0])]
                },
            },
            "calibration": calibration(self.reliability),
            "addressee": {
                "accuracy": ratio(self.addressee_exact, self.detected_quotes),
                "set_f1": harmonic(
                    ratio(self.addressee_tp, self.addressee_predicted), ratio(self.addressee_tp, self.addressee_gold)
                ),
            },
        }


def calibration(bins: list[list[float]]) -> dict:
    """Expected calibration error of speaker confidence (10 equal-width bins) and the reliability table."""
    total = sum(b[0] for b in bins)
    ece = sum(abs(b[1] - b[2]) for b in bins if b[0]) / total if total else 0.0
    table = [
        {"bin": f"{i / CONFIDENCE_BINS:.1f}-{(i + 1) / CONFIDENCE_BINS:.1f}", "quotes": int(b[0]),
         "accuracy": ratio(b[1], b[0]), "mean_confidence": ratio(b[2], b[0])}
        for i, b in enumerate(bins) if b[0]
    ]  # fmt: skip
    return {"ece": ece, "reliability": table}


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def harmonic(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    strip = QUOTE_MARKS + " \t\r\n\u00a0"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def pieces_match(a: tuple[int, int], b: tuple[int, int]) -> bool:
    close = abs(a[0] - b[0]) <= TOLERANCE and abs(a[1] - b[1]) <= TOLERANCE
    return close or overlap(a, b) >= MIN_OVERLAP


def match_pieces(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict[int, int]:
    """One-to-one pairs gold index -> predicted index, best overlap first (both lists sorted by start)."""
    candidates = []
    j0 = 0
    for i, g in enumerate(gold):
        while j0 < len(predicted) and predicted[j0][1] < g[0] - TOLERANCE:
            j0 += 1
        j = j0
        while j < len(predicted) and predicted[j][0] <= g[1] + TOLERANCE:
            if pieces_match(g, predicted[j]):
                candidates.append((-overlap(g, predicted[j]), i, j))
            j += 1
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def predicted_quotes(work: Work, to_gold: dict[str, str]) -> list[PredictedQuote]:
    """A Work's speech as predictions, character ids translated by `to_gold` (unmapped ids become None)."""

    def gold(character_id: str | None) -> str | None:
        return to_gold.get(character_id) if character_id is not None else None

    return [
        PredictedQuote(
            pieces=tuple((p.start, p.end) for p in q.parts) or ((q.start, q.end),),
            speaker=gold(q.speaker),
            addressees=frozenset(a for a in map(gold, q.addressees) if a is not None),
            confidence=q.confidence,
        )
        for q in work.quotes
        if q.kind == "speech"
    ]


Piece = tuple[tuple[int, int], int]  # a trimmed, non-empty piece and the index of the quote holding it


def matched_pieces(
    text: str, gold: list[GoldQuote], predicted: list[PredictedQuote]
) -> tuple[list[Piece], list[Piece], dict[int, int]]:
    """Both sides' pieces, sorted by position, and their one-to-one pairs (gold piece index -> predicted one)."""
    gold_pieces = sorted((trim(text, *p), gi) for gi, q in enumerate(gold) for p in q.pieces)
    predicted_pieces = sorted((trim(text, *p), pi) for pi, q in enumerate(predicted) for p in q.pieces)
    gold_pieces = [(span, gi) for span, gi in gold_pieces if span[1] > span[0]]
    predicted_pieces = [(span, pi) for span, pi in predicted_pieces if span[1] > span[0]]
    return gold_pieces, predicted_pieces, match_pieces([s for s, _ in gold_pieces], [s for s, _ in predicted_pieces])


def pair_quotes(
    text: str, gold: list[GoldQuote], predicted: list[PredictedQuote]
) -> tuple[dict[int, Counter], int, int, int]:
    """For each detected gold quote, how many of its pieces each predicted quote holds; and the piece counts
    (gold, predicted, matched)."""
    gold_pieces, predicted_pieces, pairs = matched_pieces(text, gold, predicted)
    holders: dict[int, Counter] = defaultdict(Counter)
    for gold_index, predicted_index in pairs.items():
        holders[gold_pieces[gold_index][1]][predicted_pieces[predicted_index][1]] += 1
    return holders, len(gold_pieces), len(predicted_pieces), len(pairs)


def gold_of_predicted(holders: dict[int, Counter]) -> dict[int, int]:
    """Predicted quote index -> the gold quote it holds most pieces of (for training labels)."""
    best: dict[int, tuple[int, int]] = {}
    for gold_index, counter in holders.items():
        for predicted_index, n in counter.items():
            if n > best.get(predicted_index, (0, -1))[0]:
                best[predicted_index] = (n, gold_index)
    return {p: g for p, (_, g) in best.items()}


def score_quotes(text: str, gold: list[GoldQuote], predicted: list[PredictedQuote]) -> QuoteCounts:
    """Detection, speaker and addressee counts; speakers and addressees must already share one id space."""
    holders, gold_pieces, predicted_pieces, matched = pair_quotes(text, gold, predicted)
    counts = QuoteCounts(
        gold_pieces=gold_pieces, predicted_pieces=predicted_pieces, matched_pieces=matched, gold_quotes=len(gold)
    )
    for gi, quote in enumerate(gold):
        kind_counts = counts.by_type.setdefault((quote.type or "unknown").lower(), [0, 0])
        if gi not in holders:
            continue
        system = predicted[holders[gi].most_common(1)[0][0]]
        correct = quote.speaker is not None and system.speaker == quote.speaker
        counts.detected_quotes += 1
        counts.speaker_correct += correct
        kind_counts[0] += 1
        kind_counts[1] += correct
        bin_ = counts.reliability[min(int(system.confidence * CONFIDENCE_BINS), CONFIDENCE_BINS - 1)]
        bin_[0] += 1
        bin_[1] += correct
        bin_[2] += system.confidence
        counts.addressee_exact += system.addressees == quote.addressees
        counts.addressee_tp += len(system.addressees & quote.addressees)
        counts.addressee_gold += len(quote.addressees)
        counts.addressee_predicted += len(system.addressees)
    return counts


def normalise_name(name: str) -> str:
    """Case, dots and a leading article ignored: PDNC lists `The Hatter` where a text's name is `Hatter`."""
    words = name.replace(".", " ").replace("_", " ").lower().split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def map_characters(
    predicted: dict[str, set[str]], gold: dict[str, set[str]], gold_weight: dict[str, int] | None = None
) -> dict[str, str]:
    """Predicted id -> gold id by shared name strings (name and aliases, case and dots ignored).

    Each predicted character goes to the gold character sharing the most of its names; ties go to the gold
    character with the larger weight (its quote count), then to the smaller id. No shared name: a one-word name
    that is a word of exactly one gold character's names maps there (`Jake` to `Jake Barnes`, when PDNC lists
    `Jacob` and `Jake Barnes` but not `Jake`); else unmapped.
    """
    weight = gold_weight or {}
    owners: dict[str, set[str]] = defaultdict(set)
    word_owners: dict[str, set[str]] = defaultdict(set)
    for gold_id, names in gold.items():
        for name in names:
            owners[normalise_name(name)].add(gold_id)
            for word in normalise_name(name).split():
                word_owners[word].add(gold_id)
    mapping = {}
    for predicted_id, names in predicted.items():
        normalised = {normalise_name(n) for n in names}
        votes = Counter(g for name in normalised for g in owners.get(name, ()))
        if votes:
            mapping[predicted_id] = min(votes, key=lambda g: (-votes[g], -weight.get(g, 0), g))
            continue
        word_homes = {g for name in normalised if " " not in name for g in word_owners.get(name, ())}
        if len(word_homes) == 1:
            mapping[predicted_id] = word_homes.pop()
    return mapping


def character_scores(
    predicted: dict[str, set[str]], gold: dict[str, set[str]], gold_quote_counts: dict[str, int], min_quotes: int = 5
) -> dict:
    """Recall of gold characters with >= min_quotes quotes, alias-cluster purity, and splits.

    Purity: over all names of mapped predicted characters, the share that belong to the gold character their
    cluster was mapped to (a name shared by several gold characters counts for each of them). Unmapped
    predicted characters are reported, not counted in purity. Split: the found gold characters (>= min_quotes)
    that two or more predicted characters map to (`Emma Woodhouse` and `Miss Woodhouse` listed apart).
    """
    mapping = map_characters(predicted, gold, gold_quote_counts)
    wanted = {g for g, n in gold_quote_counts.items() if n >= min_quotes}
    found = wanted & set(mapping.values())
    listed = Counter(mapping.values())  # predicted characters per gold one
    gold_names = {g: {normalise_name(n) for n in names} for g, names in gold.items()}
    pure = total = 0
    for predicted_id, gold_id in mapping.items():
        names = {normalise_name(n) for n in predicted[predicted_id]}
        total += len(names)
        pure += len(names & gold_names[gold_id])
    return {
        "recall": ratio(len(found), len(wanted)),
        "purity": ratio(pure, total),
        "gold_with_min_quotes": len(wanted),
        "found": len(found),
        "split": sum(listed[g] > 1 for g in found),
        "predicted": len(predicted),
        "unmapped": len(predicted) - len(mapping),
        "min_quotes": min_quotes,
    }


def b_cubed(gold_labels: Iterable[str | None], predicted_labels: Iterable[str | None]) -> dict[str, float]:
    """B3 precision/recall/F1 of two clusterings of the same items; None labels are singletons."""
    gold_list, predicted_list = list(gold_labels), list(predicted_labels)
    gold_keys = [g if g is not None else ("gold", i) for i, g in enumerate(gold_list)]
    predicted_keys = [p if p is not None else ("predicted", i) for i, p in enumerate(predicted_list)]
    gold_size, predicted_size = Counter(gold_keys), Counter(predicted_keys)
    joint = Counter(zip(gold_keys, predicted_keys))
    n = len(gold_keys)
    precision = sum(joint[g, p] / predicted_size[p] for g, p in zip(gold_keys, predicted_keys)) / n if n else 0.0
    recall = sum(joint[g, p] / gold_size[g] for g, p in zip(gold_keys, predicted_keys)) / n if n else 0.0
    return {"precision": precision, "recall": recall, "f1": harmonic(precision, recall)}
