"""`ficlens analyze FILE --format html`: the web app's work page as one self-contained file (no network, no script)."""

from __future__ import annotations

from importlib.metadata import version

from markupsafe import Markup

from ficlens.model import Work
from ficlens.options import DEFAULT_MIN_TAG_SCORE
from ficlens.web.templates import environment, stylesheet
from ficlens.web.view import work_view


def render_html(work: Work, autoescape: bool = True, min_tag_score: float = DEFAULT_MIN_TAG_SCORE) -> str:
    """The page; `autoescape=False` only for the tests that show the XSS checks can fail."""
    css = Markup(stylesheet())  # our own stylesheet, not story data
    template = environment(autoescape).get_template("standalone.html")
    return template.render(view=work_view(work, min_tag_score), css=css, version=version("ficlens"))
