"""Speaker-ranking features: candidate characters for each utterance and one row per candidate, from the rule
attributor's evidence (its pick, how it found it, the tag's gender, vocatives) and the context (nearby mentions,
previous and next speakers, paragraphs). Read by the speaker_ranking stage and training/rankers/speaker_ranker.py.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ficlens.model import Mention, Quote, Work
from ficlens.tokens import Subjects

# The rule's method (model.AttributionMethod) as a feature value: its index here, an order the trained ranker fixes.
RULE_METHOD_CODES = ("none", "named_tag", "pronoun_tag", "nominal_tag", "narrator", "action_beat", "vocative",
                     "turn_taking")  # fmt: skip
WINDOW_BEFORE, WINDOW_AFTER = 3, 1  # paragraphs searched for candidates around the utterance
FAR = 10_000  # distance reported when a character is not mentioned nearby
MAX_CANDIDATES = 12
FEATURES = [
    "rule_pick", "rule_method", "rule_method_if_pick", "rule_confidence", "gender_fit",
    "chars_since_mention", "chars_until_mention", "paragraphs_since_mention", "mentioned_before_in_paragraph",
    "mentioned_after_in_paragraph", "mentions_in_window", "named_in_quote", "vocative_here", "first_named_after",
    "last_named_before", "speaker_prev1", "speaker_prev2", "speaker_next1", "speaker_next2", "addressed_prev1",
    "paragraph_gap_prev", "paragraph_gap_next", "recent_quote_share", "mention_rank", "candidates",
    "narration_before", "narration_after", "quote_length", "gender_known", "is_narrator", "recency_rank",
    "last_subject_before", "tag_pronoun_link", "tag_name_shared", "tag_name_owners", "addressed_next1",
]  # fmt: skip


@dataclass
class RuleEvidence:
    """What the rule attributor saw for one utterance."""

    speaker: str | None
    method: str
    confidence: float
    gender_hint: str | None = None
    vocatives: list[str] = field(default_factory=list)
    name_owners: list[str] = field(default_factory=list)  # the characters sharing the name it read (`Charles`)


@dataclass
class RuleResult:
    """What the rule attributor saw: one RuleEvidence per utterance, the first-person narrator if any, and the
    narration's first-person pronouns (kept as the transient `speaker_evidence` field)."""

    evidence: list[RuleEvidence]
    narrator: str | None
    narrator_positions: list[int]  # first-person pronouns in narration


def rule_result(work: Work) -> RuleResult:
    """The rule attributor's evidence for an analysed Work (the speaker_rules stage must have run in this process)."""
    return work.get_transient("speaker_evidence")


class MentionIndex:
    """Narration mentions by character (positions and paragraphs), for nearest-mention look-ups."""

    def __init__(self, work: Work, narrator: str | None = None, narrator_positions: list[int] = ()):
        starts = [p.start for p in work.paragraphs]
        self.by_character: dict[str, list[int]] = {}
        self.in_paragraph: dict[int, list[tuple[int, str]]] = {}
        found = [(m.start, m.character) for m in work.mentions if not m.in_quote and m.character]
        found += [(at, narrator) for at in narrator_positions] if narrator else []
        for start, cid in sorted(found):
            self.by_character.setdefault(cid, []).append(start)
            paragraph = bisect_right(starts, start) - 1
            self.in_paragraph.setdefault(paragraph, []).append((start, cid))
        self.paragraph_starts = starts

    def paragraph_of(self, position: int) -> int:
        return bisect_right(self.paragraph_starts, position) - 1

    def before(self, cid: str, position: int) -> int | None:
        positions = self.by_character.get(cid, [])
        i = bisect_left(positions, position)
        return positions[i - 1] if i else None

    def after(self, cid: str, position: int) -> int | None:
        positions = self.by_character.get(cid, [])
        i = bisect_right(positions, position)
        return positions[i] if i < len(positions) else None


class FeatureContext:
    """What the features read from the Work, built once per analysis and shared by the ranking passes;
    `pronoun_links` are the coreference model's links (kept apart from the mentions the other features count)."""

    def __init__(
        self,
        work: Work,
        narrator: str | None = None,
        narrator_positions: list[int] = (),
        pronoun_links: list[Mention] = (),
    ):
        self.work, self.narrator = work, narrator
        self.index = MentionIndex(work, narrator, narrator_positions)
        self.genders = {c.id: c.gender for c in work.characters}
        counts = Counter(m.character for m in work.mentions if m.character)
        self.rank = {cid: i for i, (cid, _) in enumerate(counts.most_common())}
        self.in_quote_names: dict[int, list[tuple[int, str]]] = {}
        self.subjects: dict[int, list[tuple[int, str]]] = {}  # narration mentions that are grammatical subjects
        is_subject = Subjects(work)
        for mention in work.mentions:
            if not mention.character:
                continue
            paragraph = self.index.paragraph_of(mention.start)
            if mention.in_quote:
                self.in_quote_names.setdefault(paragraph, []).append((mention.start, mention.character))
            elif is_subject(paragraph, mention.start, mention.end):
                self.subjects.setdefault(paragraph, []).append((mention.start, mention.character))
        for found in self.subjects.values():
            found.sort()
        pronouns = sorted((m.start, m.character) for m in pronoun_links)
        self.pronoun_starts = [start for start, _ in pronouns]
        self.pronoun_characters = [cid for _, cid in pronouns]

    def pronoun_links(self, span) -> set[str]:
        """Characters the pronouns inside `span` (a speech tag or beat) are linked to."""
        i = bisect_left(self.pronoun_starts, span.start)
        found = set()
        while i < len(self.pronoun_starts) and self.pronoun_starts[i] < span.end:
            found.add(self.pronoun_characters[i])
            i += 1
        return found

    def last_subject_before(self, paragraph: int, position: int) -> str | None:
        """The character of the last subject mention before `position` in this paragraph or the one before."""
        for p in (paragraph, paragraph - 1):
            before = [cid for at, cid in self.subjects.get(p, []) if at < position]
            if before:
                return before[-1]
        return None


def quote_features(
    work: Work,
    evidence: list[RuleEvidence],
    narrator: str | None = None,
    narrator_positions: list[int] = (),
    pronoun_links: list[Mention] = (),
):
    """For each utterance: (candidate ids, feature rows). Candidates: characters named in narration nearby, the
    rule's pick and the others its name could be, the speakers and addressees of the neighbouring utterances."""
    return context_features(FeatureContext(work, narrator, narrator_positions, pronoun_links), evidence)


def context_features(context: FeatureContext, evidence: list[RuleEvidence], max_candidates: int = MAX_CANDIDATES):
    work, narrator, index = context.work, context.narrator, context.index
    genders, rank, in_quote_names = context.genders, context.rank, context.in_quote_names
    quotes = work.quotes
    result = []
    for i, quote in enumerate(quotes):
        ev = evidence[i]
        prev = [evidence[j] for j in (i - 1, i - 2) if j >= 0]
        nxt = [evidence[j] for j in (i + 1, i + 2) if j < len(quotes)]
        p = quote.paragraph
        window = [m for q in range(p - WINDOW_BEFORE, p + WINDOW_AFTER + 1) for m in index.in_paragraph.get(q, [])]
        named_inside = [cid for pos, cid in in_quote_names.get(p, []) if inside(quote, pos)]
        recent = Counter(evidence[j].speaker for j in range(max(0, i - 20), i))
        farther = [evidence[j].speaker for j in (i - 3, i + 3, i - 4, i + 4) if 0 <= j < len(quotes)]
        candidates = [c for c in dict.fromkeys(
            [ev.speaker] + ev.name_owners + [e.speaker for e in prev + nxt] + [c for e in prev[:1] for c in e.vocatives]
            + [cid for _, cid in reversed(window)] + ([narrator] if narrator else []) + farther
            + [cid for cid, _ in recent.most_common(3)]
        ) if c][:max_candidates]  # fmt: skip
        paragraph = work.paragraphs[p]
        since_of = {cid: index.before(cid, quote.start) for cid in candidates}
        by_recency = sorted(candidates, key=lambda c: -(since_of[c] if since_of[c] is not None else -1))
        subject = context.last_subject_before(p, quote.start)
        tag_links = context.pronoun_links(quote.tag) if quote.tag else set()
        before_text = work.text[paragraph.start : quote.start].strip(" \"'“”‘’\n")
        after_text = work.text[quote.end : paragraph.end].strip(" \"'“”‘’\n")
        rows = []
        for cid in candidates:
            since = since_of[cid]
            until = index.after(cid, quote.end)
            in_para = [pos for pos, c in index.in_paragraph.get(p, []) if c == cid]
            named_after = [c for pos, c in index.in_paragraph.get(p, []) if pos >= quote.end]
            named_before = [c for pos, c in index.in_paragraph.get(p, []) if pos < quote.start]
            gender = genders.get(cid, "unknown")
            rows.append([
                cid == ev.speaker,
                RULE_METHOD_CODES.index(ev.method),
                RULE_METHOD_CODES.index(ev.method) if cid == ev.speaker else -1,
                ev.confidence,
                0 if not ev.gender_hint or gender == "unknown" else (1 if gender == ev.gender_hint else -1),
                min(quote.start - since, FAR) if since is not None else FAR,
                min(until - quote.end, FAR) if until is not None else FAR,
                p - index.paragraph_of(since) if since is not None else 99,
                any(pos < quote.start for pos in in_para),
                any(pos >= quote.end for pos in in_para),
                sum(1 for _, c in window if c == cid),
                cid in named_inside,
                cid in ev.vocatives,
                bool(named_after) and named_after[0] == cid,
                bool(named_before) and named_before[-1] == cid,
                bool(prev) and prev[0].speaker == cid,
                len(prev) > 1 and prev[1].speaker == cid,
                bool(nxt) and nxt[0].speaker == cid,
                len(nxt) > 1 and nxt[1].speaker == cid,
                bool(prev) and cid in prev[0].vocatives,
                p - quotes[i - 1].paragraph if i else 99,
                quotes[i + 1].paragraph - p if i + 1 < len(quotes) else 99,
                recent[cid] / 20,
                rank.get(cid, 999),
                len(candidates),
                len(before_text),
                len(after_text),
                quote.end - quote.start,
                gender != "unknown",
                cid == narrator,
                by_recency.index(cid),
                cid == subject,
                cid in tag_links,
                cid in ev.name_owners,
                len(ev.name_owners),
                bool(nxt) and cid in nxt[0].vocatives,
            ])  # fmt: skip
        result.append((candidates, [[float(v) for v in row] for row in rows]))
    return result


def inside(quote: Quote, position: int) -> bool:
    return any(part.start <= position < part.end for part in quote.parts)
