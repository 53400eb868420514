"""`python -m benchmarks.accuracy --no-write` is a dry run: it must leave the committed results and BENCHMARKS.md
alone (a three-novel check once overwrote results/pdnc_gold.json)."""

import sys

import pytest

from benchmarks import accuracy, common


@pytest.fixture
def dry_benchmark(tmp_path, monkeypatch):
    benchmarks_md = tmp_path / "BENCHMARKS.md"
    sections = "".join(f"<!-- {s}:begin -->\nold\n<!-- {s}:end -->\n" for s in ("pdnc-gold", "litbank"))
    benchmarks_md.write_text(sections)
    monkeypatch.setattr(common, "BENCHMARKS", benchmarks_md)
    monkeypatch.setattr(accuracy, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(accuracy, "evaluate_pdnc", lambda *args, **kwargs: {"novels": {}})
    monkeypatch.setattr(
        accuracy, "evaluate_litbank", lambda root, split, profile="accurate", stage_settings=None: {"split": split}
    )
    monkeypatch.setattr(accuracy, "pdnc_section", lambda scores: "pdnc table")
    monkeypatch.setattr(accuracy, "litbank_section", lambda scores: "litbank table")

    def run(*flags: str) -> None:
        monkeypatch.setattr(sys, "argv", ["accuracy", "--sections", "gold,litbank", *flags])
        accuracy.main()

    return run, tmp_path


def test_no_write_leaves_results_and_benchmarks_alone(dry_benchmark):
    run, folder = dry_benchmark
    before = (folder / "BENCHMARKS.md").read_text()
    run("--no-write")
    assert not any((folder / "results").glob("*.json"))
    assert (folder / "BENCHMARKS.md").read_text() == before


def test_a_full_run_writes_both(dry_benchmark):
    run, folder = dry_benchmark
    run()
    assert sorted(p.name for p in (folder / "results").glob("*.json")) == ["litbank.json", "pdnc_gold.json"]
    assert "pdnc table" in (folder / "BENCHMARKS.md").read_text()
