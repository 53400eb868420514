"""benchmarks.parse_cache: a novel scored from its cached parse scores exactly as one parsed afresh, and the second
time the parse is read back, not redone."""

from benchmarks.parse_cache import ParseCache
from ficlens.evaluate.metrics import GoldQuote
from ficlens.evaluate.pdnc import GoldCharacter, Novel, evaluate_novel

STORY = (
    "Rosa Vell and Amos Kerr sat on the harbour wall.\n\n"
    '"The boats are late again," said Rosa.\n\n'
    '"They always are in March," Amos said. "Every year."\n\n'
    '"Not this year, Amos."\n\n'
    "Amos laughed and looked out at the water.\n\n"
    '"You said that last year too."\n'
)


def harbour() -> Novel:
    lines = ["The boats are late again,", "They always are in March,", "Not this year, Amos.",
             "You said that last year too."]  # fmt: skip
    speakers = ["rosa", "amos", "rosa", "amos"]
    quotes = [
        GoldQuote(pieces=((STORY.index(line), STORY.index(line) + len(line)),), speaker=speaker,
                  addressees=frozenset({"amos" if speaker == "rosa" else "rosa"}), type="explicit")
        for line, speaker in zip(lines, speakers)
    ]  # fmt: skip
    characters = [GoldCharacter("rosa", "Rosa Vell", {"Rosa Vell", "Rosa"}, "female"),
                  GoldCharacter("amos", "Amos Kerr", {"Amos Kerr", "Amos"}, "male")]  # fmt: skip
    return Novel("Harbour", STORY, characters, quotes)


def test_a_novel_scored_from_its_cached_parse_scores_as_one_parsed_afresh(tmp_path):
    novel, cache = harbour(), ParseCache(tmp_path / "parses", "accurate")
    for characters in ("gold", "predicted"):
        fresh = evaluate_novel(novel, characters)
        from_cache = evaluate_novel(novel, characters, parsed=cache(novel))
        assert from_cache["counts"] == fresh["counts"] and from_cache["characters"] == fresh["characters"]
    stored = sorted((tmp_path / "parses").iterdir())
    assert [p.suffix for p in stored] == [".docs", ".json"]
    modified = [p.stat().st_mtime_ns for p in stored]
    cache(novel)
    assert [p.stat().st_mtime_ns for p in sorted((tmp_path / "parses").iterdir())] == modified
    assert fresh["counts"].speaker_correct > 0
    # another profile is another parse
    assert ParseCache(tmp_path / "parses", "fast").key(STORY) != cache.key(STORY)
