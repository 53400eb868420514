"""Command line: parse arguments, call the library, map errors to exit codes (0 ok, 2 usage, 3 input)."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import get_args

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ficlens import model
from ficlens.errors import FiclensError, InputError, OutputError
from ficlens.ingest import DEFAULT_MAX_BYTES
from ficlens.options import DEFAULT_MAX_CHARS, DEFAULT_MAX_WORDS, DEFAULT_MIN_TAG_SCORE
from ficlens.report.terminal import DEFAULT_LOW_CONFIDENCE

# rich_markup_mode=None: click's plain help, where flags show no `<bool>` type
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Read fan fiction the way fans do.")  # fmt: skip


def show_version(value: bool) -> None:
    if value:
        from ficlens import __version__

        print(f"ficlens {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=show_version, is_eager=True, help="Print the version"),
) -> None:
    """Read fan fiction the way fans do."""


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


FILE_ARGUMENT = typer.Argument(..., help="A story file, or - to read standard input")
FORMAT_OPTION = typer.Option(
    OutputFormat.text, "--format", "-f", help="text: a report; json: the Work; html: a self-contained page"
)
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="Write here instead of standard output")
MAX_BYTES_OPTION = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse input files larger than this")


def fraction_option(default: float, flag: str, help_text: str):
    """An option between 0 and 1."""
    return typer.Option(default, flag, min=0.0, max=1.0, help=help_text)


MAX_WORDS_OPTION = typer.Option(
    DEFAULT_MAX_WORDS, "--max-words", min=1, help=f"Refuse to analyse longer works ({DEFAULT_MAX_WORDS:,}: a minute)"
)


Profile = Enum("Profile", {name: name for name in get_args(model.Profile)}, type=str)  # as AnalysisOptions has them


PROFILE_OPTION = typer.Option(
    Profile(model.DEFAULT_PROFILE), "--profile",
    help="accurate: the full pipeline; fast: smaller parser and NER heads, faster",
)


def ends_quietly_on_closed_pipe(command):
    """`ficlens analyze FILE | head -1`: when the reader closes the pipe, stop writing and exit 0, silently."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the flush at exit cannot fail too
            raise typer.Exit(0) from None

    return run


class StdoutConsole(Console):
    def on_broken_pipe(self) -> None:  # rich exits 1 here; a closed pipe is the reader's choice, not a failure
        self.quiet = True
        raise BrokenPipeError


def check_output(output: Path | None) -> None:
    """Before any work: say which output path cannot be written, and why."""
    if output is None:
        return
    folder = output.parent
    if output.is_dir():
        raise OutputError(f"{output}: is a folder; give a file name to write")
    if not folder.is_dir():
        raise OutputError(f"{output}: cannot write there: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise OutputError(f"{output}: cannot write there: permission denied")


def open_output(output: Path):
    try:
        return output.open("w", encoding="utf-8")
    except OSError as error:
        raise OutputError(f"{output}: cannot write there: {error.strerror or error}") from None


@contextlib.contextmanager
def report_console(output: Path | None):
    """A console for a text report: the output file at a fixed width, else standard output."""
    if output is None:
        yield StdoutConsole()
        return
    with open_output(output) as handle:
        yield Console(file=handle, width=120)


def read_input(source: str, max_bytes: int):
    from ficlens.ingest import read, read_bytes

    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return read_bytes(data, name="standard input", max_bytes=max_bytes)
    return read(source, max_bytes=max_bytes)


def write_output(
    work,
    output_format: OutputFormat,
    output: Path | None,
    low_confidence: float = DEFAULT_LOW_CONFIDENCE,
    min_tag_score: float = DEFAULT_MIN_TAG_SCORE,
) -> None:
    if output_format is OutputFormat.json:
        payload = work.to_json() + "\n"
        if output:
            with open_output(output) as handle:
                handle.write(payload)
        else:
            sys.stdout.write(payload)
            sys.stdout.flush()
        return
    if output_format is OutputFormat.html:
        from ficlens.report.html import render_html

        page = render_html(work, min_tag_score=min_tag_score)
        if output:
            output.write_text(page, encoding="utf-8")
        else:
            sys.stdout.write(page)
        return
    from ficlens.report.terminal import render

    with report_console(output) as console:
        render(work, console, low_confidence, min_tag_score)


@app.command()
@ends_quietly_on_closed_pipe
def analyze(
    file: str = FILE_ARGUMENT,
    output_format: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=1, help="Refuse story texts longer than this"),
    max_words: int = MAX_WORDS_OPTION,
    low_confidence: float = fraction_option(
        DEFAULT_LOW_CONFIDENCE, "--low-confidence", "The report marks speakers below this confidence"
    ),
    min_tag_score: float = fraction_option(
        DEFAULT_MIN_TAG_SCORE,
        "--min-tag-score",
        "The report and page show suggested tags scoring at least this (the JSON has every tag)",
    ),
    canon: Path | None = typer.Option(None, "--canon", help="A canon file (YAML) of the fandom's characters"),
    rules_only: bool = typer.Option(False, "--rules-only", help="Attribute speakers by the rules alone"),
    profile: Profile = PROFILE_OPTION,
    processes: int = typer.Option(
        1, "--processes", min=1, help="Processes for the spaCy pass of a long work (at most one per core)"
    ),
) -> None:
    """Analyse a story: characters, who says what to whom, narrative voice, suggested tags."""
    from ficlens import analyze_work
    from ficlens.canon import load_canon
    from ficlens.report.progress import PROGRESS_MIN_WORDS, AnalysisProgress

    check_output(output)
    canon_file = load_canon(canon) if canon else None
    work = read_input(file, max_bytes)
    options = {"max_chars": max_chars, "max_words": max_words, "canon": canon_file, "rules_only": rules_only,
               "profile": profile.value, "stage_settings": {"linguistics": {"processes": processes}}}  # fmt: skip
    words = len(work.text.split())
    if PROGRESS_MIN_WORDS <= words <= max_words:
        with AnalysisProgress(words) as progress:
            work = analyze_work(work, on_progress=progress, **options)
    else:
        work = analyze_work(work, **options)
    write_output(work, output_format, output, low_confidence, min_tag_score)


@app.command()
@ends_quietly_on_closed_pipe
def read(
    file: str = FILE_ARGUMENT,
    output_format: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f"),
    output: Path | None = OUTPUT_OPTION,
    max_bytes: int = MAX_BYTES_OPTION,
) -> None:
    """Read a story file and print the Work without analysis."""
    check_output(output)
    work = read_input(file, max_bytes)
    if output_format is OutputFormat.text:
        with report_console(output) as console:
            console.print(f"{work.metadata.title or '(untitled)'} by {', '.join(work.metadata.authors) or '?'}")
            console.print(f"{len(work.text.split()):,} words", highlight=False)
    else:
        write_output(work, output_format, output)


evaluate_app = typer.Typer(no_args_is_help=True, help="Score ficlens against annotated corpora (PDNC, LitBank).")
app.add_typer(evaluate_app, name="evaluate")


class CharacterSource(str, Enum):
    gold = "gold"
    predicted = "predicted"


JSON_OPTION = typer.Option(None, "--json", help="Also write the full scores as JSON here")


def wide_console() -> Console:
    """Score tables are wide: keep them whole when the output is a file or a pipe."""
    return StdoutConsole() if sys.stdout.isatty() else StdoutConsole(width=160)


def write_scores(scores: dict, path: Path | None) -> None:
    if path:
        path.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")


@evaluate_app.command("pdnc")
@ends_quietly_on_closed_pipe
def evaluate_pdnc_command(
    directory: Path = typer.Argument(..., help="The PDNC folder (holding data/<Novel>/)"),
    characters: CharacterSource = typer.Option(
        CharacterSource.gold, "--characters", help="gold: give the annotated character list; predicted: end to end"
    ),
    novels: str | None = typer.Option(None, "--novels", help="Comma-separated novel folder names (default: all)"),
    speaker_folds: Path | None = typer.Option(
        None,
        "--speaker-folds",
        help="Score each novel with the models trained without it: DIR/<Novel>.txt, <Novel>.conversation.txt, "
        "<Novel>.conversation2.txt, <Novel>.addressees.txt and <Novel>.addressee_sets.txt (all but the first when "
        "present)",
    ),
    rules_only: bool = typer.Option(False, "--rules-only", help="Attribute speakers by the rules alone"),
    profile: Profile = PROFILE_OPTION,
    json_path: Path | None = JSON_OPTION,
) -> None:
    """Quotation detection, speaker, addressee and character scores on PDNC."""
    from ficlens.evaluate.pdnc import SpeakerModels, evaluate_pdnc
    from ficlens.report.scores import pdnc_table, progress_line

    console = wide_console()
    names = [n.strip() for n in novels.split(",") if n.strip()] if novels else None
    speakers = SpeakerModels(rules_only=rules_only, folds=speaker_folds)
    scores = evaluate_pdnc(directory, characters.value, names, progress_line(console), speakers, profile.value)
    console.print(pdnc_table(scores))
    if not rules_only and speaker_folds is None:
        console.print("note: the shipped speaker ranker was trained on the 22 PDNC novels; for fair scores use "
                      "--speaker-folds (see BENCHMARKS.md) or --rules-only", style="yellow")  # fmt: skip
    write_scores(scores, json_path)


@evaluate_app.command("litbank")
@ends_quietly_on_closed_pipe
def evaluate_litbank_command(
    directory: Path = typer.Argument(..., help="The LitBank folder (holding entities/, quotations/, original/)"),
    split: str = typer.Option("test", "--split", help="test, dev or all books (the split in evaluate/litbank.py)"),
    profile: Profile = PROFILE_OPTION,
    json_path: Path | None = JSON_OPTION,
) -> None:
    """PER entity scores, quotation detection and speaker attribution (accuracy and B3) on LitBank."""
    from ficlens.evaluate.litbank import evaluate_litbank
    from ficlens.report.scores import litbank_table

    scores = evaluate_litbank(directory, split, profile.value)
    wide_console().print(litbank_table(scores))
    write_scores(scores, json_path)


corpus_app = typer.Typer(no_args_is_help=True, help="Analyse many works into Parquet tables; query them.")
app.add_typer(corpus_app, name="corpus")


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@corpus_app.command("run")
def corpus_run(
    sources: list[str] = typer.Argument(..., help="Story files, folders and zip archives of downloads"),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the tables (a rerun resumes)"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes (or Ray actors) analysing works"),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: processes here; ray: Ray Data"),
    ray_address: str | None = typer.Option(None, "--ray-address", help="An existing Ray cluster, e.g. auto"),
    force: bool = typer.Option(False, "--force", help="Discard the tables in --out and redo every work"),
    part_records: int = typer.Option(500, "--part-size", min=1, help="Finished sources per Parquet part"),
    max_bytes: int = MAX_BYTES_OPTION,
    max_words: int = MAX_WORDS_OPTION,
    profile: Profile = PROFILE_OPTION,
) -> None:
    """Analyse every work under SOURCES into Parquet tables (works, chapters, characters, quotes, mentions,
    interactions, tags, errors, duplicates)."""
    from ficlens.corpus import CorpusOptions, run_corpus
    from ficlens.report.corpus import progress_bar

    options = CorpusOptions(workers=workers, engine=engine.value, ray_address=ray_address, force=force,
                            part_records=part_records, max_bytes=max_bytes, max_words=max_words,
                            profile=profile.value)  # fmt: skip
    console = Console(stderr=True)
    with progress_bar(console) as on_progress:
        summary = run_corpus(sources, out, options, on_progress)
    console.print(summary.describe(), highlight=False)


@corpus_app.command("query")
def corpus_query(
    directory: Path = typer.Argument(..., help="The --out folder of a corpus run"),
    sql: str = typer.Argument(..., help="DuckDB SQL over the views works, chapters, characters, quotes, ..."),
    output_format: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f"),
) -> None:
    """Run SQL over the tables of a corpus run (DuckDB)."""
    from ficlens.corpus import query

    result = query(directory, sql)
    if output_format is QueryFormat.table:
        from ficlens.report.corpus import arrow_table

        wide_console().print(arrow_table(result))
    elif output_format is QueryFormat.csv:
        import pyarrow.csv

        pyarrow.csv.write_csv(result, sys.stdout.buffer)
    else:
        for row in result.to_pylist():
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


library_app = typer.Typer(no_args_is_help=True, help="Your library of downloaded works: add, search, show, export.")
app.add_typer(library_app, name="library")
DB_OPTION = typer.Option(None, "--db", help="The library database (default: $FICLENS_LIBRARY or the user data folder)")


def open_library(db: Path | None):
    from ficlens.library import Library

    return Library.open(db)


@library_app.command("add")
def library_add(
    paths: list[Path] = typer.Argument(..., help="Story files, folders (searched recursively) and zip archives"),
    db: Path | None = DB_OPTION,
    analysis: bool = typer.Option(True, "--analysis/--no-analysis", help="Analyse each work (off: metadata and "
                                  "search only, for scale tests)"),  # fmt: skip
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Analyse in this many processes"),
    max_words: int = MAX_WORDS_OPTION,
    profile: Profile = PROFILE_OPTION,
) -> None:
    """Import works; the same work twice is one entry, a newer download replaces the old and keeps your notes."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    with open_library(db) as library:
        sources = library.sources(paths)
        outcomes: dict[str, int] = {}
        failures = []
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("importing", total=len(sources))

            def on_result(result) -> None:
                outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
                if result.outcome == "failed":
                    failures.append(result)
                progress.advance(task)

            library.add(sources, analyse=analysis, workers=workers, on_result=on_result, max_words=max_words,
                        profile=profile.value)  # fmt: skip
        for failure in failures:
            console.print(Text(f"skipped {failure.source}: {failure.error}"), style="yellow")
        order = ("added", "replaced", "duplicate", "older", "seen", "failed")
        summary = ", ".join(f"{outcomes[k]} {k}" for k in order if outcomes.get(k))
        console.print(Text(f"{len(sources)} files: {summary or 'nothing to import'} ({library.path})"))


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


@library_app.command("list")
def library_list(db: Path | None = DB_OPTION, json_output: bool = typer.Option(False, "--json")) -> None:
    """Every work: id, title, authors, words."""
    with open_library(db) as library:
        rows = [dict(row) for row in library.list(limit=1_000_000)]
    if json_output:
        print_json(rows)
        return
    table = Table("id", "title", "authors", "words", "rating")
    for row in rows:
        authors = ", ".join(json.loads(row["authors"]))
        table.add_row(str(row["id"]), Text(row["title"] or "(untitled)"), Text(authors), f"{row['words']:,}",
                      Text(row["rating"] or ""))  # fmt: skip
    Console().print(table)


@library_app.command("search")
def library_search(
    text: str = typer.Argument("", help="Words or \"phrases\" to find in text, summary, notes and tags"),
    db: Path | None = DB_OPTION,
    fandom: list[str] = typer.Option([], "--fandom"),
    tag: list[str] = typer.Option([], "--tag", help="A tag of yours or the author's (any kind)"),
    character: list[str] = typer.Option([], "--character", help="A character the author tagged"),
    found: list[str] = typer.Option([], "--found", help="A character ficlens found in the text"),
    suggested: list[str] = typer.Option([], "--suggested", help="A tag ficlens suggests"),
    ship: list[str] = typer.Option([], "--ship", help="A/B for that pair, A for any ship with A"),
    ship_origin: str = typer.Option("any", "--ship-origin", help="any, author or ficlens"),
    rating: list[str] = typer.Option([], "--rating"),
    exclude_warning: list[str] = typer.Option([], "--exclude-warning"),
    language: str | None = typer.Option(None, "--language"),
    complete: bool | None = typer.Option(None, "--complete/--in-progress"),
    words_min: int | None = typer.Option(None, "--words-min"),
    words_max: int | None = typer.Option(None, "--words-max"),
    limit: int = typer.Option(20, "--limit"),
    json_output: bool = typer.Option(False, "--json"),
) -> None:
    """Search the library (ranked full text) with filters."""
    from pydantic import ValidationError

    from ficlens.errors import UsageError
    from ficlens.library import SearchQuery

    try:
        query = SearchQuery(text=text, fandoms=fandom, tags=tag, characters=character, found_characters=found,
                            suggested=suggested, ships=ship, ship_origin=ship_origin, ratings=rating,
                            exclude_warnings=exclude_warning, language=language, complete=complete,
                            words_min=words_min, words_max=words_max, limit=limit)  # fmt: skip
    except ValidationError as error:
        raise UsageError(str(error)) from None
    with open_library(db) as library:
        result = library.search(query, facets=json_output)
    if json_output:
        print_json(result.model_dump(mode="json"))
        return
    console = Console()
    console.print(f"{result.total:,} works", highlight=False)
    for hit in result.hits:
        line = Text(f"{hit.id:>5}  ")
        line.append(hit.title or "(untitled)", style="bold")
        line.append(f"  by {', '.join(hit.authors) or '?'} · {hit.words:,} words")
        console.print(line)
        if hit.snippet:
            from ficlens.library.search import SNIPPET_END, SNIPPET_START

            snippet = Text("       ")
            for index, piece in enumerate(hit.snippet.replace(SNIPPET_END, SNIPPET_START).split(SNIPPET_START)):
                snippet.append(piece, style="reverse" if index % 2 else "dim")
            console.print(snippet)


@library_app.command("show")
def library_show(
    work_id: int = typer.Argument(..., help="The work's id (see `ficlens library list`)"),
    db: Path | None = DB_OPTION,
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f"),
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Show a stored work: the report, the Work as JSON, or the HTML page."""
    with open_library(db) as library:
        work = library.work(work_id)
    write_output(work, output_format, output)


@library_app.command("remove")
def library_remove(work_id: int = typer.Argument(...), db: Path | None = DB_OPTION) -> None:
    """Remove a work (with your notes on it)."""
    with open_library(db) as library:
        library.remove(work_id)
    Console(stderr=True).print(f"removed work {work_id}")


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"


@library_app.command("export")
def library_export(
    db: Path | None = DB_OPTION,
    export_format: ExportFormat = typer.Option(ExportFormat.json, "--format", "-f"),
    output: Path | None = OUTPUT_OPTION,
    with_works: bool = typer.Option(False, "--with-works", help="JSON: include each analysed Work"),
) -> None:
    """Export metadata, tags and your own data as JSON or CSV."""
    with open_library(db) as library:
        payload = library.export(export_format.value, with_works=with_works)
    if output:
        output.write_text(payload, encoding="utf-8")
    else:
        sys.stdout.write(payload if payload.endswith("\n") else payload + "\n")


@library_app.command("stats")
def library_stats_command(db: Path | None = DB_OPTION, json_output: bool = typer.Option(False, "--json")) -> None:
    """Reading statistics: words by fandom, top ships and characters, ratings, POV and tense, per year."""
    with open_library(db) as library:
        stats = library.stats()
    if json_output:
        print_json(stats.model_dump())
        return
    console = Console()
    console.print(f"{stats.works:,} works, {stats.words:,} words, {stats.analysed:,} analysed", highlight=False)
    for label, rows in (("Words by fandom", stats.words_by_fandom), ("Ships (author)", stats.ships_author),
                        ("Ships (found)", stats.ships_found), ("Characters (author)", stats.characters_author),
                        ("Ratings", stats.ratings), ("Point of view", stats.person), ("Tense", stats.tense),
                        ("Per year", stats.per_year)):  # fmt: skip
        if rows:
            table = Table("", "works", "words", title=label, title_justify="left")
            for row in rows:
                table.add_row(Text(row.value), f"{row.works:,}", f"{row.words:,}")
            console.print(table)


@app.command()
def serve(
    db: Path | None = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless you mean it)"),
    port: int = typer.Option(8765, "--port"),
    token: str | None = typer.Option(
        None, "--token", envvar="FICLENS_TOKEN", help="Token for writes (default: random)"
    ),
) -> None:
    """Browse, search and read your library in a web browser."""
    import uvicorn

    from ficlens.library import default_db_path
    from ficlens.web.app import create_app, is_loopback

    console = Console(stderr=True)
    hosts = ["127.0.0.1", "localhost", "[::1]"]
    if not is_loopback(host):
        console.print(f"warning: listening on {host}: anyone who can reach this machine can read your library",
                      style="bold yellow")  # fmt: skip
        hosts = ["*"]
    app_instance = create_app(db or default_db_path(), token=token, allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"ficlens: serving {db or default_db_path()} at http://{shown}:{port}/", highlight=False)
    uvicorn.run(app_instance, host=host, port=port, log_level="warning")


@app.command()
def stages() -> None:
    """List the analysis stages, in the default order, with the Work fields each reads and writes."""
    from rich.table import Table

    from ficlens.pipeline import DEFAULT_PIPELINE, get_stage, stage_names

    table = Table("stage", "reads", "writes", "does", title="Stages (default pipeline first)", title_justify="left")
    for name in [*DEFAULT_PIPELINE, *(n for n in stage_names() if n not in DEFAULT_PIPELINE)]:
        stage = get_stage(name)
        table.add_row(name, ", ".join(stage.reads), ", ".join(stage.writes), stage.description)
    wide_console().print(table)


@app.command()
@ends_quietly_on_closed_pipe
def schema() -> None:
    """Print the JSON Schema of the Work."""
    from ficlens.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


# Commands whose process holds nothing to clean up once its output is flushed: it ends there, without tearing the
# interpreter and spaCy's objects down (a tenth of a second, a tenth of a cold analysis of a short story:
# BENCHMARKS.md, Speed). The others (serve, corpus runs on Ray) exit as usual.
ENDS_WITHOUT_TEARDOWN = ("analyze",)


def main() -> None:
    try:
        run_command()
    except SystemExit as done:
        code = 0 if done.code is None else done.code if isinstance(done.code, int) else 1
    else:
        code = 0
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if command in ENDS_WITHOUT_TEARDOWN:
        exit_now(code)
    raise SystemExit(code)


def exit_now(code: int) -> None:
    """Flush the output and end the process at once (a flush that fails is an error, as at a normal exit)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass  # the reader closed the pipe: its choice
        except OSError as error:
            with contextlib.suppress(OSError):
                os.write(2, f"ficlens: error: could not write the output ({error})\n".encode())
            code = code or 1
    os._exit(code)


def run_command() -> None:
    try:
        app(standalone_mode=False)
    except FiclensError as error:
        print(f"ficlens: error: {error}", file=sys.stderr)
        raise SystemExit(error.exit_code) from None
    except (typer.Exit, SystemExit) as done:
        raise SystemExit(getattr(done, "exit_code", getattr(done, "code", 0))) from None
    except typer.Abort:
        print("ficlens: aborted", file=sys.stderr)
        raise SystemExit(130) from None
    except Exception as error:  # click usage errors carry their own exit code
        code = getattr(error, "exit_code", None)
        if code is not None and hasattr(error, "format_message"):
            print(f"ficlens: usage error: {error.format_message()}", file=sys.stderr)
            raise SystemExit(code) from None
        if isinstance(error, UnicodeError | OSError):
            print(f"ficlens: error: {InputError(str(error))}", file=sys.stderr)
            raise SystemExit(InputError.exit_code) from None
        print(f"ficlens: internal error: {type(error).__name__}: {error} (please report this)", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
