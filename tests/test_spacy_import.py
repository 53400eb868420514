"""ficlens loads its pipeline without importing spaCy's command-line interface, and spaCy's CLI still works after."""

from __future__ import annotations

import json
import subprocess
import sys

CHECK = """
import json, sys
import ficlens
assert "spacy" not in sys.modules  # importing ficlens alone does not import spaCy
from ficlens.nlp import load_pipeline
load_pipeline("fast")("Mira said hello to Jonah.")
before = {name: name in sys.modules for name in ("spacy.cli", "spacy.cli.info", "requests", "jinja2")}
import spacy, spacy.cli
from spacy.cli.info import info
print(json.dumps({"before": before, "info": sorted(spacy.info(silent=True)), "same": spacy.cli.info is info,
                  "commands": hasattr(spacy.cli, "train") and hasattr(spacy.cli, "app")}))
"""


def test_the_pipeline_loads_without_spacys_cli_and_the_cli_still_imports():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)
    assert found["before"] == {"spacy.cli": False, "spacy.cli.info": False, "requests": False, "jinja2": False}
    assert "spacy_version" in found["info"]  # spacy.info() calls the real one
    assert found["same"] and found["commands"]
