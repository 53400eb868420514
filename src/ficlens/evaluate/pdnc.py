"""Evaluation on the Project Dialogism Novel Corpus (data/<Novel>/{novel_text.txt, quotation_info.csv,
character_info.csv}): quotation detection, speakers, addressees and characters, per novel and overall."""

from __future__ import annotations

import ast
import csv
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import InputError
from ficlens.evaluate.metrics import (
    GoldQuote,
    QuoteCounts,
    character_scores,
    map_characters,
    predicted_quotes,
    ratio,
    score_quotes,
)
from ficlens.model import DEFAULT_PROFILE, Profile, Work
from ficlens.options import DEFAULT_MAX_WORDS, GivenCharacter

GENDERS = {"M": "male", "F": "female"}
PSEUDO_CHARACTERS = {"unknowable", "group"}
csv.field_size_limit(10_000_000)


@dataclass
class GoldCharacter:
    id: str
    name: str
    aliases: set[str]
    gender: str


@dataclass
class Novel:
    name: str
    text: str
    characters: list[GoldCharacter]
    quotes: list[GoldQuote]


def novel_dirs(root: Path, names: list[str] | None = None) -> list[Path]:
    data = root / "data" if (root / "data").is_dir() else root
    found = sorted(p for p in data.iterdir() if (p / "quotation_info.csv").is_file())
    if not found:
        raise InputError(f"{root}: no PDNC novels found (expected data/<Novel>/quotation_info.csv)")
    if names:
        by_name = {p.name.lower(): p for p in found}
        missing = [n for n in names if n.lower() not in by_name]
        if missing:
            raise InputError(f"{root}: no such novel(s): {', '.join(missing)}")
        found = [by_name[n.lower()] for n in names]
    return found


def load_novel(directory: Path) -> Novel:
    text = (directory / "novel_text.txt").read_text(encoding="utf-8")
    characters = []
    with (directory / "character_info.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            aliases = set(ast.literal_eval(row["Aliases"])) if row["Aliases"].strip() else set()
            characters.append(
                GoldCharacter(
                    id=row["Character ID"].strip(),
                    name=row["Main Name"].strip(),
                    aliases=aliases | {row["Main Name"].strip()},
                    gender=GENDERS.get(row["Gender"].strip(), "unknown"),
                )
            )
    resolve = name_resolver(characters)
    quotes = []
    with (directory / "quotation_info.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            spans = tuple(tuple(s) for s in ast.literal_eval(row["quoteByteSpans"]))
            quotes.append(
                GoldQuote(
                    pieces=spans,
                    speaker=resolve(row["speaker"]),
                    addressees=frozenset(resolve(a) for a in ast.literal_eval(row["addressees"] or "[]")),
                    type=row["quoteType"].strip().lower() or None,
                )
            )
    return Novel(directory.name, text, characters, quotes)


def name_resolver(characters: list[GoldCharacter]):
    """Gold names to character ids: a main name first, then an alias; unknown names get their own id."""
    main = {c.name: c.id for c in characters}
    alias: dict[str, str] = {}
    for c in characters:
        for a in sorted(c.aliases):
            alias.setdefault(a, c.id)
    return lambda name: main.get(name.strip()) or alias.get(name.strip()) or f"?{name.strip()}"


def given_characters(novel: Novel) -> list[GivenCharacter]:
    return [
        GivenCharacter(id=c.id, name=c.name, aliases=sorted(c.aliases - {c.name}), gender=c.gender)
        for c in novel.characters
    ]


def evaluate_novel(
    novel: Novel,
    characters: str = "gold",
    speakers: SpeakerModels | None = None,
    profile: Profile = DEFAULT_PROFILE,
    parsed: Work | None = None,
) -> dict:
    """Analyse one novel (with the gold character list, or finding characters itself) and score it; `parsed`, the
    novel already through the structure and linguistics stages, is analysed from there on (its seconds then leave
    the parse out)."""
    from ficlens import analyze_work
    from ficlens.pipeline import DEFAULT_PIPELINE, RULES_PIPELINE

    options = novel_options(novel, characters, speakers, profile)
    started = time.perf_counter()
    if parsed is None:
        work = analyze_work(Work(text=novel.text), **options)
    else:
        pipeline = RULES_PIPELINE if options.get("rules_only") else DEFAULT_PIPELINE
        work = analyze_work(parsed, pipeline[pipeline.index("linguistics") + 1 :], **options)
    seconds = time.perf_counter() - started

    gold_names = {c.id: c.aliases for c in novel.characters}
    # with the gold list given, the characters are the gold ones (ficlens adds name parts as aliases, which
    # would count against purity though the list is gold)
    predicted_names = gold_names if characters == "gold" else {c.id: {c.name, *c.aliases} for c in work.characters}
    quote_counts = Counter(q.speaker for q in novel.quotes)
    counts = score_quotes(novel.text, novel.quotes, predicted_quotes(work, gold_ids(novel, work, characters)))
    # PDNC's `_unknowable` and `_group` speakers are not characters anyone could find
    pseudo = {c.id for c in novel.characters if c.name.lower().lstrip("_") in PSEUDO_CHARACTERS}
    real_counts = {g: n for g, n in quote_counts.items() if g not in pseudo}
    character_result = character_scores(predicted_names, gold_names, real_counts)
    return {
        "counts": counts,
        "characters": character_result,
        "words": len(novel.text.split()),
        "seconds": seconds,
    }


def novel_options(
    novel: Novel, characters: str = "gold", speakers: SpeakerModels | None = None, profile: Profile = DEFAULT_PROFILE
) -> dict:
    """The analysis options of a scored run: the gold list or none, the novel's fold models, no word limit."""
    options: dict = {"characters": given_characters(novel)} if characters == "gold" else {}
    options |= (speakers or SpeakerModels()).options_for(novel.name)
    options["max_words"] = max(DEFAULT_MAX_WORDS, len(novel.text.split()))  # a long novel is scored, not refused
    return options | {"profile": profile}


def gold_ids(novel: Novel, work: Work, characters: str) -> dict[str, str]:
    """The work's character ids as the novel's gold ones: the same ids when the gold list was given, else each
    character mapped by the names it shares with a gold one (map_characters, ties to the one with more quotes)."""
    if characters == "gold":
        return {c.id: c.id for c in work.characters}
    names = {c.id: {c.name, *c.aliases} for c in work.characters}
    gold_names = {c.id: c.aliases for c in novel.characters}
    return map_characters(names, gold_names, Counter(q.speaker for q in novel.quotes))


def summarise(counts: QuoteCounts, characters: dict, words: int, seconds: float) -> dict:
    result = counts.scores()
    result["characters"] = {k: characters[k] for k in ("recall", "purity")} | {
        k: v for k, v in characters.items() if k not in ("recall", "purity")
    }
    result["words"] = words
    result["seconds"] = round(seconds, 2)
    result["words_per_second"] = round(ratio(words, seconds))
    return result


@dataclass
class SpeakerModels:
    """Which speaker attribution to evaluate: the shipped ranker (default), the rules alone, or for each novel
    the fold models trained without it (`folds/<Novel>.txt`, `.conversation.txt`, `.conversation2.txt`,
    `.turns.json`, `.addressees.txt`, `.addressee_sets.txt`, leave-one-novel-out)."""

    rules_only: bool = False
    folds: Path | None = None
    addressee_sets: bool = True  # False: the fold addressee model's threshold sets, without the set model
    turns: bool = True  # False: each utterance's own best candidate, without the fold turn model

    def options_for(self, novel: str) -> dict:
        if self.rules_only:
            return {"rules_only": True}
        if self.folds is None:
            return {}
        model = self.folds / f"{novel}.txt"
        if not model.is_file():
            raise InputError(f"{self.folds}: no fold model {model.name} for {novel}")
        # a conversation or addressee fold model is used when present; without one, three passes of the first
        # ranker or the addressee heuristics (never a shipped model, which saw this novel)
        conversation = self.folds / f"{novel}.conversation.txt"
        final_conversation = self.folds / f"{novel}.conversation2.txt"
        turns = self.folds / f"{novel}.turns.json"
        both_conversations = conversation.is_file() and final_conversation.is_file()
        addressees = self.folds / f"{novel}.addressees.txt"
        addressee_sets = self.folds / f"{novel}.addressee_sets.txt"
        return {
            "stage_settings": {
                "speaker_ranking": {
                    "model": model,
                    "conversation_model": conversation if conversation.is_file() else None,
                    "final_conversation_model": final_conversation if both_conversations else None,
                    # weighed against the third pass's probabilities: only with both conversation folds
                    "turn_model": turns if self.turns and both_conversations and turns.is_file() else None,
                },
                "addressees": {
                    "model": addressees if addressees.is_file() else None,
                    "set_model": addressee_sets
                    if self.addressee_sets and addressees.is_file() and addressee_sets.is_file()
                    else None,
                },
            }
        }


def evaluate_pdnc(
    root: Path,
    characters: str = "gold",
    novels: list[str] | None = None,
    progress=None,
    speakers: SpeakerModels | None = None,
    profile: Profile = DEFAULT_PROFILE,
    parsed=None,
) -> dict:
    """Scores overall (micro: pooled over all quotes) and per novel; `mean` holds the per-novel averages.
    `parsed(novel)`, when given, returns the novel already parsed (see evaluate_novel)."""
    if characters not in ("gold", "predicted"):
        raise InputError(f"--characters must be gold or predicted, not {characters!r}")
    total = QuoteCounts()
    character_totals = Counter()
    words = 0
    seconds = 0.0
    per_novel = {}
    for directory in novel_dirs(root, novels):
        novel = load_novel(directory)
        result = evaluate_novel(novel, characters, speakers, profile, parsed(novel) if parsed else None)
        total.add(result["counts"])
        for key in ("gold_with_min_quotes", "found", "split", "predicted", "unmapped"):
            character_totals[key] += result["characters"][key]
        character_totals["pure"] += result["characters"]["purity"]
        words += result["words"]
        seconds += result["seconds"]
        per_novel[novel.name] = summarise(result["counts"], result["characters"], result["words"], result["seconds"])
        if progress:
            progress(novel.name, per_novel[novel.name])
    overall_characters = {
        "recall": ratio(character_totals["found"], character_totals["gold_with_min_quotes"]),
        "purity": ratio(character_totals["pure"], len(per_novel)),
        "gold_with_min_quotes": character_totals["gold_with_min_quotes"],
        "found": character_totals["found"],
        "split": character_totals["split"],
        "predicted": character_totals["predicted"],
        "unmapped": character_totals["unmapped"],
    }
    result = summarise(total, overall_characters, words, seconds)
    result["characters_mode"] = characters
    result["profile"] = profile
    result["mean"] = mean_scores(per_novel)
    result["novels"] = per_novel
    return result


def mean_scores(per_novel: dict) -> dict:
    """Unweighted means over novels of the headline numbers (each novel one fold of leave-one-novel-out)."""
    keys = {
        "quote_f1": ("quote_detection", "f1"),
        "speaker_accuracy": ("speaker", "accuracy"),
        "end_to_end_accuracy": ("speaker", "end_to_end_accuracy"),
        "addressee_accuracy": ("addressee", "accuracy"),
        "character_recall": ("characters", "recall"),
    }
    n = len(per_novel) or 1
    return {name: sum(r[a][b] for r in per_novel.values()) / n for name, (a, b) in keys.items()}
