"""Score the shipped spaCy pipeline on the held-out sets with spaCy's scorer, and its words/s with nlp.pipe on
a long novel; writes training/pipeline/pipeline_scores.json and the pipeline table in BENCHMARKS.md.

Usage: python -m benchmarks.pipeline [--reference DIR] [--profile fast]   (after python -m
training.pipeline.prepare_data ...; from the repository root). --reference times another pipeline (e.g. a previous
release unpacked with `git archive`) in the same run, alternating with the shipped one, for a ratio that machine noise
does not move. --profile fast scores the fast profile's pipeline instead (training/pipeline/pipeline_scores_fast.json,
section `pipeline-fast`), the accurate one timed beside it as the reference.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from spacy.tokens import DocBin
from spacy.training import Example

from benchmarks.common import NOVEL, ROOT, machine_line, replace_section
from ficlens.model_files import FAST_HEADS_DIR
from ficlens.nlp import PIPE_BATCH_SIZE, PIPELINE_DIR, load_from, load_pipeline
from ficlens.tokens import propagate_person_names

CORPUS = ROOT / "training" / "pipeline" / "corpus"
SPACY_BATCH_SIZE = 1000  # spaCy's default batch, for comparison in the same run
BOOK_STEP = "book names (ficlens, after the pipeline)"
SETS = {
    "ud_dev": ("ud_dev.spacy", ["tag_acc", "dep_uas", "dep_las", "sents_f"]),
    "ud_test": ("ud_test.spacy", ["tag_acc", "dep_uas", "dep_las", "sents_f"]),
    "gum_fiction_dev": ("gum_fiction_dev.spacy", ["tag_acc", "dep_uas", "dep_las"]),
    "gum_fiction_test": ("gum_fiction_test.spacy", ["tag_acc", "dep_uas", "dep_las"]),
    "litbank_dev": ("litbank_dev.spacy", ["ents_f", "ents_per_type"]),
    "litbank_test": ("litbank_test.spacy", ["ents_f", "ents_per_type"]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, help="another pipeline directory to time in the same run")
    parser.add_argument("--profile", choices=["accurate", "fast"], default="accurate")
    args = parser.parse_args()
    fast = args.profile == "fast"
    nlp = load_pipeline(args.profile)
    scores = {}
    for name, (path, keys) in SETS.items():
        docs = list(DocBin().from_disk(CORPUS / path).get_docs(nlp.vocab))
        examples = [Example(nlp.make_doc(d.text), d) for d in docs]
        result = nlp.evaluate(examples)
        scores[name] = {k: result[k] for k in keys}
        if "ents_per_type" in scores[name]:
            scores[name]["PER"] = scores[name].pop("ents_per_type").get("PER")
        print(name, json.dumps(scores[name]), flush=True)
    runs = {"words_per_second": (nlp, PIPE_BATCH_SIZE), "words_per_second_spacy_batch": (nlp, SPACY_BATCH_SIZE)}
    if args.reference or fast:
        reference = load_from(args.reference) if args.reference else load_pipeline("accurate")
        runs["words_per_second_reference"] = (reference, PIPE_BATCH_SIZE)
        scores["reference"] = str(args.reference or "the accurate profile's pipeline")
    scores.update(words_per_second(runs))
    scores["component_seconds"] = component_seconds(nlp)
    directory = FAST_HEADS_DIR if fast else PIPELINE_DIR  # the fast heads come on top of the accurate pipeline
    scores["model_megabytes"] = round(sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2**20, 1)
    name = "pipeline_scores_fast.json" if fast else "pipeline_scores.json"
    (ROOT / "training" / "pipeline" / name).write_text(json.dumps(scores, indent=1) + "\n")
    replace_section("pipeline-fast" if fast else "pipeline", f"{machine_line()}\n\n{table(scores)}\n")


def words_per_second(runs: dict[str, tuple], repeats: int = 3) -> dict[str, int]:
    """nlp.pipe words/s over *Emma*'s paragraphs for each (pipeline, batch size), median of `repeats`, the runs
    alternating so that machine noise moves them together. Paragraphs reach the pipeline as `linguistics.parse`
    sends them: hard-wrapped lines joined by spaces."""
    paragraphs = novel_paragraphs()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, (pipeline, batch_size) in runs.items():
            start = time.perf_counter()
            for _doc in pipeline.pipe(paragraphs, batch_size=batch_size):
                pass
            times[name].append(time.perf_counter() - start)
    words = sum(len(p.split()) for p in paragraphs)
    return {name: round(words / statistics.median(t)) for name, t in times.items()}


def novel_paragraphs() -> list[str]:
    """*Emma*'s paragraphs as `linguistics.parse` sends them to the pipeline: hard-wrapped lines joined by spaces."""
    text = NOVEL.read_text(encoding="utf-8")
    return [p.replace("\n", " ") for p in text.split("\n\n") if p.strip()]


def component_seconds(nlp, repeats: int = 3) -> dict[str, float]:
    """Seconds each step of the pipeline takes over *Emma*'s paragraphs (batches as ficlens sends them), then the
    linguistics stage's book-level name step, median of `repeats`: where the time goes."""
    paragraphs = novel_paragraphs()
    times: dict[str, list[float]] = {"tokenizer": [], **{name: [] for name in nlp.pipe_names}, BOOK_STEP: []}
    for _ in range(repeats):
        start = time.perf_counter()
        docs = list(nlp.tokenizer.pipe(paragraphs))
        times["tokenizer"].append(time.perf_counter() - start)
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=PIPE_BATCH_SIZE))
            else:
                docs = [component(doc) for doc in docs]
            times[name].append(time.perf_counter() - start)
        start = time.perf_counter()
        propagate_person_names(docs)
        times[BOOK_STEP].append(time.perf_counter() - start)
    return {name: round(statistics.median(t), 2) for name, t in times.items()}


def table(s: dict) -> str:
    def pct(x: float) -> str:
        return f"{100 * x:.1f}"

    rows = [
        ("UD EWT+GUM dev (CC BY parts)", s["ud_dev"], "TAG {tag_acc} / UAS {dep_uas} / LAS {dep_las}", "96 / 89 / 86"),
        ("UD EWT+GUM test", s["ud_test"], "TAG {tag_acc} / UAS {dep_uas} / LAS {dep_las}", ""),
        ("GUM fiction dev", s["gum_fiction_dev"], "TAG {tag_acc} / UAS {dep_uas} / LAS {dep_las}", ""),
        ("GUM fiction test", s["gum_fiction_test"], "TAG {tag_acc} / UAS {dep_uas} / LAS {dep_las}", "UAS 91"),
    ]
    lines = ["| data | score | target |", "|---|---|---|"]
    for name, scores, fmt, target in rows:
        lines.append(f"| {name} | {fmt.format(**{k: pct(v) for k, v in scores.items()})} | {target} |")
    for split in ("litbank_dev", "litbank_test"):
        per = s[split]["PER"]
        lines.append(f"| LitBank {split.split('_')[1]} PER (all types F {pct(s[split]['ents_f'])}) | "
                     f"P {pct(per['p'])} / R {pct(per['r'])} / F {pct(per['f'])} | F 80 (test) |")  # fmt: skip
    lines.append(
        f"| words/s, nlp.pipe over *Emma*'s paragraphs, {PIPE_BATCH_SIZE} per batch as ficlens runs it, median of 3 | "
        f"{s['words_per_second']:,} | 15,000 |"
    )
    lines.append(
        f"| the same with spaCy's default {SPACY_BATCH_SIZE} per batch, alternating runs | "
        f"{s['words_per_second_spacy_batch']:,} |  |"
    )
    if "words_per_second_reference" in s:
        lines.append(
            f"| reference pipeline `{s['reference']}`, {PIPE_BATCH_SIZE} per batch, alternating runs | "
            f"{s['words_per_second_reference']:,} ({s['words_per_second'] / s['words_per_second_reference']:.2f}x "
            "for the one scored here) |  |"
        )
    steps = ", ".join(f"{name} {seconds} s" for name, seconds in s["component_seconds"].items())
    lines.append(f"| seconds per step over *Emma*, each step over all paragraphs, median of 3 | {steps} |  |")
    lines.append(f"| size on disk | {s['model_megabytes']} MB | 30 MB |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
