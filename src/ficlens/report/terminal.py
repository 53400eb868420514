"""The terminal report (rich). Story text is passed as Text objects, never as markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ficlens.model import Work
from ficlens.options import DEFAULT_MIN_TAG_SCORE

MAX_DIALOGUE_CHARS = 160
DEFAULT_LOW_CONFIDENCE = 0.5  # speakers below this are marked as uncertain


def dialogue_share(work: Work) -> float:
    spoken = sum(p.end - p.start for q in work.quotes if q.kind == "speech" for p in q.parts)
    return spoken / max(1, len(work.text.strip()))


def header(work: Work) -> Group:
    meta = work.metadata
    words = len(work.text.split())
    lines = [
        Text(meta.title or "(untitled)", style="bold"),
        Text("by " + (", ".join(meta.authors) or "unknown author")),
    ]
    lines += [Text("Note: " + note, style="italic") for note in meta.notes]
    lines += [Text("Reader warning: " + problem, style="yellow") for problem in meta.problems]
    lines.append(Text(f"{words:,} words · {len(work.quotes)} quotations · {dialogue_share(work):.0%} dialogue"))
    return Group(*lines)


def characters_table(work: Work) -> Table:
    table = Table(title="Characters", title_justify="left")
    for column in ("name", "aliases", "gender", "presence", "quotes", "mentions"):
        table.add_column(column, justify="right" if column in ("quotes", "mentions") else "left")
    for c in work.characters:
        aliases = ", ".join(a for a in c.aliases if a != c.name)
        table.add_row(Text(c.name), Text(aliases), c.gender, c.presence, str(c.quote_count), str(c.mention_count))
    return table


def narrative_line(work: Work) -> Text:
    n = work.narrative
    if n is None:
        return Text("Narrative: not analysed")
    pov = work.character(n.pov)
    shares = ", ".join(f"{t} {s:.0%}" for t, s in n.tense_shares.items())
    return Text(
        f"Narrative: {n.person or '?'} person, {n.tense or '?'} tense ({shares}); POV: {pov.name if pov else 'none'}"
    )


def dialogue_lines(work: Work, low_confidence: float) -> list[Text]:
    names = {c.id: c.name for c in work.characters}
    lines = []
    for quote in work.quotes:
        speaker = names.get(quote.speaker, "?")
        addressees = ", ".join(names.get(a, "?") for a in quote.addressees) or "?"
        words = " … ".join(work.span_text(p) for p in quote.parts)
        if len(words) > MAX_DIALOGUE_CHARS:
            words = words[: MAX_DIALOGUE_CHARS - 1] + "…"
        line = Text()
        line.append(f"{speaker} → {addressees}", style="bold cyan" if quote.kind == "speech" else "bold magenta")
        line.append(": ")
        line.append(f"“{words}”" if quote.kind == "speech" else f"({words})")
        if quote.confidence < low_confidence:
            line.append(f"  ? {quote.method} {quote.confidence:.2f}", style="yellow")
        lines.append(line)
    return lines


MAX_EVIDENCE_CHARS = 140


def evidence_line(work: Work, span) -> Text:
    words = " ".join(work.span_text(span).split())
    if len(words) > MAX_EVIDENCE_CHARS:
        words = words[: MAX_EVIDENCE_CHARS - 1] + "…"
    return Text("      “" + words + "”", style="dim")


def tag_lines(work: Work, min_score: float = DEFAULT_MIN_TAG_SCORE) -> list[Text]:
    """Suggested tags scoring at least `min_score`, with up to two evidence lines (and how many scored lower);
    then where the author's tags disagree."""
    tags = work.suggested_tags
    if tags is None:
        return []
    groups = [("Rating", [tags.rating] if tags.rating else []), ("Archive warnings", tags.archive_warnings),
              ("Categories", tags.categories), ("Characters", tags.characters),
              ("Relationships", tags.relationships), ("Setting", tags.setting)]  # fmt: skip
    lines, hidden = [Text("Suggested tags", style="bold")], 0
    for title, found in groups:
        suggestions = [s for s in found if s.score >= min_score]
        hidden += len(found) - len(suggestions)
        if not suggestions:
            continue
        lines.append(Text(f"  {title}:", style="bold"))
        for suggestion in suggestions:
            line = Text(f"    {suggestion.tag}")
            line.append(f"  {suggestion.score:.2f}", style="green" if suggestion.score >= 0.6 else "yellow")
            if suggestion.note:
                line.append(f"  ({suggestion.note})", style="italic")
            lines.append(line)
            lines += [evidence_line(work, span) for span in suggestion.evidence[:2]]
    if hidden:
        lines.append(Text(f"  {hidden} more below {min_score:.2f} (--min-tag-score 0 shows them)", style="dim"))
    if tags.comparison:
        lines.append(Text("  Compared with the author's tags:", style="bold"))
        lines += [
            Text(f"    {c.kind.replace('_', ' ')}: {c.tag} ({c.detail})", style="yellow") for c in tags.comparison
        ]
    return lines


def render(
    work: Work,
    console: Console,
    low_confidence: float = DEFAULT_LOW_CONFIDENCE,
    min_tag_score: float = DEFAULT_MIN_TAG_SCORE,
) -> None:
    console.print(header(work))
    console.print()
    console.print(characters_table(work))
    console.print(narrative_line(work))
    console.print()
    for line in tag_lines(work, min_tag_score):
        console.print(line)
    console.print()
    console.print(Text("Dialogue", style="bold"))
    for line in dialogue_lines(work, low_confidence):
        console.print(line)
