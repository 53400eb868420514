"""Mutated files through every reader (benchmarks/fuzz_readers.py has the mutations and runs 100,000): each read
ends in a Work or a FiclensError, never another exception, and within the hang threshold."""

from benchmarks import fuzz_readers

CI_CASES = 4_000  # about 15 s here; the benchmark command runs the same cases and more


def test_fuzzed_files_are_read_or_refused_never_crash_or_hang():
    report = fuzz_readers.run(CI_CASES, seed=1)
    failures = [f"case {index} ({label}): {result.kind}: {result.detail}" for index, label, result in report.failures]
    assert not failures, "replay with python -m benchmarks.fuzz_readers --seed 1 --replay N\n" + "\n".join(failures)
    assert report.counts["read"] > CI_CASES // 4 and report.counts["refused"] > CI_CASES // 10  # mutations bite
    assert report.slowest < fuzz_readers.HANG_SECONDS


def test_every_seed_format_is_fuzzed():
    seeds = fuzz_readers.Seeds.load()
    assert set(seeds.epubs) == set(fuzz_readers.EPUB_SEEDS)
    assert len(seeds.texts) == len(fuzz_readers.TEXT_SEEDS) + 1
