"""Generated works for corpus runs (tests and benchmarks): stories assembled from this file's own sentences,
with AO3-style `Key: value` headers, a few in French and Chinese, and broken files. No real fan fiction."""

from __future__ import annotations

import random
from pathlib import Path

FANDOMS = {
    "Harbour Lights (TV)": [("Mara Vance", "female"), ("Elias Thorne", "male"), ("Juno Park", "female"),
                            ("Felix Adeyemi", "male")],
    "The Glass Orchard Chronicles": [("Wren Castellan", "female"), ("Ansel Marsh", "male"),
                                     ("Priya Dunmore", "female"), ("Tobias Reed", "male")],
}  # fmt: skip
RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature"]
NARRATION = [
    "{a} watched the rain run down the window and said nothing for a long while.",
    "The kitchen smelled of burnt toast, and {a} pretended not to notice.",
    "{a} and {b} walked the length of the pier without looking at each other.",
    "Somewhere below them a door slammed, and {a} flinched.",
    "{b} had kept the letter folded in a coat pocket for three weeks.",
    "The lamps along the harbour came on one by one as {a} counted them.",
    "It was past midnight when {b} finally came home, boots soaked through.",
    "{a} thought about the orchard, and the summer everything had gone wrong.",
    "{a} pushed {a_poss} hair out of {a_poss} eyes and looked away from {b_first}.",
    "{b} rubbed {b_poss} hands together against the cold; {b_subj} had forgotten {b_poss} gloves again.",
]
ROMANCE = [
    "{a} kissed {b_first} in the doorway, slow and careful, and {a_subj} did not let go.",
    "{b} took {a_first}'s hand and held it the whole way home; {b_subj} was in love and knew it.",
]
PRONOUNS = {"female": ("she", "her"), "male": ("he", "his")}
DIALOGUE = [
    ('"You should have told me," {a} said.', '"I know," {b} answered quietly.'),
    ('"Are you coming or not?" {b} asked.', '"Give me a minute," said {a}.'),
    ('"{b}, look at me," {a} said.', '"I am looking," {b} said, and it was almost a smile.'),
    ('"We can still fix this," said {a}.', '"Not everything can be fixed," {b} replied.'),
    ('"I brought coffee," {b} said, holding out a cup.', '"You are a saint," {a} told {b_first}.'),
]
FRENCH = [
    "{a} regardait la pluie tomber sur le port sans rien dire.",
    "« Tu aurais dû me le dire », dit {a} à voix basse.",
    "La cuisine sentait le pain brûlé, et {b} faisait semblant de ne rien remarquer.",
    "Il était presque minuit quand {b} rentra enfin à la maison, les bottes trempées.",
    "« Nous pouvons encore tout réparer », répondit {a} en souriant.",
]
CHINESE = [
    "{a}看着雨水落在港口上，很久都没有说话。",
    "“你应该早点告诉我的。”{a}低声说。",
    "厨房里有面包烤焦的味道，{b}假装没有注意到。",
    "快到午夜的时候，{b}终于回到家，靴子全湿了。",
    "“我们还可以把一切都修好。”{a}笑着回答。",
]


def story(rng: random.Random, a: tuple[str, str], b: tuple[str, str], words: int, romance: bool) -> list[str]:
    names = {"a": a[0], "b": b[0], "a_first": a[0].split()[0], "b_first": b[0].split()[0],
             "a_subj": PRONOUNS[a[1]][0], "a_poss": PRONOUNS[a[1]][1],
             "b_subj": PRONOUNS[b[1]][0], "b_poss": PRONOUNS[b[1]][1]}  # fmt: skip
    paragraphs, count = [], 0
    while count < words:
        if romance and rng.random() < 0.25:
            paragraphs.append(rng.choice(ROMANCE).format(**names))
        elif rng.random() < 0.5:
            paragraphs.append(rng.choice(NARRATION).format(**names))
        else:
            first, second = rng.choice(DIALOGUE)
            short = {**names, "a": names["a_first"], "b": names["b_first"]}
            paragraphs += [first.format(**short), second.format(**short)]
        count = sum(len(p.split()) for p in paragraphs)
    return paragraphs


def english_work(index: int, words: int, seed: int = 0) -> str:
    rng = random.Random(seed * 1_000_003 + index)
    fandom = rng.choice(list(FANDOMS))
    a, b = rng.sample(FANDOMS[fandom], 2)
    romance = rng.random() < 0.6
    header = [f"Title: Tide and Orchard {index}", f"Author: generator{index % 17}", f"Fandom: {fandom}",
              f"Rating: {rng.choice(RATINGS)}", f"Characters: {a[0]}, {b[0]}"]  # fmt: skip
    if romance and rng.random() < 0.5:  # the other romances are left for the analysis to find
        header.append(f"Relationship: {a[0]}/{b[0]}")
    return "\n".join(header) + "\n\n" + "\n\n".join(story(rng, a, b, words, romance)) + "\n"


def foreign_work(index: int, language: str, with_metadata: bool) -> str:
    rng = random.Random(index)
    (a, _), (b, _) = rng.sample(FANDOMS["Harbour Lights (TV)"], 2)
    sentences = FRENCH if language == "fr" else CHINESE
    a, b = (a.split()[0], b.split()[0])
    paragraphs = [rng.choice(sentences).format(a=a, b=b) for _ in range(30)]
    header = [f"Title: {'Marée' if language == 'fr' else '潮汐'} {index}", f"Author: generator{index}"]
    if with_metadata:
        header.append(f"Language: {'Français' if language == 'fr' else '中文-普通话 國語'}")
    return "\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n"


BROKEN = {
    "empty.txt": b"",
    "binary.dat": bytes(range(256)) * 8,
    "truncated.epub": b"PK\x03\x04" + b"\x00" * 200,
    "latin1-nul.txt": b"caf\xe9\x00\x00 au lait",
}


def write_corpus(folder: Path, english: int, words: int, foreign: int = 0, seed: int = 0) -> list[Path]:
    """Write `english` generated works of about `words` words, `foreign` French and Chinese works (half with a
    Language header, half left to the detector), and the BROKEN files; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(english):
        paths.append(folder / f"work-{index:05d}.txt")
        paths[-1].write_text(english_work(index, words, seed), encoding="utf-8")
    for index in range(foreign):
        language = "fr" if index % 2 == 0 else "zh"
        paths.append(folder / f"foreign-{index:03d}-{language}.txt")
        paths[-1].write_text(foreign_work(index, language, with_metadata=index % 4 < 2), encoding="utf-8")
    for name, data in BROKEN.items():
        paths.append(folder / name)
        paths[-1].write_bytes(data)
    return paths
