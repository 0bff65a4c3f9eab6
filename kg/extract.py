"""Stage 3 of the pipeline: speech acts from the dependency parse.

For every sentence of a parsed article:

1. predicates: words whose lemma (or bare form) is a trigger of a statement type in the
   ontology; multi-word triggers ("أعرب عن قلقه") are tried first;
2. speaker: the predicate's subject, the agent of a nominal trigger ("دعوة لافروف",
   "في تصريح لـ X", "نقل عن X قوله"), the speaker of the governing predicate for
   participles ("مشدداً", "محذرة"), else the previous speaker (pro-drop "وأضاف",
   "من جهته") or an earlier actor named by a role noun ("الوزير", "الوزارة");
3. target: an actor among the predicate's object / oblique / addressee, else the actor the
   content clause or quotation is about;
4. claim: the content clause or quotation.

A speech act inside a quotation with a first-person subject ("نحن ندعو ...") counts with its
own type, for the speaker of the quotation, instead of the bare assert around it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.link import Linker
from kg.ontology import StatementType, normalise_arabic, trigger_index
from kg.records import Actor, Mention, ParsedArticle, Statement

NAME_RELATIONS = {"nmod", "amod", "flat", "flat:foreign", "compound", "fixed", "nummod", "det", "appos"}
SUBJECT_RELATIONS = {"nsubj", "csubj"}
TARGET_RELATIONS = ("obj", "iobj", "obl", "obl:arg", "nmod")
CLAUSE_RELATIONS = {"ccomp", "advcl", "xcomp", "parataxis", "csubj", "acl"}
FIRST_PERSON_PRONOUNS = {"نحن", "انا", "إنا"}
QUOTES = re.compile(r"[“\"«]([^”\"»]*)[”\"»]?")
PHRASE_WINDOW = 4  # words after the first lemma of a multi-word trigger that may hold the rest
# A participle or verbal noun governed by a predicate shares its speaker ("أكد ... مشدداً").
SHARED_SPEAKER_RELATIONS = {"advcl", "xcomp", "conj", "acl", "obl", "nmod", "parataxis"}


@dataclass
class Predicate:
    word: object  # stanza Word
    type: StatementType
    trigger: str


@dataclass
class SentenceView:
    """One parsed sentence with the tree indexed for walking, and its place in the article."""

    sentence: object  # stanza Sentence
    paragraph_text: str
    to_original: object  # paragraph offset -> article offset
    children: dict[int, list] = field(default_factory=dict)

    def __post_init__(self):
        for word in self.sentence.words:
            self.children.setdefault(word.head, []).append(word)

    @property
    def words(self):
        return self.sentence.words

    def word(self, word_id: int):
        return self.sentence.words[word_id - 1]

    def kids(self, word, relations=None) -> list:
        found = self.children.get(word.id, [])
        return [w for w in found if relations is None or w.deprel.split(":")[0] in relations or w.deprel in relations]

    def subtree(self, word, relations=None) -> list:
        words, stack = [], [word]
        while stack:
            current = stack.pop()
            words.append(current)
            stack.extend(self.kids(current, relations))
        return sorted(words, key=lambda w: w.id)

    def span(self, words) -> tuple[int, int]:
        """Paragraph offsets covering the tokens of ``words``."""
        tokens = [w.parent for w in words]
        return min(t.start_char for t in tokens), max(t.end_char for t in tokens)

    def text(self, words) -> str:
        start, end = self.span(words)
        return self.paragraph_text[start:end]

    def mention(self, words) -> Mention:
        start, end = self.span(words)
        return Mention(self.paragraph_text[start:end], self.to_original(start), self.to_original(end))

    @property
    def bounds(self) -> tuple[int, int]:
        return self.span(self.words)


def _key(word) -> str:
    return normalise_arabic(word.lemma or word.text)


def _in_order(needed: tuple[str, ...], words: list[str]) -> bool:
    position = 0
    for lemma in needed:
        try:
            position = words.index(lemma, position) + 1
        except ValueError:
            return False
    return True


class Extractor:
    def __init__(self, linker: Linker | None = None):
        self.linker = linker or Linker()
        self.index = trigger_index()

    # --- predicates --------------------------------------------------------------------

    def predicates(self, view: SentenceView) -> list[Predicate]:
        found = []
        for word in view.words:
            statement_type = self._phrase_type(view, word) or self._single_type(word)
            if statement_type:
                found.append(Predicate(word, statement_type, word.text))
        return found

    def _single_type(self, word) -> StatementType | None:
        return self.index.type_of(word.lemma or word.text, word.upos) or self.index.type_of(word.text, word.upos)

    def _phrase_type(self, view: SentenceView, word) -> StatementType | None:
        """A multi-word trigger: its first lemma on ``word``, the others in order just after it."""
        following = [_key(w) for w in view.words[word.id:word.id + PHRASE_WINDOW]]
        for lemmas, statement_type in self.index.phrases:
            if lemmas[0] == _key(word) and _in_order(lemmas[1:], following):
                return statement_type
        return None

    # --- speakers ------------------------------------------------------------------------

    def name_words(self, view: SentenceView, head) -> list:
        """The noun phrase of an actor: the head with its name-like dependents, no clauses."""
        return view.subtree(head, NAME_RELATIONS | {"case"}) if head.upos != "PRON" else [head]

    def actor_in(self, view: SentenceView, words) -> tuple[Actor | None, list]:
        """The actor named by a noun phrase, linking its text (titles, clitics and all)."""
        if not words:
            return None, words
        words = [w for w in words if w.deprel != "case" or w is not words[0]]
        actor = self.linker.link(view.text(words))
        if actor is None and any(w.parent.ner not in (None, "O") for w in words):
            names = [w for w in words if w.parent.ner not in (None, "O")]
            kind = names[0].parent.ner.split("-")[-1]
            actor = self.linker.new_actor(view.text(names), kind)
        return actor, words

    def explicit_speaker(self, view: SentenceView, predicate) -> tuple[Actor | None, list] | None:
        """The speaker named in the tree, or None when the predicate has none of its own."""
        word = predicate.word
        subjects = view.kids(word, SUBJECT_RELATIONS)
        if subjects:
            return self.actor_in(view, self.name_words(view, subjects[0]))
        if word.upos in ("NOUN", "ADJ", "X"):  # nominal trigger: its agent is a genitive / لـ
            agents = [w for w in view.kids(word, {"nmod"}) if w.upos in ("X", "PROPN", "NOUN")]
            for agent in agents:
                actor, words = self.actor_in(view, self.name_words(view, agent))
                if actor:
                    return actor, words
            source = self._reported_source(view, word)
            if source:
                return source
        return None

    def _reported_source(self, view: SentenceView, word):
        """"نقل موقع ... عن X قوله": the speaker is the عن-oblique of the reporting verb."""
        head = view.word(word.head) if word.head else None
        if head is None:
            return None
        for oblique in view.kids(head, {"obl"}):
            if any(_key(c) == "عن" for c in view.kids(oblique, {"case"})):
                return self.actor_in(view, self.name_words(view, oblique))
        return None

    # --- targets and claims ----------------------------------------------------------------

    def target(self, view: SentenceView, predicate, speaker: Actor, clause) -> tuple[Actor | None, list]:
        """An actor the act is directed at (object, oblique), else the one the clause is about."""
        for relation in TARGET_RELATIONS:
            for dependent in view.kids(predicate.word, {relation}):
                if dependent.deprel.split(":")[0] in CLAUSE_RELATIONS:
                    continue
                actor, words = self.first_actor(view, view.subtree(dependent), speaker)
                if actor:
                    return actor, words
        if clause:
            return self.first_actor(view, clause, speaker)
        return None, []

    def first_actor(self, view: SentenceView, words, speaker: Actor | None) -> tuple[Actor | None, list]:
        if not words:
            return None, []
        start, _ = view.span(words)
        for begin, end, actor in self.linker.find(view.text(words)):
            if speaker is None or actor.id != speaker.id:
                covered = [w for w in words if start + begin <= w.parent.start_char < start + end]
                return actor, covered or words
        return None, []

    def clause(self, view: SentenceView, predicate) -> list:
        """The content of the statement: a quotation or the clause the predicate governs."""
        for dependent in view.kids(predicate.word):
            if dependent.deprel.split(":")[0] in ("ccomp", "csubj", "xcomp", "parataxis") or (
                dependent.deprel.split(":")[0] in ("advcl", "obl", "obj")
                and any(_key(m) in ("ان", "إن", "أن") for m in view.kids(dependent, {"mark"}))):
                return view.subtree(dependent)
        after = [w for w in view.words if w.id > predicate.word.id]
        return after

    # --- sentences --------------------------------------------------------------------

    def statements(self, parsed: ParsedArticle) -> list[Statement]:
        context = Context()
        found = []
        for paragraph, doc in zip(parsed.article.paragraphs, parsed.docs):
            for sentence in doc.sentences:
                view = SentenceView(sentence, paragraph.text, paragraph.original_offset)
                found += self.sentence_statements(parsed.article.doc, view, context)
                context.remember(self.linker.find(view.text(view.words)))
        return found

    def sentence_statements(self, doc_id: str, view: SentenceView, context: "Context") -> list[Statement]:
        statements: dict[tuple, Statement] = {}
        speakers: dict[int, tuple[Actor, list]] = {}
        quoted = quotation_spans(view)
        for predicate in self.predicates(view):
            speaker = self.speaker(view, predicate, speakers, context, quoted)
            if speaker is None:
                continue
            speakers[predicate.word.id] = speaker
            clause = self.clause(view, predicate)
            target = self.target(view, predicate, speaker[0], clause)
            statement = self.make_statement(doc_id, view, predicate, speaker, target, clause)
            key = (speaker[0].id, statement.type, target[0].id if target[0] else None)
            statements.setdefault(key, statement)
            context.speaker = speaker
        return drop_bare_asserts(list(statements.values()))

    def speaker(self, view, predicate, speakers, context, quoted) -> tuple[Actor, list] | None:
        """The speaker's actor and the words that name it (the predicate itself for pro-drop)."""
        in_quote = any(a <= predicate.word.parent.start_char < b for a, b in quoted)
        explicit = self.explicit_speaker(view, predicate)
        if explicit and explicit[0] is not None and not in_quote:
            return explicit
        if explicit and explicit[0] is None and explicit[1]:
            subject = view.text(explicit[1])
            if normalise_arabic(subject) not in FIRST_PERSON_PRONOUNS:
                actor = None if in_quote else self.linker.resolve_role(subject, context.actors)
                return (actor, explicit[1]) if actor else None
        governed = self.governor_speaker(view, predicate.word, speakers)
        if governed:
            return governed
        if in_quote:  # "نحن ندعو ...": the speaker of the quotation
            return next(iter(speakers.values()), None) or context.speaker
        if predicate.word.upos == "VERB" and context.speaker:
            return context.speaker[0], [predicate.word]
        return None

    def governor_speaker(self, view, word, speakers) -> tuple[Actor, list] | None:
        """Participles and nouns under a verb ("مشدداً", "أعرب عن ترحيبه") speak for its subject."""
        if not word.head or word.deprel.split(":")[0] not in SHARED_SPEAKER_RELATIONS:
            return None
        governor = view.word(word.head)
        if governor.id in speakers:
            return speakers[governor.id]
        subjects = view.kids(governor, SUBJECT_RELATIONS) if governor.upos == "VERB" else []
        if subjects:
            actor, words = self.actor_in(view, self.name_words(view, subjects[0]))
            return (actor, words) if actor else None
        return None

    def make_statement(self, doc_id, view, predicate, speaker, target, clause) -> Statement:
        start, end = view.bounds
        (speaker_actor, speaker_words), (target_actor, target_words) = speaker, target
        claim = view.text(clause) if clause else view.text(view.words)
        return Statement(
            doc=doc_id, sentence=view.paragraph_text[start:end],
            sentence_start=view.to_original(start), sentence_end=view.to_original(end),
            type=predicate.type.id, trigger=predicate.trigger,
            speaker=view.mention(speaker_words), target=view.mention(target_words) if target_words else None,
            claim=claim.strip(" .،:\"“”"), confidence=confidence(speaker_words, predicate, target_actor),
            speaker_actor=speaker_actor, target_actor=target_actor,
            symmetric=predicate.type.symmetric,
        )


def confidence(speaker_words, predicate, target) -> float:
    """A rough prior: explicit speakers and verbal triggers are the most reliable."""
    score = 0.9 if predicate.word not in speaker_words else 0.7
    if predicate.word.upos != "VERB":
        score -= 0.1
    return round(score if target else score - 0.05, 2)


@dataclass
class Context:
    """What earlier sentences of the article said: for pro-drop and role-noun speakers."""

    speaker: tuple[Actor, list] | None = None  # the last speaker and the words that named it
    actors: list[Actor] = field(default_factory=list)

    def remember(self, found) -> None:
        self.actors += [actor for _, _, actor in found]


def quotation_spans(view: SentenceView) -> list[tuple[int, int]]:
    start, end = view.bounds
    text = view.paragraph_text[start:end]
    return [(start + m.start(1), start + m.end(1)) for m in QUOTES.finditer(text)]


def drop_bare_asserts(statements: list[Statement]) -> list[Statement]:
    """A sentence whose speaker also performs a more specific act needs no bare assert of it."""
    specific = {s.speaker_actor.id for s in statements if s.type != "assert"}
    return [s for s in statements if s.type != "assert" or s.speaker_actor.id not in specific]
