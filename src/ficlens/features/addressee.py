"""Addressee features: for each utterance with a speaker, candidate listeners (vocatives, the conversation's other
speakers, characters named in the narration around it) and one row each. Read by the addressees stage and
training/rankers/addressee_ranker.py.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

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
