"""What the work page shows, computed from a Work as plain records: the templates only lay them out (and escape)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ficlens.model import Quote, TagSuggestion, Work
from ficlens.options import DEFAULT_MIN_TAG_SCORE
from ficlens.word_count import ao3_word_count

PALETTE_SIZE = 12  # speaker colours sp-0 ... sp-11 in ficlens.css (classes: the CSP forbids inline styles)
GRAPH_NODES = 12
GRAPH_WIDTH, GRAPH_HEIGHT = 680, 500  # wide: names beside the nodes on the left and right must fit
NODE_RADIUS = 18
MAX_EVIDENCE = 3


@dataclass
class Segment:
    text: str
    quote: Quote | None = None
    speaker: str | None = None
    addressees: str = ""
    colour: str = "sp-unknown"


@dataclass
class ParagraphView:
    segments: list[Segment]
    chapter_title: str | None = None  # set on a chapter's first paragraph


@dataclass
class CharacterView:
    id: str
    name: str
    aliases: list[str]
    gender: str
    presence: str
    quotes: int
    mentions: int
    colour: str


@dataclass
class Node:
    id: str
    name: str
    colour: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass
class Edge:
    kind: str  # "talks-to" (quotations addressed) or "talks-about" (mentions inside the source's quotations)
    path: str
    width: float
    title: str


@dataclass
class Graph:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


@dataclass
class TagView:
    kind: str
    tag: str
    score: float
    note: str | None
    evidence: list[str] = field(default_factory=list)


@dataclass
class WorkView:
    title: str
    authors: list[str]
    summary: str | None
    notes: list[str]
    words: int
    quote_count: int
    narrative: str
    author_tags: list[tuple[str, list[str]]]
    paragraphs: list[ParagraphView]
    characters: list[CharacterView]
    graph: Graph
    suggestions: list[TagView]
    hidden_suggestions: int  # scored below min_tag_score, left out
    min_tag_score: float
    comparison: list[tuple[str, str, str]]
    metadata: list[tuple[str, str]]


def colours(work: Work) -> dict[str, str]:
    return {c.id: f"sp-{i % PALETTE_SIZE}" for i, c in enumerate(work.characters)}


def paragraphs(work: Work) -> list[ParagraphView]:
    names = {c.id: c.name for c in work.characters}
    colour = colours(work)
    pieces = sorted((part.start, part.end, q) for q in work.quotes for part in (q.parts or [q]))
    chapter_starts = {}
    for chapter in work.chapters:
        chapter_starts.setdefault(chapter.start, chapter.title or "")
    chapter_iter = sorted(chapter_starts.items())
    views, cursor, next_chapter = [], 0, 0
    for paragraph in work.paragraphs:
        title = None
        while next_chapter < len(chapter_iter) and chapter_iter[next_chapter][0] <= paragraph.start:
            title = (chapter_iter[next_chapter][1] or f"Chapter {next_chapter + 1}") if len(chapter_iter) > 1 else None
            next_chapter += 1
        while cursor < len(pieces) and pieces[cursor][1] <= paragraph.start:
            cursor += 1
        segments, position, index = [], paragraph.start, cursor
        while index < len(pieces) and pieces[index][0] < paragraph.end:
            start, end, quote = pieces[index]
            start, end = max(start, position), min(end, paragraph.end)
            if start > position:
                segments.append(Segment(work.text[position:start]))
            if end > start:
                segments.append(Segment(
                    work.text[start:end], quote, names.get(quote.speaker) if quote.speaker else None,
                    ", ".join(names.get(a, a) for a in quote.addressees), colour.get(quote.speaker or "", "sp-unknown"),
                ))  # fmt: skip
                position = end
            index += 1
        if position < paragraph.end:
            segments.append(Segment(work.text[position : paragraph.end]))
        views.append(ParagraphView(segments, title))
    return views


def interaction_graph(work: Work) -> Graph:
    """Who talks to whom (quotations addressed) and about whom (mentions in their quotations), laid out on a circle."""
    colour = colours(work)
    weight: dict[str, int] = {}
    for i in work.interactions:
        for character in (i.source, i.target):
            weight[character] = weight.get(character, 0) + i.addressed + i.mentions_in_speech
    ranked = sorted(work.characters, key=lambda c: (-(weight.get(c.id, 0) + c.quote_count), c.name))
    chosen = [c for c in ranked if weight.get(c.id, 0) or c.quote_count][:GRAPH_NODES]
    centre_x, centre, radius = GRAPH_WIDTH / 2, GRAPH_HEIGHT / 2, GRAPH_HEIGHT / 2 - 50
    nodes: dict[str, Node] = {}
    for index, character in enumerate(chosen):
        angle = -math.pi / 2 + 2 * math.pi * index / max(1, len(chosen))
        x, y = centre_x + radius * math.cos(angle), centre + radius * math.sin(angle)
        label_x, label_y = centre_x + (radius + 26) * math.cos(angle), centre + (radius + 26) * math.sin(angle) + 5
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        nodes[character.id] = Node(character.id, character.name, colour[character.id], round(x, 1), round(y, 1),
                                   round(label_x, 1), round(label_y, 1), anchor)  # fmt: skip
    edges = []
    for i in work.interactions:
        if i.source not in nodes or i.target not in nodes:
            continue
        source, target = nodes[i.source], nodes[i.target]
        for kind, count, verb, unit in (("talks-to", i.addressed, "talks to", "quotation"),
                                        ("talks-about", i.mentions_in_speech, "talks about", "mention")):  # fmt: skip
            if count:
                bend = 0.12 if kind == "talks-to" else 0.28
                title = f"{source.name} {verb} {target.name}: {count} {unit}{'s' if count != 1 else ''}"
                edges.append(Edge(kind, curve(source, target, bend), round(min(8.0, 1 + math.log2(count)), 2), title))
    return Graph(GRAPH_WIDTH, GRAPH_HEIGHT, list(nodes.values()), edges)


def curve(source: Node, target: Node, bend: float) -> str:
    """A quadratic curve bent to the left of its direction, so A->B and B->A do not overlap; ends at the node rim."""
    dx, dy = target.x - source.x, target.y - source.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    sx, sy = source.x + ux * NODE_RADIUS, source.y + uy * NODE_RADIUS
    tx, ty = target.x - ux * (NODE_RADIUS + 4), target.y - uy * (NODE_RADIUS + 4)
    cx, cy = (sx + tx) / 2 + uy * length * bend, (sy + ty) / 2 - ux * length * bend
    return f"M {sx:.1f} {sy:.1f} Q {cx:.1f} {cy:.1f} {tx:.1f} {ty:.1f}"


def every_suggestion(work: Work) -> list[tuple[str, TagSuggestion]]:
    """(kind, suggestion) for every suggested tag, most telling kinds first."""
    tags = work.suggested_tags
    if tags is None:
        return []
    found = [("rating", tags.rating)] if tags.rating else []
    for kind in ("archive_warnings", "relationships", "characters", "categories", "setting"):
        found += [(kind.replace("_", " "), s) for s in getattr(tags, kind)]
    return found


def suggestions(work: Work, found: list[tuple[str, TagSuggestion]], min_score: float) -> list[TagView]:
    """The suggested tags in `found` scoring at least `min_score`, with their evidence."""
    views = []
    for kind, s in found:
        if s.score >= min_score:
            evidence = [" ".join(work.span_text(e).split()) for e in s.evidence[:MAX_EVIDENCE]]
            views.append(TagView(kind, s.tag, s.score, s.note, evidence))
    return views


def narrative_line(work: Work) -> str:
    n = work.narrative
    if n is None:
        return "not analysed"
    pov = work.character(n.pov)
    return f"{n.person or '?'} person, {n.tense or '?'} tense; POV: {pov.name if pov else 'none found'}"


def work_view(work: Work, min_tag_score: float = DEFAULT_MIN_TAG_SCORE) -> WorkView:
    meta = work.metadata
    colour = colours(work)
    found = every_suggestion(work)
    author_tags = [(label, values) for label, values in (
        ("Rating", [meta.rating] if meta.rating else []), ("Archive warnings", meta.archive_warnings),
        ("Categories", meta.categories), ("Fandoms", meta.fandoms), ("Relationships", meta.relationships),
        ("Characters", meta.characters), ("Additional tags", meta.freeform_tags),
        *((label, values) for label, values in meta.other_tags.items()),
    ) if values]  # fmt: skip
    metadata = [(label, value) for label, value in (
        ("Language", meta.language), ("Published", meta.published), ("Updated", meta.updated),
        ("Chapters", f"{meta.chapters_posted or max(1, len(work.chapters))}/{meta.chapters_planned or '?'}"),
        ("Status", None if meta.complete is None else ("complete" if meta.complete else "in progress")),
        ("Series", "; ".join(f"{s.name} (part {s.part})" if s.part else s.name for s in meta.series) or None),
        ("Source", meta.url or meta.source), ("Format", meta.format),
    ) if value]  # fmt: skip
    return WorkView(
        title=meta.title or "(untitled)",
        authors=meta.authors,
        summary=meta.summary,
        notes=meta.notes,
        words=ao3_word_count(work.text),
        quote_count=len(work.quotes),
        narrative=narrative_line(work),
        author_tags=author_tags,
        paragraphs=paragraphs(work),
        characters=[CharacterView(c.id, c.name, [a for a in c.aliases if a != c.name], c.gender, c.presence,
                                  c.quote_count, c.mention_count, colour[c.id]) for c in work.characters],  # fmt: skip
        graph=interaction_graph(work),
        suggestions=suggestions(work, found, min_tag_score),
        hidden_suggestions=sum(s.score < min_tag_score for _, s in found),
        min_tag_score=min_tag_score,
        comparison=[(c.kind.replace("_", " "), c.tag, c.detail) for c in
                    (work.suggested_tags.comparison if work.suggested_tags else [])],  # fmt: skip
        metadata=metadata,
    )
