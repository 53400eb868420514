"""Score trained NER runs side by side on LitBank dev and test, and on the test books with their person names
swapped for modern, non-English and fandom names (`augment.person_name_variant`, fixed seed), for ablations such
as static vectors or name augmentation; prints a Markdown table and writes JSON.

Usage: python -m training.pipeline.compare_ner NAME=DIR [NAME=DIR ...] --json runs/ner_comparison.json
(from training/, after prepare_data.py)
"""

from training.pipeline.augment import person_name_variant
from training.pipeline.compare_models import compare

# outermost entity layer, then the innermost the NER ablations before 2026-11-26 were scored on (prepare_data.py)
SETS = ["litbank_dev", "litbank_test", "litbank_test renamed", "litbank_inner_dev", "litbank_inner_test"]


def entity_scores(scores: dict) -> dict[str, float]:
    per = scores["ents_per_type"].get("PER", {"f": 0.0})
    return {"ents_f": round(100 * scores["ents_f"], 2), "PER_f": round(100 * per["f"], 2)}


if __name__ == "__main__":
    compare(
        __doc__.splitlines()[0],
        SETS,
        {"renamed": person_name_variant},
        entity_scores,
        "all / PER F1",
        lambda result: f"{result['ents_f']:.1f} / {result['PER_f']:.1f}",
    )
