"""The README's worked example runs through DuckDB on written tables; the tables are documented column by column."""

from __future__ import annotations

import re

import pytest

from ficlens.corpus import TABLES, query
from ficlens.errors import CorpusError
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Corpus runs") : README.index("## How it works")]
EXAMPLES = re.findall(r"```sql\n(.*?)```", SECTION, re.S)


def test_the_readme_has_three_example_queries():
    assert len(EXAMPLES) == 3


def test_dialogue_share_by_gender_per_fandom(corpus_run):
    out, _ = corpus_run
    shares = query(out, EXAMPLES[0]).to_pylist()
    by_fandom: dict[str, float] = {}
    for row in shares:
        by_fandom[row["fandom"]] = by_fandom.get(row["fandom"], 0) + row["dialogue_share"]
    assert {"Harbour Lights (TV)", "The Glass Orchard Chronicles"} <= set(by_fandom)
    assert all(total == pytest.approx(1, abs=0.01) for total in by_fandom.values())
    harbour = {r["gender"] for r in shares if r["fandom"] == "Harbour Lights (TV)"}
    assert {"female", "male"} <= harbour


def test_untagged_ships(corpus_run):
    out, _ = corpus_run
    ships = query(out, EXAMPLES[1]).to_pylist()
    assert ships and all("/" in s["relationship"] and s["works"] >= 1 for s in ships)
    untagged = ships[0]["relationship"]
    tagged = query(out, f"""SELECT count(*) AS n FROM tags t JOIN tags c USING (work_hash)
                            WHERE c.origin = 'comparison' AND c.tag = '{untagged}' AND t.origin = 'author'
                            AND t.type = 'relationship' AND t.tag = '{untagged}'""").to_pylist()
    assert tagged == [{"n": 0}]


def test_who_talks_to_whom(corpus_run):
    out, _ = corpus_run
    pairs = query(out, EXAMPLES[2]).to_pylist()
    assert pairs and pairs[0]["quotations"] >= pairs[-1]["quotations"] > 0


def test_every_column_is_documented_in_the_readme():
    tables = re.findall(r"^\| `(\w+)` \| [^|]+ \| (.+) \|$", SECTION, re.M)
    documented = {table: set(re.findall(r"`(\w+)`", columns)) for table, columns in tables}
    assert set(documented) == set(TABLES)
    for table, schema in TABLES.items():
        assert set(schema.names) <= documented[table], f"{table}: {set(schema.names) - documented[table]}"


def test_a_bad_query_is_a_corpus_error_naming_the_problem(corpus_run):
    out, _ = corpus_run
    with pytest.raises(CorpusError, match="nope"):
        query(out, "SELECT nope FROM works")


def test_query_refuses_a_folder_that_is_not_a_corpus(tmp_path):
    with pytest.raises(CorpusError, match="manifest.json"):
        query(tmp_path, "SELECT 1")
