"""Small English word lists the rule-based stages share."""

from __future__ import annotations

SPEECH_VERB_STEMS = (
    "say ask reply answer accost address resume whisper shout cry call add continue exclaim respond repeat snap murmur "
    "mutter mumble yell scream gasp sigh laugh giggle chuckle sob groan growl hiss demand insist "
    "begin protest retort remark observe suggest agree interrupt inquire enquire explain admit "
    "declare announce warn plead beg breathe stammer stutter whimper moan croak bark roar pant tell "
    "think wonder rejoin return pursue echo argue complain concede confess correct counter drawl "
    "grumble grunt huff joke lie muse note offer point purr reason reassure recall remind scoff "
    "shrug smile sneer snort sniff squeak state swear tease urge venture volunteer wail whine read "
    "recite quote query comment conclude interpose assent speak"
).split()
IRREGULAR_FORMS = {
    "say": ["said"],
    "tell": ["told"],
    "think": ["thought"],
    "begin": ["began", "begun"],
    "speak": ["spoke", "spoken"],
    "cry": ["cries", "cried"],
    "reply": ["replies", "replied"],
    "lie": ["lied", "lies"],
    "swear": ["swore", "sworn"],
    "breathe": ["breathes", "breathed"],
}


def verb_forms(stem: str) -> set[str]:
    forms = {stem, *IRREGULAR_FORMS.get(stem, [])}
    if stem.endswith("e"):
        forms |= {stem + "s", stem + "d", stem[:-1] + "ing"}
    elif stem.endswith(("sh", "ch", "ss", "x", "o")):
        forms |= {stem + "es", stem + "ed", stem + "ing"}
    elif stem.endswith("y") and stem[-2] not in "aeiou":
        forms |= {stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"}
    else:
        forms |= {stem + "s", stem + "ed", stem + "ing"}
    if stem.endswith("ee"):
        forms |= {stem + "ing"}
    if stem in ("snap", "beg", "admit", "sob", "stammer", "pant"):
        forms |= {stem + stem[-1] + "ed", stem + stem[-1] + "ing"}
    return forms


# Verbs whose past tense is their base form: a tagger may read `put in Lucy` after a quote as a base-form VB.
PAST_AS_BASE = frozenset("put cut set let read burst bid quit shut thrust cast hit".split())
SPEECH_VERBS = frozenset(form for stem in SPEECH_VERB_STEMS for form in verb_forms(stem))
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
THIRD_PERSON = MALE_PRONOUNS | FEMALE_PRONOUNS | frozenset({"they", "them", "their", "theirs", "themselves"})
# Penn tags of the nouns a name can be tagged as (the tagger calls rare names NN)
NAME_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS"})
MALE_TITLES = frozenset(
    (
        "mr mr. sir lord master monsieur herr señor king prince duke count baron father brother uncle"
    ).split()
)
FEMALE_TITLES = frozenset(
    (
        "mrs mrs. miss ms ms. lady madam madame mme mme. mademoiselle mlle frau señora queen princess "
        "duchess countess mother sister aunt dame"
    ).split()
)
# Titles a woman is called by with a surname (`Frau Mittermeyer`, `Miss Bingley`), not with a given name (`Lady Anne`).
WOMAN_SURNAME_TITLES = frozenset(
    "mrs mrs. miss ms ms. madame mme mme. mademoiselle mlle frau fräulein señora señorita signora signorina".split()
)
# Ranks are part of a name but say nothing of gender (`Captain Ilse Marr`, `Inspector Popescu`)
RANKS = frozenset(
    "captain colonel admiral commander commodore lieutenant sergeant inspector detective sheriff constable marshal "
    "cadet ensign".split()
)
TITLES = MALE_TITLES | FEMALE_TITLES | RANKS | frozenset({"dr", "dr.", "doctor", "professor", "prof.", "rev.", "st."})
MALE_NOUNS = frozenset(
    (
        "man boy gentleman father brother son husband uncle king lord fellow lad prince sir mr nephew "
        "grandfather papa dad"
    ).split()
)
FEMALE_NOUNS = frozenset(
    (
        "woman girl lady mother sister daughter wife aunt queen maid lass princess niece grandmother mama mamma mum mom"
    ).split()
)
# Person nouns that a speech tag's `the` does not make a character (`said the girl`: usually someone named);
# role nouns outside this list do (`said the waiter`).
GENERIC_PERSON_NOUNS = (
    MALE_NOUNS
    | FEMALE_NOUNS
    | frozenset(
        "child kid youth stranger person figure creature other one voice visitor guest companion friend".split()
    )
)
# Words that stand before a name without being part of it (`Poor Winterbourne`, `Old Cotter`)
EPITHETS = frozenset("poor dear little old young good sweet".split())
NAME_PARTICLES = frozenset("de van von der den du da di la le of".split())
# Last words of place names (`Continental Hotel`): an untitled name ending in one is a place (not surnames such
# as Hall, House, Church, Lane or Park)
PLACE_NOUNS = frozenset(
    "school college academy street road square chapel abbey hotel inn castle manor station club hospital palace "
    "farm".split()
)
# Titles that open a second name run into the first (`Miss Woodhouse Miss Taylor`); not `St.` or `Prince`,
# which also end names (`Jane St. Clair`, `Mr. Martin Prince`)
HONORIFICS = frozenset("mr mr. mrs mrs. miss ms ms. dr dr. sir madame mme mme. mlle monsieur mademoiselle".split())
# Capitalised words that look like names in dialogue but are not characters.
NOT_NAMES = frozenset(
    (
        "god christ jesus lord heaven hell heavens goodness gosh damn oh ah yes no well okay ok hey hi "
        "hello mr mrs miss ms sir madam ma'am mister dear darling honey sweetheart love baby mom dad mum "
        "mother father papa mama mamma monday tuesday wednesday thursday friday saturday sunday january "
        "february march july september october november december christmas english "
        "french the a an and but or if then what why how who where when this that these those there here "
        "i you he she it we they my your his her our their chapter part book nobody somebody someone "
        "anyone everyone everybody anybody nothing something everything absolutely maybe perhaps please "
        "thanks sorry"
    ).split()
)
