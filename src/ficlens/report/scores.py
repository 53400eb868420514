"""Readable tables for evaluation scores (rich); the JSON written beside them holds everything."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


PDNC_COLUMNS = ["novel", "quote F1", "speaker", "explicit", "anaphoric", "implicit", "end-to-end", "addressee",
                "char recall", "purity", "words/s"]  # fmt: skip


def pdnc_row(name: str, r: dict) -> list[str]:
    by_type = r["speaker"]["by_type"]
    return [
        name,
        pct(r["quote_detection"]["f1"]),
        pct(r["speaker"]["accuracy"]),
        *(pct(by_type[k]["accuracy"]) for k in ("explicit", "anaphoric", "implicit")),
        pct(r["speaker"]["end_to_end_accuracy"]),
        pct(r["addressee"]["accuracy"]),
        pct(r["characters"]["recall"]),
        pct(r["characters"]["purity"]),
        f"{r['words_per_second']:,}",
    ]


def pdnc_table(scores: dict) -> Table:
    table = Table(title=f"PDNC, {scores['characters_mode']} characters (%, micro over quotes)")
    for column in PDNC_COLUMNS:
        table.add_column(column, justify="left" if column == "novel" else "right")
    for name, result in scores["novels"].items():
        table.add_row(*pdnc_row(name, result))
    table.add_section()
    table.add_row(*pdnc_row("all (pooled)", scores), style="bold")
    return table


def progress_line(console: Console):
    def show(name: str, result: dict) -> None:
        console.print(
            f"  {name}: speaker {pct(result['speaker']['accuracy'])}%, "
            f"{result['words']:,} words in {result['seconds']} s",
            highlight=False,
        )

    return show


def litbank_table(scores: dict) -> Table:
    table = Table(title=f"LitBank, {scores['split']} split ({scores['books']} books)")
    table.add_column("measure")
    table.add_column("precision", justify="right")
    table.add_column("recall", justify="right")
    table.add_column("F1", justify="right")
    for label, key in (
        ("PER entities (NER)", "PER"),
        ("PER, proper names (NER)", "PER_proper"),
        ("PER entities (NER + names made consistent across the book)", "PER_book"),
        ("PER, proper names (NER + names made consistent across the book)", "PER_proper_book"),
    ):
        r = scores["entities"][key]
        table.add_row(label, pct(r["precision"]), pct(r["recall"]), pct(r["f1"]))
    quotes = scores["quotes"]
    d, b3 = quotes["detection"], quotes["speaker_b3"]
    table.add_row(f"quotation pieces ({quotes['books']} books)", pct(d["precision"]), pct(d["recall"]), pct(d["f1"]))
    table.add_row("speaker B3", pct(b3["precision"]), pct(b3["recall"]), pct(b3["f1"]))
    table.add_row("speaker accuracy (detected / all gold)", "", "",
                  f"{pct(quotes['speaker_accuracy'])} / {pct(quotes['end_to_end_accuracy'])}")  # fmt: skip
    return table
