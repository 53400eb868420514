"""Search: FTS5 over title, authors, summary, notes, tags and story text (ranked, with snippets), filters over
every tag kind with the author's tags and ficlens's findings kept apart, and facet counts for the result set."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ficlens.library.store import ship_key, ship_members

SNIPPET_START, SNIPPET_END = "\x02", "\x03"  # around matched words in a snippet; the web page makes them <mark>
FTS_WEIGHTS = (10.0, 6.0, 3.0, 2.0, 4.0, 1.0)  # title, authors, summary, notes, tags, text
FACET_SIZE = 12
QUERY_TOKEN = re.compile(r'"([^"]+)"|(\S+)')
Sort = Literal["relevance", "updated", "words", "title", "added"]
ShipOrigin = Literal["any", "author", "ficlens"]


class SearchQuery(BaseModel):
    """A search: free text plus filters; list filters must all hold (a work tagged with every fandom given)."""

    model_config = ConfigDict(extra="forbid")

    text: str = ""
    fandoms: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list, description="The author's (or the reader's) tags of any kind")
    characters: list[str] = Field(default_factory=list, description="Characters the author tagged")
    found_characters: list[str] = Field(default_factory=list, description="Characters ficlens found in the text")
    suggested: list[str] = Field(default_factory=list, description="Tags ficlens suggests (any kind)")
    ships: list[str] = Field(default_factory=list, description="`A/B` (that pair, any order) or `A` (any ship with A)")
    ship_origin: ShipOrigin = "any"
    ratings: list[str] = Field(default_factory=list, description="Any of these ratings")
    exclude_warnings: list[str] = Field(default_factory=list, description="None of these archive warnings")
    language: str | None = None
    complete: bool | None = None
    words_min: int | None = Field(None, ge=0)
    words_max: int | None = Field(None, ge=0)
    sort: Sort = "relevance"
    limit: int = Field(20, ge=1, le=500)
    offset: int = Field(0, ge=0)


class Hit(BaseModel):
    id: int
    title: str | None
    authors: list[str]
    summary: str | None
    rating: str | None
    words: int
    chapters: int
    chapters_planned: int | None
    complete: bool | None
    updated: str | None
    language: str | None
    fandoms: list[str]
    relationships: list[str]
    snippet: str | None = None


class FacetValue(BaseModel):
    value: str
    count: int


class SearchResult(BaseModel):
    query: SearchQuery
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]


def fts_expression(text: str) -> str | None:
    """User text as an FTS5 query: every word (or "quoted phrase") must occur; FTS syntax in it is taken literally."""
    terms = []
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    for phrase, word in QUERY_TOKEN.findall(text):
        term = (phrase or word).replace('"', "")
        if term.strip():
            terms.append('"' + term + '"')
    return " AND ".join(terms) or None


def filter_clauses(query: SearchQuery) -> tuple[list[str], list]:
    clauses: list[str] = []
    params: list = []

    def tag_clause(origin_sql: str, kind: str | None, value: str) -> None:
        kind_sql = " AND kind = ?" if kind else ""
        clauses.append(f"w.id IN (SELECT work_id FROM tags WHERE {origin_sql}{kind_sql} AND tag = ?)")
        params.extend(([kind] if kind else []) + [value])

    for fandom in query.fandoms:
        tag_clause("origin = 'author'", "fandom", fandom)
    for tag in query.tags:
        tag_clause("origin IN ('author', 'user')", None, tag)
    for character in query.characters:
        tag_clause("origin = 'author'", "character", character)
    for tag in query.suggested:
        tag_clause("origin = 'ficlens'", None, tag)
    for character in query.found_characters:
        clauses.append("w.id IN (SELECT work_id FROM characters WHERE name = ?)")
        params.append(character)
    origin_sql = "" if query.ship_origin == "any" else " AND origin = ?"
    origin_params = [] if query.ship_origin == "any" else [query.ship_origin]
    for ship in query.ships:
        members = ship_members(ship)
        if len(members) >= 2:
            clauses.append(f"w.id IN (SELECT work_id FROM ship_members WHERE ship_key = ?{origin_sql})")
            params += [ship_key(members), *origin_params]
        elif members:
            clauses.append(f"w.id IN (SELECT work_id FROM ship_members WHERE member = ?{origin_sql})")
            params += [members[0], *origin_params]
    if query.ratings:
        clauses.append(f"w.rating COLLATE NOCASE IN ({', '.join('?' * len(query.ratings))})")
        params += query.ratings
    if query.exclude_warnings:
        marks = ", ".join("?" * len(query.exclude_warnings))
        clauses.append(f"w.id NOT IN (SELECT work_id FROM tags WHERE origin = 'author' AND kind = 'warning' "
                       f"AND tag IN ({marks}))")  # fmt: skip
        params += query.exclude_warnings
    if query.language:
        clauses.append("w.language = ? COLLATE NOCASE")
        params.append(query.language)
    if query.complete is not None:
        clauses.append("w.complete = ?")
        params.append(int(query.complete))
    if query.words_min is not None:
        clauses.append("w.words >= ?")
        params.append(query.words_min)
    if query.words_max is not None:
        clauses.append("w.words <= ?")
        params.append(query.words_max)
    return clauses, params


ORDER = {
    "updated": "COALESCE(w.updated, w.published, '') DESC, w.id",
    "words": "w.words DESC, w.id",
    "title": "w.title COLLATE NOCASE, w.id",
    "added": "w.id DESC",
}


def matching_sql(query: SearchQuery) -> tuple[str, list, bool]:
    """SQL selecting (id, rank) of every matching work, its parameters, and whether it is ranked by text."""
    clauses, params = filter_clauses(query)
    expression = fts_expression(query.text)
    if expression:
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        source = (f"works w JOIN (SELECT rowid AS id, bm25(works_fts, {weights}) AS rank FROM works_fts "
                  "WHERE works_fts MATCH ?) hits ON hits.id = w.id")  # fmt: skip
        params = [expression, *params]
        rank = "hits.rank"
    else:
        source, rank = "works w", "0"
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return f"SELECT w.id AS id, {rank} AS rank FROM {source}{where}", params, bool(expression)


def search(conn: sqlite3.Connection, query: SearchQuery, facets: bool = True) -> SearchResult:
    matches, params, ranked = matching_sql(query)
    total = conn.execute(f"SELECT COUNT(*) FROM ({matches})", params).fetchone()[0]
    order = "m.rank, w.id" if query.sort == "relevance" and ranked else ORDER.get(query.sort, ORDER["updated"])
    rows = conn.execute(
        f"SELECT w.* FROM ({matches}) m JOIN works w ON w.id = m.id ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, query.limit, query.offset],
    ).fetchall()
    snippets = page_snippets(conn, query, [row["id"] for row in rows]) if ranked else {}
    hits = [hit_from_row(conn, row, snippets.get(row["id"])) for row in rows]
    facet_values = facet_counts(conn, matches, params) if facets else {}
    return SearchResult(query=query, total=total, hits=hits, facets=facet_values)


def page_snippets(conn: sqlite3.Connection, query: SearchQuery, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT rowid, snippet(works_fts, -1, ?, ?, '…', 24) FROM works_fts WHERE works_fts MATCH ? "
        f"AND rowid IN ({marks})",
        [SNIPPET_START, SNIPPET_END, fts_expression(query.text), *ids],
    )
    return {row[0]: row[1] for row in rows}


def hit_from_row(conn: sqlite3.Connection, row: sqlite3.Row, snippet: str | None) -> Hit:
    tags = conn.execute("SELECT kind, tag FROM tags WHERE work_id = ? AND origin = 'author' "
                        "AND kind IN ('fandom', 'relationship')", (row["id"],)).fetchall()  # fmt: skip
    return Hit(
        id=row["id"], title=row["title"], authors=json.loads(row["authors"]), summary=row["summary"],
        rating=row["rating"], words=row["words"], chapters=row["chapters"], chapters_planned=row["chapters_planned"],
        complete=None if row["complete"] is None else bool(row["complete"]), updated=row["updated"] or row["published"],
        language=row["language"], fandoms=[t for k, t in tags if k == "fandom"],
        relationships=[t for k, t in tags if k == "relationship"], snippet=snippet,
    )  # fmt: skip


FACET_LABELS = {
    "author:fandom": "Fandoms",
    "author:rating": "Ratings",
    "author:warning": "Archive warnings",
    "author:relationship": "Relationships (author)",
    "ficlens:relationship": "Relationships (ficlens found)",
    "author:character": "Characters (author)",
    "found:character": "Characters who speak (ficlens found)",
    "ficlens:warning": "Warnings (ficlens suggests)",
    "author:freeform": "Additional tags",
    "user:user": "Your tags",
    "work:language": "Language",
    "work:complete": "Status",
}


def facet_counts(conn: sqlite3.Connection, matches: str, params: list) -> dict[str, list[FacetValue]]:
    """Top values per facet over the works that match, one grouped query per table."""
    facets: dict[str, list[FacetValue]] = {key: [] for key in FACET_LABELS}
    conn.execute("DROP TABLE IF EXISTS temp.matched")
    conn.execute(f"CREATE TEMP TABLE matched AS SELECT id FROM ({matches})", params)
    try:
        rows = conn.execute(
            "SELECT origin, kind, tag, n FROM (SELECT origin, kind, tag, COUNT(*) AS n, ROW_NUMBER() OVER "
            "(PARTITION BY origin, kind ORDER BY COUNT(*) DESC, tag) AS r FROM tags "
            "WHERE work_id IN (SELECT id FROM temp.matched) GROUP BY origin, kind, tag) WHERE r <= ? "
            "ORDER BY origin, kind, n DESC, tag",
            (FACET_SIZE,),
        )
        for origin, kind, tag, count in rows:
            key = f"{origin}:{kind}"
            if key in facets:
                facets[key].append(FacetValue(value=tag, count=count))
        rows = conn.execute(
            "SELECT name, COUNT(DISTINCT work_id) AS n FROM characters WHERE quotes > 0 AND work_id IN "
            "(SELECT id FROM temp.matched) GROUP BY name ORDER BY n DESC, name LIMIT ?",
            (FACET_SIZE,),
        )
        facets["found:character"] = [FacetValue(value=name, count=n) for name, n in rows]
        rows = conn.execute(
            "SELECT language, COUNT(*) FROM works WHERE id IN (SELECT id FROM temp.matched) "
            "AND language IS NOT NULL GROUP BY language ORDER BY 2 DESC LIMIT ?",
            (FACET_SIZE,),
        )
        facets["work:language"] = [FacetValue(value=v, count=n) for v, n in rows]
        rows = conn.execute("SELECT complete, COUNT(*) FROM works WHERE id IN (SELECT id FROM temp.matched) "
                            "AND complete IS NOT NULL GROUP BY complete ORDER BY complete DESC")  # fmt: skip
        facets["work:complete"] = [FacetValue(value="complete" if v else "in progress", count=n) for v, n in rows]
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.matched")
    return facets
