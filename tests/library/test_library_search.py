"""Search: ranked full text with snippets, filters (author's tags and ficlens's findings apart), facets, stats."""

from __future__ import annotations

import pytest

from benchmarks.library_corpus import GeneratedWork, fanficfare_text
from ficlens.library import Library, SearchQuery
from ficlens.library.search import SNIPPET_END, SNIPPET_START, fts_expression


def story(index: int, **changes) -> GeneratedWork:
    base = dict(
        title=f"Story {index}", author=f"author{index}", fandom="Harbour Lights (TV)",
        characters=["Mira Okafor", "Jonah Reyes"], relationships=["Mira Okafor/Jonah Reyes"],
        rating="Teen And Up Audiences", warnings=["No Archive Warnings Apply"], tags=["Fluff"], language="English",
        work_id=500 + index, complete=True, published="2021-03-04",
        chapters=[f'"Jonah, the tide is in," Mira Okafor said.\n\nJonah Reyes laughed. Filler words {index}.'],
    )  # fmt: skip
    base.update(changes)
    return GeneratedWork(**base)


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    works = [
        story(1, title="The Lighthouse Keeper", chapters=["Mira Okafor climbed the stairs. Nothing about keepers."]),
        story(2, chapters=["A keeper of bees. " + "Plain words here. " * 40]),
        story(3, fandom="The Glass Orchard", characters=["Ilse Brandt", "Corin Vale"],
              relationships=["Corin Vale/Ilse Brandt"], rating="Explicit", warnings=["Major Character Death"],
              language="Deutsch", complete=False, chapters=["Ilse Brandt sah das Glas. " * 300]),
        story(4, relationships=["Jonah Reyes & Teddy Marsh"], characters=["Jonah Reyes"], tags=["Angst"],
              chapters=['"Teddy, wait," Jonah Reyes said.\n\n"No," Teddy Marsh said. "Not tonight, Jonah."']),
    ]  # fmt: skip
    for index, work in enumerate(works):
        (folder / f"w{index}.txt").write_text(fanficfare_text(work), encoding="utf-8")
    db = tmp_path_factory.mktemp("db") / "l.db"
    library = Library.open(db)
    library.add([folder])  # analysed: ficlens finds Teddy Marsh speaking in story 4, whom the author did not tag
    yield library
    library.close()


def titles(result) -> list[str]:
    return [hit.title for hit in result.hits]


def test_full_text_search_is_ranked_and_has_snippets(searchable):
    result = searchable.search(SearchQuery(text="keeper"))
    assert titles(result)[0] == "The Lighthouse Keeper"  # a title match outranks a match in the text
    assert set(titles(result)) == {"The Lighthouse Keeper", "Story 2"}
    snippet = result.hits[1].snippet
    assert f"{SNIPPET_START}keeper{SNIPPET_END}" in snippet.lower()
    assert searchable.search(SearchQuery(text="Fluff")).total == 3  # tags are searched too
    assert titles(searchable.search(SearchQuery(text='"plain words here"'))) == ["Story 2"]  # a phrase
    assert searchable.search(SearchQuery(text='"words plain"')).total == 0


@pytest.mark.parametrize("text", ['"', "AND OR NOT", "(", "col:umn", "*", "NEAR(a b)", "a'b", "\x00"])
def test_search_syntax_in_user_text_is_taken_literally(searchable, text):
    searchable.search(SearchQuery(text=text))  # no FTS5 syntax error
    assert fts_expression("tide OR keeper") == '"tide" AND "OR" AND "keeper"'


def test_a_character_the_author_did_not_tag_but_who_speaks_is_findable(searchable):
    assert searchable.search(SearchQuery(characters=["Teddy Marsh"])).total == 0
    found = searchable.search(SearchQuery(found_characters=["Teddy Marsh"]))
    assert titles(found) == ["Story 4"]


def test_ship_filters_pair_in_any_order_and_any_ship_with_a_character(searchable):
    assert set(titles(searchable.search(SearchQuery(ships=["Jonah Reyes/Mira Okafor"])))) == {
        "The Lighthouse Keeper", "Story 2"}  # fmt: skip
    with_jonah = searchable.search(SearchQuery(ships=["jonah reyes"], ship_origin="author"))
    assert set(titles(with_jonah)) == {"The Lighthouse Keeper", "Story 2", "Story 4"}
    assert titles(searchable.search(SearchQuery(ships=["Teddy Marsh & Jonah Reyes"]))) == ["Story 4"]


def test_filters_rating_warnings_words_language_complete(searchable):
    assert titles(searchable.search(SearchQuery(ratings=["Explicit"]))) == ["Story 3"]
    assert "Story 3" not in titles(searchable.search(SearchQuery(exclude_warnings=["Major Character Death"])))
    assert searchable.search(SearchQuery(exclude_warnings=["Major Character Death"])).total == 3
    assert titles(searchable.search(SearchQuery(words_min=1000))) == ["Story 3"]
    assert "Story 3" not in titles(searchable.search(SearchQuery(words_max=999)))
    assert titles(searchable.search(SearchQuery(language="deutsch"))) == ["Story 3"]
    assert titles(searchable.search(SearchQuery(complete=False))) == ["Story 3"]
    assert searchable.search(SearchQuery(fandoms=["The Glass Orchard"], complete=True)).total == 0
    combined = SearchQuery(text="Jonah", fandoms=["Harbour Lights (TV)"], tags=["Angst"])
    assert titles(searchable.search(combined)) == ["Story 4"]


def test_facets_count_the_matching_works_with_author_and_ficlens_apart(searchable):
    facets = searchable.search(SearchQuery(fandoms=["Harbour Lights (TV)"])).facets
    assert {f.value: f.count for f in facets["author:fandom"]} == {"Harbour Lights (TV)": 3}
    assert {f.value: f.count for f in facets["author:rating"]} == {"Teen And Up Audiences": 3}
    assert "Teddy Marsh" in {f.value for f in facets["found:character"]}
    assert "Teddy Marsh" not in {f.value for f in facets["author:character"]}
    assert {f.value: f.count for f in facets["work:complete"]} == {"complete": 3}


def test_stats(searchable):
    stats = searchable.stats()
    assert stats.works == 4 and stats.analysed == 4
    assert stats.words_by_fandom[0].value == "The Glass Orchard"  # the most words
    assert {c.value: c.works for c in stats.ratings} == {"Teen And Up Audiences": 3, "Explicit": 1}
    assert stats.per_year == [type(stats.per_year[0])(value="2021", works=4, words=stats.words)]
    assert any(c.value == "Teddy Marsh" for c in stats.characters_found)
    assert stats.tense and sum(t.works for t in stats.tense) <= 4


def test_facet_counts_follow_changes_to_the_library(library, tmp_path):
    (tmp_path / "a.txt").write_text(fanficfare_text(story(1)), encoding="utf-8")
    (tmp_path / "b.txt").write_text(fanficfare_text(story(2, fandom="The Glass Orchard")), encoding="utf-8")
    library.add([tmp_path / "a.txt"], analyse=False)
    assert {f.value: f.count for f in library.search().facets["author:fandom"]} == {"Harbour Lights (TV)": 1}
    with Library.open(library.path) as other:  # another connection (the web app reads while `add` writes)
        other.add([tmp_path / "b.txt"], analyse=False)
    assert {f.value: f.count for f in library.search().facets["author:fandom"]} == {
        "Harbour Lights (TV)": 1, "The Glass Orchard": 1}  # fmt: skip
    library.remove(1)
    assert {f.value: f.count for f in library.search().facets["author:fandom"]} == {"The Glass Orchard": 1}
