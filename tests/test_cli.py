"""The command line: output formats and exit codes (0 ok, 2 usage, 3 bad input), one-line errors."""

import json
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLE


def run(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "ficlens", *args], input=stdin, capture_output=True, timeout=300)


def assert_one_line_error(result, code, fragment):
    assert result.returncode == code, result.stderr
    message = result.stderr.decode()
    assert "Traceback" not in message
    assert message.count("\n") == 1 and fragment in message


def test_analyze_text_report():
    result = run("analyze", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "The Lighthouse Keys" in out and "Characters" in out and "Jonah → Mira" in out


def test_analyze_json_to_file_and_stdin(tmp_path):
    target = tmp_path / "work.json"
    assert run("analyze", str(EXAMPLE), "--format", "json", "--output", str(target)).returncode == 0
    data = json.loads(target.read_text())
    assert data["metadata"]["title"] == "The Lighthouse Keys"
    piped = run("analyze", "-", "--format", "json", stdin=EXAMPLE.read_bytes())
    assert json.loads(piped.stdout)["quotes"] == data["quotes"]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_one_line_error(run("analyze", str(path)), 3, "empty")


def test_png_renamed_txt(tmp_path):
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert_one_line_error(run("analyze", str(path)), 3, "PNG image")


def test_invalid_bytes(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"He said \x81\x8d\x90 and left.")
    assert_one_line_error(run("analyze", str(path)), 3, "invalid bytes")


def test_missing_file():
    assert_one_line_error(run("analyze", "/nonexistent/story.txt"), 3, "cannot read")


@pytest.mark.slow
def test_fifty_megabyte_text_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    paragraph = b'"Again," she says, and he laughs. The rain keeps falling on the roof.\n\n'
    with path.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(paragraph) + 1):
            handle.write(paragraph)
    result = run("analyze", str(path))
    assert_one_line_error(result, 3, "analysis limit")


def test_usage_error():
    result = run("analyze", str(EXAMPLE), "--format", "yaml")
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_stages_command_lists_the_pipeline_with_its_fields():
    out = run("stages").stdout.decode()
    assert out.index("structure") < out.index("speaker_rules") < out.index("tags")
    assert "quotes.speaker" in out and "speaker_evidence" in out


def test_schema_command():
    assert json.loads(run("schema").stdout)["title"] == "ficlens Work"


def test_read_and_analyze_an_epub(tmp_path):
    from tests.helpers import build_epub

    book = tmp_path / "lanterns.epub"
    book.write_bytes(build_epub("fff-epub"))
    read_result = run("read", str(book), "--format", "json")
    assert read_result.returncode == 0, read_result.stderr
    work = json.loads(read_result.stdout)
    assert work["metadata"]["format"] == "fanficfare-epub" and work["quotes"] == []  # read does not analyse
    analysed = json.loads(run("analyze", str(book), "--format", "json").stdout)
    assert "Aldo" in {c["name"] for c in analysed["characters"]}
    assert [q["kind"] for q in analysed["quotes"]].count("thought") == 1  # the italic line from the EPUB


def test_truncated_epub_is_one_line_error(tmp_path):
    from tests.helpers import build_epub

    book = tmp_path / "cut.epub"
    book.write_bytes(build_epub("ao3-epub")[:900])
    assert_one_line_error(run("analyze", str(book)), 3, "damaged or truncated")


def test_canon_file_names_the_tags(tmp_path):
    canon = tmp_path / "canon.yaml"
    canon.write_text("fandom: Lighthouses\ncharacters:\n  - name: Jonah Reyes\n    aliases: [Jonah]\n")
    work = json.loads(run("analyze", str(EXAMPLE), "--format", "json", "--canon", str(canon)).stdout)
    assert "Jonah Reyes" in [c["tag"] for c in work["suggested_tags"]["characters"]]


def test_bad_canon_file_is_one_line_error(tmp_path):
    canon = tmp_path / "canon.yaml"
    canon.write_text("characters:\n  - nom: Jonah\n")
    assert_one_line_error(run("analyze", str(EXAMPLE), "--canon", str(canon)), 3, "canon file problem")


def test_version():
    from importlib.metadata import version

    result = run("--version")
    assert result.returncode == 0 and result.stdout.decode() == f"ficlens {version('ficlens')}\n"


@pytest.mark.parametrize(("option", "value"), [("--max-bytes", "-1"), ("--max-chars", "0"), ("--max-words", "-5")])
def test_negative_sizes_are_usage_errors(option, value):
    assert_one_line_error(run("analyze", str(EXAMPLE), option, value), 2, option)


def test_unwritable_output_says_which_path_and_why():
    result = run("analyze", str(EXAMPLE), "-o", "/nonexistent/dir/x.json")
    assert_one_line_error(result, 2, "/nonexistent/dir/x.json: cannot write there: the folder /nonexistent/dir does")


def test_output_that_is_a_folder(tmp_path):
    assert_one_line_error(run("read", str(EXAMPLE), "-o", str(tmp_path)), 2, "is a folder")


@pytest.mark.parametrize("args", [("analyze", str(EXAMPLE)), ("analyze", str(EXAMPLE), "-f", "json"), ("schema",)])
def test_closed_pipe_ends_quietly(args):
    """`ficlens analyze FILE | head -1`: the reader goes away before ficlens writes."""
    with subprocess.Popen(
        [sys.executable, "-m", "ficlens", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        process.stdout.close()
        errors = process.stderr.read()
        assert process.wait(timeout=300) == 0 and errors == b""


def test_help_shows_flags_without_a_type():
    help_text = run("analyze", "--help").stdout.decode()
    assert "--rules-only" in help_text and "--max-words" in help_text and "<bool>" not in help_text


def test_read_text_summary_goes_to_the_output_file(tmp_path):
    target = tmp_path / "summary.txt"
    result = run("read", str(EXAMPLE), "-f", "text", "-o", str(target))
    assert result.returncode == 0 and result.stdout == b""
    assert target.read_text() == "The Lighthouse Keys by quillfeather\n1,007 words\n"
