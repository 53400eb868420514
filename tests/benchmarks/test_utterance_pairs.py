"""The utterance-pair table tells joins across two gold speakers from joins of one speaker's pieces and from splits."""

from benchmarks.utterance_pairs import pair_kinds
from ficlens import analyze_work
from ficlens.evaluate.metrics import GoldQuote
from ficlens.evaluate.pdnc import Novel
from ficlens.model import Quote, Span, Work


def gold(text: str, piece: str, speaker: str) -> GoldQuote:
    start = text.index(piece)
    return GoldQuote(pieces=((start, start + len(piece)),), speaker=speaker)


def test_pieces_of_two_speakers_and_of_one_are_told_apart():
    text = (
        '"Is the ferry late again?" asked Orla. "By an hour," said Tamsin.\n\n'
        '"Then we walk," Orla said, "and we take the long road."\n'
    )
    pieces = [("Is the ferry late again?", "Orla"), ("By an hour,", "Tamsin"), ("Then we walk,", "Orla"),
              ("and we take the long road.", "Orla")]  # fmt: skip
    novel = Novel("Ferry", text, [], [gold(text, piece, speaker) for piece, speaker in pieces])
    counts = pair_kinds(novel, analyze_work(Work(text=text), ["structure", "quotes"]))
    assert counts["joined, one speaker"] == 1  # Orla's two pieces around her tag
    assert counts["split, two speakers"] == 1  # the question and Tamsin's answer
    assert sum(counts.values()) == 2  # no pair across the paragraph break


def test_one_utterance_holding_two_speakers_pieces_is_a_join_across_speakers():
    text = '"Wait," Orla said, and Tamsin shrugged. "Fine."\n'
    pieces = [("Wait,", "Orla"), ("Fine.", "Tamsin")]
    novel = Novel("Ferry", text, [], [gold(text, piece, speaker) for piece, speaker in pieces])
    parts = [Span(start=g.pieces[0][0], end=g.pieces[0][1]) for g in novel.quotes]
    joined = Quote(id="Q1", start=parts[0].start, end=parts[1].end, parts=parts, paragraph=0)
    assert pair_kinds(novel, Work(text=text, quotes=[joined])) == {"joined, two speakers": 1}
