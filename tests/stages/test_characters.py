from tests.conftest import names_of

INN = (
    "Mara came into the inn out of the rain.\n\n"
    '"A room for the night," she said.\n\n'
    '"We\'re full," said the landlord. He wiped a glass.\n\n'
    '"Surely not," Mara said.\n\n'
    '"Full," the landlord said again. "Ask the girl."\n\n'
    '"There\'s the attic," said the girl, pointing up.\n\n'
    '"The attic it is," Mara said. The landlord shrugged.\n\n'
    '"Tea?" asked the landlord.\n'
)


def test_a_role_noun_that_speaks_is_a_character(analyse):
    work = analyse(INN)
    by_name = {c.name: c for c in work.characters}
    assert set(by_name) == {"Mara", "the landlord"}  # `the girl` is an everyday noun, not a name
    assert set(by_name["the landlord"].aliases) == {"the landlord", "The landlord"}
    assert by_name["the landlord"].gender == "male"
    speakers = names_of(work, [q.speaker for q in work.quotes])
    assert speakers[1] == speakers[3] == speakers[6] == "the landlord"


def test_a_role_noun_joins_the_one_character_named_by_it(analyse):
    text = (
        "Professor Ada Quill looked up from her notes.\n\n"
        '"Sit down," said the Professor.\n\n'
        '"Thank you," Tom said.\n\n'
        '"You are late," the Professor said. Quill frowned at him.\n'
    )
    work = analyse(text)
    quill = next(c for c in work.characters if c.name == "Professor Ada Quill")
    assert "the Professor" in quill.aliases
    assert names_of(work, [work.quotes[0].speaker, work.quotes[2].speaker]) == [quill.name, quill.name]


def test_names_wrapped_across_lines_are_found_and_tag_their_speech(analyse):
    text = (
        "Mr. Hale and Mrs. Hale sat by the fire with\nMr. Thornbury, who had come to dine.\n\n"
        '"It is very late," said Mr.\nThornbury, rising.\n\n'
        '"Not at all," said Mrs.\nHale. "Do sit down, Mr. Thornbury."\n'
    )
    work = analyse(text)
    names = names_of(work, [q.speaker for q in work.quotes])
    assert names == ["Mr. Thornbury", "Mrs. Hale"]
    thornbury = next(c for c in work.characters if c.name == "Mr. Thornbury")
    assert thornbury.mention_count == 3  # one of them split by a line break


def test_every_occurrence_of_a_character_name_is_a_mention(analyse):
    # NER alone misses some occurrences of a name (sentence-initial, lower-cased context, after a dash); the
    # character stage must still count every one, so presence and mention counts are consistent across a book.
    text = (
        "Wren packed the car before dawn. Wren always packed before dawn.\n\n"
        '"You\'re leaving," said Tobias from the porch.\n\n'
        '"Wren has to," she said. "Wren--" She stopped.\n\n'
        "Tobias watched her go. Nobody argued with Wren, not even Tobias.\n\n"
        '"Drive safe, Wren," he said.\n'
    )
    work = analyse(text)
    ids = {c.name: c.id for c in work.characters}
    assert {"Wren", "Tobias"} <= set(ids)
    names = [m for m in work.mentions if m.kind == "name"]
    for name in ("Wren", "Tobias"):
        found = [m for m in names if m.character == ids[name]]
        assert len(found) == text.count(name), name
        assert all(text[m.start : m.end] == name for m in found)


def test_whole_span_person_entities_are_cut_to_the_name():
    # The NER tags LitBank's whole person spans: the character is the name inside them.
    from ficlens.stages.characters import clean_name

    assert clean_name("Miss Wren of Larkhall") == "Miss Wren"  # not an alias `Larkhall` for a house
    assert clean_name("Duke of Orm") == "Duke of Orm"  # a title alone before `of` is the name
    assert clean_name("Mrs. Pell Mr. Dunn") == "Mrs. Pell"  # two names in one span
    assert clean_name("Poor Tobin") == "Tobin"  # `Tobin`, not a second character `Poor Tobin`
    assert clean_name("Ned's") == "Ned"
    assert clean_name("Mr. van der Hoek") == "Mr. van der Hoek"
    assert clean_name("Old Miss' School") is None and clean_name("Larkhall Hotel") is None  # places
    assert clean_name("Mrs. Hall") == "Mrs. Hall" and clean_name("Gregory House") == "Gregory House"  # surnames
    assert clean_name("Miss Jane St. Clair") == "Miss Jane St. Clair"


def test_a_wife_named_by_her_husbands_name_is_not_him():
    # `Mrs. Edwin Marsh` is Edwin Marsh's wife: his names do not join her.
    from ficlens.stages.characters import cluster_aliases

    clusters = cluster_aliases(["Mrs. Edwin Marsh", "Edwin Marsh", "Edwin", "Mrs. Marsh"])
    assert ["Edwin Marsh", "Edwin"] in clusters
    assert any("Mrs. Edwin Marsh" in c and "Mrs. Marsh" in c for c in clusters)


def test_a_bare_surname_is_not_the_woman_titled_by_it():
    from ficlens.stages.characters import cluster_aliases

    clusters = cluster_aliases(
        ["Frau Mittermeyer", "Mittermeyer", "Miss Bingley", "Bingley", "Hermione Granger", "Granger"]
    )
    assert ["Frau Mittermeyer"] in clusters and ["Mittermeyer"] in clusters and ["Miss Bingley"] in clusters
    assert ["Hermione Granger", "Granger"] in clusters


def test_a_man_named_in_full_is_not_the_mister_of_the_book():
    # `Mr. John Knightley` is named in full to tell him from `Mr. Knightley`, his brother; a woman's full name
    # (`Miss Daisy Miller`) still takes her `Miss Miller`
    from ficlens.stages.characters import cluster_aliases

    clusters = cluster_aliases(["Mr. John Knightley", "John Knightley", "Mr. Knightley", "Colonel Knightley",
                                "Miss Daisy Miller", "Miss Miller"])  # fmt: skip
    assert ["Mr. Knightley"] in clusters and ["Colonel Knightley"] in clusters
    assert ["Mr. John Knightley", "John Knightley"] in clusters
    assert ["Miss Daisy Miller", "Miss Miller"] in clusters
    # a rank and a surname, or a man's title and given name, is the one named in full
    clusters = cluster_aliases(["Commander Adaeze Okafor", "Commander Okafor", "Lord Henry Wotton", "Lord Henry"])
    assert clusters == [["Commander Adaeze Okafor", "Commander Okafor"], ["Lord Henry Wotton", "Lord Henry"]]


def test_a_title_and_a_given_name_join_the_untitled_full_name_it_starts():
    # `Lady Brenda` is `Brenda Last` (the one the text names far more often than the stray `Brenda John`); a
    # title said with surnames (`Mr. Randolph`, `Miss Ada`) or a monarch's (`King James`) stays apart, and a
    # name with its own titled full form (`Lord Henry Wotton`) is not taken by another full name
    from ficlens.stages.characters import cluster_aliases

    counts = {"Brenda Last": 40, "Brenda John": 1, "Lady Brenda": 12}
    clusters = cluster_aliases(["Brenda Last", "Brenda John", "Lady Brenda", "Ada Vale", "Miss Ada", "James Vane",
                                "King James", "Lord Henry Wotton", "Henry Ashton", "Lord Henry"],
                               frequency=lambda name: counts.get(name, 1))  # fmt: skip
    assert ["Brenda Last", "Lady Brenda"] in clusters and ["Brenda John"] in clusters
    assert ["Miss Ada"] in clusters and ["King James"] in clusters
    assert ["Lord Henry Wotton", "Lord Henry"] in clusters and ["Henry Ashton"] in clusters
    # a woman's title does not join a man's full name
    assert cluster_aliases(["Walter Elliot", "Lady Walter"]) == [["Walter Elliot"], ["Lady Walter"]]


def test_a_bare_surname_is_the_man_called_mister_by_it():
    # several could take `Denham`; narration names a man by his surname, so it is the book's `Mr. Denham`; a given
    # name (`Randolph`) is left to the full names that start with it
    from ficlens.stages.characters import cluster_aliases

    clusters = cluster_aliases(["Ralph Denham", "Charles Denham", "Mr. Denham", "Denham",
                                "Randolph Miller", "Mr. Randolph", "Randolph"], frequency=lambda name: 1)  # fmt: skip
    assert ["Mr. Denham", "Denham"] in clusters and ["Ralph Denham"] in clusters
    assert ["Randolph Miller", "Randolph"] in clusters and ["Mr. Randolph"] in clusters


def test_the_mister_is_the_one_man_named_in_full_with_his_surname():
    # `Joan Denham` is a woman, so `Mr. Denham` and `Denham` are `Ralph Denham`; with two men (`Ralph`, `Charles`)
    # or a man named `Mr. Ralph Denham` in full, the Mr. Denham could be another
    from ficlens.stages.characters import cluster_aliases

    assert ["Ralph Denham", "Mr. Denham", "Denham"] in cluster_aliases(
        ["Ralph Denham", "Joan Denham", "Mr. Denham", "Denham"]
    )
    assert ["Mr. Denham"] in cluster_aliases(["Mr. Ralph Denham", "Ralph Denham", "Joan Denham", "Mr. Denham"])


def test_one_ner_vote_for_a_common_word_of_fiction_is_no_character():
    """The NER's single PER vote for `Brandy` (a glass of it) makes no character; one for `Lionel` does."""
    from spacy.tokens import Doc

    from ficlens.model import Paragraph, Work
    from ficlens.nlp import load_pipeline
    from ficlens.stages.characters import candidate_names, in_fiction_vocabulary

    vocab = load_pipeline().vocab
    assert in_fiction_vocabulary("Brandy", vocab) and not in_fiction_vocabulary("Lionel", vocab)
    words = "He drinks a glass of Brandy and thinks of Lionel .".split()
    ents = ["O"] * 5 + ["B-PER", "O", "O", "O", "B-PER", "O"]
    doc = Doc(vocab, words=words, ents=ents)
    work = Work(text=doc.text, paragraphs=[Paragraph(start=0, end=len(doc.text))])
    work.set_transient("docs", [doc])
    assert set(candidate_names(work)) == {"Lionel"}


def test_a_man_and_a_woman_sharing_a_surname_stay_apart_whatever_the_cluster_head():
    from ficlens.stages.characters import cluster_aliases

    # a woman's title never joins a man named in full (his mother), nor a man's title a woman's titled name
    assert sorted(map(sorted, cluster_aliases(["Lady Vane", "Tobias Vane", "Tobias"]))) == [
        ["Lady Vane"], ["Tobias", "Tobias Vane"],
    ]  # fmt: skip
    assert sorted(map(sorted, cluster_aliases(["Frau Doktor Brandt", "Frau Brandt", "Herr Brandt"]))) == [
        ["Frau Brandt", "Frau Doktor Brandt"], ["Herr Brandt"],
    ]  # fmt: skip


def test_a_month_that_is_a_given_name_names_a_character(analyse):
    """`May`, `June`, `April` and `August` are given names too; the month (`in August`) is still no character."""
    text = (
        "June Harlow came home in August, when the orchard was heavy with plums.\n\n"
        '"You took your time," said May, without looking up from the jam pans.\n\n'
        '"The trains," June said. "Every one of them late."\n\n'
        "May laughed and handed her a spoon. June tasted the jam and made a face.\n\n"
        '"Too much sugar," June said.\n\n'
        '"There is no such thing," May said.\n'
    )
    work = analyse(text)
    names = {c.name for c in work.characters}
    assert {"June Harlow", "May"} <= names and "August" not in names
    speakers = names_of(work, [q.speaker for q in work.quotes])
    assert speakers == ["May", "June Harlow", "June Harlow", "May"]
