"""Speaker attribution by rules, and the addressees the rules see.

Order of evidence for each utterance: a speech tag (`said Emma`, `she asks`), an action beat in the same
paragraph (`Lex smiles. "..."`), then turn-taking with the previous exchange. Pronouns resolve to the character
of that gender seen last, in narration or in the conversation (preferring conversation participants cost 8.6 points
of anaphoric accuracy on PDNC, rules only, gold characters). What the rules
saw is kept for the learned stages (transient `speaker_evidence`, ficlens.features.speaker.RuleResult).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ficlens.features import MAX_CONVERSATION_GAP
from ficlens.features.addressee import fill_missing_addressees
from ficlens.features.speaker import RuleEvidence, RuleResult
from ficlens.lexicon import (
    FEMALE_NOUNS,
    FEMALE_PRONOUNS,
    FIRST_PERSON,
    MALE_NOUNS,
    MALE_PRONOUNS,
    NAME_TAGS,
    PAST_AS_BASE,
    SPEECH_VERBS,
)
from ficlens.model import AttributionMethod, Character, Mention, Quote, Span, Work
from ficlens.names import alias_owners, alias_regex, most_recent, one_line
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings
from ficlens.tokens import docs_of

CONFIDENCE: dict[AttributionMethod, float] = {
    "named_tag": 0.95,
    "pronoun_tag": 0.85,
    "nominal_tag": 0.7,
    "narrator": 0.85,
    "action_beat": 0.75,
    "vocative": 0.6,
    "turn_taking": 0.6,
    "given": 1.0,
    "ranked": 0.5,
    "none": 0.0,
}
FIRST_PERSON_SHARE = 0.3  # of personal pronouns in narration, for a first-person narrator
MIN_NARRATOR_ADDRESSED = 3
QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]")
PERSONAL = re.compile(r"\b(I|me|my|myself|he|him|his|himself|she|her|herself)\b", re.I)
# a name first, with its article (`the March Hare`, before `the March` can match as a noun phrase), or with one
# word between when the name ends the tag (`the poet Syme.`, not `the woman Anne had seen`)
REFERENT = (
    r"(?:(?:the\s+)?(?:{names})|the\s+[a-z]+\s+(?:{names})(?=\s*(?:[,.;:!?]|--|$))"
    r"|he|she|i|we|they|(?:the|her|his|my|their|a)\s+[a-z]+)"
)
AUXILIARY = r"(?:['\u2019]s|\s+(?:is|was|keeps|kept|starts|started|begins|began|has|had|would|will|could|might|did))?"
# `called out Mr. Witherspoon`, `broke in Tom`: only before a name (not `said in a low voice`)
PARTICLE = r"(?:\s+(?:out|in|up|back|on|forth|aloud)(?=\s+(?:{names})\b))?"
ADVERB = r"(?:\w+ly\s+)?"
EPITHET = r"(?:(?:poor|little|old|young|dear|good|big)\s+)?"  # `said poor Lucy`
TO_LISTENER = r"(?:\s+to\s+(?:the\s+|her\s+|his\s+)?[\w.]+(?:\s+[A-Z]\w+)?)?"  # `said to Mr. Phillips`
TAG_VERB_TAGS = ("VBD", "VBN", "VBZ", "VBP")  # the tagger often calls a tag's `-ed` verb VBN
TAG_OPENING = r"[\s,;:]*(?:-{2,}|[\u2014\u2013])?[\s,]*"  # `," said`, `"--said Darcy`
LOWER_CASE_GOES_ON = re.compile(r"[\s\u201d\"]*[a-z]")
# after a lead-in's closing speech verb: particles, adverbs and phrases of manner or listener (`said quietly to Ann:`,
# `said rather abruptly,`, `say, in a low voice to Marianne,`, `cried out,`)
CLOSING_VERB_REST = re.compile(
    r"^(?:[\s,]*(?:\w+ly|rather|quite|very|again|out|up|aloud|back|forth)\b)*"
    r"(?:[\s,]*\b(?:to|in|with|at|from|across|over|under|through|without)\s+[^,:;.!?\"\u201c\u201d]*)*"
    r"[\s,:;\u2014-]*$"
)
NEGATIONS = frozenset({"not", "n't", "never", "no"})
LEAD_IN_END = re.compile(r"(?:[,:]|-{2,}|[\u2014\u2013])\s*$")
MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def after_closing_mark(text: str, end: int) -> int:
    """Where the narration after a quote part ending at `end` begins: past its closing mark, also when spaces
    stand before the mark (`hangers-on, " said Helen`)."""
    at = end
    while at < len(text) and text[at] in " \t":
        at += 1
    return at + 1 if at > end and at < len(text) and text[at] in MARKS else end + 1


def before_opening_mark(text: str, start: int) -> int:
    """Where the narration before a quote part starting at `start` ends: before its opening mark, also when
    spaces follow the mark (`said Mr. Henfrey: " Disgraceful`)."""
    at = start
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at - 1 if at < start and at > 0 and text[at - 1] in MARKS else start - 1


@dataclass
class TagPatterns:
    inverted: re.Pattern[str]  # `said Emma`
    normal: re.Pattern[str]  # `Emma said`, `she keeps saying`
    any_verb_inverted: re.Pattern[str]  # `interposed Randolph`: any verb, checked by its part-of-speech tag
    any_verb_normal: re.Pattern[str]  # `Randolph interposed`
    referent: re.Pattern[str]
    vocative: re.Pattern[str]
    alias_ids: dict[str, list[str]]  # lower-cased alias -> the characters carrying it (add_name_parts shares some)


def compile_patterns(characters: list[Character]) -> TagPatterns:
    alias_ids: dict[str, list[str]] = {}
    for alias, owners in alias_owners(characters).items():
        known = alias_ids.setdefault(alias.lower(), [])
        known += [o for o in owners if o not in known]
    names = "|".join(alias_regex(a) for a in sorted(alias_ids, key=len, reverse=True)) or "(?!x)x"
    verbs = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
    referent = REFERENT.format(names=names)
    particle = PARTICLE.format(names=names)
    return TagPatterns(
        inverted=re.compile(rf"^{TAG_OPENING}{ADVERB}({verbs}){particle}\s+{ADVERB}{EPITHET}({referent})\b", re.I),
        normal=re.compile(rf"^{TAG_OPENING}({referent}){AUXILIARY}\s+{ADVERB}({verbs})\b", re.I),
        any_verb_inverted=re.compile(
            rf"^{TAG_OPENING}{ADVERB}([a-z]+){particle}\s+{ADVERB}{EPITHET}({referent})\b", re.I
        ),
        any_verb_normal=re.compile(rf"^{TAG_OPENING}({referent})\s+{ADVERB}([a-z]+)\b", re.I),
        referent=re.compile(rf"\b({referent})\b", re.I),
        vocative=re.compile(
            rf"^\W*({names})\s*(?:,|[.!?]*\W*$)"  # `Lex, ...` or the whole line `Lex.`
            rf"|[,;]\s*({names})(?=\s*(?:[,.!?;]|--|$))"  # `..., Lana.`
            rf"|\b(?:oh|dear|my dear)\s+({names})\b",
            re.I,
        ),
        alias_ids=alias_ids,
    )


@dataclass
class Resolution:
    speaker: str | None
    method: str
    tag: Span | None = None
    mention: Mention | None = None  # the tag's subject, added to the mentions layer
    word: str = ""  # the referring word the speaker was read from

    @property
    def gender_hint(self) -> str | None:
        """`she`, `the girl`, `her eyes` say the speaker's gender; a name does not."""
        return None if self.method == "named_tag" else referent_gender(self.word) if self.word else None


@dataclass
class Salience:
    """When each character was last mentioned in narration or took part in the conversation."""

    last_seen: dict[str, int] = field(default_factory=dict)
    conversation: list[str] = field(default_factory=list)  # participants, most recent last
    frequency: Counter[str] = field(default_factory=Counter)

    def see(self, cid: str, position: int, participant: bool = False) -> None:
        self.last_seen[cid] = max(position, self.last_seen.get(cid, -1))
        if participant:
            if cid in self.conversation:
                self.conversation.remove(cid)
            self.conversation.append(cid)

    def most_recent(self, owners: list[str]) -> str:
        return owners[0] if len(owners) == 1 else most_recent(owners, self.last_seen, self.frequency)

    def resolve(self, gender: str | None, exclude: set[str], genders: dict[str, str]) -> str | None:
        def fits(cid: str) -> bool:
            return cid not in exclude and (gender is None or genders.get(cid) == gender)

        recent = sorted((pos, cid) for cid, pos in self.last_seen.items() if fits(cid))
        if recent:
            return recent[-1][1]
        ranked = [cid for cid, _ in self.frequency.most_common() if fits(cid)]
        return ranked[0] if ranked else None


def referent_gender(word: str) -> str | None:
    """Gender of `he`, `the girl`, `her father`; for `her eyes` the possessor's."""
    words = word.lower().split()
    if not words:
        return None
    head = words[-1] if words[-1] in MALE_NOUNS | FEMALE_NOUNS or len(words) == 1 else words[0]
    if head in MALE_PRONOUNS or head in MALE_NOUNS:
        return "male"
    if head in FEMALE_PRONOUNS or head in FEMALE_NOUNS:
        return "female"
    return None


def vocative_ids(patterns: TagPatterns, text: str, quote: Quote) -> list[str]:
    """Characters addressed by name in an utterance (`Lex, ...`, `..., Lana.`), once per vocative."""
    found = []
    for part in quote.parts:
        for match in patterns.vocative.finditer(text[part.start : part.end]):
            owners = patterns.alias_ids.get(one_line(next(g for g in match.groups() if g)).lower(), [])
            if len(owners) == 1:  # a name several characters share is no vocative evidence
                found.append(owners[0])
    return found


class Attributor:
    def __init__(self, work: Work, narrator: str | None, patterns: TagPatterns):
        self.work = work
        self.text = work.text
        self.patterns = patterns
        self.genders = {c.id: c.gender for c in work.characters}
        self.narrator = narrator
        self.salience = Salience(frequency=Counter(m.character for m in work.mentions if m.character))
        self.narration_mentions = [m for m in work.mentions if not m.in_quote and m.character]
        self.next_mention = 0
        self.gender_votes: dict[str, Counter[str]] = defaultdict(Counter)
        self.evidence: list[RuleEvidence] = []  # one per utterance, for the learned ranker
        starts = [p.start for p in work.paragraphs]
        self.last_quote_end: dict[int, int] = {}  # paragraphs holding a quote, whatever its marks: where it ends
        for part in (part for q in work.quotes for part in q.parts):
            index = bisect_right(starts, part.start) - 1
            self.last_quote_end[index] = max(self.last_quote_end.get(index, 0), part.end)

    def referent(self, word: str, position: int, exclude: set[str]) -> tuple[str | None, str]:
        """Character id for a tag subject, and how it was found."""
        lowered = one_line(word).lower()
        if owners := self.owners_of(word):
            return self.salience.most_recent(owners), "named_tag"
        if lowered in FIRST_PERSON or lowered == "i":
            return self.narrator, "narrator"
        if lowered in ("we", "they"):
            return None, "none"
        method = "pronoun_tag" if " " not in lowered else "nominal_tag"
        return self.salience.resolve(referent_gender(word), exclude, self.genders), method

    def owners_of(self, word: str) -> list[str]:
        """The characters carrying the name `word` reads as, if any."""
        lowered = one_line(word).lower()
        bare = lowered.removeprefix("the ")
        named = bare.partition(" ")[2] if bare != lowered else ""  # `the poet syme`: `syme`; not `his wife`
        return next(filter(None, map(self.patterns.alias_ids.get, (lowered, bare, named))), [])

    def update_narration(self, until: int) -> None:
        mentions = self.narration_mentions
        while self.next_mention < len(mentions) and mentions[self.next_mention].start < until:
            mention = mentions[self.next_mention]
            self.salience.see(mention.character, mention.start)
            self.next_mention += 1

    def vocatives(self, quote: Quote) -> list[str]:
        return list(dict.fromkeys(vocative_ids(self.patterns, self.text, quote)))

    def find_tag(self, quote: Quote, exclude: set[str]) -> Resolution | None:
        paragraph = self.work.paragraphs[quote.paragraph]
        bounds = [p.end for p in quote.parts]
        nexts = [p.start for p in quote.parts[1:]] + [paragraph.end]
        for end, stop in zip(bounds, nexts):
            snippet_start = after_closing_mark(self.text, end)
            snippet = self.text[snippet_start:stop]
            patterns = [(self.patterns.normal, 1, 0), (self.patterns.inverted, 2, 0)]
            # `"...," interposed Randolph`, `"...!" exploded Mr. Emerson`, `"We mothers--" simpered Mrs. H.`: a clause
            # after a comma, or one going on in lower case after `!`, `?`, a dash or an ellipsis, is a tag whatever
            # its verb
            closing = self.text[end - 1 : end]
            broken_off = closing in ("!", "?", "-", "\u2014", "\u2013", "\u2026") or self.text[end - 3 : end] == "..."
            if closing == "," or (broken_off and LOWER_CASE_GOES_ON.match(snippet)):
                patterns += [(self.patterns.any_verb_normal, 1, 2), (self.patterns.any_verb_inverted, 2, 1)]
            for pattern, group, verb_group in patterns:
                match = pattern.match(snippet)
                verb_at = snippet_start + match.start(verb_group) if match and verb_group else None
                if verb_at is not None and not self.is_tag_verb(quote.paragraph, verb_at):
                    continue
                if match:
                    word = match.group(group)
                    speaker, method = self.referent(word, snippet_start, exclude)
                    span = Span(start=snippet_start + match.start(group), end=snippet_start + match.end(group))
                    kind = "name" if method == "named_tag" else "pronoun"
                    return Resolution(
                        speaker,
                        method,
                        Span(start=snippet_start, end=snippet_start + match.end()),
                        Mention(start=span.start, end=span.end, character=speaker, kind=kind),
                        word,
                    )
        before = self.text[paragraph.start : before_opening_mark(self.text, quote.parts[0].start)]
        if not before.strip() and quote.paragraph > 0:
            # `Mr. Bennet coolly observed,` ending the paragraph before: the speech follows on its own
            lead_in = (self.lead_in_subject(quote.paragraph - 1) or "").strip()
            if lead_in:
                speaker, method = self.referent(lead_in, 0, exclude)
                if speaker:
                    return Resolution(speaker, method, word=lead_in)
        lead = re.search(r"([^.!?\"\u201d]*)[,:]\s*$", before)
        if lead:
            clause = lead.group(1).strip()
            referent = self.patterns.referent.pattern
            for lead_in in (  # `Ben said to Mary,`; `he looked at Ben, who said,`
                rf"({referent}){AUXILIARY}\s+{ADVERB}(\w+){TO_LISTENER}\W*$",
                rf"({referent})\s*,?\s+who\s+{ADVERB}(\w+){TO_LISTENER}\W*$",
            ):
                match = re.search(lead_in, clause, re.I)
                if match and match.groups()[-1].lower() in SPEECH_VERBS:  # the referent holds groups of its own
                    speaker, method = self.referent(match.group(1), 0, exclude)
                    return Resolution(speaker, method, word=match.group(1))
            # `Mr. Beebe picked it up, and said:`: the subject of the clause's closing speech verb, by the parse
            subject = self.closing_verb_subject(quote.paragraph, before_opening_mark(self.text, quote.parts[0].start))
            if subject:
                speaker, method = self.referent(subject, 0, exclude)
                if speaker:
                    return Resolution(speaker, method, word=subject)
        return None

    def closing_verb_subject(self, index: int, end: int) -> str | None:
        """The subject of a speech verb that closes the sentence before `end` in paragraph `index` (words after
        it: an adverb, `to` someone, punctuation)."""
        docs = docs_of(self.work)
        if index >= len(docs):
            return None
        start = self.work.paragraphs[index].start
        before = [t for t in docs[index] if t.idx + len(t) <= end - start]
        if not before:
            return None
        verb = last_speech_verb(t for t in before[-1].sent if t.i <= before[-1].i)
        if verb is None or not CLOSING_VERB_REST.match(self.text[start + verb.idx + len(verb) : end]):
            return None
        return speech_verb_subject(verb)

    def is_tag_verb(self, paragraph: int, position: int) -> bool:
        """Whether the word at `position` reads as a tag's verb: past or present by the tagger, a lower-case `-ed`
        word it took for an adjective (`subjoined`), or a verb whose past is its base form (`put`); not `going`, `to`
        or a name."""
        docs = docs_of(self.work)
        if paragraph >= len(docs):
            return False
        offset = position - self.work.paragraphs[paragraph].start
        span = docs[paragraph].char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or not len(span):
            return False
        word = span[0]
        if word.tag_ == "VB":
            return word.lower_ in PAST_AS_BASE  # `put in Lucy`
        return word.tag_ in TAG_VERB_TAGS or (word.is_lower and word.text.endswith("ed") and word.tag_ == "JJ")

    def lead_in_subject(self, index: int) -> str | None:
        """Who speaks in a narration paragraph that ends by introducing speech (`..., replied thus,`, a colon,
        or no closing stop at all: `Syme sprang to his feet and said`): the speech verb's subject, its passive agent
        (`accosted by Miss Bingley,`), or a conjoined verb's subject, else the first referent of the sentence;
        after a colon without a speech verb (`Heavywether fell upon him:`) the last verb's subject; and in a
        closed sentence whose main verb is a speech verb with nothing said after it (`Piet shrugged, and Wren
        replied.`), that verb's subject. In a paragraph holding a quote (whatever its marks) only a `,` `:` or dash
        lead-in, in a sentence of narration after the last quote (`"...," she said. As they went down, Charlotte
        said,`); never a paragraph with marks the quotes stage did not take for speech."""
        paragraph = self.work.paragraphs[index]
        text = self.text[paragraph.start : paragraph.end].rstrip()
        docs = docs_of(self.work)
        quote_end = self.last_quote_end.get(index)
        if index >= len(docs) or (quote_end is None and QUOTE_MARKS.search(text)):
            return None
        punctuated = bool(LEAD_IN_END.search(text))  # `,` `:` or a dash
        if not (punctuated or text[-1:].isalpha() or text.endswith(".")):
            return None
        sentence = list(docs[index].sents)[-1]
        if quote_end is not None and not (
            punctuated and quote_end <= paragraph.start + sentence.start_char and not QUOTE_MARKS.search(sentence.text)
        ):
            return None
        verb = last_speech_verb(sentence)
        if verb is None:
            # after a colon, the subject of the last verb that has one (`Nibs, who waved her off with the remark:`)
            verbs = [t for t in sentence if t.tag_.startswith("VB")] if text.endswith(":") else []
            return next(filter(None, map(speech_verb_subject, reversed(verbs))), None)
        if not punctuated and text.endswith("."):
            said_nothing = any(
                c.dep_ in ("ccomp", "xcomp", "obj", "iobj") or c.lower_ in NEGATIONS
                or (c.dep_ == "obl" and any(w.lower_ == "with" for w in c.children))
                for c in verb.children
            )  # fmt: skip
            # not `She said nothing.`, `Wren replied with a nod`, `Wren told Piet to answer.`
            return speech_verb_subject(verb) if is_main_clause(verb) and not said_nothing else None
        subject = speech_verb_subject(verb)
        if subject:
            return subject
        match = self.patterns.referent.search(sentence.text)
        return match.group(1) if match else None

    def find_beat(self, quote: Quote, exclude: set[str]) -> Resolution | None:
        """The first character referred to in the narration sentence nearest the quote."""
        paragraph = self.work.paragraphs[quote.paragraph]
        before = self.text[paragraph.start : max(paragraph.start, before_opening_mark(self.text, quote.parts[0].start))]
        after = self.text[min(after_closing_mark(self.text, quote.parts[-1].end), paragraph.end) : paragraph.end]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", before) if s.strip()][-1:]
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", after) if s.strip()][:1]
        for sentence in sentences:
            if re.search(r"[\"\u201c\u201d]", sentence):
                continue
            match = self.patterns.referent.search(sentence)
            if match and match.group(1).lower() not in ("we", "they"):
                speaker, method = self.referent(match.group(1), 0, exclude)
                method = "action_beat" if method != "narrator" else "narrator"
                return Resolution(speaker, method, word=match.group(1))
        return None

    def attribute(self) -> None:
        previous: Quote | None = None
        for quote in self.work.quotes:
            self.update_narration(quote.start)
            if previous is None or quote.paragraph - previous.paragraph > MAX_CONVERSATION_GAP:
                self.salience.conversation = []
                self.salience.last_seen = {c: p for c, p in self.salience.last_seen.items() if p >= quote.start - 2000}
            vocatives = self.vocatives(quote)
            exclude = set(vocatives)
            tag = self.find_tag(quote, exclude)
            beat = None if tag and tag.speaker else self.find_beat(quote, exclude)
            resolution = tag if tag and tag.speaker else beat
            if resolution is None or resolution.speaker is None:
                resolution = self.turn_taking(previous, exclude) or Resolution(None, "none")
            # A `she says` settled by other evidence tells us that speaker's gender.
            evidence = tag if tag and tag.gender_hint else beat
            if evidence and evidence.gender_hint and resolution.speaker and resolution is not evidence:
                self.gender_votes[resolution.speaker][evidence.gender_hint] += 1
            quote.speaker = resolution.speaker
            quote.method = resolution.method
            quote.tag = resolution.tag
            quote.confidence = CONFIDENCE[resolution.method] if quote.speaker else 0.0
            quote.addressees = vocatives or self.previous_other(quote.speaker)
            hint = evidence.gender_hint if evidence else None
            # a name several characters share (`Charles`): the rules took the one seen last, the ranker weighs all
            owners = self.owners_of(resolution.word) if resolution.method in ("named_tag", "action_beat") else []
            owners = list(owners) if len(owners) > 1 else []
            self.evidence.append(RuleEvidence(quote.speaker, quote.method, quote.confidence, hint, vocatives, owners))
            if resolution.mention is not None and resolution.mention.kind == "pronoun":
                self.work.mentions.append(resolution.mention)
            for offset, cid in enumerate([*quote.addressees, quote.speaker]):
                if cid:
                    self.salience.see(cid, quote.end + offset, participant=True)
            previous = quote

    def turn_taking(self, previous: Quote | None, exclude: set[str]) -> Resolution | None:
        if previous is None or not self.salience.conversation:
            return None
        for cid in [*previous.addressees, *reversed(self.salience.conversation)]:
            if cid != previous.speaker and cid not in exclude:
                return Resolution(cid, "turn_taking")
        other = self.salience.resolve(None, exclude | {previous.speaker}, self.genders)
        return Resolution(other, "turn_taking") if other else None

    def previous_other(self, speaker: str | None) -> list[str]:
        for cid in reversed(self.salience.conversation):
            if cid != speaker:
                return [cid]
        return []


def last_speech_verb(tokens):
    """The last token that is a speech verb by its word and a verb by its tag, or None."""
    verbs = [t for t in tokens if t.lower_ in SPEECH_VERBS and t.tag_.startswith("VB")]
    return verbs[-1] if verbs else None


def is_main_clause(verb) -> bool:
    """The sentence's root, or a verb conjoined with it (`..., but Poirot damped`)."""
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def speech_verb_subject(verb) -> str | None:
    """The subject of a speech verb, its passive agent (`accosted by Miss Bingley`), or the subject of the verb it
    is conjoined with (`Mr. Beebe picked it up, and said`) or that it qualifies (`Wren turned, saying`, `damped
    his hopes by remarking`)."""
    for head in (verb, verb.head if verb.dep_ in ("conj", "advcl", "xcomp") else None):
        for child in head.children if head is not None else ():
            if child.dep_ in ("nsubj", "obl:agent"):
                return name_of(*antecedent(child))
    return None


def antecedent(subject):
    """A relative clause's subject stands for the name before it (`Willoughby, who said`, `Ratcliffe, whose clear
    voice said`; found by the words, which the parser gets right more often than the clause's attachment): that
    name's token and where its words end; any other subject is itself."""
    relative = subject if subject.lower_ in RELATIVE_PRONOUNS else next(
        (c for c in subject.children if c.lower_ == "whose"), None
    )
    before = [t for t in subject.doc[max(0, relative.i - 3) : relative.i] if not t.is_punct] if relative else []
    if before and before[-1].tag_ in NAME_TAGS:
        return before[-1], before[-1].i + 1
    return subject, None


RELATIVE_PRONOUNS = frozenset({"who", "that", "whom"})


def name_of(token, end: int | None = None) -> str:
    """A subject token as written: `she`, or the capitalised words of its phrase (`Miss Bingley`) before `end`."""
    if token.tag_ in ("PRP", "PRP$"):
        return token.text
    end = len(token.doc) if end is None else end
    words = [t.text for t in token.subtree if (t.is_title or t.text in ("Mr.", "Mrs.", "Dr.", "St.")) and t.i < end]
    return " ".join(words) or token.text


def narration_pronouns(work: Work) -> list[tuple[int, str]]:
    """Personal pronouns (first and third person) outside quotes: (position, lower-cased word)."""
    spans = sorted((p.start, p.end) for q in work.quotes for p in q.parts)
    found, cursor = [], 0
    for start, end in [*spans, (len(work.text), len(work.text))]:
        for match in PERSONAL.finditer(work.text, cursor, start):
            found.append((match.start(), match.group(1).lower()))
        cursor = end
    return found


def narrator_candidates(work: Work, pronouns: list[tuple[int, str]], patterns: TagPatterns) -> list[str]:
    """In first-person narration: characters others address by name but the narration seldom names, best first."""
    first = sum(1 for _, w in pronouns if w in FIRST_PERSON)
    if not pronouns or first / len(pronouns) < FIRST_PERSON_SHARE:
        return []
    addressed = Counter(cid for quote in work.quotes for cid in vocative_ids(patterns, work.text, quote))
    spoken: Counter[str] = Counter(m.character for m in work.mentions if m.in_quote and m.kind == "name")
    narrated: Counter[str] = Counter(m.character for m in work.mentions if not m.in_quote and m.kind == "name")
    scored = [
        (n * (spoken[cid] / max(1, spoken[cid] + narrated[cid])) ** 2, cid)
        for cid, n in addressed.items()
        if cid and n >= MIN_NARRATOR_ADDRESSED
    ]
    return [cid for score, cid in sorted(scored, reverse=True) if score >= MIN_NARRATOR_ADDRESSED]


def rule_attribution(work: Work) -> RuleResult:
    """Attribute every utterance by the rules; returns what the rules saw, utterance by utterance."""
    name_mentions = list(work.mentions)
    pronouns = narration_pronouns(work)
    patterns = compile_patterns(work.characters)  # genders learnt below do not change names: compiled once
    narrators = narrator_candidates(work, pronouns, patterns)
    narrator = narrators[0] if narrators else None
    attributor = Attributor(work, narrator, patterns)
    attributor.attribute()
    # Pronoun tags settled by other evidence tell us genders we did not know; attribute again with them.
    learned = False
    for character in work.characters:
        votes = attributor.gender_votes.get(character.id)
        if character.gender == "unknown" and votes:
            gender, count = votes.most_common(1)[0]
            if count >= 2 * (sum(votes.values()) - count):
                character.gender, learned = gender, True
    if learned:
        work.mentions = name_mentions
        attributor = Attributor(work, narrator, patterns)
        attributor.attribute()
    positions = [at for at, word in pronouns if word in FIRST_PERSON] if narrator else []
    return RuleResult(attributor.evidence, narrator, positions)


def attribute_by_rules(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    result = rule_attribution(work)
    fill_missing_addressees(work.quotes)
    work.mentions.sort(key=lambda m: m.start)
    work.set_transient("speaker_evidence", result)


STAGE = Stage(
    "speaker_rules",
    reads=("text", "paragraphs", "quotes", "characters", "mentions", "docs"),
    writes=(
        "quotes.speaker", "quotes.method", "quotes.confidence", "quotes.tag", "quotes.addressees", "mentions",
        "characters.gender", "speaker_evidence",
    ),
    run=attribute_by_rules,
    description="speakers from speech tags, action beats and turn-taking; pronoun tags join the mentions",
)  # fmt: skip
