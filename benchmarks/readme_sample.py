"""The README's sample output, regenerated from what `ficlens analyze examples/the-lighthouse-keys.txt` prints
(at a fixed width of COLUMNS characters, so it does not depend on the terminal). tests/test_readme.py fails when
the README's copy differs.

    python -m benchmarks.readme_sample            # print the sample
    python -m benchmarks.readme_sample --write    # and put it in README.md
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

from benchmarks.common import ROOT

README = ROOT / "README.md"
COMMAND = ["analyze", "examples/the-lighthouse-keys.txt"]
COLUMNS = 100
DIALOGUE_LINES = 4  # the README shows the report up to this many lines of dialogue
BEGIN, END = "<!-- readme-sample:begin -->", "<!-- readme-sample:end -->"
BLOCK = re.compile(re.escape(BEGIN) + r"\n```\n(.*?)```\n" + re.escape(END), re.S)


def command_output() -> str:
    environment = {**os.environ, "COLUMNS": str(COLUMNS), "NO_COLOR": "1", "TERM": "dumb"}
    result = subprocess.run([sys.executable, "-m", "ficlens", *COMMAND], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=600, check=True)  # fmt: skip
    return result.stdout


def sample(output: str) -> str:
    """The command line and its output up to DIALOGUE_LINES lines of dialogue; trailing spaces dropped."""
    lines = [line.rstrip() for line in output.splitlines()]
    cut = lines.index("Dialogue") + 1 + DIALOGUE_LINES
    return "\n".join([f"$ ficlens {' '.join(COMMAND)}", *lines[:cut], "..."]) + "\n"


def readme_sample(text: str) -> str | None:
    match = BLOCK.search(text)
    return match.group(1) if match else None


def write(new_sample: str) -> None:
    text = README.read_text(encoding="utf-8")
    if readme_sample(text) is None:
        raise SystemExit(f"README.md has no {BEGIN} ... {END} block")
    README.write_text(BLOCK.sub(lambda _: f"{BEGIN}\n```\n{new_sample}```\n{END}", text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="replace the sample in README.md")
    args = parser.parse_args(argv)
    new_sample = sample(command_output())
    sys.stdout.write(new_sample)
    if args.write:
        write(new_sample)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
