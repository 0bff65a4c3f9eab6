"""What a rule sees: the sentence, the predicate, what the sentence and the article said before."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import dropwhile

from kg.link import Linker
from kg.ontology import TriggerIndex, normalise_arabic
from kg.records import Actor
from kg.extract.actors import ActorLookup, Found, indefinite
from kg.extract.patterns import taken
from kg.extract.predicates import Triggers
from kg.extract.sentence import (WORDS, QUOTE_CHARS, Predicate, SentenceView, accusative_participle, described_noun,
                                 feminine_noun, feminine_verb, inside, key, object_after_definite, person_start,
                                 verb_keys)

SUBJECT = [{"RIGHT_ID": "predicate"},
           {"LEFT_ID": "predicate", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": {"IN": ["nsubj", "csubj"]}}}]


@dataclass
class Context:
    """What earlier sentences of the article said: for pro-drop and role-noun speakers."""

    speaker: Found | None = None  # the last named speaker and the words that named it
    speaker_age: int = 0  # sentences since the last named speaker spoke
    feminine: dict[str, bool] = field(default_factory=dict)  # by actor id: whether its verbs were feminine
    actors: list[Actor] = field(default_factory=list)
    foreign: set[str] = field(default_factory=set)  # persons named with their state: visitors, not hosts
    pair: tuple[Actor, Actor] | None = None  # the last speaker with a partner or target: "الجانبان"
    body: list[SentenceView] = field(default_factory=list)  # the sentences after the headline, while in it

    def remember(self, view: SentenceView, lookup: ActorLookup, mentions: list[tuple[int, int, Actor]],
                 tagged: bool, statements=()) -> None:
        """The actors a sentence names (``mentions``: Linker.find of its text), and which persons it
        names with their state; outlets by tagged names only from a sentence that may hold a statement
        (``tagged``), as only those are sure to have their names tagged (kg.nlp.complete); the candidate
        actors of its ``statements``, which the gazetteer cannot find ("وزير الداخلية التونسي هشام
        الفوراتي", then "وقال الوزير")."""
        text, linker = view.text(view.words), lookup.linker
        for start, end, actor in mentions:
            self.actors.append(actor)
            if actor.type == "Person" and linker.names_state(text[start:end], actor):
                self.foreign.add(actor.id)
        self.actors += lookup.outlets(view, tagged)
        self.actors += [actor for statement in statements for actor in (statement.speaker_actor, statement.target_actor)
                        if actor is not None and actor.candidate and actor not in self.actors]
        self.body = []

    def role(self, linker: Linker, view: SentenceView, words, opening: bool = False) -> Actor | None:
        """The actor a role noun (``words`` of ``view``) refers to: an earlier one ("الوزير", "الرئيس
        الفرنسي"); in the headline, a role with its state, or any role ``opening`` it, before its verb
        or colon ("وزير الخارجية يستقبل ...", "التحالف: ..."), refers to the first actor of the body that
        holds it (the body names him). An indefinite one introduces someone, it refers to no one
        ("متحدثة باسم البيت الأبيض", "مسؤول: ...")."""
        if words and indefinite(view, words[0]):
            return None
        text = view.text(words)
        found = linker.resolve_role(text, self.actors, self.foreign)
        if found or not self.body:
            return found
        named = [actor for view in self.body for _, _, actor in linker.find(view.text(view.words))]
        return linker.resolve_role(text, named[::-1], bare=opening)  # it takes the last of the list: the body's first


@dataclass
class SentenceState:
    """What the sentence said before the predicate at hand."""

    quoted: list[tuple[int, int]]  # the quotations' paragraph spans
    speakers: dict[int, Found] = field(default_factory=dict)  # by predicate word id; 0 for a headline lead
    unnamed: set[int] = field(default_factory=set)  # ids of the predicates whose subject names no one
    said: set[int] = field(default_factory=set)  # ids of the words earlier speakers said
    quoted_words: set[int] = field(default_factory=set)

    @property
    def reported(self) -> set[int]:
        return self.said | self.quoted_words

    def last_speaker(self) -> Found | None:
        return list(self.speakers.values())[-1] if self.speakers else None


@dataclass
class Scene:
    """One predicate in its sentence and article: what speaker and target rules look at."""

    lookup: ActorLookup
    triggers: Triggers
    view: SentenceView
    predicate: Predicate
    sentence: SentenceState
    context: Context
    speaker: Found | None = None  # set before the target rules run
    clause: list = field(default_factory=list)
    partners: list[Found] = field(default_factory=list)
    barred: object = None  # who may not be the target (kg.extract.targets.Barred), once speaker and partners are set

    @property
    def word(self):
        return self.predicate.word

    @property
    def index(self) -> TriggerIndex:
        return self.lookup.index

    @property
    def quoted(self) -> bool:
        return inside(self.word, self.sentence.quoted)

    @cached_property
    def content(self) -> int:
        """Id of the first word of what is said: أن/إن, a colon or a quotation (past the end if none)."""
        return self.view.content_start(self.word)

    @cached_property
    def receiving_verb(self):
        """The verb whose subject receives the act the predicate names ("تلقى الملك اتصالا", kg:receiveVerbLemma),
        or None."""
        word = self.word
        head = self.view.word(word.head) if word.head else None
        if head is None or word.deprel.split(":")[0] != "obj" or self.index.receive_verbs.isdisjoint(verb_keys(head)):
            return None
        return head

    @cached_property
    def accuser(self) -> list | None:
        """"واتهم الخطيب بأنه", "اتهم آخرون الخطيب بأنه": with one actor between the verb and the charge
        (the trees take it for the subject), the accuser is in the words before that actor; none
        there ([]) means the previous speaker. None when the pattern does not apply."""
        view, word, marker = self.view, self.word, self.predicate.type.charge_preposition
        if marker is None:
            return None
        charge = next((w for w in view.words[word.id:] if w.upos == "ADP" and key(w) == marker), None)
        run = view.words[word.id:charge.id - 1] if charge else []
        if charge is None or any(w.upos in ("VERB", "SCONJ") for w in run):
            return None  # no charge, or not in this clause
        named = list(self.lookup.mentions(view, run))
        covered = {w.id for _, words in named for w in words}
        # persons the tagger names and the gazetteer lacks count too: "الخطيب", "واتهم الوزير الخطيب بأنه"
        named += [found for w in run if w.id not in covered and person_start(w)
                  for found in [self.lookup.person_in(view, [w])] if found]
        named.sort(key=lambda found: found[1][0].id)
        if len(named) != 1:
            return None
        before = [w for w in run if w.id < named[0][1][0].id]
        # a title right before the name is the accused's own: "واتهم رئيس الوزراء الأردني السابق سامر الخطيب بأنه"
        return [] if before and self.lookup.linker.opens_title(before[0].text) else before

    @property
    def accused_only(self) -> bool:
        """The one actor after an accusation is the accused: the accuser is the previous speaker."""
        return self.accuser == []

    @cached_property
    def subject(self) -> list:
        """The words of the verb's subject, up to where what is said opens; [] for none or an
        anaphoric one ("قال معاليه", "وأضاف البيان"); the accuser's words for an accusation."""
        view, content = self.view, self.content
        # a quotation may open on the subject: 'فقد دعت "موسكو والرباط إلى ...'
        opens_quote = content <= len(view.words) and view.word(content).text in QUOTE_CHARS
        # a noun with a preposition of its own is an oblique the parser took for the subject: "وقال لـ«رويترز» إنه"
        # and a feminine noun after a verb without the feminine mark is its object: "كما ناشد الجامعة العربية"
        # and a participle in the accusative or a day is none: "وتابع قائلا", "وأعلن الثلاثاء"; a people after the
        # verb is addressed: "ودعا الشعب الأردني إلى"
        subjects = [w for w in taken(SUBJECT, view, self.word, "subject")
                    if w.id <= content + opens_quote and key(w) not in WORDS.honorifics and not view.kids(w, {"case"})
                    and normalise_arabic(w.text) not in WORDS.weekdays and not self.disagrees(w)
                    and not accusative_participle(w) and not self.addressed_people(w)]
        # the subject ends where what is said opens: "وقالت الوزارة “إن موسكو ..." (the tree joins them)
        subject = [w for w in self.lookup.name_words(view, subjects[0])
                   if w.id < content or subjects[0].id > content] if subjects else []
        subject = list(dropwhile(lambda w: key(w) in WORDS.honorifics, subject))  # "فخامة الرئيس", "معالي الوزير"
        # the tree may run an indefinite subject on into the object named after it: "وتتهم منظمات دولية دمشق"
        # nor a definite one into the object after it: "وانتقدت المنظمة موسكو"
        subject = described_noun(view, subject) or object_after_definite(subject) or subject
        if subject and normalise_arabic(view.text(subject)) in self.index.anaphoric_subjects:
            subject = []  # whoever spoke last, as with a dropped pronoun
        return self.accuser or subject

    def addressed_people(self, word) -> bool:
        """Whether ``word`` after the verb is a people (kg:peopleNouns): whom the verb addresses."""
        return word.id > self.word.id and key(word) in WORDS.people_nouns

    def disagrees(self, subject) -> bool:
        """Whether a subject after the verb is feminine and the verb is not: a verb agrees with a
        subject that follows it in gender. A title word is a person, of its own ending's gender:
        "وزير الداخلية" is masculine, whatever the tagger makes of الداخلية."""
        verb = self.word
        return verb.upos == "VERB" and subject.id > verb.id and feminine_noun(self.view, subject) \
            and not feminine_verb(verb) and not self.lookup.linker.opens_title(subject.text)

    def pair(self, word, ending: str = WORDS.nominative_dual_suffix) -> tuple[Actor, Actor] | None:
        """The two actors a dual noun with ``ending`` names: "الزعيمان" the last two persons who acted
        together, "الجانبان" (or "البلدين" in the oblique) their states or organisations."""
        context, index = self.context, self.index
        if not context.pair or not normalise_arabic(word.text).endswith(ending):
            return None
        lemma = key(word).removesuffix(ending)  # our lemmatizer keeps some duals: زعيمان
        if lemma not in index.person_pairs | index.side_pairs:
            return None
        first, second = context.pair
        if lemma in index.side_pairs:
            linker = self.lookup.linker
            first, second = (linker.actor(a.affiliation) if a.affiliation and a.type in ("Person", "GovernmentBody")
                             else a for a in context.pair)
        elif not first.type == second.type == "Person":
            return None
        return (first, second) if first and second and first.id != second.id else None

    def role(self, words) -> Actor | None:
        """The actor of the article a role noun refers to: "الوزير", "الرئيس الفرنسي" (Context.role)."""
        opening = bool(words) and words[-1].id < self.word.id
        return self.context.role(self.lookup.linker, self.view, words, opening=opening)

    def describe(self, found: Found) -> str:
        actor, words = found
        return f"{actor.label} ({self.view.text(words)})" if words else actor.label
