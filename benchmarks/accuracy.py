"""Accuracy on PDNC (every novel is its own leave-one-novel-out fold; gold and predicted characters) and on
LitBank (test split and all books), written into BENCHMARKS.md with the JSON beside it in benchmarks/results/.

Usage: python -m benchmarks.accuracy --speaker-folds training/runs/ranker_folds [--novels A,B] [--no-write]
  [--profile fast] [--parse-cache DIR --no-write: each novel parsed once, then about a minute per character list]
  [--without-addressee-sets | --without-turn-model, with --no-write: the ablations in BENCHMARKS]
(without --speaker-folds the shipped ranker is used, which has seen every PDNC novel: not a fair score). With
--profile fast the tables and JSON carry a `-fast` suffix, and the `profiles` table sets both profiles side by side.
"""

from __future__ import annotations

import argparse
import functools
import json
from pathlib import Path

from benchmarks.common import ROOT, SHARED, machine_line, publish
from benchmarks.parse_cache import ParseCache
from ficlens.evaluate.litbank import evaluate_litbank
from ficlens.evaluate.pdnc import SpeakerModels, evaluate_pdnc
from ficlens.report.scores import PDNC_COLUMNS, pct, pdnc_row

RESULTS = ROOT / "benchmarks" / "results"


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def pdnc_section(scores: dict) -> str:
    rows = [pdnc_row(name, result) for name, result in scores["novels"].items()]
    mean = scores["mean"]
    rows.append(["**mean of novels**", pct(mean["quote_f1"]), pct(mean["speaker_accuracy"]), "", "", "",
                 pct(mean["end_to_end_accuracy"]), pct(mean["addressee_accuracy"]), pct(mean["character_recall"]),
                 "", ""])  # fmt: skip
    rows.append([f"**{c}**" if c else c for c in pdnc_row("all quotes pooled", scores)])
    return markdown(PDNC_COLUMNS, rows)


def litbank_section(by_split: dict[str, dict]) -> str:
    rows = []
    for split, s in by_split.items():
        q = s["quotes"]
        rows.append([
            f"{split} ({s['books']} books)",
            pct(s["entities"]["PER"]["f1"]), pct(s["entities"]["PER_proper"]["f1"]),
            pct(s["entities"]["PER_book"]["f1"]), pct(s["entities"]["PER_proper_book"]["f1"]),
            pct(q["detection"]["f1"]), pct(q["speaker_b3"]["f1"]), pct(q["speaker_accuracy"]),
        ])  # fmt: skip
    header = ["books", "PER F1 (NER)", "proper-name PER F1 (NER)", "PER F1 (+ book)", "proper-name PER F1 (+ book)",
              "quote F1", "speaker B3 F1", "speaker accuracy"]  # fmt: skip
    return markdown(header, rows)


def print_progress(run: str, novel: str, result: dict) -> None:
    print(f"{run}: {novel} speaker {pct(result['speaker']['accuracy'])}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novels", help="comma-separated PDNC novels (default: all)")
    parser.add_argument(
        "--speaker-folds", type=Path, help="fold rankers (training/runs/ranker_folds): leave-one-novel-out"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md and results/ alone")
    parser.add_argument(
        "--sections", default="gold,predicted,gold-rules,litbank", help="which tables to redo (default: all)"
    )
    parser.add_argument("--profile", choices=["accurate", "fast"], default="accurate")
    parser.add_argument(
        "--parse-cache", type=Path, help="parse each PDNC novel once into this folder (benchmarks.parse_cache); "
        "with --no-write only, since its words/s leave the parse out"
    )  # fmt: skip
    parser.add_argument(
        "--without-addressee-sets", action="store_true",
        help="the fold addressee models' threshold sets, without the set model (an ablation: with --no-write only)",
    )  # fmt: skip
    parser.add_argument(
        "--without-turn-model", action="store_true",
        help="each utterance's own best candidate, no conversation decoding (an ablation: with --no-write only)",
    )  # fmt: skip
    args = parser.parse_args()
    ablations = args.parse_cache or args.without_addressee_sets or args.without_turn_model
    if ablations and not args.no_write:
        parser.error(
            "--parse-cache, --without-addressee-sets and --without-turn-model do not make the published tables: "
            "add --no-write"
        )
    sets, turns = not args.without_addressee_sets, not args.without_turn_model
    parsed = ParseCache(args.parse_cache, args.profile) if args.parse_cache else None
    suffix = "-fast" if args.profile == "fast" else ""
    sections = set(args.sections.split(","))
    novels = args.novels.split(",") if args.novels else None
    RESULTS.mkdir(exist_ok=True)
    machine = machine_line()
    runs = {
        "gold": ("gold", SpeakerModels(folds=args.speaker_folds, addressee_sets=sets, turns=turns)),
        "predicted": ("predicted", SpeakerModels(folds=args.speaker_folds, addressee_sets=sets, turns=turns)),
        "gold-rules": ("gold", SpeakerModels(rules_only=True)),
    }
    for name, (characters, speakers) in runs.items():
        if name not in sections:
            continue
        progress = functools.partial(print_progress, name)
        scores = evaluate_pdnc(SHARED / "data" / "pdnc", characters, novels, progress, speakers, args.profile, parsed)
        if not args.no_write:
            (RESULTS / f"pdnc_{name}{suffix}.json").write_text(json.dumps(scores, indent=2) + "\n")
        publish(f"pdnc-{name}{suffix}", f"{machine}\n\n{pdnc_section(scores)}\n", not args.no_write)
    if "litbank" in sections:
        root = SHARED / "data" / "litbank"
        settings = {} if turns else {"speaker_ranking": {"turn_model": None}}
        litbank = {split: evaluate_litbank(root, split, args.profile, settings) for split in ("test", "all")}
        if not args.no_write:
            (RESULTS / f"litbank{suffix}.json").write_text(json.dumps(litbank, indent=2) + "\n")
        publish(f"litbank{suffix}", f"{machine}\n\n{litbank_section(litbank)}\n", not args.no_write)
    if not args.no_write and all((RESULTS / f"{name}.json").is_file() for name in PROFILE_RESULTS):
        section = profiles_section()
        if section:
            publish("profiles", f"{section}\n", True)


PROFILE_RESULTS = [f"{name}{suffix}" for name in ("pdnc_gold", "pdnc_predicted", "litbank") for suffix in ("", "-fast")]


def profiles_section() -> str | None:
    """Both profiles side by side, from the JSON of their latest runs (benchmarks/results/); None when the runs
    scored different novels or books."""
    results = {name: json.loads((RESULTS / f"{name}.json").read_text()) for name in PROFILE_RESULTS}
    scored = {name: sorted(r["novels"]) if "novels" in r else [r[s]["books"] for s in r] for name, r in results.items()}
    if any(scored[name] != scored[name.replace("-fast", "")] for name in scored):
        print("profiles: the two profiles' results cover different novels or books; table not written")
        return None

    def row(label: str, value) -> list[str]:
        accurate, fast = (value(results, suffix) for suffix in ("", "-fast"))
        return [label, pct(accurate), pct(fast), f"{100 * (fast - accurate):+.1f}"]

    def by_type(kind: str):
        return lambda r, s: r[f"pdnc_gold{s}"]["speaker"]["by_type"][kind]["accuracy"]

    rows = [
        row("PDNC LONO, gold characters: explicit", by_type("explicit")),
        row("anaphoric", by_type("anaphoric")),
        row("implicit", by_type("implicit")),
        row("all quotes", lambda r, s: r[f"pdnc_gold{s}"]["speaker"]["accuracy"]),
        row("addressees (exact set)", lambda r, s: r[f"pdnc_gold{s}"]["addressee"]["accuracy"]),
        row("PDNC LONO, own characters: end to end",
            lambda r, s: r[f"pdnc_predicted{s}"]["speaker"]["end_to_end_accuracy"]),
        row("character recall", lambda r, s: r[f"pdnc_predicted{s}"]["characters"]["recall"]),
        row("LitBank (all books): speaker B3 F1", lambda r, s: r[f"litbank{s}"]["all"]["quotes"]["speaker_b3"]["f1"]),
        row("LitBank test: PER F1 (+ book)", lambda r, s: r[f"litbank{s}"]["test"]["entities"]["PER_book"]["f1"]),
        row("proper-name PER F1 (+ book)", lambda r, s: r[f"litbank{s}"]["test"]["entities"]["PER_proper_book"]["f1"]),
    ]
    return markdown(["", "accurate", "fast", "fast - accurate (points)"], rows)


if __name__ == "__main__":
    main()
