"""Find quoted speech: double or single marks, nesting, multi-paragraph speech, tag-broken utterances.

Marks are matched within a paragraph, so one stray mark never flips the rest of the text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ficlens.lexicon import (
    FIRST_PERSON,
    MALE_PRONOUNS,
    SECOND_PERSON,
    SPEECH_VERBS,
    THIRD_PERSON,
    TITLES,
)
from ficlens.model import Quote, Span, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings

DOUBLE_MARKS = {
    '"': "either",
    "\u201c": "open",
    "\u201d": "close",
    "\u201e": "open",
    "\u00ab": "open",
    "\u00bb": "close",
}
SINGLE_MARKS = {"'": "either", "\u2018": "open", "\u2019": "close"}
SINGLE_OPENER = re.compile(r"(?:^|(?<=[\s(\[\u2014-]))['\u2018](?=[^\s'])", re.M)
DOUBLE_MARK = re.compile(r"[\"\u201c\u201d\u201e\u00ab\u00bb]")
TERMINAL = re.compile(r"(?:[.,!?;:\u2026\u2014\u2013]|--|-)['\"\u2019\u201d)]*\s*$")
MAX_GROUP_GAP = 400
MAX_SCARE_WORDS = 6
SENTENCE_END = re.compile(r"[.!?]\s*$")
CLAUSE_BREAK = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?;]\s+")  # not `Mrs. Walker`
WORD = re.compile(r"[A-Za-z]+")
SUBJECT_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
POSSESSIVE = re.compile(r"['\u2019]s$")
ARTICLES = frozenset({"the", "a", "an", "her", "his", "their", "my", "our"})
AUXILIARIES = frozenset("keeps kept is was starts started begins began has had".split())  # `she keeps saying`
CONNECTIVES = frozenset("and but then so now again while as when".split())  # `and then said Bo,`
PRONOUNS = FIRST_PERSON | SECOND_PERSON | THIRD_PERSON
SUBJECT_PRONOUNS = frozenset({"he", "him", "she", "her"})  # a tag's gendered subject (`said he`, `her voice said`)
TAG_WORDS = 4  # a tag's verb comes within its first words: `said the old man`, `Mr. Bennet replied`
JOINED_CLAUSE = re.compile(r",\s+(?:and|but|while|whereupon)\s+")
LEADS_IN = re.compile(r"[:,]\s*$")


@dataclass
class RawQuote:
    start: int  # first character inside the marks
    end: int
    paragraph: int
    continues: bool = False  # left open at the paragraph end and reopened in the next paragraph


def uses_single_quotes(text: str) -> bool:
    """British-style dialogue: many single-quote openers and few double marks."""
    singles = len(SINGLE_OPENER.findall(text))
    return singles >= 3 and len(DOUBLE_MARK.findall(text)) < 0.2 * singles


def mark_role(text: str, position: int, marks: dict[str, str]) -> str | None:
    char = text[position]
    role = marks.get(char)
    if role is None or char not in "'\u2019":
        return role
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return None  # apostrophe inside a word: don't, o'course
    if char == "'" and not before.isspace() and after.isalnum():
        return None
    if before in "sS" and after == " " and text[position + 2 : position + 3].islower():
        return None  # plural possessive: the boys' fault
    return role


def scan_paragraph(text: str, start: int, end: int, index: int, marks: dict[str, str]) -> list[RawQuote]:
    found, open_at = [], None
    for position in range(start, end):
        role = mark_role(text, position, marks) if text[position] in marks else None
        if role is None:
            continue
        if role == "either":
            before = text[position - 1] if position > start else " "
            after = text[position + 1 : position + 2] or " "
            if open_at is None and before.isalnum() and not after.isalnum():
                continue  # a closing-shaped mark with nothing open: inches, a typo
            role = "close" if open_at is not None and not (before.isspace() and open_at < position - 1) else "open"
            if open_at is not None and role == "open":
                role = "close" if not text[position + 1 : position + 2].strip() else "open"
        if role == "open":
            if open_at is not None and text[open_at:position].strip():
                found.append(RawQuote(open_at, position, index))  # unclosed: recover at the next opener
            open_at = position + 1
        elif open_at is not None:
            found.append(RawQuote(open_at, position, index))
            open_at = None
    if open_at is not None and text[open_at:end].strip():
        found.append(RawQuote(open_at, end, index, continues=True))
    return found


def is_scare_quote(text: str, quote: RawQuote, paragraph_start: int) -> bool:
    """A short quoted phrase inside a narration sentence: a title, a term, irony."""
    inner = text[quote.start : quote.end]
    if len(inner.split()) > MAX_SCARE_WORDS or TERMINAL.search(inner):
        return False
    before = text[paragraph_start : quote.start - 1].rstrip()
    after = text[quote.end + 1 : quote.end + 3]
    return bool(before) and before[-1] not in '.!?:\u201d"' and (not after or after[0] not in ",")


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quotes(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    text = work.text
    marks = SINGLE_MARKS if uses_single_quotes(text) else DOUBLE_MARKS
    raw: list[RawQuote] = []
    paragraphs = work.paragraphs
    for index, paragraph in enumerate(paragraphs):
        found = scan_paragraph(text, paragraph.start, paragraph.end, index, marks)
        if found and found[-1].continues:
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            opens_next = following is not None and marks.get(text[following.start]) in ("open", "either")
            found[-1].continues = opens_next
        raw += [q for q in found if not is_scare_quote(text, q, paragraph.start)]
    work.quotes = group_utterances(text, raw, [p.end for p in paragraphs]) + thought_quotes(work, raw)
    work.quotes.sort(key=lambda q: q.start)
    for number, quote in enumerate(work.quotes, 1):
        quote.id = f"Q{number}"


def group_utterances(text: str, raw: list[RawQuote], paragraph_ends: list[int]) -> list[Quote]:
    """One utterance per run of quotes in a paragraph broken only by narration (a tag or a beat), unless a tag
    gives the next piece a speaker other than the one the run's own tag names (separately_tagged)."""
    groups: list[list[RawQuote]] = []
    subject = None  # the speaker word of the tag the current run has, once read
    for k, quote in enumerate(raw):
        previous = groups[-1][-1] if groups else None
        same_paragraph = previous and previous.paragraph == quote.paragraph
        follows = previous and (previous.continues or (same_paragraph and quote.start - previous.end <= MAX_GROUP_GAP))
        if follows and same_paragraph:
            between = text[previous.end + 1 : quote.start - 1]
            subject = subject or tag_subject(CLAUSE_BREAK.split(between)[0])
            if not separately_tagged(text, previous, quote, raw[k + 1 :], paragraph_ends, subject):
                groups[-1].append(quote)
                subject = subject or lead_subject(between)  # `"Gad," Archer heard Lefferts say, "not one..."`
                continue
        elif follows:
            groups[-1].append(quote)
            continue
        start = previous.end + 1 if same_paragraph else paragraph_ends[quote.paragraph - 1] if quote.paragraph else 0
        subject = lead_subject(text[start : quote.start - 1])
        groups.append([quote])
    quotes = []
    for group in groups:
        parts = [Span(start=s, end=e) for s, e in (strip_span(text, q.start, q.end) for q in group) if e > s]
        if parts:
            quotes.append(
                Quote(id="", start=parts[0].start, end=parts[-1].end, parts=parts, paragraph=group[0].paragraph)
            )
    return quotes


def separately_tagged(
    text: str,
    previous: RawQuote,
    quote: RawQuote,
    following: list[RawQuote],
    paragraph_ends: list[int],
    subject: str | None = None,
) -> bool:
    """Two pieces of one paragraph spoken by two people: the first piece's tag closes its sentence and the second's
    follows it (`"Hi," said Bo. "Yes," said Al.`); a new clause after the first tag introduces the second (`said Bo;
    and Al cried,`); or the narration names another speaker than the run's tag (`cried Charles, "in such terms--"
    Mary interrupted him.`). `subject` is the run's speaker word so far (from its lead-in or an earlier tag). The
    same subject twice (`she says ... she says`) keeps one utterance."""
    between = text[previous.end + 1 : quote.start - 1]
    clauses = CLAUSE_BREAK.split(between)
    trailing = tag_subject(clauses[0])
    first = trailing or subject
    if first is None:
        return False
    following_start = following[0].start if following and following[0].paragraph == quote.paragraph else None
    after = text[quote.end + 1 : following_start or paragraph_ends[quote.paragraph]]
    if SENTENCE_END.search(between):
        second = tag_subject(after)
        if second is not None:
            return second != first
    if trailing is not None and subject is not None and different_people(trailing, subject):
        return True  # this narration's subject is not the run's speaker: it leads into the next piece
    last_clause = clauses[-1]  # empty when the narration ends its sentence: it introduces nothing
    if len(clauses) > 1 and has_speech_verb(last_clause) and tag_subject(last_clause) != first:
        return True
    *_, joined = JOINED_CLAUSE.split(last_clause)  # `said Cecil, while Miss Bartlett, smiling, added:`
    other = named_subject(joined) if joined != last_clause and LEADS_IN.search(joined) else None
    return other is not None and has_speech_verb(joined) and different_people(other, first)


def has_speech_verb(narration: str) -> bool:
    return any(w.lower() in SPEECH_VERBS for w in WORD.findall(narration))


def named_subject(clause: str) -> str | None:
    """The name opening a clause, past an article and titles (`Miss Bartlett, smiling, added`: bartlett)."""
    words = [w for w in SUBJECT_WORD.findall(clause)[:4] if w.lower() not in ARTICLES]
    name = [w.lower() for w in itertools.takewhile(lambda w: w[:1].isupper(), words)]
    return next((w for w in reversed(name) if w not in TITLES), None)


def different_people(one: str, other: str) -> bool:
    """Two speaker words that cannot name one person: two names, or `he` and `she`."""
    if {one, other} <= SUBJECT_PRONOUNS:
        return (one in MALE_PRONOUNS) != (other in MALE_PRONOUNS)
    return one != other and one not in PRONOUNS and other not in PRONOUNS


def tag_subject(narration: str) -> str | None:
    """The speaker word of a speech tag among the first words (`said Bo` and `Bo said`: bo; `cried the Hatter`:
    hatter; `said Lawrence Lefferts`: lefferts), or None when the narration does not start with a tag."""
    original, words = subject_words(narration, TAG_WORDS)
    verb = next((i for i, w in enumerate(words) if w in SPEECH_VERBS), None)
    if verb is None:
        return None
    return word_before(words, verb) if verb else word_after(original)


def subject_words(narration: str, limit: int | None = None) -> tuple[list[str], list[str]]:
    """The narration's words as written and lower-cased without a possessive `'s` (`Mary's`: mary)."""
    original = SUBJECT_WORD.findall(narration)[:limit]
    return original, [POSSESSIVE.sub("", w.lower()) for w in original]


def word_before(words: list[str], verb: int) -> str:
    return next((w for w in reversed(words[:verb]) if w not in AUXILIARIES and not w.endswith("ly")), "")


def word_after(original: list[str]) -> str:
    """The speaker word after a tag's verb: a name's last word that is no title (`said Mr. Bennet`: bennet), else
    the first word after the articles (`said the old man`: old)."""
    rest = [w for w in original[1:] if w.lower() not in ARTICLES and not w.lower().endswith("ly")]
    name = [w.lower() for w in itertools.takewhile(lambda w: w[:1].isupper(), rest)]
    return next((w for w in reversed(name) if w not in TITLES), name[-1]) if name else rest[0].lower() if rest else ""


def lead_subject(narration: str) -> str | None:
    """The speaker word of a lead-in whose last clause ends with a speech verb and a colon or comma (`and his
    mother added:`: mother; `Archer heard Lawrence Lefferts say,`: lefferts; `and then said Bo,`: bo), else None."""
    clause = next((c for c in reversed(CLAUSE_BREAK.split(narration)) if c.strip()), "")
    if not clause.rstrip().endswith((":", ",")):
        return None
    original, words = subject_words(clause)
    verb = next((i for i in range(len(words) - 1, -1, -1) if words[i] in SPEECH_VERBS), None)
    if verb is None or verb < len(words) - TAG_WORDS:
        return None
    before = word_before(words, verb)
    return before if before and before not in CONNECTIVES else word_after(original[verb : verb + TAG_WORDS])


def thought_quotes(work: Work, raw: list[RawQuote]) -> list[Quote]:
    """Emphasis spans from a reader (italics) of two or more words outside speech are thoughts."""
    thoughts = []
    for emphasis in work.emphasis:
        inside_speech = any(q.start <= emphasis.start < q.end for q in raw)
        if inside_speech or len(work.span_text(emphasis).split()) < 2:
            continue
        paragraph = next((i for i, p in enumerate(work.paragraphs) if p.start <= emphasis.start < p.end), None)
        if paragraph is not None:
            part = Span(start=emphasis.start, end=emphasis.end)
            thoughts.append(
                Quote(id="", kind="thought", start=part.start, end=part.end, parts=[part], paragraph=paragraph)
            )
    return thoughts


STAGE = Stage(
    "quotes", reads=("text", "paragraphs", "emphasis"), writes=("quotes",), run=find_quotes,
    description="quotations of speech and thought",
)  # fmt: skip
