"""The plain typed records that flow between the pipeline stages.

ingest -> Article -> nlp -> ParsedArticle -> extract -> Statement -> link -> LinkedStatement -> rdf
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """A cleaned paragraph of an article and the way back to the original text.

    ``text`` may differ from the original (a line break inside a sentence becomes a space,
    boilerplate is gone), so ``pieces`` maps it back: each piece ``(clean_start, original_start)``
    says that ``text[clean_start:]`` continues at ``original_start`` in the article's text, up to
    the next piece.
    """

    text: str
    pieces: tuple[tuple[int, int], ...]

    def original_offset(self, position: int) -> int:
        """Offset in the article's original text of character ``position`` of ``text``."""
        index = bisect_right([clean for clean, _ in self.pieces], position) - 1
        clean_start, original_start = self.pieces[max(index, 0)]
        return original_start + position - clean_start


@dataclass(frozen=True)
class Article:
    doc: str  # the file name without extension, or the JSONL ``id``
    text: str  # the original text, unchanged: evidence offsets point into it
    paragraphs: tuple[Paragraph, ...]  # the headline (if any) first
    title: str | None = None
    date: str | None = None  # ISO 8601 date, when known
    source: str | None = None
    url: str | None = None


@dataclass
class ParsedArticle:
    article: Article
    docs: list  # one stanza.Document per paragraph, in order


@dataclass(frozen=True)
class Mention:
    """An actor as the sentence names it, with offsets into the article's original text."""

    text: str  # e.g. "وزير الخارجية الروسي سيرغي لافروف"
    start: int
    end: int


ACTOR_TYPES = ("Person", "State", "Organisation", "GovernmentBody")  # the four subclasses of kg:Actor


@dataclass(frozen=True)
class Actor:
    """A canonical actor: a person, state, organisation or government body."""

    id: str  # stable slug from the English label, e.g. "sergey_lavrov"
    label: str  # English, e.g. "Sergey Lavrov"
    label_ar: str  # Arabic, e.g. "سيرغي لافروف"
    type: str  # "Person", "State", "Organisation" or "GovernmentBody"
    aliases: tuple[str, ...] = ()  # other names, Arabic and English
    affiliation: str | None = None  # id of the actor it belongs to, e.g. "russia"
    cameo: str | None = None  # CAMEO actor code, e.g. "RUSGOV"
    roles: tuple[str, ...] = ()  # Arabic role nouns that refer back to it: "الوزير", "الوزارة"
    # Made by the build for a name that neither the bundled actors nor the user's lists have
    # (Linker.candidate): its labels are a guess, to review with `kg actors --new`.
    candidate: bool = False


@dataclass
class Statement:
    """One speech act found by the extractor, before linking."""

    doc: str
    sentence: str
    sentence_start: int  # offsets of the sentence in the article's original text
    sentence_end: int
    type: str  # a statement type id of the ontology, e.g. "appeal"
    trigger: str  # the trigger word as written
    speaker: Mention
    target: Mention | None
    claim: str
    confidence: float
    # The actors the extractor already recognised (by gazetteer or coreference); linking
    # settles the rest.
    speaker_actor: Actor | None = None
    target_actor: Actor | None = None
    symmetric: bool = False
    # Which rule found each part, by role: {"predicate": "predicate.trigger_lemma",
    # "speaker": "speaker.subject", "target": "target.dependent", "claim": "claim.content_clause"}
    # (ids of the kg:Rule individuals in ontology/rules.ttl; a statement without a target has no "target").
    rules: dict[str, str] = field(default_factory=dict)


@dataclass
class LinkedStatement:
    statement: Statement
    speaker: Actor
    target: Actor | None = None
    extras: dict = field(default_factory=dict)
    affiliations: tuple[Actor, ...] = ()  # what speaker and target belong to, so the store describes them
