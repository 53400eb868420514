from ficlens.ingest import read_bytes


def test_title_by_author_and_note_header():
    text = (
        "Rain on the Lake\n\nby inkwell\n\nset after season 2, AU, spoilers for the finale\n\n"
        '"Hello," she says.\n\nHe waves back.\n'
    )
    work = read_bytes(text.encode())
    assert work.metadata.title == "Rain on the Lake"
    assert work.metadata.authors == ["inkwell"]
    assert work.metadata.notes == ["set after season 2, AU, spoilers for the finale"]
    assert work.text.startswith('"Hello," she says.')
    assert "season 2" not in work.text


def test_first_story_paragraph_is_not_taken_for_a_note():
    text = "Rain on the Lake\n\nby inkwell\n\nThe lake was grey that morning.\n\nHe waves back.\n"
    work = read_bytes(text.encode())
    assert work.metadata.notes == []
    assert work.text.startswith("The lake was grey")


def test_separator_ends_the_notes():
    text = "Title Here\n\nby someone\n\nFor my sister.\n\nThanks to my beta.\n\n***\n\nThe story starts.\n\nMore.\n"
    work = read_bytes(text.encode())
    assert work.metadata.notes == ["For my sister.", "Thanks to my beta."]
    assert work.text.startswith("The story starts.")


def test_key_value_header():
    text = (
        "Title: Salt and Iron\nAuthor: penpoint, quill\nFandom: Original Work\nRating: Teen And Up Audiences\n"
        "Relationships: Ana/Bea\nSummary: Two sailors\nand a storm.\n\nThe ship leaves at dawn.\n"
    )
    work = read_bytes(text.encode())
    meta = work.metadata
    assert meta.title == "Salt and Iron"
    assert meta.authors == ["penpoint", "quill"]
    assert meta.fandoms == ["Original Work"]
    assert meta.rating == "Teen And Up Audiences"
    assert meta.relationships == ["Ana/Bea"]
    assert meta.summary == "Two sailors and a storm."
    assert work.text == "The ship leaves at dawn.\n"


def test_no_header_means_all_story():
    text = "It rains.\n\nIt rains again.\n\nThen it stops.\n"
    work = read_bytes(text.encode())
    assert work.metadata.title is None and work.text == text
