"""The spaCy pass over a long novel's paragraphs three ways, in one process, taking turns: spaCy's own loop on
thinc's NumPy ops (ficlens until 2026-12-06), the parser and NER run a step at a time (ficlens.stepwise_parse) on
the same ops, and that with ficlens's inference ops (ficlens.inference_ops; what ficlens runs). Seconds per
component (medians of --runs), words/s, and a hash of every annotation, for both profiles.

Usage: python -m benchmarks.parse_paths [--novel FILE] [--runs 3] [--no-write]   (about 5 minutes)
Writes the section `parse-paths` of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import time
from pathlib import Path

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, SENT_START, TAG

from benchmarks.common import NOVEL, machine_line, publish
from ficlens.model_files import FAST_HEADS_DIR, PIPELINE_DIR
from ficlens.nlp import INFERENCE_OPS, PIPE_BATCH_SIZE, load_from, load_with_heads
from ficlens.stepwise_parse import parse_stepwise

COMPONENTS = ("tokenizer", "tok2vec", "tagger", "parser", "ner", "ficlens_person_titles")
PATHS = {  # name: (thinc ops, step at a time)
    "spaCy's loop, thinc's NumPy ops": ("numpy", False),
    "step at a time, thinc's NumPy ops": ("numpy", True),
    "step at a time, ficlens's inference ops (shipped)": (INFERENCE_OPS, True),
}


def load(profile: str, ops: str):
    return load_from(PIPELINE_DIR, ops) if profile == "accurate" else load_with_heads(PIPELINE_DIR, FAST_HEADS_DIR, ops)


def one_pass(nlp, texts: list[str], stepwise: bool) -> tuple[dict[str, float], str]:
    """Seconds per component, each over all paragraphs in batches of 256, and the annotations' hash."""
    seconds = {}
    started = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    seconds["tokenizer"] = time.perf_counter() - started
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        if stepwise and name in ("parser", "ner"):
            docs = list(parse_stepwise(component, docs, PIPE_BATCH_SIZE))
        elif hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=PIPE_BATCH_SIZE))
        else:
            docs = [component(doc) for doc in docs]
        seconds[name] = time.perf_counter() - started
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(doc.to_array([TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]).tobytes())
        digest.update(repr([(e.start, e.end, e.label_) for e in doc.ents]).encode())
    return seconds, digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()

    text = args.novel.read_text(encoding="utf-8")
    texts = [p.replace("\n", " ") for p in re.split(r"\n\s*\n", text) if p.strip()]
    words = len(text.split())
    rows = []
    for profile in ("accurate", "fast"):
        pipelines = {ops: load(profile, ops) for ops in {ops for ops, _ in PATHS.values()}}
        for nlp in pipelines.values():
            one_pass(nlp, texts[:50], False)  # warm up
        timings: dict[str, list[dict[str, float]]] = {path: [] for path in PATHS}
        hashes: dict[str, set[str]] = {path: set() for path in PATHS}
        for _ in range(args.runs):
            for path, (ops, stepwise) in PATHS.items():
                seconds, digest = one_pass(pipelines[ops], texts, stepwise)
                timings[path].append(seconds)
                hashes[path].add(digest)
        baseline = None
        for path in PATHS:
            median = {c: statistics.median(t[c] for t in timings[path]) for c in COMPONENTS}
            total = statistics.median(sum(t.values()) for t in timings[path])
            baseline = baseline or total
            cells = [profile, path, *(f"{median[c]:.2f}" for c in COMPONENTS), f"{total:.2f}",
                     f"{words / total:,.0f} ({baseline / total:.2f}x)", ", ".join(sorted(hashes[path]))]  # fmt: skip
            rows.append("| " + " | ".join(cells) + " |")
    columns = ["profile", "path", *COMPONENTS, "total (s)", "words/s (against spaCy's loop)", "annotations (sha256)"]
    header = "| " + " | ".join(columns) + " |"
    table = "\n".join([header, "|" + "---|" * len(columns), *rows])
    note = (
        f"Novel: {args.novel.parent.name} ({words:,} words, {len(texts):,} paragraphs); seconds per component, each "
        f"over all paragraphs, {PIPE_BATCH_SIZE} per batch; medians of {args.runs} passes, the paths taking turns."
    )
    publish("parse-paths", f"{machine_line()}\n\n{note}\n\n{table}\n", not args.no_write)


if __name__ == "__main__":
    main()
