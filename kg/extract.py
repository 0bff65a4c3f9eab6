"""Stage 3 of the pipeline: speech acts from the dependency parse.

For every sentence of a parsed article:

1. predicates: words whose lemma (or bare form) is a trigger of a statement type in the
   ontology; multi-word triggers ("أعرب عن قلقه") are tried first; "بحسب/وفقاً لـ X" attributes
   the sentence to X;
2. speaker: the predicate's subject (or a person named just after it: "المتحدث باسم الكرملين
   ديمتري بيسكوف"), an actor fronted before the verb, the antecedent of a relative clause, the
   agent of a verbal noun ("دعوة لافروف", "في تصريح لـ X"), "نقل عن X قوله", the speaker of the
   governing verb for participles ("مشدداً") and for the verbal noun a statement verb takes as
   object ("أعلن رفض"), the subject of a coordinated verb; else the previous speaker (pro-drop
   "وأضاف", "من جهته", "وأضاف البيان") or an earlier actor named by a role noun ("الوزير", "الوزارة");
   an unnamed source inside a body speaks for the body ("مصدر في الخارجية الروسية");
   coordinated speakers ("ماكرون وميركل") each speak;
3. target: an actor among the predicate's object / oblique / addressee, else the actor the
   content clause or quotation is about; never the speaker, its state, its members or its
   state's bodies, nor an actor inside a place or time phrase;
4. claim: the content clause or quotation.

A speech act inside a quotation with a first-person subject ("نحن ندعو ...") counts with its
own type, for the speaker of the quotation, instead of the bare assert around it.
"""
from __future__ import annotations

import re
from itertools import islice, takewhile
from dataclasses import dataclass, field, replace

from kg.link import Linker
from kg.ontology import StatementType, fallback_type, normalise_arabic, trigger_index
from kg.records import Actor, Mention, ParsedArticle, Statement
from kg.text import QUOTATION_MARKS

NAME_RELATIONS = {"nmod", "amod", "flat", "flat:foreign", "compound", "fixed", "nummod", "det", "appos"}
NAME_UPOS = {"X", "PROPN", "NOUN", "ADJ"}
PROPER_UPOS = {"X", "PROPN"}  # PADT tags names X: "القيادي", "الزعيمان" make no new actor
SUBJECT_RELATIONS = {"nsubj", "csubj"}
TARGET_RELATIONS = {"obj", "iobj", "obl"}
# A noun phrase without the clauses inside it: "محادثات ... في المحافظة التي تحد تركيا" is not about Turkey.
PHRASE_RELATIONS = NAME_RELATIONS | {"case", "cc", "conj", "mark", "obl", "punct"}
# Prepositions of place, time and circumstance: "قال في موسكو", "خلال مؤتمر" name no speaker or addressee.
CIRCUMSTANTIAL = {normalise_arabic(p) for p in ("في", "خلال", "أثناء", "بعد", "قبل", "عقب", "منذ", "حتى", "لدى", "بين", "حول",
                                               "أمام", "عند", "إثر", "وسط")}
CIRCUMSTANTIAL_NOUNS = {"هامش"}  # "على هامش اجتماع للتحالف" 'on the sidelines of'
CONTENT_OPENERS = {":", *QUOTATION_MARKS}
NOMINATIVE_DUAL = "ان"  # الجانبان (subject), not الجانبين
QUOTE_CHARS = QUOTATION_MARKS + " "
SPEAKER_WINDOW = 8  # words between a verb and its speaker's name at most (titles included)
TARGET_WINDOW = 20  # words of a content clause searched for what it is about (measured on dev: 10 < 15 < 20 = 25)
ADJACENT_WORDS = 2  # an actor this close after the verb and speaker is its object
RELATIVE_PRONOUNS = {normalise_arabic(p) for p in ("الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين")}
ANTECEDENT_WINDOW = 10  # words of a relative clause's antecedent: a name, its title and office
FIRST_PERSON_PRONOUNS = {"نحن", "انا", "إنا"}
QUOTES = re.compile(r"[“\"«]([^”\"»]*)[”\"»]?")
TOPIC_MARKER_WINDOW = 4  # "وفيما يتعلق ب", "أما بشأن": a topic phrase opens the sentence
LEAD_WORDS = 5  # "وزارة الدفاع الروسية: ..." at most
PARTNER_GAP = 4  # words between coordinated speakers: "و", a title of two words and a first name
CLITIC_UPOS = ("ADP", "CCONJ")  # a proclitic the tokenizer split off a name: "و" + "الرباط", "ب" + "كين"
PHRASE_STOPS = frozenset({"VERB", "PUNCT", "SCONJ"})  # where a run of words next to a word ends
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

    def previous(self, word):
        """The word before ``word`` in the sentence, or None."""
        return self.word(word.id - 1) if word.id > 1 else None

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


def _verb_keys(word) -> tuple[str, ...]:
    """The lemma key of a word, and for a verb the key with the alif our lemmatizer drops from
    derived verbs in the imperfect: يتهم -> تهم (اتهم), يبدي -> بدى (أبدى)."""
    key = _key(word)
    return (key, "ا" + key) if word.upos == "VERB" and word.lemma else (key,)


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
        self.people: dict[str, Actor] = {}

    # --- predicates --------------------------------------------------------------------

    def predicates(self, view: SentenceView) -> list[Predicate]:
        found = []
        for word in view.words:
            if so_called(view, word) or self.impersonal(view, word):
                continue
            statement_type = self._phrase_type(view, word) or self._single_type(word)
            if statement_type and (_key(word) not in statement_type.object_lemmas or view.kids(word, {"obj"})):
                found.append(Predicate(word, statement_type, word.text))
        return found

    def impersonal(self, view: SentenceView, word) -> bool:
        """"يشار إلى أن", "يذكر أن": it is noted that (but "يذكر التقرير أن" has a speaker)."""
        following = [w.upos for w in view.words[word.id:word.id + 2]]
        return normalise_arabic(word.text) in self.index.impersonal_forms and (
            following[:1] == ["SCONJ"] or following == ["ADP", "SCONJ"])

    def _single_type(self, word) -> StatementType | None:
        if _key(word) in self.index.according_to:
            return fallback_type()
        if "Voice=Pass" in (word.feats or ""):  # "ما يدعى" 'what is called' is no appeal
            return None
        upos = "ADJ" if circumstantial_participle(word) else word.upos
        keys = (word.lemma or word.text, word.text, *(_verb_keys(word)[1:] if upos == "VERB" else ()))
        return next(filter(None, (self.index.type_of(key, upos) for key in keys)), None)

    def _phrase_type(self, view: SentenceView, word) -> StatementType | None:
        """A multi-word trigger: its first lemma on ``word``, the others in order just after it."""
        following = [_key(w) for w in view.words[word.id:word.id + PHRASE_WINDOW]]
        for lemmas, statement_type in self.index.phrases:
            if lemmas[0] in _verb_keys(word) and _in_order(lemmas[1:], following):
                return statement_type
        return None

    # --- speakers ------------------------------------------------------------------------

    def name_words(self, view: SentenceView, head) -> list:
        """The noun phrase of an actor: the head with its name-like dependents, no clauses."""
        return view.subtree(head, NAME_RELATIONS) if head.upos != "PRON" else [head]

    def actor_in(self, view: SentenceView, words, new: bool = True) -> tuple[Actor | None, list]:
        """The actor named by a noun phrase, linking its text (titles, clitics and all).

        A name the gazetteer lacks becomes a new actor when the tagger marks it, unless ``new`` is false.
        """
        if not words:
            return None, words
        words = self.with_whole_names(view, words)
        actor = self.linker.link(view.text(words))
        names = first_entity([w for w in words if (w.parent.ner or "O") != "O" and w.upos in PROPER_UPOS])
        kind = names[0].parent.ner.split("-")[-1] if names else None
        named = list(self.mentions(view, words))  # which words name which actor
        if kind == "PER" and actor is not None and not any(
                found.id == actor.id and names[-1] in covered for found, covered in named):
            # "سفير خادم الحرمين الشريفين أحمد قطان" is Qattan, not the king in his title
            actor = self.linker.link(view.text(names))
            actor = actor if actor and actor.type == "Person" else None
        if actor is None and kind == "PER":
            actor = self.people.get(surname(view.text(names)))  # "مالانجي" after "جوزيف مالانجي"
        if actor is None and new and kind in ("PER", "ORG"):
            title = [w for w in words if w.id < names[0].id]
            actor = self.linker.new_actor(view.text(names).strip(QUOTE_CHARS), kind, view.text(title) if title else "")
        if actor is not None and kind == "PER" and actor.type == "Person":
            self.people.setdefault(surname(actor.label_ar), actor)
        # The phrase ends with the actor's name: in "طالب لافروف واشنطن" the tree may hang the object on it.
        ends = [covered[-1].id for found, covered in named if actor and found.id == actor.id]
        return actor, [w for w in words if w.id <= ends[0]] if ends else words

    def person_in(self, view: SentenceView, words) -> tuple[Actor, list] | None:
        """The first person the tagger names in a run of words: "رئيس لجنة ... قسطنطين كوساتشيف"."""
        for word in words:
            if (word.parent.ner or "O")[:2] in ("B-", "S-") and word.parent.ner.endswith("PER"):
                actor, names = self.actor_in(view, [word])
                if actor and actor.type == "Person":
                    return actor, names
        return None

    def with_whole_names(self, view: SentenceView, words) -> list:
        """Widen a phrase to the whole named entities it touches: "ميخاييل" -> "ميخاييل بوغدانوف"."""
        ids = {w.id for w in words}
        for word in words:
            tag = word.parent.ner or "O"
            if tag[:2] in ("B-", "I-"):  # the entity goes on to the right
                for later in view.words[word.id:]:
                    ids.add(later.id)
                    if (later.parent.ner or "O")[:2] in ("E-", "O", "S-"):
                        break
        return [w for w in view.words if w.id in ids] if len(ids) > len(words) else words

    def mentions(self, view: SentenceView, words):
        """The actors named in a run of words, each with the words that name it, in text order."""
        if not words:
            return
        start = view.span(words)[0]
        for begin, end, actor in self.linker.find(view.text(words)):
            # overlap, not inclusion: "وواشنطن" is one token whose name starts after the clitic
            covered = [w for w in words if w.parent.start_char < start + end and w.parent.end_char > start + begin]
            if covered:
                yield actor, covered

    def nearby_actor(self, view: SentenceView, words, exclude: set | None = None, owners: set = frozenset(),
                     colleagues: set = frozenset(), governor=None) -> tuple[Actor | None, list]:
        """The first actor named in a run of words, not inside a circumstantial phrase.

        ``exclude`` holds actor ids to skip, ``owners`` actor ids whose members are skipped too,
        ``colleagues`` those whose government bodies are; a phrase under ``governor`` is its own, whatever
        phrase the tree hangs the governor in.
        """
        for actor, covered in self.mentions(view, words):
            name = next((w for w in covered if w.upos not in CLITIC_UPOS), covered[0])  # "بكين" split as ب + كين
            if not self._circumstantial(view, name, governor) and self._allowed(actor, exclude or set(), owners, colleagues):
                return actor, covered
        return None, []

    @staticmethod
    def _allowed(actor: Actor, exclude: set, owners: set, colleagues: set) -> bool:
        return actor.id not in exclude and actor.affiliation not in owners \
            and not (actor.affiliation in colleagues and actor.type == "GovernmentBody")

    def _circumstantial(self, view: SentenceView, word, governor=None) -> bool:
        """"في موسكو", "خلال مؤتمر", "على هامش اجتماع": a place, time or occasion, not a speaker or addressee."""
        if any(w is not None and w.upos == "ADP" and self._place_or_time(view, w) for w in (word, view.previous(word))):
            return True
        while word.head and word is not governor and word.deprel.split(":")[0] in ("nmod", "amod", "flat", "obl"):
            if (view.word(word.head).parent.ner or "O").startswith("S-"):
                break  # a one-word name heads no phrase: "في موسكو معالي وزير خارجية روسيا" (the tree joins them)
            word = view.word(word.head)  # "في مؤتمر على هامش اجتماع للتحالف الدولي"
            if any(self._place_or_time(view, c) for c in view.kids(word, {"case"})) or _key(word) in CIRCUMSTANTIAL_NOUNS:
                return True
        return False

    @staticmethod
    def _place_or_time(view: SentenceView, preposition) -> bool:
        """"في", "خلال", "قبل" — but "من قبل" is 'by': "من قبل الميليشيا الحوثية" names an agent."""
        previous = view.previous(preposition)
        return _key(preposition) in CIRCUMSTANTIAL and not (
            _key(preposition) == "قبل" and previous is not None and _key(previous) == "من")

    def content_start(self, view: SentenceView, word) -> int:
        """Id of the first word of what is said after ``word``: أن/إن, a colon or a quotation."""
        for later in view.words[word.id:]:
            if later.upos == "SCONJ" or later.parent.text[:1] in CONTENT_OPENERS:
                return later.id
        return len(view.words) + 1

    def words_after(self, view: SentenceView, word, limit: int) -> list:
        stop = self.content_start(view, word)
        return [w for w in view.words[word.id:stop - 1]][:limit]

    def speaker(self, view, predicate, speakers, context, quoted, reported) -> tuple[Actor, list] | None:
        """The speaker's actor and the words that name it (the predicate itself for pro-drop).

        ``quoted`` holds the quotations' spans, ``reported`` the ids of words earlier speakers said.
        """
        word = predicate.word
        if inside(word, quoted):
            return self.quoted_speaker(view, word, speakers, context)
        if _key(word) in self.index.according_to:
            return self.attributed_actor(view, word)
        if word.upos != "VERB":
            return self.nominal_speaker(view, predicate, speakers, reported)
        if 0 in speakers and speakers[0][0].type == "Person":  # "ترمب: ...": the rest is quoted
            return self.quoted_speaker(view, word, speakers, context)
        if 0 in speakers:  # "سوريا: ماكرون وميركل يطالبان ...": an actor before the verb, else the lead
            found = self.nearby_actor(view, phrase_before(view, word, SPEAKER_WINDOW))
            return found if found[0] else speakers[0]
        found = self.fronted_actor(view, word) or self.relative_antecedent(view, word) \
            or self.dual_subject(view, word, context)
        if found:
            return found
        content = self.content_start(view, word)
        # a quotation may open on the subject: 'فقد دعت "موسكو والرباط إلى ...'
        opens_quote = content <= len(view.words) and view.word(content).text in QUOTE_CHARS
        subjects = [w for w in view.kids(word, SUBJECT_RELATIONS) if w.id <= content + opens_quote]
        # else the subject ends where what is said opens: "وقالت الوزارة “إن موسكو ..." (the tree joins them)
        subject = [w for w in self.name_words(view, subjects[0])
                   if w.id < content or subjects[0].id > content] if subjects else []
        if subject and normalise_arabic(view.text(subject)) in self.index.anaphoric_subjects:
            subject = []  # "قال معاليه", "وأضاف البيان": whoever spoke last, as with a dropped pronoun
        accuser = self.accuser(view, predicate)
        if accuser == []:
            return self.pro_drop_speaker(view, word, speakers, context)
        subject = accuser or subject
        if subject:
            found = self.subject_speaker(view, word, subject, context)
            if found or _key(subject[0]) in self.index.anonymous_sources:
                return found
        else:  # the tree found no subject: a name right after the verb, before any preposition
            after = self.words_after(view, word, SPEAKER_WINDOW)  # ("وشدد على التزام موسكو": no)
            found = self.nearby_actor(view, list(takewhile(lambda w: w.upos != "ADP", after)))
            if found[0]:
                return found
        found = self.governor_speaker(view, word, speakers)
        # a subject that opens the quotation and names no one is what is said: "وأضاف “من الواضح"
        if found or (subject and subject[0].upos != "PRON" and subject[0].id < content):
            return found
        return self.pro_drop_speaker(view, word, speakers, context)

    def nominal_speaker(self, view, predicate, speakers, reported) -> tuple[Actor, list] | None:
        """Participles and verbal nouns speak for the verb that governs them, or for their agent."""
        word = predicate.word
        participle = circumstantial_participle(word) and bool(speakers)
        if participle and word.head in reported:  # not the reported verb's subject:
            return list(speakers.values())[-1]  # 'إن “الهجوم ... يعد خطوة” محذراً', "نفى ... أن تركيا تساعد ...، متهما"
        found = (self.governor_speaker(view, word, speakers) or self.reported_speaker(view, word)
                 or self.nominal_agent(view, predicate))
        if found is None and participle:  # "... محذرة الولايات المتحدة"
            found = list(speakers.values())[-1]
        return found

    def subject_speaker(self, view, word, subject, context) -> tuple[Actor, list] | None:
        """The actor a verb's subject names, or the earlier actor a role noun refers to ("الوزير"),
        or one just after it ("المتحدث باسم الرئاسة الأفغانية"); none for an anonymous source."""
        anonymous = _key(subject[0]) in self.index.anonymous_sources
        actor, words = self.actor_in(view, subject, new=not anonymous)  # "قال مراقبون" names no one
        if actor:
            return actor, words
        if not anonymous and subject[0].upos != "PRON":  # "وتحدث الوزير الألماني عن مأساة الشعب السوري"
            role = self.linker.resolve_role(view.text(subject), context.actors, context.foreign)
            if role:
                return role, subject
        stretch = [w for w in self.words_after(view, word, SPEAKER_WINDOW) if w.id >= subject[0].id]
        found = self.source_body(view, stretch) if anonymous else self.nearby_actor(view, stretch)
        if found[0] and found[0].type != "Person" or not (found[0] or anonymous):
            # "رئيس لجنة في مجلس الاتحاد الروسي قسطنطين كوساتشيف", "النائب الأول لرئيس لجنة ... فرانس كلينتسيفيتش"
            titled = self.words_after(view, word, 2 * SPEAKER_WINDOW)
            found = self.person_in(view, [w for w in titled if w.id >= subject[0].id]) or found
        if found[0] and (not anonymous or self.attached(view, subject[0], found[1][0])):
            return found
        return None

    def accuser(self, view: SentenceView, predicate: Predicate) -> list | None:
        """"واتهم صالح بأنه", "اتهم آخرون صالح بأنه": with one actor between the verb and the charge
        (the trees take it for the subject), the accuser is in the words before that actor; none
        there means the previous speaker. None when the pattern does not apply."""
        word, marker = predicate.word, predicate.type.charge_preposition
        if marker is None:
            return None
        charge = next((w for w in view.words[word.id:] if w.upos == "ADP" and _key(w) == marker), None)
        run = view.words[word.id:charge.id - 1] if charge else []
        if charge is None or any(w.upos in ("VERB", "SCONJ") for w in run):
            return None  # no charge, or not in this clause
        named = list(self.mentions(view, run)) or [self.person_in(view, run)]  # "صالح" is tagged, not listed
        return [w for w in run if w.id < named[0][1][0].id] if len(named) == 1 and named[0] else None

    def pro_drop_speaker(self, view, word, speakers, context) -> tuple[Actor, list] | None:
        """"وأضاف", "من جهته قال": the subject of the verb this one is coordinated with or of a
        framing statement, else the last speaker of the article."""
        shared = self.conjunct_subject(view, word) or self.framing_agent(view, word)
        if shared:
            return shared[0], [word]
        return (context.speaker[0], [word]) if context.speaker else None

    def conjunct_subject(self, view: SentenceView, word) -> tuple[Actor, list] | None:
        """"وكان دوتيرتي تحدث ... وتوعد ...": a coordinated verb shares the named subject of the first."""
        while word.deprel == "conj" and word.head:
            word = view.word(word.head)
            for subject in view.kids(word, SUBJECT_RELATIONS):
                actor, words = self.actor_in(view, self.name_words(view, subject))
                if actor:
                    return actor, words
        return None

    def fronted_actor(self, view: SentenceView, word) -> tuple[Actor, list] | None:
        """"الخارجية الروسية تحذر ...", "وكانت الوزارة أعلنت": the actor just before the verb."""
        before = [w for w in phrase_before(view, word, SPEAKER_WINDOW) if w.upos != "CCONJ"]
        # a tagged person too: "وكان صالح قد طالب" (an ambiguous name counts only where tagged)
        actor, words = self.nearby_actor(view, before)
        if not actor:
            actor, words = self.person_in(view, before) or (None, [])
        if actor and words[0].id <= before[0].id + 1:
            return actor, words
        return None

    def attributed_actor(self, view: SentenceView, word) -> tuple[Actor, list] | None:
        """"بحسب لافروف", "وفقاً لوزير الخارجية سيرغي لافروف": the actor right after the preposition."""
        run = phrase_after(view, word, SPEAKER_WINDOW)
        found = self.person_in(view, run) or self.nearby_actor(view, run)
        return found if found[0] else None

    def nominal_agent(self, view: SentenceView, predicate: Predicate) -> tuple[Actor, list] | None:
        """"دعوة لافروف", "انتقادات ترامب": the speaker of the verbal noun of a specific act.

        Bare statements and meetings ("تصريحات لافروف", "مباحثات بوتين") are mostly mentioned, not
        reported, so they get no speaker this way.
        """
        if predicate.word.upos != "NOUN" or predicate.type == fallback_type() or predicate.type.symmetric:
            return None
        return self.agent_of(view, predicate.word)

    def agent_of(self, view: SentenceView, noun) -> tuple[Actor, list] | None:
        """A person after a verbal noun, bare or with لـ. Only persons: after a verbal noun a state
        is as often the patient ("اتهام إيران")."""
        for dependent in view.kids(noun, {"nmod"}):
            if {_key(c) for c in view.kids(dependent, {"case"})} <= {"ل"}:
                actor, words = self.actor_in(view, self.name_words(view, dependent))
                if actor and actor.type == "Person":
                    return actor, words
        return None

    def framing_agent(self, view: SentenceView, word) -> tuple[Actor, list] | None:
        """"وفي تصريح لوزير الخارجية، أكد ...": a speech noun before a subjectless verb names its speaker."""
        for earlier in view.words[:word.id - 1]:
            if earlier.upos == "NOUN" and self._single_type(earlier):
                found = self.agent_of(view, earlier)
                if found:
                    return found
        return None

    @staticmethod
    def attached(view: SentenceView, source, name) -> bool:
        """"المتحدث باسم الكرملين", "مصدر في الخارجية": the name is the source's, not the verb's object."""
        return name.id == source.id or any(w.upos == "ADP" for w in view.words[source.id:name.id])

    def relative_antecedent(self, view: SentenceView, word) -> tuple[Actor, list] | None:
        """"جو بايدن، نائب الرئيس سابقا، والذي قال": a relative clause speaks for the actor before it."""
        before = [w for w in view.words[:word.id - 1] if w.upos != "CCONJ"]
        if not before or normalise_arabic(before[-1].text) not in RELATIVE_PRONOUNS:
            return None
        antecedent = _run(reversed(before[:-1]), ANTECEDENT_WINDOW, stops=frozenset({"VERB"}))[::-1]
        actor, words = next(self.mentions(view, antecedent), (None, []))
        return (actor, words) if actor else None

    def quoted_speaker(self, view, word, speakers, context) -> tuple[Actor, list] | None:
        """"نحن ندعو ...": a first-person act inside a quotation belongs to whoever is quoted."""
        subjects = view.kids(word, SUBJECT_RELATIONS)
        if subjects and normalise_arabic(subjects[0].text.strip(QUOTE_CHARS)) not in FIRST_PERSON_PRONOUNS:
            return None  # a third party's act, reported by the speaker: not a statement of its own
        # "لنظام دعا إلى تدميرنا", "المتطوعين الذين يقاتلون ... ويرفضون": the act of someone else
        if word.upos != "VERB" or word.deprel.startswith("acl") or not (subjects or first_person(word)):
            return None
        return speakers.get(0) or next(iter(speakers.values()), None) or context.speaker

    def partners(self, view: SentenceView, speaker: tuple[Actor, list], context: "Context") -> list[tuple[Actor, list]]:
        """Actors coordinated with the speaker: "ماكرون وميركل يطالبان", "اتفق الأسد وبوتين", "الجانبان"."""
        actor, words = speaker
        if not words or any(w.upos == "VERB" for w in words):  # pro-drop: no phrase to coordinate
            return []
        pair = self.pair(words[0], context)
        if pair and pair[0].id == actor.id:
            return [(pair[1], words)]
        span = [w for w in view.words[words[0].id - 1:] if w.id <= words[-1].id]
        run = span + phrase_after(view, words[-1], len(words) + SPEAKER_WINDOW - len(span))
        found, previous = [], None
        for partner, covered in self.mentions(view, run):
            if partner.id in (actor.id, actor.affiliation):
                previous = covered[-1]
                continue
            name = next((w for w in covered if w.upos not in CLITIC_UPOS), covered[0])  # "والرباط": و + الرباط
            gap = view.words[previous.id:name.id - 1] if previous else []
            # "ماكرون والمستشارة الألمانية ميركل": a conjunction, then at most a title
            if not gap or len(gap) > PARTNER_GAP or not any(w.upos == "CCONJ" for w in gap):
                break
            found.append((partner, covered))
            previous = covered[-1]
        return found

    def dual_subject(self, view: SentenceView, word, context: "Context") -> tuple[Actor, list] | None:
        """"اعتبر الزعيمان", "ودعا الجانبان": a dual subject names the first of two actors; partners()
        adds the second. The word right after the verb counts too: trees often take it for the object."""
        for candidate in [*view.kids(word, SUBJECT_RELATIONS), *view.words[word.id:word.id + 1]]:
            pair = self.pair(candidate, context)
            if pair:
                return pair[0], [candidate]
        return None

    def pair(self, word, context: "Context") -> tuple[Actor, Actor] | None:
        """The two actors a dual noun names: "الزعيمان" the last two persons who acted together,
        "الجانبان" their states (or organisations)."""
        if not context.pair or not normalise_arabic(word.text).endswith(NOMINATIVE_DUAL):
            return None
        lemma = _key(word)
        lemma = lemma.removesuffix(NOMINATIVE_DUAL)  # our lemmatizer keeps some duals: زعيمان
        if lemma not in self.index.person_pairs | self.index.side_pairs:
            return None
        first, second = context.pair
        if lemma in self.index.side_pairs:
            first, second = (self.linker.actor(a.affiliation) if a.affiliation and a.type in ("Person", "GovernmentBody")
                             else a for a in context.pair)
        elif not first.type == second.type == "Person":
            return None
        return (first, second) if first and second and first.id != second.id else None

    def with_partner(self, statement: Statement, partner: tuple[Actor, list], view: SentenceView) -> Statement:
        """The same act by a co-speaker; for joint acts (agree, consult) the partner is the target."""
        if statement.symmetric:
            return replace(statement, target=view.mention(partner[1]), target_actor=partner[0])
        return replace(statement, speaker=view.mention(partner[1]), speaker_actor=partner[0])

    def reported_speaker(self, view: SentenceView, word) -> tuple[Actor, list] | None:
        """"نقل موقع ... عن X قوله": the speaker is named between عن and the verbal noun (the
        trees attach the عن-phrase anywhere)."""
        before = phrase_before(view, word, 2 * SPEAKER_WINDOW)
        source = next((w for w in reversed(before) if w.upos == "ADP" and _key(w) == "عن"), None)
        if source is None:
            return None
        run = [w for w in before if w.id > source.id]
        if run and _key(run[0]) in self.index.anonymous_sources:  # "عن مصدر في الخارجية"
            found = self.source_body(view, run)
        else:
            found = self.person_in(view, run) or self.nearby_actor(view, run)
        return found if found[0] else None

    def source_body(self, view: SentenceView, words) -> tuple[Actor | None, list]:
        """The body an unnamed source speaks from, which the guidelines credit: "مصدر في الخارجية
        الروسية", "المتحدث باسم الكرملين"; a state is no body ("مسؤول أمريكي في واشنطن"), nor does
        a diplomat speak for the United Nations."""
        if _key(words[0]) not in self.index.insider_sources:
            return None, []
        for actor, covered in self.mentions(view, words):
            if actor.type != "State" and self.attached(view, words[0], covered[0]):
                return actor, covered
        return None, []

    def governor_speaker(self, view, word, speakers) -> tuple[Actor, list] | None:
        """Participles and nouns under a verb ("مشدداً", "أعرب عن ترحيبه") speak for its subject."""
        if not word.head:
            return None
        governor = view.word(word.head)
        supported = not self.index.support_verbs.isdisjoint(_verb_keys(governor))  # "أعرب عن قلقه", "أبدى انزعاجه"
        relation = word.deprel.split(":")[0]
        if not self.announced(view, word):  # "أعلن رفض بلاده"
            if relation not in SHARED_SPEAKER_RELATIONS and not (relation == "obj" and supported):
                return None
            if not circumstantial_participle(word) and not supported:
                return None  # a verbal noun speaks only through a support verb
        if governor.id in speakers:
            return speakers[governor.id]
        subjects = view.kids(governor, SUBJECT_RELATIONS) if governor.upos == "VERB" else []
        if subjects:
            actor, words = self.actor_in(view, self.name_words(view, subjects[0]))
            return (actor, words) if actor else None
        return self.conjunct_subject(view, governor)  # "أبدى الأزهر ... وأعرب عن رفضه"

    # --- targets and claims ----------------------------------------------------------------

    def target(self, view: SentenceView, predicate, speaker: tuple[Actor, list], clause,
               partners=()) -> tuple[Actor | None, list]:
        """The actor the act is directed at (object, addressee), else the one the clause is about.

        The speaker's own state is no target of what it says ("أكد لافروف أن موسكو ..."), nor are
        the speaker's members or the government bodies of that state ("أكد بيسكوف ثقة الكرملين").
        """
        actor, speaker_words = speaker
        excluded = {actor.id, actor.affiliation} | {p.id for p, _ in partners}
        owners = {actor.id}  # its members are no targets, nor are the government bodies of its state
        colleagues = {actor.affiliation} - {None}  # ("أكد بيسكوف ثقة الكرملين"), but its parties are ("بحركة النهضة")
        after = max([predicate.word] + [w for w in speaker_words if w.id > predicate.word.id], key=lambda w: w.id)
        following = self.words_after(view, after, TARGET_WINDOW)
        # the object right after: "طالب لافروف واشنطن ب...", "تحذر واشنطن", "في اتجاه التصعيد” محذراً واشنطن",
        # its name read whole: "الرئيس اليمني السابق علي عبدالله صالح" is Saleh, "الرئيس اليمني" alone Hadi
        found = self.nearby_actor(view, following, exclude=excluded, owners=owners,
                                  colleagues=colleagues, governor=predicate.word)
        if found[0] and found[1][0] in following[:ADJACENT_WORDS]:
            return found
        content = self.content_start(view, predicate.word)
        for dependent in view.kids(predicate.word, TARGET_RELATIONS):
            phrase = view.subtree(dependent, PHRASE_RELATIONS)
            if dependent.id in {w.id for w in speaker_words} or phrase[0].id >= content:
                continue
            if self._circumstantial(view, phrase[0]) or dependent.upos in ("VERB", "SCONJ"):
                continue
            found = self.nearby_actor(view, phrase, exclude=excluded, owners=owners, colleagues=colleagues)
            if found[0]:
                return found
        found = self.clause_topic(view, clause, excluded, owners, colleagues)
        return found if found[0] else self.fronted_topic(view, predicate, excluded, owners, colleagues)

    def fronted_topic(self, view: SentenceView, predicate, excluded: set, owners: set,
                      colleagues: set) -> tuple[Actor | None, list]:
        """"وفيما يتعلق بالعلاقات بين المملكة وروسيا أكد ...": the actor of a topic phrase that opens
        the sentence, places included ("بشأن الوضع في سوريا"), when the clause names none."""
        before = view.words[:predicate.word.id - 1]
        marker = next((w for w in before[:TOPIC_MARKER_WINDOW] if _key(w) in self.index.topic_markers), None)
        topic = [w for w in before if marker and w.id > marker.id]
        allowed = ((a, c) for a, c in self.mentions(view, topic) if self._allowed(a, excluded, owners, colleagues))
        return next(allowed, (None, []))

    def clause_topic(self, view: SentenceView, clause, excluded: set, owners: set, colleagues: set) -> tuple[Actor | None, list]:
        """The actor a content clause is about: its subject, else one named at its start."""
        if not clause:
            return None, []
        ids = {w.id for w in clause}
        heads = [w for w in clause if w.head not in ids]
        for head in heads:
            for subject in view.kids(head, SUBJECT_RELATIONS):
                found = self.nearby_actor(view, view.subtree(subject), exclude=excluded, owners=owners, colleagues=colleagues)
                if found[0]:
                    return found
        return self.nearby_actor(view, clause[:TARGET_WINDOW], exclude=excluded, owners=owners, colleagues=colleagues)

    def clause(self, view: SentenceView, predicate) -> list:
        """The content of the statement: the clause the predicate governs, or what follows it up
        to the speaker's next act."""
        return self.said(view, predicate) or view.words[predicate.word.id:self.next_act(view, predicate.word) - 1]

    def next_act(self, view: SentenceView, word) -> int:
        """Id of the first participle act after ``word`` ("رفض بلاده ...، مؤكدا أن"), else past the end."""
        return next((w.id for w in view.words[word.id:] if self.participle_act(w)), len(view.words) + 1)

    def participle_act(self, word) -> bool:
        """"مؤكدا", "مطالبا": a participle trigger in the circumstantial accusative."""
        found = self._single_type(word)
        return found is not None and circumstantial_participle(word) and _key(word) in found.participle_lemmas

    def said(self, view: SentenceView, predicate) -> list:
        """What the predicate reports as said: its clause, or what follows أن/إن, a colon or a quote."""
        clauses = [view.subtree(d) for d in view.kids(predicate.word) if self._content_clause(view, d)]
        # one after the predicate first: "في مؤتمر عقده ..., وصف ترودو ..." (the tree hangs عقده on وصف)
        clause = next((c for c in clauses if c[-1].id > predicate.word.id), clauses[0] if clauses else [])
        start = self.content_start(view, predicate.word)
        if not clause:  # what follows أن after a participle is the participle's: "رفض ...، مؤكدا أن"
            return [w for w in view.words if w.id >= start] if start < self.next_act(view, predicate.word) else []
        if start <= clause[0].id and view.word(start).text[:1] not in QUOTE_CHARS:
            # from its opener on: "يعلنها: الولايات المتحدة تطعننا", "رأى أن ... مؤكداً" (trees misplace both)
            return [w for w in view.words if start <= w.id <= clause[-1].id]
        return clause

    @staticmethod
    def _content_clause(view: SentenceView, dependent) -> bool:
        relation = dependent.deprel.split(":")[0]
        return relation in ("ccomp", "csubj", "xcomp", "parataxis") or (
            relation in ("advcl", "obl", "obj") and any(m.upos == "SCONJ" for m in view.kids(dependent, {"mark"})))

    # --- sentences --------------------------------------------------------------------

    def statements(self, parsed: ParsedArticle) -> list[Statement]:
        context = Context()
        self.people = {}  # persons of this article by surname, for later mentions by surname alone
        found = []
        for paragraph, doc in zip(parsed.article.paragraphs, parsed.docs):
            for sentence in doc.sentences:
                view = SentenceView(sentence, paragraph.text, paragraph.original_offset)
                found += self.sentence_statements(parsed.article.doc, view, context)
                context.remember(view.text(view.words), self.linker)
        return found

    def sentence_statements(self, doc_id: str, view: SentenceView, context: "Context") -> list[Statement]:
        statements: dict[tuple, Statement] = {}
        speakers: dict[int, tuple[Actor, list]] = {}
        quoted = quotation_spans(view)
        quoted_words = {w.id for w in view.words if inside(w, quoted)}
        attributed = self.lead_attribution(view)
        if attributed:
            speakers[0] = attributed[0]
        # Words after a named speaker's act, and those of what it says: no acts of their own,
        # except a new clause with its own named subject ("وتعترض إسرائيل ... وأشاد نتنياهو").
        claimed: set[int] = set()
        said: set[int] = set()
        quoting: set[str] = set()  # speakers with an act of their own inside a quotation
        for predicate in self.predicates(view):
            if predicate.word.id in claimed and not inside(predicate.word, quoted) \
                    and not self.own_act(view, predicate) \
                    and (predicate.word.id in said or not self.named_subject(view, predicate.word)):
                continue
            speaker = self.speaker(view, predicate, speakers, context, quoted, said | quoted_words)
            if speaker is None:
                continue
            speakers[predicate.word.id] = speaker
            clause = self.clause(view, predicate)
            partners = self.partners(view, speaker, context)
            target = self.target(view, predicate, speaker, clause, partners)
            statement = self.make_statement(doc_id, view, predicate, speaker, target, clause)
            self.add(statements, statement)
            if inside(predicate.word, quoted) and predicate.type != fallback_type():
                quoting.add(speaker[0].id)
            for partner in partners:
                self.add(statements, self.with_partner(statement, partner, view))
            if predicate.word.upos == "VERB" or predicate.type == fallback_type():  # a report: "قال", "قوله"
                claimed |= {w.id for w in clause}
                said |= {w.id for w in self.said(view, predicate)}
                if predicate.word not in speaker[1]:
                    context.speaker = speaker  # a named speaker: the one "وأضاف" goes back to
                if partners or target[0]:
                    context.pair = speaker[0], (partners[0] if partners else target)[0]
        if attributed and self.unstated(attributed[0][0], list(statements.values())):
            rest = [w for w in view.words if w.parent.start_char > attributed[1]]
            predicate = Predicate(rest[0] if rest else view.words[-1], fallback_type(), ":")
            target = self.nearby_actor(view, rest, exclude={attributed[0][0].id, attributed[0][0].affiliation})
            self.add(statements, self.make_statement(doc_id, view, predicate, attributed[0], target, rest))
        # "وأضاف “نحن ندعو ...”": the act quoted is what the speaker did, not a bare assert
        return [s for s in statements.values() if s.type != fallback_type().id or s.speaker_actor.id not in quoting]

    @staticmethod
    def unstated(lead: Actor, statements: list[Statement]) -> bool:
        """Whether the lead of "X: ..." still needs a statement of its own: when nothing else was
        said, or when a person leads (a state may only label a section: "سوريا: ماكرون وميركل يطالبان")."""
        return not statements or lead.type == "Person" and all(s.speaker_actor.id != lead.id for s in statements)

    def named_subject(self, view: SentenceView, word) -> bool:
        return any(self.actor_in(view, self.name_words(view, subject), new=False)[0]
                   for subject in view.kids(word, SUBJECT_RELATIONS))

    def own_act(self, view: SentenceView, predicate: Predicate) -> bool:
        """"..., مطالبا ب", "أعلن رفض بلاده": a specific act in a participle, or named by the object
        of a statement verb, is the speaker's own, even inside what it says."""
        if predicate.type == fallback_type():
            return False
        return self.participle_act(predicate.word) or self.announced(view, predicate.word)

    def announced(self, view: SentenceView, word) -> bool:
        """A verbal noun that is the object of a statement verb: "أعلن رفض", "أكد استعداده"."""
        if not word.head:
            return False
        governor = view.word(word.head)
        if governor.upos != "VERB" or self._single_type(governor) != fallback_type():
            return False
        if word.upos == "NOUN":
            return word.deprel == "obj"
        # "أعلن قرقاش رفض بلاده": the tree may take the noun for a verb with the name for its subject
        return word.deprel == "ccomp" and not view.kids(word, {"mark"}) and word.id < self.content_start(view, governor)

    @staticmethod
    def add(statements: dict, statement: Statement) -> None:
        """One statement per speaker and type in a sentence; one with a target beats one without."""
        key = (statement.speaker_actor.id, statement.type)
        if key not in statements or (statement.target_actor and not statements[key].target_actor):
            statements[key] = statement

    def lead_attribution(self, view: SentenceView) -> tuple[tuple[Actor, list], int] | None:
        """"كوساتشيف: ...", "دي ميستورا "مستعد ..."" — a short verbless lead naming an actor, then a
        colon or an opening quotation mark, attributes the rest."""
        lead = []
        for word in view.words[:LEAD_WORDS + 1]:
            if word.text in CONTENT_OPENERS:  # after a headline's speaker: what it said
                break
            lead.append(word)
        else:
            return None
        if not lead or any(w.upos in ("VERB", "PUNCT") or self._single_type(w) for w in lead):
            return None
        actor, words = self.actor_in(view, lead)
        return ((actor, words), view.span(lead)[1] + 1) if actor else None

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


def phrase_after(view: SentenceView, word, limit: int) -> list:
    """Up to ``limit`` words after ``word``, stopping at a verb, punctuation or a subordinator."""
    return _run(view.words[word.id:], limit)


def phrase_before(view: SentenceView, word, limit: int) -> list:
    """Up to ``limit`` words before ``word``, back to a verb, punctuation or a subordinator."""
    return _run(reversed(view.words[:word.id - 1]), limit)[::-1]


def _run(words, limit: int, stops: frozenset[str] = PHRASE_STOPS) -> list:
    """The first ``limit`` of ``words`` at most, up to the first whose part of speech is in ``stops``."""
    return list(islice(takewhile(lambda w: w.upos not in stops, words), limit))


def so_called(view: SentenceView, word) -> bool:
    """"ما يدعى بـ" 'the so-called', "بما يتفق مع" 'in line with': idioms, no speech acts (our
    tagger marks no passive)."""
    before = view.previous(word)
    after = view.words[word.id] if word.id < len(view.words) else None
    return before is not None and after is not None and _key(before) == "ما" and _key(after) in ("ب", "بـ", "مع")


def first_entity(tagged: list) -> list:
    """The words of the first named entity among tagged words (BIOES tags)."""
    for end, word in enumerate(tagged):
        if word.parent.ner[:2] in ("E-", "S-"):
            return tagged[:end + 1]
    return tagged


def surname(name: str) -> str:
    """The key of a person's last name: "أحمد قطان" and "القطان" meet."""
    last = normalise_arabic(name.split()[-1]) if name.split() else ""
    return last[2:] if last.startswith("ال") and len(last) > 4 else last


def first_person(word) -> bool:
    """"ندعو", "أطالب", "رفضنا": a verb form of the first person (the tagger gives no features):
    the prefix ن or أ before the lemma, or the suffix نا after it."""
    form, lemma = normalise_arabic(word.text.strip(QUOTE_CHARS)), _key(word)
    return (form[:1] in ("ن", "ا") and not form.startswith(lemma[:2])) or (form.endswith("نا") and not lemma.endswith("نا"))


def circumstantial_participle(word) -> bool:
    """"مشدداً", "مطالبا": a participle in the indefinite accusative, whatever tag the tagger gave."""
    if word.upos == "ADJ":
        return True
    form = normalise_arabic(word.text)
    return word.upos in ("NOUN", "X") and form.endswith("ا") and not form.startswith("ال") and len(form) > 4


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
    foreign: set[str] = field(default_factory=set)  # persons named with their state: visitors, not hosts
    pair: tuple[Actor, Actor] | None = None  # the last speaker with a partner or target: "الجانبان"

    def remember(self, text: str, linker: Linker) -> None:
        """The actors a sentence names, and which persons it names with their state."""
        for start, end, actor in linker.find(text):
            self.actors.append(actor)
            if actor.type == "Person" and linker.names_state(text[start:end], actor):
                self.foreign.add(actor.id)


def inside(word, spans: list[tuple[int, int]]) -> bool:
    return any(start <= word.parent.start_char < end for start, end in spans)


def quotation_spans(view: SentenceView) -> list[tuple[int, int]]:
    start, end = view.bounds
    text = view.paragraph_text[start:end]
    return [(start + m.start(1), start + m.end(1)) for m in QUOTES.finditer(text)]

