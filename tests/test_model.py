import json
from pathlib import Path

import jsonschema

from ficlens.model import SCHEMA_VERSION, Work, json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "src" / "ficlens" / "schema" / "work.schema.json"


def test_committed_schema_matches_the_model():
    assert json.loads(SCHEMA_FILE.read_text()) == json_schema(), (
        "run: ficlens schema > src/ficlens/schema/work.schema.json"
    )


def test_json_round_trip_and_validation(analyse):
    work = analyse('"Hello, Kit," Ada says.\n\n"Hi," Kit says.\n')
    data = json.loads(work.to_json())
    jsonschema.validate(data, json_schema())
    assert Work.from_json(work.to_json()).model_dump() == work.model_dump()
    assert data["schema_version"] == SCHEMA_VERSION


def test_documented_json_names_exist(analyse):
    work = analyse('Title: T\nAuthor: A\nNotes: n\n\n"Hello, Kit," Ada says.\n\n"Hi," Kit says.\n')
    data = json.loads(work.to_json())
    assert {"schema_version", "text", "metadata", "characters", "quotes", "narrative"} <= data.keys()
    assert data["metadata"]["title"] == "T" and data["metadata"]["authors"] == ["A"]
    assert data["metadata"]["notes"] == ["n"]
    character = data["characters"][0]
    assert {"id", "name", "aliases", "gender", "presence", "quote_count", "mention_count"} <= character.keys()
    quote = data["quotes"][0]
    assert {"id", "start", "end", "speaker", "addressees", "confidence", "method"} <= quote.keys()
    assert data["text"][quote["start"] : quote["end"]] == "Hello, Kit,"
    assert {"person", "tense", "pov"} <= data["narrative"].keys()
