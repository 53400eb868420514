"""ficlens loads its pipeline without importing spaCy's command-line interface, srsly's YAML library or langcodes,
and each still works after."""

from __future__ import annotations

import json
import subprocess
import sys

DEFERRED = ("spacy.cli", "spacy.cli.info", "requests", "jinja2", "srsly._yaml_api", "srsly.ruamel_yaml", "langcodes")
CHECK = f"""
import json, sys
import ficlens
assert "spacy" not in sys.modules  # importing ficlens alone does not import spaCy
from ficlens.nlp import load_pipeline
load_pipeline("fast")("Mira said hello to Jonah.")
before = {{name: name in sys.modules for name in {DEFERRED!r}}}
import spacy, spacy.cli, spacy.util, srsly
from spacy.cli.info import info
print(json.dumps({{"before": before, "info": sorted(spacy.info(silent=True)), "same": spacy.cli.info is info,
                  "commands": hasattr(spacy.cli, "train") and hasattr(spacy.cli, "app"),
                  "yaml": srsly.yaml_loads("name: Mira"), "norwegian": spacy.util.find_matching_language("no")}}))
"""


def test_the_pipeline_loads_without_spacys_extras_and_each_still_imports():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)
    assert found["before"] == dict.fromkeys(DEFERRED, False)
    assert "spacy_version" in found["info"]  # spacy.info() calls the real one
    assert found["same"] and found["commands"]
    assert found["yaml"] == {"name": "Mira"}  # srsly's YAML functions load the real ones
    assert found["norwegian"] == "nb"  # spaCy's language matching reads the real langcodes
