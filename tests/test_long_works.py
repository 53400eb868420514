"""Long works: refused at once, with the flag that raises the limit, while reading stays bounded in memory; and
progress on standard error for the long works that are analysed."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zipfile

from rich.console import Console

from ficlens.report.progress import AnalysisProgress

WORDS = "the a and of to she he said rain river lamp boat night house door window quiet again laughed".split()
CONTAINER = (
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="content.opf"/></rootfiles></container>'
)
PEAK_RSS_LIMIT_MB = 1_500  # the bound for a 1,000,000-word EPUB; reading it measured about 200 MB here
# a child process: run the CLI in-process and report its exit code and peak RSS (ru_maxrss, KiB on Linux)
MEASURED_CLI = """
import json, resource, runpy, sys, time
sys.argv = ["ficlens", *sys.argv[1:]]
started = time.perf_counter()
try:
    runpy.run_module("ficlens", run_name="__main__")
    code = 0
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "seconds": time.perf_counter() - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def long_epub(words: int, chapters: int = 100) -> bytes:
    """A generated EPUB of about `words` words of varied (nonsense) prose, in `chapters` parts."""
    rng = random.Random(19)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", CONTAINER)
        items = "".join(
            f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(chapters)
        )
        spine = "".join(f'<itemref idref="c{i}"/>' for i in range(chapters))
        archive.writestr("content.opf", '<package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata '
                         'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Long Crossing</dc:title>'
                         f"<dc:creator>nobody</dc:creator></metadata><manifest>{items}</manifest><spine>{spine}</spine>"
                         "</package>", compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
        for chapter in range(chapters):
            paragraphs = [" ".join(rng.choices(WORDS, k=50)) + "." for _ in range(words // chapters // 50)]
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            archive.writestr(f"c{chapter}.xhtml", f"<html><body><h1>Chapter {chapter + 1}</h1>{body}</body></html>",
                             compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return buffer.getvalue()


def test_a_million_word_epub_is_refused_at_once_naming_the_flag(tmp_path):
    path = tmp_path / "long.epub"
    path.write_bytes(long_epub(1_000_000))
    result = subprocess.run([sys.executable, "-c", MEASURED_CLI, "analyze", str(path)], capture_output=True,
                            timeout=300)  # fmt: skip
    measured = json.loads(result.stdout)
    message = result.stderr.decode()
    assert measured["code"] == 3 and message.count("\n") == 1 and "Traceback" not in message
    assert "1,000,000 words is over the 200,000-word analysis budget" in message and "--max-words" in message
    assert measured["seconds"] < 60  # read and refused; the analysis would take several minutes
    assert measured["rss_mb"] < PEAK_RSS_LIMIT_MB


def test_progress_in_a_log_is_one_line_per_stage():
    log = io.StringIO()
    with AnalysisProgress(300_000, Console(file=log, width=200)) as progress:
        for done, stage in enumerate(["structure", "linguistics", "speakers"]):
            progress(stage, done, 3)
        progress("done", 3, 3)
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("ficlens: structure (1/3): 0 of 300,000 words, 0:00 elapsed, about 1:25 left")
    assert lines[2].startswith("ficlens: speakers (3/3): 222,000 of 300,000 words")
    assert lines[3].startswith("ficlens: done: 300,000 of 300,000 words") and "left" not in lines[3]


def test_progress_on_a_terminal_is_a_live_bar_that_goes_away():
    screen = io.StringIO()
    with AnalysisProgress(50_000, Console(file=screen, force_terminal=True, width=120)) as progress:
        progress("linguistics", 1, 7)
        progress.progress.refresh()
        assert "linguistics (2/7)" in screen.getvalue() and "of 50,000 words" in screen.getvalue()
        assert "left" in screen.getvalue()
        progress("done", 7, 7)
