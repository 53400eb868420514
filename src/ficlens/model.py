"""The document model: one `Work` that every stage reads and extends.

Every annotation is stand-off: `start`/`end` are character offsets into `Work.text`
(end exclusive). Bump SCHEMA_VERSION when a field changes meaning or is removed.
"""

from __future__ import annotations

import json
import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_VERSION = "1.3"

Gender = Literal["male", "female", "nonbinary", "unknown"]
Profile = Literal["accurate", "fast"]  # which spaCy heads parse the text (ficlens.nlp)
DEFAULT_PROFILE: Profile = "accurate"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Record):
    start: int = Field(ge=0, description="Offset of the first character in Work.text")
    end: int = Field(ge=0, description="Offset after the last character (exclusive)")


class SeriesPart(Record):
    name: str
    part: int | None = None
    url: str | None = None


class Metadata(Record):
    """What the file says about the work (never inferred by analysis): the archive's typed tags and stats."""

    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    summary: str | None = None
    notes: list[str] = Field(default_factory=list, description="Author's notes, never part of the story text")
    rating: str | None = None
    archive_warnings: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list, description="AO3 categories: F/M, M/M, Gen, ...")
    fandoms: list[str] = Field(default_factory=list)
    relationships: list[str] = Field(default_factory=list)
    characters: list[str] = Field(default_factory=list)
    freeform_tags: list[str] = Field(default_factory=list, description="Additional tags")
    other_tags: dict[str, list[str]] = Field(
        default_factory=dict, description="Labelled values with no field of their own (e.g. FanFicFare's Genre)"
    )
    language: str | None = None
    series: list[SeriesPart] = Field(default_factory=list)
    collections: list[str] = Field(default_factory=list)
    published: str | None = Field(None, description="ISO date")
    updated: str | None = Field(None, description="ISO date of the last update or completion")
    complete: bool | None = None
    declared_words: int | None = Field(None, description="Word count the archive states")
    chapters_posted: int | None = None
    chapters_planned: int | None = Field(None, description="null when the author has not said (`3/?`)")
    url: str | None = Field(None, description="The work's address on its archive")
    work_id: str | None = None
    site: str | None = Field(None, description="Archive the work came from, e.g. archiveofourown.org")
    source: str | None = Field(None, description="File name the work was read from")
    format: str | None = Field(None, description="Detected input format, e.g. ao3-html, fanficfare-epub, plain-text")
    encoding: str | None = Field(None, description="Text encoding the reader decoded")
    problems: list[str] = Field(default_factory=list, description="Problems the reader recovered from")


class Chapter(Span):
    title: str | None = None
    summary: str | None = None
    notes: list[str] = Field(default_factory=list)


class Paragraph(Span):
    pass


class Sentence(Span):
    paragraph: int = Field(description="Index into Work.paragraphs")


class Scene(Span):
    pass


class Emphasis(Span):
    """Italic or otherwise emphasised text as marked by the reader (e.g. <em> in HTML)."""


QuoteKind = Literal["speech", "thought"]
AttributionMethod = Literal[
    "named_tag",
    "pronoun_tag",
    "nominal_tag",
    "action_beat",
    "vocative",
    "turn_taking",
    "narrator",
    "ranked",
    "given",
    "none",
]
ATTRIBUTION_METHODS: tuple[AttributionMethod, ...] = get_args(AttributionMethod)


class Quote(Span):
    id: str
    kind: QuoteKind = "speech"
    parts: list[Span] = Field(
        default_factory=list, description="The quoted pieces of one utterance broken by a tag; start/end span them all"
    )
    paragraph: int
    speaker: str | None = Field(None, description="Character id, or null when unknown")
    addressees: list[str] = Field(default_factory=list, description="Character ids")
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    method: AttributionMethod = "none"
    tag: Span | None = Field(None, description="The speech tag or beat the speaker was read from")


MentionKind = Literal["name", "pronoun", "nominal"]


class Mention(Span):
    character: str | None = Field(None, description="Character id the mention refers to")
    kind: MentionKind = "name"
    in_quote: bool = False


Presence = Literal["present", "mentioned"]


class Character(Record):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    gender: Gender = "unknown"
    presence: Presence = "mentioned"
    quote_count: int = 0
    mention_count: int = 0


class Narrative(Record):
    person: Literal["first", "second", "third"] | None = None
    tense: Literal["present", "past"] | None = None
    tense_shares: dict[str, float] = Field(
        default_factory=dict, description="Share of finite narration verbs in each tense"
    )
    pov: str | None = Field(None, description="Character id of the point-of-view character")


class Interaction(Record):
    """What one character does towards another (ordered pair), counted from the quotes, mentions and scenes."""

    source: str = Field(description="Character id of the one who speaks or is narrated")
    target: str = Field(description="Character id of the other")
    addressed: int = Field(0, description="Quotations the source addresses to the target")
    mentions_in_speech: int = Field(0, description="Mentions of the target inside quotations the source speaks")
    mentions_in_narration: int = Field(
        0, description="Narration sentences that mention both (the same count for both directions)"
    )
    shared_scenes: int = Field(0, description="Scenes in which both are present (speak, are addressed or narrated)")


class TagSuggestion(Record):
    tag: str
    score: float = Field(ge=0.0, le=1.0, description="How strongly the text supports the tag")
    evidence: list[Span] = Field(default_factory=list, description="Sentences that support it, strongest first")
    note: str | None = None


ComparisonKind = Literal[
    "tagged_character_not_found", "untagged_character", "untagged_relationship", "tagged_relationship_not_found",
    "rating_differs", "warning_differs",
]  # fmt: skip


class TagComparison(Record):
    kind: ComparisonKind
    tag: str
    detail: str


class SuggestedTags(Record):
    """Tags ficlens would give the work, with evidence; the author's own tags stay in Metadata untouched."""

    characters: list[TagSuggestion] = Field(default_factory=list)
    relationships: list[TagSuggestion] = Field(default_factory=list)
    categories: list[TagSuggestion] = Field(default_factory=list)
    rating: TagSuggestion | None = None
    archive_warnings: list[TagSuggestion] = Field(default_factory=list)
    setting: list[TagSuggestion] = Field(default_factory=list)
    comparison: list[TagComparison] = Field(
        default_factory=list, description="Where the author's tags and the text disagree"
    )


class Work(Record):
    schema_version: str = SCHEMA_VERSION
    text: str
    metadata: Metadata = Field(default_factory=Metadata)
    chapters: list[Chapter] = Field(default_factory=list)
    emphasis: list[Emphasis] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    scenes: list[Scene] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    characters: list[Character] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    narrative: Narrative | None = None
    interactions: list[Interaction] = Field(default_factory=list, description="Ordered pairs with any interaction")
    suggested_tags: SuggestedTags | None = None
    layers: list[str] = Field(default_factory=list, description="Names of the stages that have run, in order")
    profile: Profile | None = Field(None, description="The analysis profile whose pipeline parsed the text")

    # Analysis state kept between the stages of one run, never serialised (TRANSIENT_FIELDS).
    _transient: dict[str, Any] = PrivateAttr(default_factory=dict)

    def has_transient(self, name: str) -> bool:
        return name in self._transient

    def get_transient(self, name: str) -> Any:
        if name not in self._transient:
            raise KeyError(f"the Work holds no '{name}': run the stage that writes it in the same pipeline")
        return self._transient[name]

    def drop_transient(self, name: str) -> None:
        self._transient.pop(name, None)

    def set_transient(self, name: str, value: Any) -> None:
        if name not in TRANSIENT_FIELDS:
            raise KeyError(f"'{name}' is not a transient field ({', '.join(TRANSIENT_FIELDS)})")
        self._transient[name] = value

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def character(self, character_id: str | None) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Work:
        """A Work written by `to_json` of this or an earlier schema version (migrated forward)."""
        return cls.model_validate(migrate(json.loads(data)))


# What a reader fills in; every other field is written by a stage.
READER_FIELDS = ("text", "metadata", "chapters", "emphasis")
# Fields of one analysis run that are never serialised: the paragraphs' spaCy Docs, what the rule attributor saw
# (ficlens.features.speaker.RuleResult) and the coreference model's pronoun links.
TRANSIENT_FIELDS = ("docs", "speaker_evidence", "pronoun_links")
REBUILT_ON_DEMAND = ("docs",)  # re-parsed from the paragraphs when a Work read back from JSON needs them
# Schema 1.1 recorded layer names; 1.2 records the stages that wrote them.
STAGES_OF_1_1_LAYERS = {
    "paragraphs": "structure", "scenes": "structure", "sentences": "linguistics", "tokens": "linguistics",
    "quotes": "quotes", "characters": "characters", "mentions": "characters", "speakers": "speaker_rules",
    "addressees": "speaker_rules", "presence": "presence", "narrative": "narrative", "tags": "tags",
}  # fmt: skip


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("schema_version") == "1.1":
        data["layers"] = list(dict.fromkeys(STAGES_OF_1_1_LAYERS.get(layer, layer) for layer in data.get("layers", [])))
        data["schema_version"] = "1.2"
    if data.get("schema_version") == "1.2":  # 1.3 records the profile; before it there was only the accurate one
        if "linguistics" in data.get("layers", []):
            data.setdefault("profile", "accurate")
        data["schema_version"] = "1.3"
    return data


def field_model(annotation: Any) -> Any:
    """The record type inside `list[X]`, `X | None` or `dict[str, X]`; other annotations as they are."""
    while get_origin(annotation) in (list, dict, Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[-1]
    return annotation


def json_schema() -> dict[str, Any]:
    schema = Work.model_json_schema()
    schema["$id"] = f"https://ficlens.invalid/schema/work-{SCHEMA_VERSION}.json"
    schema["title"] = "ficlens Work"
    return schema
