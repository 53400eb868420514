from ficlens.model import Character, Interaction, Mention, Quote, Scene, Sentence, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import StageSettings
from ficlens.stages.interactions import count_interactions


def pair(work, source, target) -> Interaction:
    return next(i for i in work.interactions if (i.source, i.target) == (source, target))


def test_counts_from_hand_built_layers():
    text = '"Bo, you told Cy," Al says. Al looks at Bo.\n\n***\n\nCy waits. Dee is far away.'
    work = Work(
        text=text,
        characters=[Character(id=c, name=c) for c in ("A", "B", "C", "D")],
        quotes=[Quote(id="Q0", start=1, end=17, paragraph=0, speaker="A", addressees=["B"])],
        mentions=[
            Mention(start=1, end=3, character="B", in_quote=True),
            Mention(start=14, end=16, character="C", in_quote=True),
            Mention(start=19, end=21, character="A"),
            Mention(start=28, end=30, character="A"),
            Mention(start=40, end=42, character="B"),
            Mention(start=51, end=53, character="C"),
            Mention(start=61, end=64, character="D"),
        ],
        sentences=[Sentence(start=0, end=27, paragraph=0), Sentence(start=28, end=43, paragraph=0),
                   Sentence(start=51, end=60, paragraph=1), Sentence(start=61, end=76, paragraph=1)],
        scenes=[Scene(start=0, end=43), Scene(start=51, end=76)],
    )  # fmt: skip
    count_interactions(work, AnalysisOptions(), StageSettings())
    a_to_b = pair(work, "A", "B")
    assert (a_to_b.addressed, a_to_b.mentions_in_speech, a_to_b.mentions_in_narration, a_to_b.shared_scenes) == (
        1, 1, 1, 1,
    )  # fmt: skip
    b_to_a = pair(work, "B", "A")
    assert (b_to_a.addressed, b_to_a.mentions_in_speech, b_to_a.mentions_in_narration) == (0, 0, 1)
    assert pair(work, "A", "C").mentions_in_speech == 1 and pair(work, "A", "C").shared_scenes == 0
    assert pair(work, "C", "D").shared_scenes == 1 and pair(work, "C", "D").mentions_in_narration == 0
    assert all(i.source != i.target for i in work.interactions)


def test_analysis_counts_who_talks_to_whom(analyse):
    work = analyse('"Kit, come here," Ada says.\n\n"Why, Ada?" Kit asks.\n\n"Because," Ada says.\n')
    ids = {c.name: c.id for c in work.characters}
    ada_to_kit = pair(work, ids["Ada"], ids["Kit"])
    assert ada_to_kit.addressed >= 1 and ada_to_kit.mentions_in_speech == 1 and ada_to_kit.shared_scenes == 1
    assert pair(work, ids["Kit"], ids["Ada"]).mentions_in_speech == 1
