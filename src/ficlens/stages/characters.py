"""Characters: person names from NER and tag positions, alias clusters, gender, name mentions."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from pathlib import Path

from spacy.attrs import IS_TITLE, LOWER, TAG
from spacy.tokens import Doc

from ficlens.features.character import (
    ClusterEvidence,
    NameVotes,
    gender_vote_total,
    given_name_genders,
    load_character_filter,
)
from ficlens.lexicon import (
    EPITHETS,
    FEMALE_TITLES,
    GENERIC_PERSON_NOUNS,
    HONORIFICS,
    MALE_PRONOUNS,
    MALE_TITLES,
    NAME_PARTICLES,
    NAME_TAGS,
    NOT_NAMES,
    PLACE_NOUNS,
    SPEECH_VERBS,
    TITLES,
    WOMAN_SURNAME_TITLES,
)
from ficlens.model import Character, Mention, Work
from ficlens.model_files import CHARACTER_FILTER
from ficlens.names import alias_owners, alias_regex, most_recent, one_line
from ficlens.options import AnalysisOptions, GivenCharacter
from ficlens.pipeline import Stage, StageSettings
from ficlens.tokens import docs_of, string_ids

CLAUSE_END = re.compile(r"[.!?;\"\u201c\u201d]")
# `behind her`, `to him`: object pronouns after a preposition are usually someone else.
NEXT_SENTENCE_SUBJECT = re.compile(r"[.!?]\s+(He|She)\b")
# `kissed her,` / `held him`: an object pronoun right after a verb is someone else too; `her` counts only as a
# possessive (`her hand`), `him` never.
OBJECT_PRONOUN = re.compile(r"\b(him|her)\b(?=\s*[,.;!?]|\s+(?:and|but|back|again|close|tight)\b)", re.I)
GENDERED_PRONOUN = re.compile(
    r"(?<!\bto )(?<!\bat )(?<!\bof )(?<!\bby )(?<!\bfor )(?<!\bwith )(?<!\bfrom )(?<!\bbehind )"
    r"(?<!\btoward )(?<!\btowards )(?<!\blike )(?<!\bthan )(?<!\bon )"
    r"\b(he|his|himself|she|hers|herself|her(?=\s+(?!(?:and|but|or|back|again|up|down|off|away|close|closer|tight|"
    r"tighter|too|so|as|then|in|on|at|to|with|for|from|into|softly|gently|slowly|hard|once|twice)\b)[a-z]))\b",
    re.I,
)


ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "poss", "iobj"})


def candidate_names(work: Work) -> dict[str, NameVotes]:
    """Name strings with evidence they are people: a PER entity, the subject of a speech tag, a vocative,
    or a proper noun acting as a verb's argument; minus names the NER more often calls places or organisations.
    Each with its votes (the learned filter reads them)."""
    evidence: Counter[str] = Counter()
    roles: Counter[str] = Counter()  # evidence other than the NER's: speech tags, vocatives, arguments
    not_people: Counter[str] = Counter()
    votes: dict[str, NameVotes] = defaultdict(NameVotes)
    counts = word_counts(work.text)
    proper = capitalised_only(work.text, counts)
    mid_sentence = mid_sentence_words(work.text)
    docs = docs_of(work)
    vocab = docs[0].vocab if docs else None
    for doc in docs:
        for ent in doc.ents:
            name = clean_name(ent.text) if ent[0].is_title else None
            if name and ent.label_ == "PER":
                evidence[name] += 1
                votes[name].person += 1
            elif name:
                not_people[name] += 1
                votes[name].other += 1
        for i in tokens_where(doc, speech_verbs=True, proper_nouns=True):
            token = doc[i]
            if token.text.lower() in SPEECH_VERBS and token.i + 1 < len(doc):
                neighbours, role = [doc[token.i + 1], doc[token.i - 1] if token.i else None], "speech"
            elif (
                (token.tag_ == "NNP" or (token.tag_ == "NN" and token.text in proper))  # not plurals (`Wilcoxes`)
                and token.is_title
                and (
                    is_vocative_position(doc, token.i)
                    # at a sentence start only a proper noun the text never writes in lower case (`Ivy looks`)
                    or (token.dep_ in ARGUMENT_DEPS and (not token.is_sent_start or token.text in proper))
                )
            ):
                neighbours, role = [token], "vocative" if is_vocative_position(doc, token.i) else "argument"
            else:
                continue
            for neighbour in neighbours:
                # a speech tag's capitalised noun is a name even when the tagger calls it NN (`," Nora says`)
                is_name = neighbour is not None and neighbour.is_title and neighbour.tag_ in NAME_TAGS
                if is_name and (name := clean_name(full_name_at(doc, neighbour.i, proper))):
                    evidence[name] += 1
                    roles[name] += 1
                    setattr(votes[name], role, getattr(votes[name], role) + 1)
    kept = Counter(
        {
            name: n
            for name, n in evidence.items()
            if n >= not_people[name]
            and not looks_like_common_word(counts, name)
            # one NER vote for a common word of fiction (`a glass of Brandy`) is not enough without a person's role
            and (n > 1 or roles[name] or not in_fiction_vocabulary(name, vocab))
            and occurs_mid_sentence(name, mid_sentence)
        }
    )
    # `Clark` outvoted by the NER (`Clark` GPE) is still the given name of the person `Clark Kent`
    parts = {part for name in kept if " " in name for part in (name.split()[0], name.split()[-1])}
    for name, n in evidence.items():
        if name in parts and name not in kept and not looks_like_common_word(counts, name):
            kept[name] = n
    return {name: votes[name] for name in kept}


def tokens_where(doc: Doc, speech_verbs: bool = False, proper_nouns: bool = False) -> list[int]:
    """Indices of the tokens that are speech verbs (`said`) and/or title-case nouns (NNP or NN), found from the
    Doc's arrays: the few tokens the loops above look at (sets, not numpy.isin: a paragraph is too short for it)."""
    if not len(doc):
        return []
    lower, tag, is_title = doc.to_array([LOWER, TAG, IS_TITLE]).T.tolist()
    speech = SPEECH_VERB_IDS if speech_verbs else frozenset()
    nouns = NOUN_TAG_IDS if proper_nouns else frozenset()
    return [i for i, (w, t, title) in enumerate(zip(lower, tag, is_title)) if w in speech or (title and t in nouns)]


SPEECH_VERB_IDS = frozenset(string_ids(SPEECH_VERBS).tolist())
NOUN_TAG_IDS = frozenset(string_ids(["NNP", "NN"]).tolist())


def full_name_at(doc, i: int, proper: set[str] = frozenset()) -> str:
    """The run of title-case proper nouns around token i (`Nora Blake`, `Mr. Knightley`). A word the text only
    ever capitalises (`proper`) counts as a proper noun whatever the tagger says (rare names such as `Ivanovitch`
    are often tagged NN), and so does a title-case compound of the name (sentence-initial `Nora` in `Nora Blake`)."""
    start, end = i, i + 1
    while start > 0 and (doc[start - 1].is_title or doc[start - 1].text.endswith(".")):
        before = doc[start - 1]
        compound = before.tag_ in NAME_TAGS and before.dep_ in ("compound", "flat") and start <= before.head.i < end
        known = before.text in proper and not before.is_sent_start
        if before.tag_ != "NNP" and not known and not compound:
            break
        start -= 1
    while end < len(doc) and (doc[end].tag_ == "NNP" or doc[end].text in proper) and doc[end].is_title:
        end += 1
    return doc[start:end].text


def nominal_characters(work: Work, minimum: int = 2) -> Counter[str]:
    """Role nouns that speak (`said the waiter`, `the Professor asked`) at least `minimum` times, as
    `the waiter` / `the Professor`; everyday person nouns (`the girl`) only when capitalised (`the King`)."""
    found: Counter[str] = Counter()
    for doc in docs_of(work):
        for i in tokens_where(doc, speech_verbs=True):
            token = doc[i]
            for subject in token.children:
                if subject.dep_ != "nsubj" or subject.tag_ not in ("NN", "NNP") or not subject.is_alpha:
                    continue
                det = next((c for c in subject.children if c.dep_ == "det"), None)
                if det is None or det.lower_ != "the" or det.i > subject.i:
                    continue
                words = subject.doc[det.i + 1 : subject.i + 1]
                # capitalised compounds belong to the name (`the March Hare`); other modifiers do not
                modifiers = [c for c in subject.children if c.i != det.i and c.dep_ != "punct"]
                if any(c.i < det.i or c.i > subject.i for c in modifiers) or not all(w.is_title for w in words[:-1]):
                    continue
                noun = subject.text
                if len(words) == 1 and noun.islower() and noun in GENERIC_PERSON_NOUNS:
                    continue
                if noun.lower() in NOT_NAMES - TITLES:
                    continue
                found["the " + words.text] += 1
    return Counter({name: n for name, n in found.items() if n >= minimum})


def add_nominal_characters(clusters: list[list[str]], nominals: list[str]) -> None:
    """A role noun joins the one cluster whose names contain it as a word (`the professor` and `Professor De
    Worms`); otherwise it is a character of its own, written both ways (`the waiter`, `The waiter`)."""
    for nominal in nominals:
        words = nominal.split()[1:]
        forms = [nominal, "The " + " ".join(words)]
        capitalised = [w[0].upper() + w[1:] for w in words]
        homes = [c for c in clusters if any(all(w in name.split() for w in capitalised) for name in c)]
        if len(homes) == 1:
            homes[0].extend(f for f in forms if f not in homes[0])
        elif not homes:
            clusters.append(forms)


def full_names(text: str, names: list[str], counts: Counter[str]) -> list[str]:
    """`Nora Blake` wherever a known one-word name is followed by a capitalised word used only as a name (one pass
    over the text; for each name, its occurrences as `re.findall` would find them, without overlaps)."""
    wanted = {n for n in names if " " not in n and n.lower() not in TITLES}
    surnames: dict[str, set[str]] = defaultdict(set)
    taken_to: dict[str, int] = {}
    longest = max(map(len, wanted), default=0)
    for match in NEXT_CAPITALISED_WORD.finditer(text):
        space = match.start() - 1
        for start in range(max(0, space - longest), space):
            name = text[start:space]
            if name in wanted and at_word_boundary(text, start) and start >= taken_to.get(name, 0):
                surnames[name].add(match.group(0))
                taken_to[name] = match.end()
    found = []
    for name in names:
        for surname in surnames.get(name, ()):
            if surname.lower() not in NOT_NAMES and not looks_like_common_word(counts, surname):
                found.append(f"{name} {surname}")
    return found


NEXT_CAPITALISED_WORD = re.compile(r"(?<= )[A-Z][a-z]+(?!\w)")
# A word, a comma or semicolon, or a closing quote, then white space: what stands before a name mid-sentence.
AFTER_MID_SENTENCE_GAP = re.compile(r"(?<=[\w,;\"\u201d\u2019])\s+(\S+)")


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches


def at_word_boundary(text: str, i: int) -> bool:
    before = i > 0 and is_word_char(text[i - 1])
    return before != (i < len(text) and is_word_char(text[i]))


def mid_sentence_words(text: str) -> set[str]:
    """Every string that stands after a mid-sentence gap (AFTER_MID_SENTENCE_GAP) and ends where a word does: the
    first words a real name can have (`occurs_mid_sentence`)."""
    found = set()
    for token in set(AFTER_MID_SENTENCE_GAP.findall(text)):
        found.update(token[:k] for k in range(1, len(token) + 1) if k == len(token) or not is_word_char(token[k]))
    return found


def occurs_mid_sentence(name: str, mid_sentence: set[str]) -> bool:
    """A real name turns up somewhere other than the start of a sentence or a quote."""
    return name.split()[0] in mid_sentence


def is_vocative_position(doc, i: int) -> bool:
    before = doc[i - 1].text if i else '"'
    after = doc[i + 1].text if i + 1 < len(doc) else "."
    return (
        before in {",", '"', "\u201c"}
        and after in {",", ".", "!", "?", '"', "\u201d"}
        and (before == "," or after == ",")
    )


def word_counts(text: str) -> Counter[str]:
    """Case-sensitive counts of every word in the text."""
    return Counter(re.findall(r"\w+", text))


MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+\b")


def capitalised_only(text: str, counts: Counter[str], minimum: int = 2) -> set[str]:
    """Title-case words the text uses at least `minimum` times, capitalises mid-sentence and never writes in
    lower case (so `However`, always sentence-initial, is not one)."""
    mid = set(MID_SENTENCE_CAPITAL.findall(text))
    return {w for w in mid if counts[w] >= minimum and not counts[w.lower()]}


def looks_like_common_word(counts: Counter[str], name: str) -> bool:
    """A one-word 'name' that the text also writes in lower case (`Betrayed,` / `betrayed`)."""
    if " " in name:
        return False
    lower = counts[name.lower()]
    return lower > 0 and lower >= counts[name] / 2


def in_fiction_vocabulary(name: str, vocab) -> bool:
    """A one-word name whose lower-case form is among the pipeline's word vectors (the 16,000 most frequent words of
    the public-domain fiction they were learnt from): `brandy`, `rose`, not `lionel`."""
    if vocab is None or " " in name or name.lower() not in vocab.strings:
        return False
    return vocab.strings[name.lower()] in vocab.vectors


def clean_name(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip(" ,.'\"\u2019\u201d-")
    # `Miss Woodhouse of Hartfield` is `Miss Woodhouse` (LitBank's whole-span PER); `Duke of York` stays whole
    head, of, _ = text.partition(" of ")
    if of and any(not is_title(w) for w in head.split()):
        text = head
    words = re.sub(r"'s$|\u2019s$", "", text).split()
    # two names run together (`Miss Woodhouse Miss Taylor`): the first
    if words and is_title(words[0]):
        second = next(
            (i for i in range(2, len(words)) if words[i].lower() in HONORIFICS and not is_title(words[i - 1])), None
        )
        words = words[:second]
    if len(words) > 1 and words[0].lower() in EPITHETS:
        words = words[1:]
    text = " ".join(words)
    if len(words) > 1 and not is_title(words[0]) and words[-1].lower() in PLACE_NOUNS:
        return None  # `Continental Hotel`
    if re.fullmatch(r"(?:[A-Z]\.?)+", text.replace(" ", "")):
        return None  # initials only
    if not words or not all(w[0].isupper() for w in words if w.lower() not in NAME_PARTICLES):
        return None
    if all(w.lower().strip(".") in NOT_NAMES or is_title(w) for w in words):
        return None
    if words[0].lower() in NOT_NAMES and words[0].lower() not in TITLES:
        return None
    return text


def is_title(word: str) -> bool:
    return word.lower() in TITLES


def core_words(name: str) -> list[str]:
    return [w for w in name.split() if not is_title(w)]


def title_gender(name: str) -> str | None:
    first = name.split()[0].lower()
    return "male" if first in MALE_TITLES else "female" if first in FEMALE_TITLES else None


def title_word(name: str) -> str:
    return name.split()[0].lower().rstrip(".")


def is_titled_woman_by_surname(name: str) -> bool:
    return len(core_words(name)) == 1 and name.split()[0].lower() in WOMAN_SURNAME_TITLES


def is_wife_by_name(name: str) -> bool:
    return title_word(name) == "mrs" and len(core_words(name)) > 1


def joins_titled(name: str, head: str) -> bool:
    """A title and one name join a cluster under the same title, except a man's title and surname (`Mr.
    Knightley`) one headed by a man named in full (`Mr. John Knightley`): he is named so mostly to tell him from
    the Mr. Knightley of the book, his brother. A woman's (`Miss Miller`, `Miss Daisy Miller`), a rank's (`Commander
    Okafor`) and a man's title and given name (`Lord Henry`, `Lord Henry Wotton`) join the full name."""
    if title_word(head) != title_word(name):
        return False
    words, full = core_words(name), core_words(head)
    return title_gender(name) != "male" or full == words or full[:1] == words


def titled_given_name(name: str, head: str) -> bool:
    """A title and a given name (`Lady Brenda`, `Lord Henry`, `Aunt Josephine`) join the untitled full name that
    starts with it (`Brenda Last`), when no name has that title; not a title said with surnames (`Mr. Thomas`)."""
    head_words = head.split()
    return (
        not is_title(head_words[0])
        and len(head_words) > 1
        and head_words[0] == core_words(name)[0]
        and title_word(name) not in SURNAME_TITLES
    )


# Titles said with surnames, and a monarch's or saint's title (`King James`, `St. Paul`: someone else)
SURNAME_TITLES = frozenset(
    t.rstrip(".") for t in WOMAN_SURNAME_TITLES | {"mr", "monsieur", "herr", "señor", "king", "queen", "st", "saint"}
)


def the_mister(words: list[str], homes: list[list[str]]) -> list[list[str]]:
    """A bare surname several clusters could take (`Denham`: `Ralph Denham`, `Joan Denham`, `Mr. Denham`) is the
    man the text calls by his title and that surname, where there is one: narration names men by their surnames."""
    if any(core_words(c[0])[0] == words[0] for c in homes if len(core_words(c[0])) > 1):
        return homes  # a given name (`Randolph`, `Randolph Miller`): dominant_home decides
    titled_men = [c for c in homes if any(core_words(n) == words and title_gender(n) == "male" for n in c)]
    return titled_men if len(titled_men) == 1 else homes


def the_only_man_so_named(surname: str, clusters: list[list[str]]) -> list[list[str]]:
    """`Mr. Denham` is `Ralph Denham` when he is the one man the book names in full with that surname (`Joan
    Denham` is a woman) and no one is `Mr. Ralph Denham`, the full form that tells a man from the Mr. Denham."""
    full = [c for c in clusters if len(core_words(c[0])) > 1 and core_words(c[0])[-1] == surname]
    if any(title_gender(c[0]) == "male" for c in full):
        return []
    men = [c for c in full if "female" not in cluster_genders(c)]
    return men if len(men) == 1 else []


def cluster_genders(cluster: list[str]) -> set[str]:
    """The genders a cluster's names give it: their titles (`Frau Architect Liesecke`), and the census gender of the
    given name of an untitled head (`Reggie St Cloud`)."""
    found = {title_gender(name) for name in cluster}
    head = core_words(cluster[0])
    if title_gender(cluster[0]) is None and len(head) > 1:
        found.add(given_name_genders().get(head[0]))
    return found - {None, "unknown"}


DOMINANCE = 5


def dominant_home(name: str, homes: list[list[str]], frequency) -> list[list[str]]:
    """Of several clusters a one-word given name could join (`George`), only those whose head starts with it count
    (not `Neither George`; a surname such as `Bennet` is left alone): the one such cluster, or the one whose most
    frequent name the text uses DOMINANCE times as often as any other's (`George Emerson`, not `George Meredith`)."""
    if core_words(name) != [name]:
        return homes
    starting = [c for c in homes if len(core_words(c[0])) > 1 and core_words(c[0])[0] == name]
    if len(starting) == 1:
        return starting
    salient = most_salient(starting, frequency)
    return salient if len(salient) == 1 else homes


def most_salient(clusters: list[list[str]], frequency) -> list[list[str]]:
    """The one cluster whose most frequent name the text uses DOMINANCE times as often as any other's, else all."""
    salience = sorted((max(map(frequency, c)) for c in clusters), reverse=True)
    if len(clusters) > 1 and salience[0] >= DOMINANCE * max(1, salience[1]):
        return [max(clusters, key=lambda c: max(map(frequency, c)))]
    return clusters


def cluster_aliases(names: list[str], frequency=None) -> list[list[str]]:
    """Group names: a short name joins the one longer name that contains all its words (or, with `frequency`
    of names in the text, the one such name that dominates the others)."""
    by_length = sorted(names, key=lambda n: (-len(core_words(n)), -len(n), n))
    clusters: list[list[str]] = []
    for name in by_length:
        words = core_words(name)
        gender = title_gender(name)
        titled_surname = len(words) == 1 and is_title(name.split()[0])
        homes = [
            c
            for c in clusters
            if words
            and all(any(w == cw for cw in core_words(c[0])) for w in words)
            and (gender is None or cluster_genders(c) <= {gender})  # `Lady St Cloud` is not `Reggie St Cloud`
            # a title and one name join only under the same title (`Mr. Woodhouse` is not `Emma Woodhouse`)
            and (not titled_surname or joins_titled(name, c[0]))
            # `Mrs. Newland Archer` is his wife, named by his name: only `Mrs.` names join her
            and (not is_wife_by_name(c[0]) or title_word(name) == "mrs")
            # a bare surname is not `Frau Mittermeyer`, a woman known only by title and married name
            and not (len(words) == 1 and gender is None and is_titled_woman_by_surname(c[0]))
        ]
        if not homes and titled_surname:
            homes = [c for c in clusters if titled_given_name(name, c[0]) and cluster_genders(c) <= {gender}]
            homes = most_salient(homes, frequency) if frequency is not None else homes
        if not homes and titled_surname and gender == "male":
            homes = the_only_man_so_named(words[0], clusters)
        if len(homes) > 1 and not titled_surname and len(words) == 1:
            homes = the_mister(words, homes)
        if len(homes) > 1 and frequency is not None:
            homes = dominant_home(name, homes, frequency)
        if len(homes) == 1:
            homes[0].append(name)
        else:
            clusters.append([name])
    return clusters


def find_name_mentions(work: Work, owners: dict[str, list[str]]) -> list[Mention]:
    """Every occurrence of every alias, longest first, as name mentions; an alias several characters share is the
    one last named by an alias of its own (else the one named most often)."""
    if not owners:
        return []
    pattern = re.compile(
        r"(?<![\w'])(" + "|".join(alias_regex(a) for a in sorted(owners, key=len, reverse=True)) + r")(?![\w])"
    )
    quote_bounds = [(p.start, p.end) for q in work.quotes for p in q.parts]
    found, q = [], 0
    for match in pattern.finditer(work.text):
        while q < len(quote_bounds) and quote_bounds[q][1] <= match.start():
            q += 1
        in_quote = q < len(quote_bounds) and quote_bounds[q][0] <= match.start()
        found.append((match.start(), match.end(), owners[one_line(match.group(1))], in_quote))
    frequency = Counter(ids[0] for _, _, ids, _ in found if len(ids) == 1)
    last_seen: dict[str, int] = {}
    mentions = []
    for start, end, ids, in_quote in found:
        character = ids[0] if len(ids) == 1 else most_recent(ids, last_seen, frequency)
        if len(ids) == 1:
            last_seen[character] = start
        mentions.append(Mention(start=start, end=end, character=character, in_quote=in_quote))
    return mentions


def is_sentence_subject(text: str, start: int) -> bool:
    """The name opens its sentence (a rough stand-in for being its subject)."""
    before = text[max(0, start - 3) : start]
    return start == 0 or before.strip() == "" or before.rstrip()[-1:] in ".!?"


def pronoun_gender_votes(work: Work, mentions: list[Mention]) -> dict[str, Counter[str]]:
    """For each named mention, the gender of the next third-person pronoun before the clause ends."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        if mention.in_quote and work.text[mention.start - 2 : mention.start] == ", ":
            continue  # a vocative: the pronouns nearby are about someone else
        window = work.text[mention.end : mention.end + 160]
        clause = CLAUSE_END.split(window, maxsplit=1)[0]
        match = GENDERED_PRONOUN.search(clause)
        previous_word = work.text[max(0, mention.start - 20) : mention.start].split()[-1:]
        tag_subject = bool(previous_word) and previous_word[0].lower() in SPEECH_VERBS  # `said Marco. He ...`
        if match is None and not mention.in_quote and (tag_subject or is_sentence_subject(work.text, mention.start)):
            # `Ivy looks at the letter. She knows ...`: the next sentence opens with her pronoun.
            match = NEXT_SENTENCE_SUBJECT.match(window, len(clause))
        if match:
            gender = "male" if match.group(1).lower() in MALE_PRONOUNS else "female"
            objects = {o.lower() for o in OBJECT_PRONOUN.findall(clause[: match.start()])}
            if ("her" if gender == "female" else "him") in objects:
                continue  # `Marco kissed her, and she ...`: the pronoun is the kissed one's
            votes[mention.character][gender] += 0.5 if mention.in_quote else 1
    return votes


class CharactersSettings(StageSettings):
    filter: Path | None = CHARACTER_FILTER  # None: keep every candidate cluster (training reads them all)


def candidate_characters(work: Work) -> list[tuple[Character, ClusterEvidence]]:
    """Alias clusters of the names with person evidence, each with what the learned filter reads."""
    votes = candidate_names(work)
    names = list(votes)
    names += [n for n in full_names(work.text, names, word_counts(work.text)) if n not in names]
    clusters = cluster_aliases(names, functools.cache(work.text.count))
    nominals = list(nominal_characters(work))
    add_nominal_characters(clusters, nominals)
    characters = [
        Character(id=f"C{i}", name=max(c, key=lambda n: (len(core_words(n)), len(n))), aliases=sorted(c))
        for i, c in enumerate(clusters)
    ]
    mentions = find_name_mentions(work, alias_owners(characters))
    by_character: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_character[mention.character].append(mention)
    pronouns = pronoun_gender_votes(work, mentions)
    docs = docs_of(work)
    vocab = docs[0].vocab if docs else None
    found = []
    words = len(work.text.split())
    top = max((len(m) for m in by_character.values()), default=0)
    for character, cluster in zip(characters, clusters):
        words_of_name = character.name.split()
        several = len(words_of_name) > 1 and words_of_name[0].lower() != "the"
        total = NameVotes()
        for name in cluster:
            total.add(votes.get(name, NameVotes()))
        evidence = ClusterEvidence(
            names=cluster,
            votes=total,
            mentions=by_character[character.id],
            pronoun_votes=gender_vote_total(pronouns.get(character.id)),
            titled=any(title_gender(n) or is_title(n.split()[0]) for n in cluster),
            common_word=in_fiction_vocabulary(character.name, vocab),
            nominal=any(n in nominals for n in cluster),
            given_name=bool(core_words(character.name)) and core_words(character.name)[0] in given_name_genders(),
            text_words=words,
            top_mentions=top,
            last_word_common=several and in_fiction_vocabulary(words_of_name[-1], vocab),
            first_word_common=several and not is_title(words_of_name[0])
            and in_fiction_vocabulary(words_of_name[0], vocab),
        )
        found.append((character, evidence))
    return found


def build_characters(work: Work, options: AnalysisOptions, settings: CharactersSettings) -> None:
    if options.characters is not None:
        characters = [given_character(g, i) for i, g in enumerate(options.characters)]
        add_name_parts(characters)
    else:
        found = candidate_characters(work)
        if settings.filter is not None and not options.rules_only:  # PDNC-trained, like the rankers
            model = load_character_filter(settings.filter)
            found = [(c, e) for c, e in found if model.probability(e.features(work.text)) >= model.threshold]
        characters = [c for c, _ in found]
    mentions = find_name_mentions(work, alias_owners(characters))
    counts = Counter(m.character for m in mentions)
    characters = [c for c in characters if counts[c.id] or options.characters is not None]
    if options.characters is None:  # an alias found only inside a longer name (`Blake` of `Nora Blake`) is no alias
        used = {one_line(work.text[m.start : m.end]) for m in mentions}
        for character in characters:
            character.aliases = [a for a in character.aliases if a in used or a == character.name]
    votes = pronoun_gender_votes(work, mentions)
    for character in characters:
        character.mention_count = counts[character.id]
        if character.gender == "unknown":
            character.gender = infer_gender(character, votes.get(character.id, Counter()))
    characters.sort(key=lambda c: -c.mention_count)
    work.characters = characters
    work.mentions = mentions


def infer_gender(character: Character, votes: Counter[str]) -> str:
    """A title's gender (`Mrs.`), else the pronouns after the name (60% agreeing), else unknown."""
    for alias in [character.name, *character.aliases]:
        if gender := title_gender(alias):
            return gender
    total = sum(votes.values())
    if total >= 1:
        gender, count = votes.most_common(1)[0]
        if count / total >= 0.6:
            return gender
    return "unknown"


def given_name_gender(character: Character) -> str:
    """The census gender of the first given name among the character's names (`Clark`), else unknown."""
    for alias in [character.name, *character.aliases]:
        given = core_words(alias)
        gender = given_name_genders().get(given[0], "unknown") if given else "unknown"
        if gender != "unknown" and not alias.lower().startswith("the "):
            return gender
    return "unknown"


def add_name_parts(characters: list[Character]) -> None:
    """Given lists often miss the short forms (`Poirot` for `Hercule Poirot`): add a first or last name part as an
    alias when no character already has it and one character's names contain it; a first name several characters
    share (`Charles` of `Charles Musgrove` and `Charles Hayter`) goes to each of them, and find_name_mentions picks
    one per occurrence. A shared surname goes to none (`Musgrove` would also name the unlisted `Miss Musgrove`). A
    wife named by her husband's name (`Mrs. John Dashwood`) does not share his given name; the name after a title
    (`Ratcliffe` of `Inspector Ratcliffe`, `John` of `Uncle John`) is an alias when no full name holds it, but not
    a woman's surname (`Mrs. Seal` is not called `Seal`)."""
    taken = {a.lower() for c in characters for a in [c.name, *c.aliases]}
    owners: dict[str, set[str]] = defaultdict(set)
    after_title: dict[str, set[str]] = defaultdict(set)
    first_names: set[str] = set()
    for character in characters:
        for alias in [character.name, *character.aliases]:
            words = [w for w in alias.split() if w.lower() not in TITLES and w.lower().rstrip(".") not in TITLES]
            if len(words) >= 2:
                wife = by_husbands_name(alias)  # her given name is his
                add_parts(owners, words[-1:] if wife else [words[0], words[-1]], character.id)
                if not wife:
                    first_names.add(words[0])
            elif len(words) == 1 and len(alias.split()) == 2 and is_title(alias.split()[0]):
                woman = alias.split()[0].lower() in WOMAN_SURNAME_TITLES
                add_parts(after_title, words, "" if woman else character.id)
    for part, ids in after_title.items():
        if part not in owners and len(ids) == 1 and "" not in ids:
            owners[part] = ids
    for character in characters:
        parts = {part for part, ids in owners.items() if character.id in ids and part.lower() not in taken
                 and (len(ids) == 1 or part in first_names)}  # fmt: skip
        character.aliases = sorted({*character.aliases, *parts})


def add_parts(owners: dict[str, set[str]], parts: list[str], owner: str) -> None:
    for part in parts:
        if len(part) >= 3 and part[:1].isupper() and part.isalpha() and part.lower() not in NOT_NAMES:
            owners[part].add(owner)


def by_husbands_name(name: str) -> bool:
    """`Mrs. John Dashwood`: the given name is her husband's (a man's by the census table), not hers."""
    return is_wife_by_name(name) and given_name_genders().get(core_words(name)[0]) == "male"


def given_character(given: GivenCharacter, index: int) -> Character:
    aliases = sorted({a for a in given.aliases if a and a != given.name})
    return Character(id=given.id or f"C{index}", name=given.name, aliases=aliases, gender=given.gender)


STAGE = Stage(
    "characters", reads=("text", "quotes", "docs"), writes=("characters", "mentions"), run=build_characters,
    settings=CharactersSettings, description="characters, their aliases and gender, and their name mentions",
)  # fmt: skip
