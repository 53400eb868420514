"""Addressee features: for each utterance with a speaker, candidate listeners (vocatives, the conversation's other
speakers, characters named in the narration around it) and one row each. Read by the addressees stage and
training/rankers/addressee_ranker.py.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, deque

from ficlens.features import MAX_CONVERSATION_GAP
from ficlens.features.speaker import MentionIndex, RuleEvidence, inside
from ficlens.model import Quote, Work

WINDOW = 6  # utterances either side counted as the local exchange
SCENE_BEFORE, SCENE_AFTER = 3, 1  # paragraphs of narration searched for people present
MAX_CANDIDATES = 20
NONE = 99
YOU = re.compile(r"\b(?:you|your|yours|yourself|yourselves|ye|thee|thou|thy)\b", re.I)
GROUP = re.compile(
    r"\b(?:you all|all of you|both of you|you two|you both|each of you|everyone|everybody|gentlemen|ladies|"
    r"friends|boys|girls|children|yourselves|you people|you guys|y'all)\b",
    re.I,
)
ADDRESSEE_FEATURES = [
    "vocative_here", "vocatives", "named_in_quote", "quotes_since_spoke", "quotes_until_speaks", "prev_speaker",
    "next_speaker", "prev_vocative", "prev_addressed_speaker", "own_last_vocative", "spoke_in_window",
    "spoke_in_conversation", "conversation_speakers", "conversation_length", "conversation_share",
    "narration_mentions", "mentioned_in_paragraph", "candidates", "you_words", "group_words", "quote_length",
    "speaker_confidence", "is_narrator", "same_speaker_as_prev", "position_in_conversation", "paragraph_gap_prev",
    "paragraph_gap_next", "mention_rank", "conversation_mentions", "recency_rank",
]  # fmt: skip


def conversations(quotes: list[Quote]) -> list[list[int]]:
    """Utterance indices grouped into runs with at most MAX_CONVERSATION_GAP paragraphs between neighbours."""
    runs: list[list[int]] = []
    for i, quote in enumerate(quotes):
        if runs and quote.paragraph - quotes[runs[-1][-1]].paragraph <= MAX_CONVERSATION_GAP:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def addressee_features(work: Work, vocatives: list[list[str]], narrator: str | None = None):
    """For each utterance: (candidate ids, feature rows); no candidates when it has no speaker."""
    quotes = work.quotes
    index = MentionIndex(work)
    counts = Counter(m.character for m in work.mentions if m.character)
    rank = {cid: i for i, (cid, _) in enumerate(counts.most_common())}
    in_quote = sorted((m.start, m.character) for m in work.mentions if m.in_quote and m.character)
    in_quote_starts = [at for at, _ in in_quote]
    result: list[tuple[list[str], list[list[float]]]] = [([], [])] * len(quotes)
    for run in conversations(quotes):
        speakers = [quotes[i].speaker for i in run]
        run_counts = Counter(s for s in speakers if s)
        first, last = quotes[run[0]].paragraph - SCENE_BEFORE, quotes[run[-1]].paragraph + SCENE_AFTER
        present = Counter(c for q in range(first, last + 1) for _, c in index.in_paragraph.get(q, []))
        for k, i in enumerate(run):
            quote, speaker = quotes[i], quotes[i].speaker
            if speaker is None:
                continue
            p = quote.paragraph
            local = speakers[max(0, k - WINDOW) : k + WINDOW + 1]
            scene = [c for q in range(p - SCENE_BEFORE, p + SCENE_AFTER + 1) for _, c in index.in_paragraph.get(q, [])]
            within = in_quote[bisect_left(in_quote_starts, quote.start) : bisect_left(in_quote_starts, quote.end)]
            named = {c for at, c in within if inside(quote, at)}
            prev = speakers[k - 1] if k else None
            own_last = next((run[j] for j in range(k - 1, -1, -1) if speakers[j] == speaker), None)
            recent = [s for s in dict.fromkeys(reversed(speakers[:k])) if s and s != speaker]
            candidates = list(dict.fromkeys(
                vocatives[i] + recent + [s for s in speakers[k + 1 :] if s] + [c for c in reversed(scene)]
                + ([narrator] if narrator else []) + [c for c, _ in present.most_common()]
            ))  # fmt: skip
            candidates = [c for c in candidates if c != speaker][:MAX_CANDIDATES]
            text = " ".join(work.text[part.start : part.end] for part in quote.parts)
            you, group = len(YOU.findall(text)), len(GROUP.findall(text))
            rows = []
            for cid in candidates:
                since = next((k - j for j in range(k - 1, -1, -1) if speakers[j] == cid), NONE)
                until = next((j - k for j in range(k + 1, len(run)) if speakers[j] == cid), NONE)
                rows.append([
                    cid in vocatives[i],
                    len(vocatives[i]),
                    cid in named,
                    since,
                    until,
                    prev == cid,
                    k + 1 < len(run) and speakers[k + 1] == cid,
                    k > 0 and cid in vocatives[run[k - 1]],
                    k > 0 and prev == cid and speaker in vocatives[run[k - 1]],
                    own_last is not None and cid in vocatives[own_last],
                    local.count(cid),
                    run_counts[cid],
                    len(run_counts),
                    len(run),
                    run_counts[cid] / len(run),
                    scene.count(cid),
                    any(c == cid for _, c in index.in_paragraph.get(p, [])),
                    len(candidates),
                    you,
                    group,
                    len(text),
                    quote.confidence,
                    cid == narrator,
                    prev == speaker,
                    k / len(run),
                    p - quotes[run[k - 1]].paragraph if k else NONE,
                    quotes[run[k + 1]].paragraph - p if k + 1 < len(run) else NONE,
                    rank.get(cid, 999),
                    present[cid],
                    recent.index(cid) if cid in recent else NONE,
                ])  # fmt: skip
            result[i] = (candidates, [[float(v) for v in row] for row in rows])
    return result


def assign_addressees(quotes: list[Quote], evidence: list[RuleEvidence]) -> None:
    """Addressees for the ranked speakers: the vocatives, else the neighbouring utterance's other speaker."""
    for i, (quote, seen) in enumerate(zip(quotes, evidence)):
        if seen.vocatives:
            quote.addressees = [v for v in seen.vocatives if v != quote.speaker]
            continue
        quote.addressees = []
        for j in (i - 1, i + 1):
            if 0 <= j < len(quotes) and abs(quotes[j].paragraph - quote.paragraph) <= MAX_CONVERSATION_GAP:
                other = quotes[j].speaker
                if other and other != quote.speaker:
                    quote.addressees = [other]
                    break


def fill_missing_addressees(quotes: list[Quote]) -> None:
    """An utterance with no addressee is addressed to the next speaker in a two-person exchange."""
    for quote, following in zip(quotes, quotes[1:]):
        if not quote.addressees and following.speaker and following.speaker != quote.speaker:
            quote.addressees = [following.speaker]


# The second pass: whole addressee sets proposed from the first pass's scores, one row each, and a model that picks
# one set per utterance (a group turn is often the two best, the people of the turn before, or everyone who speaks
# around it).
SET_KINDS = ("threshold", "best", "best_two", "best_three", "previous_participants", "window_speakers",
             "conversation_speakers", "recent_people")  # fmt: skip
SPEAKER_SETS = {"window_speakers": "spoke_in_window", "conversation_speakers": "spoke_in_conversation"}
SET_FEATURES = [
    "size", "score_sum", "score_mean", "score_min", "score_max", "best_left_out", "margin", "above_threshold",
    *(f"is_{kind}" for kind in SET_KINDS), "previous_participants",
    "you_words", "group_words", "quote_length", "candidates", "conversation_speakers", "conversation_length",
    "vocatives", "speaker_confidence", "same_speaker_as_prev",
    "vocatives_in_set", "least_spoke_in_window", "most_quotes_since_spoke", "least_narration_mentions",
    "mentioned_in_paragraph", "least_conversation_mentions", "worst_recency_rank", "previous_participants_all",
    "next_speakers_in_set", "previous_speakers_in_set", "named_in_quote_in_set", "previous_vocatives_in_set",
    "own_last_vocatives_in_set", "least_spoke_in_conversation",
]  # fmt: skip
PREVIOUS_GAP = 3  # paragraphs back from which the turn before still holds the room
RECENT_TURNS = 8  # turns back whose people (speaker and threshold set) make one group proposal
COLUMN = {name: i for i, name in enumerate(ADDRESSEE_FEATURES)}


def threshold_set(candidates: list[str], scores, threshold: float) -> list[str]:
    """Every candidate scoring `threshold` or more, most likely first; if none does, the best alone."""
    ranked = sorted(zip(scores, range(len(candidates))), key=lambda pair: -pair[0])
    return [candidates[k] for score, k in ranked if score >= threshold] or [candidates[ranked[0][1]]]


def candidate_sets(quotes: list[Quote], features, scores, threshold: float):
    """For each utterance: (sets, rows): the distinct addressee sets the first pass's scores propose (over the
    threshold, the best one, two or three, the other people of the turn before: its speaker and its threshold set,
    the other people of the last RECENT_TURNS turns without a gap, and the other speakers of the utterances around
    it and of its conversation) and a SET_FEATURES row for each;
    ([], []) where the utterance has no candidates. Plain Python: a few candidates a set, where numpy's per-call
    cost would double the stage."""
    result, previous, at = [], None, 0
    history: deque[tuple[int, set[str]]] = deque(maxlen=RECENT_TURNS)  # (paragraph, people) of the last turns
    for quote, (candidates, candidate_rows) in zip(quotes, features):
        if not candidates:
            result.append(([], []))
            previous = (quote.paragraph, {quote.speaker}) if quote.speaker else None
            if previous:
                history.append(previous)
            continue
        score = [float(s) for s in scores[at : at + len(candidates)]]
        at += len(candidates)
        rows = candidate_rows.tolist() if hasattr(candidate_rows, "tolist") else candidate_rows
        order = sorted(range(len(candidates)), key=lambda k: -score[k])
        chosen = threshold_set(candidates, score, threshold)
        proposals = {
            "threshold": chosen, "best": [candidates[order[0]]], "best_two": [candidates[k] for k in order[:2]],
            "best_three": [candidates[k] for k in order[:3]],
        }  # fmt: skip
        participants = []
        if previous is not None and quote.paragraph - previous[0] <= PREVIOUS_GAP:
            participants = [c for c in candidates if c in previous[1] and c != quote.speaker]
            if participants:
                proposals["previous_participants"] = participants
        group = recent_people(history, quote.paragraph) - {quote.speaker}
        if recent := [c for c in candidates if c in group]:
            proposals["recent_people"] = recent
        for kind, column in SPEAKER_SETS.items():  # the other voices of the exchange, most likely first
            if speakers := [candidates[k] for k in order if rows[k][COLUMN[column]] > 0]:
                proposals[kind] = speakers
        kinds: dict[frozenset[str], set[str]] = {}
        for kind, members in proposals.items():
            kinds.setdefault(frozenset(members), set()).add(kind)
        position = {c: k for k, c in enumerate(candidates)}
        above = sum(s >= threshold for s in score)
        utterance = [rows[0][COLUMN[name]] for name in UTTERANCE_COLUMNS]
        sets, set_rows = [], []
        for members, found_by in kinds.items():
            inside = sorted(position[c] for c in members)
            mine = [score[k] for k in inside]
            best_out = max((s for k, s in enumerate(score) if k not in inside), default=0.0)
            column = {name: [rows[k][COLUMN[name]] for k in inside] for name in MEMBER_COLUMNS}
            sets.append([candidates[k] for k in sorted(inside, key=lambda k: -score[k])])
            set_rows.append([
                len(inside), sum(mine), sum(mine) / len(mine), min(mine), max(mine), best_out, min(mine) - best_out,
                above, *(kind in found_by for kind in SET_KINDS), len(participants), *utterance,
                sum(column["vocative_here"]), min(column["spoke_in_window"]), max(column["quotes_since_spoke"]),
                min(column["narration_mentions"]), sum(column["mentioned_in_paragraph"]),
                min(column["conversation_mentions"]), max(column["recency_rank"]),
                len(previous[1]) if previous is not None else 0,
                *(sum(column[name]) for name in (
                    "next_speaker", "prev_speaker", "named_in_quote", "prev_vocative", "own_last_vocative")),
                min(column["spoke_in_conversation"]),
            ])  # fmt: skip
        result.append((sets, [[float(v) for v in row] for row in set_rows]))
        previous = (quote.paragraph, {*chosen, quote.speaker})
        history.append(previous)
    return result


def recent_people(history: deque[tuple[int, set[str]]], paragraph: int) -> set[str]:
    """The people of the turns in `history`, back to the first gap of more than PREVIOUS_GAP paragraphs."""
    people: set[str] = set()
    for at, members in reversed(history):
        if paragraph - at > PREVIOUS_GAP:
            break
        people |= members
        paragraph = at
    return people


MEMBER_COLUMNS = (
    "vocative_here", "spoke_in_window", "quotes_since_spoke", "narration_mentions", "mentioned_in_paragraph",
    "conversation_mentions", "recency_rank", "next_speaker", "prev_speaker", "named_in_quote", "prev_vocative",
    "own_last_vocative", "spoke_in_conversation",
)  # fmt: skip
UTTERANCE_COLUMNS = (
    "you_words", "group_words", "quote_length", "candidates", "conversation_speakers", "conversation_length",
    "vocatives", "speaker_confidence", "same_speaker_as_prev",
)  # fmt: skip
