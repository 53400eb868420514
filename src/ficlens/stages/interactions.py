"""Who interacts with whom: for each ordered pair of characters, the quotations one addresses to the other, the
mentions of the other in what one says, narration sentences naming both, and scenes both are present in.
Counted from the quotes, mentions and scenes; no model."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from itertools import permutations

from ficlens.model import Interaction, Work
from ficlens.options import AnalysisOptions
from ficlens.pipeline import Stage, StageSettings

Pair = tuple[str, str]


def count_interactions(work: Work, options: AnalysisOptions, settings: StageSettings) -> None:
    addressed: Counter[Pair] = Counter()
    in_speech: Counter[Pair] = Counter()
    quote_starts = [q.start for q in work.quotes]
    for quote in work.quotes:
        if quote.speaker:
            addressed.update((quote.speaker, a) for a in quote.addressees if a != quote.speaker)
    for mention in work.mentions:
        if not (mention.in_quote and mention.character):
            continue
        i = bisect_right(quote_starts, mention.start) - 1
        speaker = work.quotes[i].speaker if i >= 0 and mention.start < work.quotes[i].end else None
        if speaker and speaker != mention.character:
            in_speech[speaker, mention.character] += 1
    narration = co_occurrences(work, [s.start for s in work.sentences], narration_only=True)
    scenes = co_occurrences(work, [s.start for s in work.scenes], narration_only=False)
    order = {c.id: i for i, c in enumerate(work.characters)}
    pairs = sorted({*addressed, *in_speech, *narration, *scenes}, key=lambda p: (order[p[0]], order[p[1]]))
    work.interactions = [
        Interaction(
            source=a, target=b, addressed=addressed[a, b], mentions_in_speech=in_speech[a, b],
            mentions_in_narration=narration[a, b], shared_scenes=scenes[a, b],
        )
        for a, b in pairs
    ]  # fmt: skip


def co_occurrences(work: Work, starts: list[int], narration_only: bool) -> Counter[Pair]:
    """Ordered pairs of characters found together in the same unit (a sentence or scene starting at `starts`):
    narrated there, or, for scenes, also speaking or addressed there."""
    present: dict[int, set[str]] = {}
    known = {c.id for c in work.characters}

    def add(position: int, character: str | None) -> None:
        unit = bisect_right(starts, position) - 1
        if unit >= 0 and character in known:
            present.setdefault(unit, set()).add(character)

    for mention in work.mentions:
        if not mention.in_quote:
            add(mention.start, mention.character)
    if not narration_only:
        for quote in work.quotes:
            for character in [quote.speaker, *quote.addressees]:
                add(quote.start, character)
    together: Counter[Pair] = Counter()
    for characters in present.values():
        together.update(permutations(sorted(characters), 2))
    return together


STAGE = Stage(
    "interactions",
    reads=("quotes", "characters", "mentions", "sentences", "scenes"),
    writes=("interactions",),
    run=count_interactions,
    description="who talks to and about whom",
)
