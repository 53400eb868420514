"""PDNC novels parsed once and kept on disk, for quick leave-one-novel-out experiments on the stages after the parse
(`python -m benchmarks.accuracy --speaker-folds training/runs/ranker_folds --parse-cache /tmp/parses --no-write`):
the structure and linguistics stages' Work as JSON and its Docs as a DocBin, under a key made of the text, the
profile, the code of those stages and the shipped pipelines' meta, so a change to any of them parses again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ficlens.model import Profile, Work
from ficlens.model_files import MODELS_DIR

PARSE_STAGES = ("structure", "linguistics")
PARSE_CODE = ("stages/structure.py", "stages/linguistics.py", "tokens.py", "nlp.py", "spacy_components.py")


class ParseCache:
    """`cache(novel)`: the novel's Work after PARSE_STAGES, read from `directory` or parsed and stored there."""

    def __init__(self, directory: Path, profile: Profile) -> None:
        self.directory = directory
        self.profile = profile
        parser = hashlib.sha256(profile.encode())  # what makes a parse: the profile, the code, the pipelines
        for path in [*(MODELS_DIR.parent / name for name in PARSE_CODE), *sorted(MODELS_DIR.glob("*/meta.json"))]:
            parser.update(path.read_bytes())
        self.parser = parser.hexdigest()

    def key(self, text: str) -> str:
        return hashlib.sha256(self.parser.encode() + text.encode("utf-8")).hexdigest()[:16]

    def __call__(self, novel) -> Work:
        from spacy.tokens import DocBin

        from ficlens import analyze_work
        from ficlens.nlp import load_pipeline

        stem = self.directory / f"{novel.name}.{self.profile}.{self.key(novel.text)}"
        work_file, docs_file = stem.with_suffix(".json"), stem.with_suffix(".docs")
        if work_file.is_file() and docs_file.is_file():
            work = Work.from_json(work_file.read_text(encoding="utf-8"))
            vocab = load_pipeline(self.profile).vocab
            work.set_transient("docs", list(DocBin().from_bytes(docs_file.read_bytes()).get_docs(vocab)))
            return work
        words = len(novel.text.split())
        work = analyze_work(Work(text=novel.text), PARSE_STAGES, profile=self.profile, max_words=words + 1)
        store = DocBin(store_user_data=False)
        for doc in work.get_transient("docs"):
            store.add(doc)
        self.directory.mkdir(parents=True, exist_ok=True)
        docs_file.write_bytes(store.to_bytes())
        work_file.write_text(work.to_json(), encoding="utf-8")  # last: a run killed before it parses again
        return work
