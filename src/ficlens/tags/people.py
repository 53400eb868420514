"""Who the tags name: the work's characters as people. One person found under two names is one person (`Granger`
and `Hermione Granger`), places and role nouns are set aside, and each person carries the name a fan would tag:
the canon file's or the author's tag that matches it, else the fullest name the text uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ficlens.canon import Canon
from ficlens.lexicon import FEMALE_TITLES, MALE_TITLES, TITLES
from ficlens.model import Character, Gender, Metadata, Work

# A name after one of these is a place (`on Heinessen`, `back to Odenwald`), unless a possessive follows it.
LOCATIVE = re.compile(r"\b(?:in|on|into|onto|across|throughout|around|near|toward|towards|orbit(?:ing)?)\s+$", re.I)
MOTION_LOCATIVE = re.compile(
    r"\b(?:go|goes|going|gone|went|come|comes|came|return(?:s|ed|ing)?|back|travel(?:s|led|ed|ling)?|fl(?:y|ew|own)|"
    r"sail(?:s|ed)?|arriv(?:e|es|ed|ing)|mov(?:e|ed|ing)|head(?:s|ed|ing)?|dr(?:ive|ove)|way|road|journey|leav(?:e|ing)|"
    r"left|fled)\s+(?:at|to|from|for)\s+$",
    re.I,
)
# `at` a place (`stayed at Longbourn`), but not after a verb of looking or feeling (`smiled at Jane`)
AT_PLACE = re.compile(
    r"\b(?!(?:look|stare|glance|gaze|glare|peer|smile|grin|laugh|frown|scowl|sneer|wink|nod|wave|shout|yell|snap|"
    r"point|throw|threw|hurl|aim|lung|swing|swung|angry|mad|furious|annoyed|surprised)\w*\s)\w+\s+at\s+$",
    re.I,
)
MIN_PLACE_USES = 2
PLACE_SHARE = 0.4  # of a name's mentions that read as a place


@dataclass
class TagName:
    """A name the author or a canon file tags with, and the words it is known by."""

    name: str
    aliases: list[str] = field(default_factory=list)
    gender: Gender = "unknown"
    from_canon: bool = False


@dataclass
class People:
    name: dict[str, str]  # character id -> the name to tag with
    head: dict[str, str]  # character id -> id of the character that stands for its person
    places: set[str]  # character ids that are places or things, not people
    role_nouns: set[str]  # character ids known only by a role noun (`the Jew`), not tagged in a relationship
    tagged: dict[str, TagName]  # character id -> the canon or author tag its name came from

    def same_person(self, a: str, b: str) -> bool:
        return self.head[a] == self.head[b]


def words_of(name: str) -> list[str]:
    """A name's words without titles, articles or an AO3 disambiguation (`Kim (Disco Elysium)`), lower case."""
    name = re.sub(r"\([^)]*\)", " ", name)
    found = [w.lower().strip(".,'’").removesuffix("'s") for w in re.split(r"[\s/&|]+", name)]
    return [w for w in found if w and w not in TITLES and w + "." not in TITLES and w not in ("the", "a", "an")]


def title_gender(name: str) -> Gender:
    first = name.split()[0].lower() if name.split() else ""
    return "male" if first in MALE_TITLES else "female" if first in FEMALE_TITLES else "unknown"


def is_titled(name: str) -> bool:
    return bool(name.split()) and name.split()[0].lower() in TITLES


def is_role_noun(character: Character) -> bool:
    return character.name.split()[0] in ("the", "The")


def genders_conflict(a: Gender, b: Gender) -> bool:
    return "unknown" not in (a, b) and a != b


def author_tag_names(metadata: Metadata) -> list[TagName]:
    """The author's character tags and the names in their relationship tags (`A/B`, `A & B`), once each."""
    names = [*metadata.characters]
    for relationship in metadata.relationships:
        names += [h.strip() for h in re.split(r"/| & ", relationship) if h.strip()]
    return [TagName(name=n) for n in dict.fromkeys(names)]


def tag_names(canon: Canon | None, metadata: Metadata) -> list[TagName]:
    found = [TagName(c.name, c.aliases, c.gender, from_canon=True) for c in canon.characters] if canon else []
    known = {tuple(words_of(t.name)) for t in found}
    return found + [t for t in author_tag_names(metadata) if tuple(words_of(t.name)) not in known]


def match_tag_name(character: Character, tags: list[TagName]) -> TagName | None:
    """The tag name for a character: an exact name or alias (a canon file's first); else the one tag whose words
    hold all of one of the character's names (`Ms. Annerose` -> `Annerose von Grünewald`); else the one tag whose
    given name starts with a short name of the character's (`Sieg` -> `Siegfried Kircheis`)."""
    names = [character.name, *character.aliases]
    lowered = {n.lower() for n in names}
    exact = {t.name: t for t in tags if lowered & {a.lower() for a in [t.name, *t.aliases]}}
    if exact:
        return next(iter(exact.values())) if len(exact) == 1 else None
    compatible = [t for t in tags if not genders_conflict(t.gender, character.gender)]
    for name in sorted(names, key=lambda n: -len(words_of(n))):
        words = set(words_of(name))
        holding = [t for t in compatible if words and any(words <= set(words_of(a)) for a in [t.name, *t.aliases])]
        if len(holding) == 1:
            return holding[0]
    for name in names:
        words = words_of(name)
        if len(words) != 1 or len(words[0]) < 3 or is_titled(name):
            continue
        starting = [t for t in compatible if (given := words_of(t.name)[:1]) and given[0].startswith(words[0])]
        if len(starting) == 1:
            return starting[0]
    return None


def titles(character: Character) -> set[str]:
    return {n.split()[0].lower().rstrip(".") for n in [character.name, *character.aliases] if is_titled(n)}


def may_be_one_person(shorter: Character, longer: Character) -> bool:
    """Alias clustering for tags: the shorter's words all in one of the longer's names, with no gender or title
    conflict. A title with a name joins a longer name only with the same title (`Mrs. Granger` is not `Hermione
    Granger`), and an untitled name only when its known gender is the title's (`Mr. Fagin` and `Fagin`, he)."""
    if genders_conflict(shorter.gender, longer.gender):
        return False
    if titles(shorter) and titles(longer) and not titles(shorter) & titles(longer):
        return False
    for short in [shorter.name, *shorter.aliases]:
        words = set(words_of(short))
        for long in [longer.name, *longer.aliases]:
            if not words or not words <= set(words_of(long)):
                continue
            if not is_titled(short):
                return True
            if len(words_of(long)) > len(words):
                if long.split()[0].lower() == short.split()[0].lower():
                    return True
            elif is_titled(long) or longer.gender == title_gender(short) != "unknown":
                return True
    return False


def place_uses(work: Work) -> dict[str, int]:
    """Character id -> its name mentions that read as a place: after `in`, `on`, `into` ... or a motion verb's
    `to`/`from`/`at`, without a possessive after the name."""
    uses: dict[str, int] = {}
    for mention in work.mentions:
        if mention.kind != "name" or mention.character is None:
            continue
        before = work.text[max(0, mention.start - 40) : mention.start]
        after = work.text[mention.end : mention.end + 2]
        if not after.startswith(("'s", "’s")) and any(p.search(before) for p in (LOCATIVE, MOTION_LOCATIVE, AT_PLACE)):
            uses[mention.character] = uses.get(mention.character, 0) + 1
    return uses


def is_place(character: Character, canon_places: set[str], place_uses: int, spoken_by_tag: int) -> bool:
    if {character.name.lower(), *(a.lower() for a in character.aliases)} & canon_places:
        return True
    return (
        place_uses >= MIN_PLACE_USES
        and place_uses >= PLACE_SHARE * character.mention_count
        and place_uses > spoken_by_tag
    )


def named_role_nouns(work: Work, role_nouns: set[str]) -> dict[str, str]:
    """Role noun id -> the named character it is: the one called by name in speech addressed to the role noun
    (`"Not today, Mr. Hask," Ada said` to `the pedlar`) more often than in speech addressed to anyone else."""
    vocatives = [m for m in work.mentions if m.in_quote and m.kind == "name" and m.character not in role_nouns]
    votes: dict[str, dict[str, int]] = {}
    i = 0
    for quote in sorted(work.quotes, key=lambda q: q.start):
        while i < len(vocatives) and vocatives[i].start < quote.start:
            i += 1
        j = i
        while j < len(vocatives) and vocatives[j].start < quote.end:
            mention = vocatives[j]
            before, after = work.text[quote.start : mention.start], work.text[mention.end : mention.end + 1]
            if (before.rstrip().endswith(",") or not before.strip(" \"“‘'")) and after in (",", ".", "!", "?"):
                for addressee in quote.addressees:
                    by_name = votes.setdefault(mention.character or "", {})
                    by_name[addressee] = by_name.get(addressee, 0) + 1
            j += 1
    named = {}
    for name, counts in votes.items():
        best = max(counts, key=lambda a: counts[a])
        if best in role_nouns and counts[best] > sum(n for a, n in counts.items() if a != best):
            named.setdefault(best, name)
    return named


def find_people(work: Work, canon: Canon | None) -> People:
    tags = tag_names(canon, work.metadata)
    canon_places = {p.lower() for p in canon.places} if canon else set()
    spoken = {c.id: 0 for c in work.characters}
    for quote in work.quotes:
        if quote.speaker in spoken and quote.method == "named_tag":
            spoken[quote.speaker] += 1
    uses = place_uses(work)
    places = {c.id for c in work.characters if is_place(c, canon_places, uses.get(c.id, 0), spoken[c.id])}
    people = [c for c in work.characters if c.id not in places]
    tagged = {c.id: t for c in people if (t := match_tag_name(c, tags))}
    for character in people:
        if character.id in tagged and character.gender == "unknown":
            character.gender = tagged[character.id].gender
    head = {c.id: c.id for c in work.characters}
    by_tag: dict[str, str] = {}
    prominent_first = sorted(people, key=lambda c: (-len(words_of(c.name)), -c.mention_count))
    for i, character in enumerate(prominent_first):
        if character.id in tagged:
            head[character.id] = by_tag.setdefault(tagged[character.id].name, character.id)
            continue
        homes = [o for o in prominent_first[:i] if head[o.id] == o.id and may_be_one_person(character, o)]
        if len(homes) == 1:
            head[character.id] = homes[0].id
    role_nouns = {c.id for c in people if is_role_noun(c) and c.id not in tagged}
    for role_noun, name in named_role_nouns(work, role_nouns).items():
        head[role_noun] = head[name]
        role_nouns.discard(role_noun)
    names = {c.id: c.name for c in work.characters}
    for character in people:
        members = [c for c in people if head[c.id] == head[character.id]]
        fullest = max(members, key=lambda c: (not is_role_noun(c), len(words_of(c.name)), c.mention_count))
        tag = tagged.get(head[character.id])
        names[character.id] = tag.name if tag else fullest.name
    return People(name=names, head=head, places=places, role_nouns=role_nouns, tagged=tagged)
