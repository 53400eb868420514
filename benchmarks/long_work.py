"""Long works through the CLI, each in a fresh process that reports its own time and peak RSS:

1. a generated 1,000,000-word EPUB (100 chapters): refused at once, naming --max-words;
2. a 200,000-word text at the default budget (Emma, then Night and Day up to the budget; PDNC's novel texts):
   the whole analysis, which the default budget is sized to keep to about a minute on one core;
3. a generated 1,000,000-word EPUB of real prose (PDNC novels' paragraphs, in order, as 100 chapters) analysed
   with the budget raised: the long-work path (Docs kept compact) and its peak memory.

    python -m benchmarks.long_work              # all three
    python -m benchmarks.long_work --skip-analysis
    python -m benchmarks.long_work --profile fast --processes 2   # the analyses with these `ficlens analyze` options

Peak RSS is the largest of the process and its helpers (`--processes`); CPU time is theirs together.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import sys
import tempfile
import zipfile
from pathlib import Path

from benchmarks.common import NOVEL, SHARED, machine_line, run_measured

PDNC = SHARED / "data" / "pdnc" / "data"
SECOND_NOVEL = PDNC / "NightAndDay" / "novel_text.txt"
WORDS = "the a and of to she he said rain river lamp boat night house door window quiet again laughed".split()
CONTAINER = (
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="content.opf"/></rootfiles></container>'
)


def long_epub(words: int, chapters: int = 100) -> bytes:
    """An EPUB of `words` words of varied nonsense prose (so it deflates like text, not like a bomb)."""
    rng = random.Random(19)
    count = words // chapters // 50
    pages = [
        "".join(f"<p>{' '.join(rng.choices(WORDS, k=50))}.</p>" for _ in range(count)) for _ in range(chapters)
    ]
    return epub_of(pages)


def novels_epub(words: int, chapters: int = 100) -> bytes:
    """An EPUB of `words` words of the PDNC novels' paragraphs, in order, cut into `chapters` chapters."""
    paragraphs = [p for path in sorted(PDNC.glob("*/novel_text.txt")) for p in paragraphs_of(path)]
    per_chapter, pages, page, count = words // chapters, [], [], 0
    for paragraph in paragraphs:
        page.append(f"<p>{html.escape(' '.join(paragraph.split()))}</p>")
        count += len(paragraph.split())
        if count >= per_chapter * (len(pages) + 1):
            pages.append("".join(page))
            page = []
            if len(pages) == chapters:
                break
    return epub_of(pages)


def paragraphs_of(path: Path) -> list[str]:
    return [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def epub_of(pages: list[str]) -> bytes:
    """An EPUB 2 with one XHTML chapter per page of paragraphs."""
    chapters = len(pages)
    buffer = io.BytesIO()
    items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(chapters))
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(chapters))
    package = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata xmlns:dc="http://purl.org/dc/elements/'
        '1.1/"><dc:title>The Long Crossing</dc:title><dc:creator>nobody</dc:creator></metadata>'
        f"<manifest>{items}</manifest><spine>{spine}</spine></package>"
    )
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("content.opf", package, compress_type=zipfile.ZIP_DEFLATED)
        for chapter, paragraphs in enumerate(pages):
            page = f"<html><body><h1>Chapter {chapter + 1}</h1>{paragraphs}</body></html>"
            archive.writestr(f"c{chapter}.xhtml", page, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def measured_cli(*args: str, timeout: int = 1800) -> tuple[dict, str]:
    """(code, wall and CPU seconds, peak RSS in MB: benchmarks.common.run_measured) of `ficlens ARGS` run in a new
    process, start-up included, and its standard error."""
    return run_measured([sys.executable, "-m", "ficlens", *args], timeout=timeout)


def budget_edge_text(words: int = 200_000) -> str:
    """Emma, then Night and Day, up to `words` words (paragraphs kept whole)."""
    paragraphs, count = [], 0
    for novel in (NOVEL, SECOND_NOVEL):
        for paragraph in novel.read_text(encoding="utf-8").split("\n\n"):
            size = len(paragraph.split())
            if count + size > words:
                return "\n\n".join(paragraphs) + "\n"
            paragraphs.append(paragraph)
            count += size
    return "\n\n".join(paragraphs) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-analysis", action="store_true", help="only the refusal of the 1,000,000-word EPUB")
    parser.add_argument("--profile", choices=["accurate", "fast"], default="accurate")
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args(argv)
    chosen = ["--profile", args.profile, "--processes", str(args.processes)]
    print(f"ficlens analyze {' '.join(chosen)}")
    print(machine_line())
    with tempfile.TemporaryDirectory() as folder:
        epub = Path(folder) / "long.epub"
        epub.write_bytes(long_epub(1_000_000))
        result, errors = measured_cli("analyze", str(epub))
        size = epub.stat().st_size
        print(f"1,000,000-word EPUB ({size:,} bytes): exit {result['code']} in {result['seconds']:.1f} s "
              f"({result['cpu_seconds']:.1f} s CPU), peak RSS {result['rss_mb']:,.0f} MB: {errors}")  # fmt: skip
        if args.skip_analysis or not SECOND_NOVEL.is_file():
            return 0
        text = Path(folder) / "budget-edge.txt"
        text.write_text(budget_edge_text(), encoding="utf-8")
        words = len(text.read_text(encoding="utf-8").split())
        result, errors = measured_cli("analyze", str(text), *chosen, "-f", "json", "-o", str(Path(folder) / "out.json"))
        rate = words / result["cpu_seconds"]
        print(f"{words:,}-word text (Emma + Night and Day): exit {result['code']} in {result['seconds']:.1f} s wall, "
              f"{result['cpu_seconds']:.1f} s CPU ({rate:,.0f} words per CPU second incl. loading), "
              f"peak RSS {result['rss_mb']:,.0f} MB")  # fmt: skip
        print(f"standard error (not a terminal, so one line per stage):\n{errors}")
        epub.write_bytes(novels_epub(1_000_000))
        result, errors = measured_cli("analyze", str(epub), *chosen, "--max-words", "2000000", "-f", "json", "-o",
                                      str(Path(folder) / "long.json"))  # fmt: skip
        analysed = json.loads((Path(folder) / "long.json").read_text(encoding="utf-8"))
        words = len(analysed["text"].split())
        print(f"1,000,000-word EPUB of PDNC novels' paragraphs ({words:,} words of text, {len(analysed['quotes']):,} "
              f"quotations, {len(analysed['characters']):,} characters): exit {result['code']} in "
              f"{result['seconds']:.1f} s wall, {result['cpu_seconds']:.1f} s CPU "
              f"({words / result['cpu_seconds']:,.0f} words per CPU second), peak RSS {result['rss_mb']:,.0f} MB")
        print(f"standard error:\n{errors}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
