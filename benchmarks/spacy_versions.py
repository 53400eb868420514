"""The shipped pipelines under other spaCy releases: seconds per component over a long novel and a hash of every
annotation, each release in its own virtual environment (built from PyPI on the first run), rounds alternating.

Usage: python -m benchmarks.spacy_versions [--versions 3.8.7 3.8.18] [--runs 3] [--venvs DIR] [--no-write]
Writes the section `spacy-versions` of BENCHMARKS.md. Needs the network once, to build the environments.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tomllib
from pathlib import Path

from benchmarks.common import NOVEL, ROOT, machine_line, publish

COMPONENTS = ("tokenizer", "tok2vec", "tagger", "parser", "ner")
# One timing in the release's environment: the shipped pipelines loaded from this checkout's sources.
ONE_RUN = """
import hashlib, json, re, sys, time, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, SENT_START, TAG
from ficlens.nlp import load_pipeline
text = Path(sys.argv[2]).read_text(encoding="utf-8")
texts = [p.replace("\\n", " ") for p in re.split(r"\\n\\s*\\n", text) if p.strip()]
result = {"spacy": spacy.__version__}
for profile in ("accurate", "fast"):
    nlp, seconds = load_pipeline(profile), {}
    started = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    seconds["tokenizer"] = time.perf_counter() - started
    for name in ("tok2vec", "tagger", "parser", "ner"):
        started = time.perf_counter()
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=256))
        seconds[name] = time.perf_counter() - started
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(doc.to_array([TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]).tobytes())
    result[profile] = {"seconds": seconds, "annotations": digest.hexdigest()[:16]}
print(json.dumps(result))
"""


def environment(venvs: Path, version: str) -> Path:
    """A virtual environment with this spaCy release and ficlens's other run-time dependencies."""
    python = venvs / f"spacy-{version}" / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(python.parents[1])], check=True)
        declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
        packages = [f"spacy=={version}", *(d for d in declared if not d.startswith("spacy"))]
        subprocess.run([str(python), "-m", "pip", "install", "-q", *packages], check=True)
    return python


def one_run(python: Path, novel: Path) -> dict:
    found = subprocess.run([str(python), "-c", ONE_RUN, str(ROOT / "src"), str(novel)], capture_output=True,
                           text=True, check=True)  # fmt: skip
    return json.loads(found.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", nargs="+", default=["3.8.7", "3.8.18"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--novel", type=Path, default=NOVEL)
    parser.add_argument("--venvs", type=Path, default=Path("/tmp/ficlens-spacy-versions"))
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    pythons = {version: environment(args.venvs, version) for version in args.versions}
    runs: dict[str, list[dict]] = {version: [] for version in args.versions}
    for _ in range(args.runs):
        for version, python in pythons.items():
            runs[version].append(one_run(python, args.novel))
            print(version, json.dumps(runs[version][-1]), file=sys.stderr, flush=True)
    header = ["spaCy", "profile", *COMPONENTS, "total (s)", "annotations (sha256)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for found in runs.values():
        for profile in ("accurate", "fast"):
            medians = {c: statistics.median(r[profile]["seconds"][c] for r in found) for c in COMPONENTS}
            digests = {r[profile]["annotations"] for r in found}
            cells = [found[0]["spacy"], profile, *(f"{medians[c]:.2f}" for c in COMPONENTS),
                     f"{sum(medians.values()):.2f}", ", ".join(sorted(digests))]  # fmt: skip
            lines.append("| " + " | ".join(cells) + " |")
    body = (f"{machine_line()}\n\nNovel: {args.novel.parent.name}; seconds per component, each over all paragraphs, "
            f"256 per batch; medians of {args.runs} fresh processes per release, alternating.\n\n" + "\n".join(lines)
            + "\n")  # fmt: skip
    publish("spacy-versions", body, not args.no_write)


if __name__ == "__main__":
    main()
