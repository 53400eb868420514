"""The README's sample output is what `ficlens analyze` prints on the bundled example (as sqlite-utils tests its
docs); regenerate it with `python -m benchmarks.readme_sample --write`."""

from benchmarks import readme_sample


def test_readme_sample_is_what_the_command_prints():
    in_readme = readme_sample.readme_sample(readme_sample.README.read_text(encoding="utf-8"))
    assert in_readme is not None, "README.md lost its readme-sample markers"
    printed = readme_sample.sample(readme_sample.command_output())
    assert in_readme == printed, "README sample is stale: run python -m benchmarks.readme_sample --write"
