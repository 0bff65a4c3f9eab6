"""Target rules: the actor a statement is directed at or about.

Never the speaker (nor a person named by part of the speaker's name or more of it), its state (or the
state a body is named after: "قوات سوريا الديمقراطية"), its co-speakers, its members or its state's
government bodies ("أكد لافروف أن موسكو ...", "أكد بيسكوف ثقة الكرملين"), but its state's parties and
legislature may be ("بحركة النهضة", "إذا أطاح الكونجرس بالاتفاق");
nor an actor inside a place, time or occasion phrase, nor one in the speaker's own title, apposition or
relative clause ("قال المتحدث باسم الكرملين ديمتري بيسكوف"). The cascade at the bottom says the order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile

from kg.extract.actors import NAME_RELATIONS, TITLE_WINDOW, Found, allowed
from kg.extract.patterns import taken
from kg.extract.rules import Decline, rule
from kg.extract.scene import SUBJECT, Scene
from kg.extract.speakers import first_conjunct
from kg.extract.sentence import (WORDS, antecedent, conjoined_verb, definite, entity_tag, inside, key, person_start,
                                 pronoun_joined, relative_aside, resumed_relative)
from kg.ontology import normalise_arabic
from kg.records import Actor

TARGET_WINDOW = 20  # words of a content clause searched for what it is about (measured on dev: 10 < 15 < 20 = 25)
ADJACENT_WORDS = 2  # an actor this close after the verb and speaker is its object
TOPIC_MARKER_WINDOW = 4  # "وفيما يتعلق ب", "أما بشأن": a topic phrase opens the sentence
# A noun phrase without the clauses inside it: "محادثات ... في المحافظة التي تحد تركيا" is not about Turkey.
PHRASE_RELATIONS = NAME_RELATIONS | {"case", "cc", "conj", "mark", "obl", "punct"}
DEPENDENT = [{"RIGHT_ID": "predicate"},
             {"LEFT_ID": "predicate", "REL_OP": ">", "RIGHT_ID": "dependent",
              "RIGHT_ATTRS": {"DEP": {"IN": ["obj", "iobj", "obl"]}, "POS": {"NOT_IN": ["VERB", "SCONJ"]}}}]


@dataclass
class Barred:
    """Who may not be the target of a speaker's statement."""

    excluded: set  # the speaker, its state, its co-speakers
    owners: set  # actors whose members are no targets: the speaker's
    colleagues: set  # actors whose government bodies are no targets: the speaker's state
    described: set  # ids of the words of the speaker's title and apposition
    speaker: Actor

    @classmethod
    def of(cls, scene: Scene) -> "Barred":
        """The scene's, made once for the target rules that each ask for it."""
        if scene.barred is None:
            actor = scene.speaker[0]
            named_after = states_named_in(scene.lookup.linker, actor.label_ar) if actor.type != "Person" else set()
            scene.barred = cls({actor.id, actor.affiliation} | named_after | {p.id for p, _ in scene.partners},
                               {actor.id}, {actor.affiliation} - {None}, description(scene), actor)
        return scene.barred

    def first(self, scene: Scene, words, governor=None, edge: frozenset = frozenset()) -> tuple:
        """The first actor named in ``words`` who may be the target; else a person the gazetteer
        does not know, named by the tagger ("طالب بتنحية عباس", "التقى آندرو برونسون")."""
        view, lookup = scene.view, scene.lookup
        def nearby(words) -> tuple:
            return lookup.nearby_actor(view, words, exclude=self.excluded, owners=self.owners,
                                       colleagues=self.colleagues, governor=governor, edge=edge)

        words = [w for w in words if w.id not in self.described]
        found = nearby(words)
        while found[0] and self.renamed(found[0]):  # past the speaker named again
            words = [w for w in words if w.id > found[1][-1].id]
            found = nearby(words)
        if found[0]:
            return found
        holder = self.role_holder(scene, words, governor, edge)
        if holder:
            return holder
        person = lookup.person_in(view, words)
        if person and self.allows(person[0]) and not lookup.circumstantial(view, person[1][0], governor, edge):
            return person
        return None, []

    def role_holder(self, scene: Scene, words, governor=None, edge: frozenset = frozenset()) -> tuple | None:
        """A person named before whom a title with a state refers to: "بالرئيس الفرنسي", "نظيره الروسي"
        (a title that more than one person held in those years names no one in the gazetteer)."""
        view, opens_title = scene.view, scene.lookup.linker.opens_title
        for start, word in enumerate(words):
            if not opens_title(word.text) or scene.lookup.circumstantial(view, word, governor, edge):
                continue
            title = [word, *takewhile(lambda w: w.parent is word.parent, words[start + 1:])]  # نظير + ه
            rest = list(takewhile(lambda w: w.upos in ("NOUN", "ADJ"), words[start + len(title):]))[:TITLE_WINDOW]
            for end in range(len(rest), 0, -1):  # the longest title first; a bare one names no one
                holder = scene.role([*title, *rest[:end]])
                if holder is not None and holder.type == "Person" and self.allows(holder):
                    return holder, [*title, *rest[:end]]
        return None

    def allows(self, actor) -> bool:
        return allowed(actor, self.excluded, self.owners, self.colleagues) and not self.renamed(actor)

    def renamed(self, actor) -> bool:
        """Whether a person is the speaking person named again by part of the name or more of it, a
        candidate of its own: "غافن ويليامسون" after "ويليامسون" spoke."""
        if actor.type != "Person" or self.speaker.type != "Person" or actor.id == self.speaker.id:
            return False
        names, speaking = set(actor.label_ar.split()), set(self.speaker.label_ar.split())
        return names <= speaking or speaking <= names


@lru_cache(maxsize=4096)
def states_named_in(linker, name: str) -> frozenset[str]:
    """The states a body is named after, by their names (not gentilics), which it speaks for: "تحالف دعم
    الشرعية في اليمن", "قوات سوريا الديمقراطية"."""
    return frozenset(actor.id for word in name.split() if (actor := linker.link(word)) and actor.type == "State"
                     and not linker.gentilic(word))


def description(scene: Scene) -> set[int]:
    """The ids of the words that describe the speaker after the verb: its title before its name
    ("قال المتحدث باسم الكرملين ديمتري بيسكوف") and an apposition after it that opens with a title
    word and names no one else ("قال بشار الجعفري، مندوب سوريا في مجلس الأمن، إن"), or a relative
    clause between commas. The actors named there say who speaks, not what about."""
    view, word, named = scene.view, scene.word, scene.speaker[1]
    if not named or named[-1].id < word.id:
        return set()
    title = list(view.words[word.id:named[0].id - 1])
    ids = {w.id for w in title} if title and scene.lookup.linker.opens_title(title[0].text) else set()
    after = scene.lookup.title_after(view, named[-1])
    if not names_other_holder(scene, after):
        ids |= {w.id for w in after}
    ids |= {w.id for w in relative_aside(view, named[-1])}
    # a conjunct of the speaker speaks with it: "وأبدى الرئيس التونسي ورئيسة الوزراء البريطانية قلقهما"
    # (a co-speaker by its own name only: the tree may hang the object on it, "ودعت فرنسا وألمانيا وبريطانيا إيران")
    partner_words = {w.id: named for _, named in scene.partners for w in named}
    return ids | {w.id for name in scene.subject for conjunct in view.kids(name, {"conj"})
                  for w in partner_words.get(conjunct.id) or view.subtree(conjunct)}


def names_other_holder(scene: Scene, title: list) -> bool:
    """Whether a title after the speaker's name names another person, the one office holder it is
    known for ("وهنأ المدرب فلان رئيس الوزراء الإسرائيلي"): the object, not an apposition."""
    return not any(map(person_start, title)) and any(
        actor.type == "Person" and actor.id != scene.speaker[0].id and covered[0] is title[0]
        for actor, covered in scene.lookup.mentions(scene.view, title))


def after_speaker(scene: Scene, described: set[int]) -> list:
    """The words after the verb, its speaker and the speaker's description (``described``)."""
    view, word = scene.view, scene.word
    speaking = [w for _, named in [scene.speaker, *scene.partners] for w in named if w.id > word.id] \
        + [view.word(i) for i in described]  # "ودعت فرنسا وألمانيا وبريطانيا إيران": past the co-speakers
    return view.words_after(max([word, *speaking], key=lambda w: w.id), TARGET_WINDOW)


@rule("target.receiver")
def receiver(scene: Scene) -> Found | Decline:
    """"تلقى الملك اتصالا هاتفيا من الرئيس الفرنسي": the subject of the verb of receiving is the target
    of the act it receives."""
    verb, view = scene.receiving_verb, scene.view
    subjects = taken(SUBJECT, view, verb, "subject") if verb is not None else []
    found = Barred.of(scene).first(scene, scene.lookup.name_words(view, subjects[0])) if subjects else (None, [])
    return found if found[0] else Decline("no receiver of the act")


@rule("target.relative_object")
def relative_object(scene: Scene) -> Found | Decline:
    """"حركة الشباب التي تتهمها نيروبي بتجنيد المقاتلين": a verb whose object pronoun takes back the
    relative pronoun before it acts on the actor the relative refers to, the last one named before it."""
    view = scene.view
    if not resumed_relative(view, scene.word):
        return Decline("no relative pronoun that the verb's object pronoun takes back")
    words = antecedent(view, scene.word)
    named = list(scene.lookup.mentions(view, words))
    found = named[-1] if named else scene.lookup.person_in(view, words)
    # the name ends the antecedent, but for its adjectives: "وقف إطلاق النار الذي اقترحه الخطيب" is no actor
    if not found or any(w.upos not in ("ADJ", "PUNCT") for w in words if w.id > found[1][-1].id):
        return Decline("the relative refers to no actor")
    return found if Barred.of(scene).allows(found[0]) else Decline("the relative refers to the speaker's side")


@rule("target.pronoun_object")
def pronoun_object(scene: Scene) -> Found | Decline:
    """"تحدى أردوغان السعودية، مطالبا إياها بتقديم دليل": a separate object pronoun right after the act
    (kg:separateObjectPronouns) takes back the last actor named before it who may be the target."""
    view, after = scene.view, scene.view.next(scene.word)
    if after is None or normalise_arabic(after.parent.text) not in WORDS.separate_object_pronouns:
        return Decline("no separate object pronoun after the act")
    rules = Barred.of(scene)
    named = [found for found in scene.lookup.mentions(view, view.words[:scene.word.id - 1]) if rules.allows(found[0])]
    return named[-1] if named else Decline("the pronoun takes back no actor named before")


@rule("target.conjunct_object")
def conjunct_object(scene: Scene) -> Found | Decline:
    """"وانتقدت الوزارة طهران واتهمتها بدعم ...": the object pronoun joined to a verb coordinated with an
    earlier one takes back the actor that verb acts on, named between the two."""
    view, word = scene.view, scene.word
    if not conjoined_verb(view, word) or not pronoun_joined(word) or word.parent.words[-1].deprel != "obj":
        return Decline("no object pronoun joined to a verb with its conjunction")
    first = first_conjunct(view, word, scene.sentence.reported)
    if first is None:
        return Decline("not coordinated with an earlier verb")
    acted_on = {w.id for kid in view.kids(first, {"obj", "obl"}) for w in view.subtree(kid)}
    found = Barred.of(scene).first(scene, [w for w in view.words[first.id:word.id - 1] if w.id in acted_on],
                                   governor=first)
    return found if found[0] else Decline("the earlier verb acts on no actor")


@rule("target.adjacent_object")
def adjacent_object(scene: Scene) -> Found | Decline:
    """"طالب لافروف واشنطن ب...", "تحذر واشنطن", "محذراً واشنطن": the actor right after the verb
    (and its speaker) is its object, its name read whole ("الرئيس اليمني السابق علي عبدالله صالح"
    is Saleh, "الرئيس اليمني" alone the president in office)."""
    barred = Barred.of(scene)
    following = after_speaker(scene, barred.described)
    found = barred.first(scene, following, governor=scene.word)
    if found[0] and found[1][0] in following[:ADJACENT_WORDS]:
        return found
    return Decline("no actor right after the verb")


@rule("target.dependent", pattern=DEPENDENT)
def dependent(scene: Scene) -> Found | Decline:
    """"رحب لافروف بمبادرة الرئيس الصيني": an actor in the predicate's object, indirect object or
    oblique, before what is said and not a place or time ("في موسكو"), nor the source of the report
    ("وحسب وكالة الأنباء الكويتية، قال ...")."""
    view, word, rules = scene.view, scene.word, Barred.of(scene)
    speaker_ids = {w.id for w in scene.speaker[1]}
    for head in taken(DEPENDENT, view, word, "dependent"):
        if any(key(case) in scene.index.according_to for case in view.kids(head, {"case"})):
            continue
        # up to the speaker's name the tree may hang in it: "باسم التحالف تركي المالكي"
        phrase = list(takewhile(lambda w: w.id not in speaker_ids, view.subtree(head, PHRASE_RELATIONS)))
        if not phrase or phrase[0].id >= scene.content or scene.lookup.circumstantial(view, phrase[0]):
            continue
        found = rules.first(scene, phrase)
        if found[0]:
            return found
    return Decline("no actor in an object or oblique")


@rule("target.addressee")
def addressee(scene: Scene) -> Found | Decline:
    """"دعا الوزير الشعوب العربية إلى التضامن", "طالب عباس المجتمع الدولي بالتدخل": the object of a
    call, demand or warning is its addressee, a group named by a common noun and its adjectives if no
    actor is named there, before any actor in the obliques."""
    view = scene.view
    if not scene.predicate.type.addresses_object:
        return Decline("not a call, demand or warning")
    following = after_speaker(scene, description(scene))
    speaker = {w.id for actor, named in scene.lookup.mentions(view, following) if actor.id == scene.speaker[0].id
               for w in named}  # "دعا رئيس الوزراء الأردني، سامر الخطيب، الشعوب"
    following = [w for w in following if w.upos != "PUNCT" and w.id not in speaker]
    head = following[0] if following else None
    if head is None or head.upos != "NOUN" or head.id >= scene.content or view.kids(head, {"case"}) \
            or entity_tag(head).endswith("PER") or not definite(head):
        return Decline("no common noun right after the verb and its speaker")
    adjectives = list(takewhile(lambda w: w.upos == "ADJ" and w.head == head.id, following[1:]))
    if not adjectives:
        return Decline("the noun after the verb has no adjective")
    after = view.next(adjectives[-1])
    # a person's title or epithet: "المرشد الإيراني", "النجمة الأسترالية كيت بلانشيت"
    if scene.lookup.linker.opens_title(head.text) or (after is not None and person_start(after)):
        return Decline("the noun after the verb describes a person")
    phrase = [head, *adjectives]
    return scene.lookup.linker.candidate(view.text(phrase), "ORG"), phrase


@rule("target.clause_subject", pattern=SUBJECT)
def clause_subject(scene: Scene) -> Found | Decline:
    """"أكد لافروف أن واشنطن تنشر معلومات مضللة": the subject of what is said."""
    clause = scene.clause
    ids = {w.id for w in clause}
    for head in (w for w in clause if w.head not in ids):
        for subject_word in taken(SUBJECT, scene.view, head, "subject"):
            found = Barred.of(scene).first(scene, scene.view.subtree(subject_word))
            if found[0]:
                return found
    return Decline("what is said has no subject naming an actor")


@rule("target.clause_start")
def clause_start(scene: Scene) -> Found | Decline:
    """"قال إن العقوبات على روسيا ...": the first actor named early in what is said."""
    # a quotation is a phrase of its own, wherever the tree hangs it ("في بيان \"نقف مع فرنسا في حقها\"")
    edge = frozenset(w.id for w in scene.clause) if quotation(scene) else frozenset()
    found = Barred.of(scene).first(scene, scene.clause[:TARGET_WINDOW], edge=edge)
    return found if found[0] else Decline(f"no actor in the first {TARGET_WINDOW} words of what is said")


def quotation(scene: Scene) -> bool:
    """Whether what is said opens a quotation (its first word, or the one after its opening mark)."""
    return any(inside(w, scene.sentence.quoted) for w in scene.clause[:2])


@rule("target.fronted_topic")
def fronted_topic(scene: Scene) -> Found | Decline:
    """"وفيما يتعلق بالعلاقات بين المملكة وروسيا أكد ...": the actor of a topic phrase that opens
    the sentence, places included ("بشأن الوضع في سوريا")."""
    view, rules = scene.view, Barred.of(scene)
    before = view.words[:scene.word.id - 1]
    marker = next((w for w in before[:TOPIC_MARKER_WINDOW] if key(w) in scene.index.topic_markers), None)
    if marker is None:
        return Decline("no topic phrase opens the sentence")
    topic = [w for w in before if w.id > marker.id]
    found = next(((a, c) for a, c in scene.lookup.mentions(view, topic) if rules.allows(a)), None)
    return found or Decline("the topic phrase names no actor")


@rule("target.other_side")
def other_side(scene: Scene) -> Found | Decline:
    """"أشاد الوزير بتطور التعاون بين البلدين": the two countries of a definite oblique dual
    after the verb are the two sides last paired; the statement is about the one that is not the
    speaker's. (The nominative "البلدان" is also the plural: "بلدان خليجية", "هذه البلدان".)"""
    rules = Barred.of(scene)
    for word in filter(definite, scene.view.words[scene.word.id:]):
        sides = scene.pair(word, WORDS.oblique_plural_suffix) or ()
        if any(side.type == "Person" for side in sides):
            continue  # two persons, or a side the linker knows no state or body of
        other = next((a for a in sides if rules.allows(a)), None)
        if other:
            return other, [word]
    return Decline("no dual of the two sides last paired")


TARGET_RULES = (receiver, relative_object, pronoun_object, conjunct_object, adjacent_object, addressee, dependent,
                clause_subject, clause_start, fronted_topic, other_side)
