"""What moves between the reader, the workers and the store: a Task (one work to analyse, as Work JSON) and a
Record (one finished source, its table rows serialised as JSON)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from ficlens.model import DEFAULT_PROFILE, Profile
from ficlens.options import DEFAULT_MAX_WORDS

RecordKind = Literal["work", "error", "duplicate"]


@dataclass(frozen=True)
class Task:
    work_hash: str
    source: str
    work_json: str
    max_words: int = DEFAULT_MAX_WORDS  # the analysis budget (AnalysisOptions.max_words)
    profile: Profile = DEFAULT_PROFILE  # AnalysisOptions.profile


@dataclass
class Record:
    kind: RecordKind
    source: str
    work_hash: str | None
    tables: dict[str, list[dict[str, Any]]]
    words: int = 0
    analysed: bool = False
    id: str = field(init=False)

    def __post_init__(self) -> None:
        # A work is one record whatever file it came from; errors and duplicates are one per source.
        key = self.work_hash if self.kind == "work" else hashlib.sha256(self.source.encode()).hexdigest()
        self.id = f"{self.kind}-{key}"

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "source": self.source, "work_hash": self.work_hash,
                           "tables": self.tables, "words": self.words, "analysed": self.analysed},
                          ensure_ascii=False, separators=(",", ":"))  # fmt: skip

    @classmethod
    def from_json(cls, data: str | bytes) -> Record:
        return cls(**json.loads(data))
