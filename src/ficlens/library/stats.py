"""Reading statistics over the whole library, computed from the files on the reader's machine."""

from __future__ import annotations

import sqlite3

from pydantic import BaseModel

TOP = 15


class Count(BaseModel):
    value: str
    works: int
    words: int = 0


class LibraryStats(BaseModel):
    works: int
    words: int
    analysed: int
    failures: int
    words_by_fandom: list[Count]
    ships_author: list[Count]
    ships_found: list[Count]
    characters_author: list[Count]
    characters_found: list[Count]
    ratings: list[Count]
    person: list[Count]
    tense: list[Count]
    per_year: list[Count]


def counts(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[Count]:
    return [Count(value=str(row[0]), works=row[1], words=row[2] if len(row) > 2 else 0)
            for row in conn.execute(sql, params)]  # fmt: skip


def tag_counts(conn: sqlite3.Connection, origin: str, kind: str) -> list[Count]:
    return counts(conn, "SELECT t.tag, COUNT(*), SUM(w.words) FROM tags t JOIN works w ON w.id = t.work_id "
                        "WHERE t.origin = ? AND t.kind = ? GROUP BY t.tag ORDER BY 2 DESC, 3 DESC, 1 LIMIT ?",
                  (origin, kind, TOP))  # fmt: skip


def library_stats(conn: sqlite3.Connection) -> LibraryStats:
    works, words, analysed = conn.execute("SELECT COUNT(*), COALESCE(SUM(words), 0), COALESCE(SUM(analysed), 0) "
                                          "FROM works").fetchone()  # fmt: skip
    return LibraryStats(
        works=works,
        words=words,
        analysed=analysed,
        failures=conn.execute("SELECT COUNT(*) FROM import_failures").fetchone()[0],
        words_by_fandom=counts(conn, "SELECT t.tag, COUNT(*), SUM(w.words) FROM tags t JOIN works w ON w.id = "
                               "t.work_id WHERE t.origin = 'author' AND t.kind = 'fandom' GROUP BY t.tag "
                               "ORDER BY 3 DESC, 1 LIMIT ?", (TOP,)),  # fmt: skip
        ships_author=tag_counts(conn, "author", "relationship"),
        ships_found=tag_counts(conn, "ficlens", "relationship"),
        characters_author=tag_counts(conn, "author", "character"),
        characters_found=counts(
            conn,
            "SELECT c.name, COUNT(DISTINCT c.work_id), SUM(c.quotes) FROM characters c WHERE c.quotes > 0 "
            "GROUP BY c.name ORDER BY 2 DESC, 3 DESC, 1 LIMIT ?",
            (TOP,),
        ),
        ratings=counts(conn, "SELECT COALESCE(rating, 'Not rated'), COUNT(*), SUM(words) FROM works GROUP BY 1 "
                       "ORDER BY 2 DESC, 1"),  # fmt: skip
        person=counts(conn, "SELECT person || ' person', COUNT(*), SUM(words) FROM works WHERE person IS NOT NULL "
                      "GROUP BY person ORDER BY 2 DESC"),  # fmt: skip
        tense=counts(conn, "SELECT tense || ' tense', COUNT(*), SUM(words) FROM works WHERE tense IS NOT NULL "
                     "GROUP BY tense ORDER BY 2 DESC"),  # fmt: skip
        per_year=counts(conn, "SELECT substr(COALESCE(published, updated), 1, 4) AS year, COUNT(*), SUM(words) "
                        "FROM works WHERE year IS NOT NULL GROUP BY year ORDER BY year"),  # fmt: skip
    )
