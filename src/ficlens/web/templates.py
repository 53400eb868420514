"""One Jinja2 environment (autoescape on for every template) for the web app and the standalone HTML report."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from ficlens.library.search import SNIPPET_END, SNIPPET_START


def snippet_html(snippet: str | None) -> Markup:
    """FTS snippet with its match marks as <mark>; every piece of story text escaped."""
    if not snippet:
        return Markup("")
    out = []
    for index, piece in enumerate(snippet.replace(SNIPPET_END, SNIPPET_START).split(SNIPPET_START)):
        out.append(Markup("<mark>{}</mark>").format(piece) if index % 2 else escape(piece))
    return Markup("").join(out)


def thousands(value: int | float | None) -> str:
    return f"{value or 0:,}"


@cache
def environment(autoescape: bool = True) -> Environment:
    """autoescape=False exists only so that the tests can show their XSS checks catch an unescaped page."""
    env = Environment(loader=PackageLoader("ficlens.web", "templates"), autoescape=autoescape, trim_blocks=True,
                      lstrip_blocks=True)  # fmt: skip
    env.filters["snippet"] = snippet_html
    env.filters["thousands"] = thousands
    return env


def stylesheet() -> str:
    return (files("ficlens.web") / "static" / "ficlens.css").read_text(encoding="utf-8")
