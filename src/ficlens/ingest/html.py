"""HTML to story text: paragraphs separated by blank lines, italics kept as emphasis spans, scripts dropped.

Parsing uses BeautifulSoup with Python's own html.parser: no network, no external entities, no code runs.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from ficlens.errors import InputError
from ficlens.model import Chapter, Emphasis, Metadata, Work

BLOCKS = {
    "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
    "section", "article", "header", "footer", "center", "pre", "body", "html", "main", "aside", "figure",
}  # fmt: skip
EMPHASIS = {"em", "i", "cite", "var"}
DROPPED = {"script", "style", "noscript", "iframe", "object", "embed", "template", "head", "title", "svg", "math"}
SCENE_BREAK = "***"  # one word, matched by the structure stage's separator rule
MAX_DEPTH = 400  # element nesting; AO3 pages nest about 15 deep, and the text builder recurses once per level
SPACES = re.compile(r"[ \t\r\n\u00a0\u200b]+")


def parse_html(markup: str | bytes, name: str = "input") -> BeautifulSoup:
    """Parse without bs4's warnings (XHTML read as HTML is what we mean); refuse trees nested deeper than any story
    needs, which would exhaust the recursion limit and make text extraction quadratic."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.filterwarnings("ignore", message="Some characters could not be decoded")
        soup = BeautifulSoup(markup, "html.parser")
    if (depth := nesting_depth(soup)) > MAX_DEPTH:
        raise InputError(f"{name}: HTML elements nested over {MAX_DEPTH} deep ({depth}); a damaged or hostile file")
    return soup


def nesting_depth(root: Tag) -> int:
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))
    return deepest


class TextBuilder:
    """Collects paragraphs and emphasis spans from elements, in order."""

    def __init__(self, italic_classes: frozenset[str] = frozenset()) -> None:
        self.italic_classes = italic_classes  # classes a stylesheet sets in italics (EPUB converters)
        self.paragraphs: list[str] = []
        self.line: list[str] = []
        self.emphasis: list[tuple[int, int]] = []  # offsets into the joined text
        self.open_emphasis: list[int] = []
        self.length = 0  # length of the text joined so far, incl. separators

    def current_offset(self) -> int:
        pending = "".join(self.line)
        separator = 2 if self.paragraphs else 0  # the paragraph being built follows a blank line
        return self.length + separator + len(pending.lstrip())

    def text(self, value: str) -> None:
        value = SPACES.sub(" ", value)
        if not value:
            return
        if not "".join(self.line).strip():
            value = value.lstrip()
        elif "".join(self.line).endswith((" ", "\n")):
            value = value.lstrip(" ")
        self.line.append(value)

    def newline(self) -> None:
        if "".join(self.line).strip():
            self.line = ["".join(self.line).rstrip(" "), "\n"]

    def end_paragraph(self) -> None:
        pending = "".join(self.line).strip()
        self.line = []
        if not pending:
            return
        if self.paragraphs:
            self.length += 2
        self.paragraphs.append(pending)
        self.length += len(pending)

    def add(self, node) -> None:
        if isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
            return
        if isinstance(node, NavigableString):
            self.text(str(node))
            return
        if not isinstance(node, Tag) or node.name in DROPPED or "landmark" in (node.get("class") or []):
            return
        if node.name == "br":
            self.newline()
            return
        if node.name == "hr":
            self.end_paragraph()
            self.text(SCENE_BREAK)
            self.end_paragraph()
            return
        block = node.name in BLOCKS
        if block:
            self.end_paragraph()
        italic = (
            node.name in EMPHASIS
            or "font-style:italic" in (node.get("style") or "").replace(" ", "")
            or not self.italic_classes.isdisjoint(node.get("class") or [])
        )
        start = self.current_offset() if italic else None
        for child in node.children:
            self.add(child)
        if italic:
            end = self.current_offset()
            pending_trailing = len("".join(self.line)) - len("".join(self.line).rstrip())
            end -= pending_trailing
            if end > start:
                self.emphasis.append((start, end))
        if block:
            self.end_paragraph()

    def finish(self) -> tuple[str, list[tuple[int, int]]]:
        self.end_paragraph()
        text = "\n\n".join(self.paragraphs)
        spans = [(s, min(e, len(text))) for s, e in self.emphasis if s < len(text) and text[s:e].strip()]
        return text, spans


def element_text(nodes, italic_classes: frozenset[str] = frozenset()) -> tuple[str, list[tuple[int, int]]]:
    builder = TextBuilder(italic_classes)
    for node in nodes:
        builder.add(node)
    return builder.finish()


def plain(node) -> str:
    """The text of an element on one line per paragraph (for summaries and notes)."""
    if node is None:
        return ""
    return element_text([node])[0]


def italic_classes(css: str) -> frozenset[str]:
    """Class names a stylesheet renders in italics (`.calibre7 { font-style: italic }`)."""
    found = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if re.search(r"font-style\s*:\s*(?:italic|oblique)", body):
            found.update(re.findall(r"\.([\w-]+)\s*(?:,|$)", selectors.strip()))
    return frozenset(found)


def assemble(
    chapters: list[tuple[str | None, list, str | None, list[str]]],
    metadata: Metadata,
    italic: frozenset[str] = frozenset(),
) -> Work:
    """Join chapters (title, nodes, summary, notes) into one Work with chapter spans and emphasis."""
    texts, emphasis, spans = [], [], []
    offset = 0
    for title, nodes, summary, notes in chapters:
        text, italics = element_text(nodes, italic)
        if not text.strip():
            continue
        if texts:
            offset += 2
        spans.append(Chapter(start=offset, end=offset + len(text), title=title, summary=summary or None, notes=notes))
        emphasis += [Emphasis(start=offset + s, end=offset + e) for s, e in italics]
        texts.append(text)
        offset += len(text)
    story = "\n\n".join(texts)
    return Work(text=story + "\n" if story else "", metadata=metadata, chapters=spans, emphasis=emphasis)
