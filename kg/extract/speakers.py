"""Speaker rules: who made the statement a predicate triggers.

The cascades at the bottom of this file say in which order the rules are tried, one list for each
place a predicate can stand in: inside a quotation, after "بحسب", as a participle or verbal noun,
or as a verb. Each rule returns what it found (an actor and the words that name it; the predicate
itself for a dropped pronoun), Decline (not its case) or Stop (no speaker at all).
"""
from __future__ import annotations

from itertools import dropwhile, takewhile

from kg.ontology import normalise_arabic
from kg.records import Actor
from kg.extract.actors import CLITIC_UPOS, MEDIA, PROPER_UPOS, TITLE_WINDOW, Found, attached, principal
from kg.extract.patterns import taken
from kg.extract.predicates import passive, trigger_phrase
from kg.extract.rules import Decline, Stop, rule
from kg.extract.scene import SUBJECT, Scene
from kg.extract.sentence import (WORDS, CONTENT_OPENERS, NAME_MARKS, QUOTE_CHARS, accusative_participle, antecedent,
                                 circumstantial_participle, definite, described_noun, entity_start, entity_tag,
                                 feminine_verb, first_person, key, masculine_plural, person_start, phrase_after,
                                 phrase_before, plural_verb, pronoun_joined, relative_before, relative_disagrees,
                                 relative_pronoun, resumed_relative, verb_keys, what_said)

SPEAKER_WINDOW = 8  # words between a verb and its speaker's name at most (titles included)
PARTNER_GAP = 4  # words between coordinated speakers: "و", a title of two words and a first name
LEAD_WORDS = 5  # "وزارة الدفاع الروسية: ..." at most
SOURCE_BODY_NOUNS = WORDS.body_nouns | WORDS.outlet_nouns  # "بحسب وكالة الأنباء الأردنية": a body's noun
BODY_WORDS = 5  # a body's name the gazetteer lacks: its noun and the words that describe it
EPITHET_WORDS = 3  # words after a rank or trade that may hold the name: "الفريق الركن الشيخ راشد"
VOICE_NOUNS = WORDS.report_nouns | WORDS.office_nouns  # with kg:insiderSourceLemma: voiced_role's heads
PRO_DROP_REACH = 2  # sentences back a dropped subject may refer to the last named speaker
# A participle or verbal noun governed by a predicate shares its speaker ("أكد ... مشدداً").
SHARED_SPEAKER_RELATIONS = {"advcl", "xcomp", "conj", "acl", "obl", "nmod", "parataxis"}
AGENT = [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"POS": "NOUN"}},
         {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "agent", "RIGHT_ATTRS": {"DEP": "nmod"}}]


# --- a predicate inside a quotation, or after "بحسب" -----------------------------------------

@rule("speaker.quoted_first_person")
def quoted_first_person(scene: Scene) -> Found | Stop:
    """"وأضاف “نحن ندعو الولايات المتحدة ...”": a first-person act inside a quotation belongs to
    whoever is quoted; a third party's act the speaker reports is no statement of its own."""
    word, speakers = scene.word, scene.sentence.speakers
    subjects = taken(SUBJECT, scene.view, word, "subject")
    # a first-person form has no third-party subject, whatever the tree says ("ترامب: ندعو إيران")
    if subjects and normalise_arabic(subjects[0].text.strip(QUOTE_CHARS)) not in WORDS.first_person_pronouns \
            and not first_person(word):
        return Stop(f"a third party's act, reported: its subject is '{subjects[0].text}'")
    # "لحكومة تسعى إلى عزلنا", "المتطوعين الذين يقاتلون ... ويرفضون": the act of someone else
    if word.upos != "VERB" or word.deprel.startswith("acl") or not (subjects or first_person(word)):
        return Stop("not a first-person verb of the quoted speaker")
    found = speakers.get(0) or next(iter(speakers.values()), None) or scene.context.speaker
    return found or Stop("nobody is quoted")


@rule("speaker.according_to")
def according_to(scene: Scene) -> Found | Decline:
    """"بحسب لافروف", "وفقاً لوزير الخارجية سيرغي لافروف", "بحسب بيان للحزب": the actor right after the
    preposition, or the one the title, body or report that opens the phrase leads to; not an actor inside
    what the phrase is about ("وفق الإجراءات المعمول بها داخل السعودية", "وفقا للقانون الإيراني")."""
    words = phrase_after(scene.view, scene.word, SPEAKER_WINDOW)
    if own_words(scene, words):
        return dropped_subject(scene, scene.word)
    found = named_source(scene, words)
    if not found[0]:
        return Decline("no actor right after it")
    first = next((w for w in words if w.upos != "ADP"), None)
    if first is not None and not opens_source(scene, first, found):
        return Decline(f"the phrase after it opens with '{first.text}', no source")
    return found


def own_words(scene: Scene, words) -> bool:
    """"حسب قوله", "بحسب تعبيرها": a speech noun with a possessive pronoun after according-to is what
    the one spoken of said, whom the pronoun takes back as a dropped subject does."""
    first = next((w for w in words if w.upos != "ADP"), None)
    return first is not None and pronoun_joined(first) and scene.triggers.single_type(first) is not None


def opens_source(scene: Scene, first, found: Found) -> bool:
    """Whether the word that opens an according-to phrase leads to its source ``found``: the source's
    name itself, a title, a body's or outlet's noun, or a report's (kg:reportNouns): its lemma or its
    form, with its preposition or without ("لبيان", which the expander may leave whole)."""
    forms = {key(first), normalise_arabic(first.text)}
    openings = forms | {form[1:] for form in forms if form[:1] in WORDS.preposition_proclitics}
    return found[1][0].id <= first.id or scene.lookup.linker.opens_title(first.text) \
        or not openings.isdisjoint(SOURCE_BODY_NOUNS | WORDS.report_nouns)


def named_source(scene: Scene, words) -> Found:
    """The actor a source phrase names ("عن لافروف", "بحسب الرئيس الروسي فلاديمير بوتين"); an unnamed
    source speaks only for its body, not for the state of its gentilic ("عن مصدر في الخارجية",
    "بحسب المتحدث المصري"), with the preposition the expander splits off or not ("وفقا للمرصد السوري")."""
    view, lookup = scene.view, scene.lookup
    words = list(dropwhile(lambda w: w.upos == "ADP", words))
    if words and key(words[0]) in scene.index.anonymous_sources:
        return lookup.source_body(view, words)
    found = lookup.person_in(view, words) or lookup.nearby_actor(view, words)
    # a source is seldom a thing: "بحسب وكالة الأنباء الأردنية" is a body, "عن التدخل الروسي" none
    body = words and key(words[0]) in SOURCE_BODY_NOUNS
    return body_named(scene, list(takewhile(lambda w: w.upos != "ADP", words)), found) if body else found


def body_named(scene: Scene, phrase: list, found: Found) -> Found:
    """"وفق ما أعلن المرصد السوري", "بحسب وكالة الأنباء الأردنية": a noun (no title) that opens a
    phrase and comes before the gentilic ``found`` in it names a body, not the state."""
    named = [w for w in phrase if found[0] and w.id <= found[1][-1].id]
    if not named or found[0].type != "State" or found[1][0].upos != "ADJ" or found[1][-1] not in named \
            or named[0].upos != "NOUN" or scene.lookup.linker.opens_title(named[0].text):
        return found
    unbroken = all(w.upos != "PUNCT" or w.text in NAME_MARKS for w in named)
    return scene.lookup.actor_in(scene.view, named) if unbroken else found


# --- participles and verbal nouns --------------------------------------------------------------

@rule("speaker.reported_participle")
def reported_participle(scene: Scene) -> Found | Decline:
    """'إن “الهجوم ... يعد خطوة” محذراً', "نفى ... أن تركيا تساعد ...، متهما": a participle hanging
    on a verb of what an earlier speaker said is that speaker's, not the reported verb's subject's."""
    if not (circumstantial_participle(scene.word) and scene.sentence.speakers):
        return Decline("no participle after a speaker")
    if scene.word.head not in scene.sentence.reported:
        return Decline("its governor is not inside what was said")
    return scene.sentence.last_speaker()


@rule("speaker.sender")
def sender(scene: Scene) -> Found | Decline:
    """"تلقى الملك اتصالا هاتفيا من الرئيس الفرنسي": an act received is the sender's, named after من
    (the tree hangs it on the act or on the verb of receiving)."""
    verb = scene.receiving_verb
    if verb is None:
        return Decline("not the object of a verb of receiving")
    view = scene.view
    for origin in [*view.kids(scene.word, {"nmod"}), *view.kids(verb, {"obl"})]:
        if origin.id > scene.word.id and any(key(c) in WORDS.sender_prepositions for c in view.kids(origin, {"case"})):
            found = subject_actor(scene, origin)
            if found:
                return found
    return Decline(f"no sender after '{verb.text}'")


@rule("speaker.sides")
def sides(scene: Scene) -> Found | Decline:
    """"محادثات بين القاهرة والخرطوم": the noun of a meeting or talks with بين names its two sides; the
    first speaks, the one coordinated with it is its partner (and so its target). A joint act that is
    no occasion names a document more often than an act: "الاتفاق المبرم بين إيران والقوى الكبرى"."""
    view, word, statement_type = scene.view, scene.word, scene.predicate.type
    if not (statement_type.symmetric and statement_type.occasion):
        return Decline("not a meeting or talks")
    after = list(takewhile(lambda w: w.upos == "ADJ", view.words_after(word, SPEAKER_WINDOW)))  # "الاتصال الهاتفي"
    between = view.next(after[-1] if after else word)
    if between is None or key(between) not in WORDS.sides_prepositions:
        return Decline("no بين after it")
    named = list(scene.lookup.mentions(view, view.words_after(between, 2 * SPEAKER_WINDOW)))
    if len(named) < 2 or named[0][1][0].id > between.id + 1 + TITLE_WINDOW \
            or not any(w.upos == "CCONJ" for w in view.words[named[0][1][-1].id:named[1][1][0].id]):
        return Decline("no two sides named after بين")
    return named[0]


@rule("speaker.governor")
def governor(scene: Scene) -> Found | Decline | Stop:
    """"أكد ... مشدداً", "أعرب عن قلقه", "أعلن رفض بلاده": a participle, a noun under a support
    verb, or an act a statement verb announces speaks for the verb it depends on; under a verb whose
    subject names no one, it has no speaker ("وأكدت تلك الدول رفضها" is not the previous speaker's)."""
    view, word = scene.view, scene.word
    if word.upos == "VERB" and scene.accused_only:
        return Decline("an accusation of the previous speaker")
    if word.head in scene.sentence.unnamed:
        return Stop(f"'{view.word(word.head).text}', which it depends on, has a subject naming no one")
    found = governor_speaker(scene, word)
    return found or Decline(f"'{view.word(word.head).text if word.head else ''}' lends it no speaker")


@rule("speaker.act_clause")
def act_clause(scene: Scene) -> Found | Decline:
    """"محادثات أجراها الجبير مع لافروف", "تصريحات أدلى بها ترامب": an act noun followed by a clause
    whose light verb takes it back by a pronoun (an indefinite noun's relative clause has no relative
    pronoun) is performed by that verb's subject (the tree may take the subject for a second object)."""
    view = scene.view
    for verb in view.kids(scene.word, {"acl"}):
        if scene.index.light_verbs.isdisjoint(verb_keys(verb)) \
                or not any(w.upos == "PRON" for w in view.kids(verb, {"obj", "obl"})):
            continue
        doers = [w for w in view.kids(verb, {"nsubj", "obj"}) if w.id > verb.id and w.upos != "PRON"]
        found = subject_actor(scene, doers[0]) if doers else None
        if found:
            return found
    return Decline("no clause of a light verb taking it back")


@rule("speaker.reported_source")
def reported_source(scene: Scene) -> Found | Decline:
    """"نقل موقع ... عن X قوله": the speaker is named between عن and the verbal noun (the trees
    attach the عن-phrase anywhere); an unnamed source there speaks for its body. A gentilic names a
    source only in a phrase that opens with one (opens_source): "يدافع عن الاتفاق الإيراني مطالباً" none."""
    view = scene.view
    before = phrase_before(view, scene.word, 2 * SPEAKER_WINDOW)
    source = next((w for w in reversed(before) if w.upos == "ADP" and key(w) in WORDS.report_source_prepositions), None)
    if source is None:
        return Decline("no عن before it")
    governed = view.word(source.head) if source.head else None
    if governed is not None and governed.head \
            and not scene.index.support_verbs.isdisjoint(verb_keys(view.word(governed.head))):
        return Decline("the عن-phrase is what a support verb expresses: 'أعرب عن تفاؤله'")
    phrase = [w for w in before if w.id > source.id]
    found = named_source(scene, phrase)
    if found[0] and found[1][0].upos == "ADJ" and not opens_source(scene, phrase[0], found):
        return Decline(f"the phrase after عن opens with '{phrase[0].text}': a thing's gentilic names no source")
    return found if found[0] else Decline("no actor after عن")


@rule("speaker.participle_previous")
def participle_previous(scene: Scene) -> Found | Decline:
    """"... محذرة الولايات المتحدة": a participle with nothing else to go by is the sentence's last
    speaker's; one whose verb has no subject ("وختم قائلا", "ومضى قائلا") is the dropped subject's."""
    word, view = scene.word, scene.view
    if not circumstantial_participle(word):
        return Decline("no participle")
    if scene.sentence.speakers:
        return scene.sentence.last_speaker()
    verb = view.word(word.head) if word.head else None
    # the tree may take the participle for the verb's subject: "وختم | قائلا"
    if verb is None or verb.upos != "VERB" or verb.id > word.id \
            or any(w is not word for w in taken(SUBJECT, view, verb, "subject")):
        return Decline("no speaker in the sentence, nor a verb before it without a subject")
    return dropped_subject(scene, verb)


# --- verbs --------------------------------------------------------------------------------------

@rule("speaker.headline_person")
def headline_person(scene: Scene) -> Found | Decline | Stop:
    """"ترمب: نرفض ...": after a person's headline lead the rest is quoted, so only a first-person
    act counts, and it is the person's."""
    lead = lead_before(scene)
    if lead is None or lead[0].type != "Person":
        return Decline("no person's lead before the predicate")
    return quoted_first_person(scene)


@rule("speaker.headline_lead")
def headline_lead(scene: Scene) -> Found | Decline:
    """"سوريا: ماكرون وميركل يطالبان ...": after a lead that names no person, an actor just before
    the verb speaks, else a body a state's lead names (lead_body), else the lead; but after a state's
    lead a verb-first clause not in the first person has a subject of its own."""
    lead = lead_before(scene)
    if lead is None:
        return Decline("no lead before the predicate")
    before = phrase_before(scene.view, scene.word, SPEAKER_WINDOW)
    if lead[0].type == "State" and not before and not first_person(scene.word):  # "ألمانيا: قال يواكيم لوف"
        return Decline("after a state's lead a verb-first clause has its own subject; the state is where")
    found = scene.lookup.nearby_actor(scene.view, before)
    return found if found[0] else lead_body(scene, lead, before) or lead


def lead_body(scene: Scene, lead: Found, before: list) -> Found | None:
    """"المكسيك: لجنة مستقلة تنتقد ...": after a state's lead, a body's noun and its adjectives before
    the verb name a body of that state, which speaks; the state is where."""
    state = lead[0]
    if state.type != "State" or not before or key(before[0]) not in WORDS.body_nouns \
            or len(before) > BODY_WORDS or any(w.upos not in ("NOUN", "ADJ") for w in before):
        return None
    return scene.lookup.state_body(scene.view, before, state), before


def lead_before(scene: Scene) -> Found | None:
    """The sentence's headline lead, if it comes before the predicate (a lead may open a later part of
    the headline: "ترامب اعتبر ... صدفة.. أردوغان: ...")."""
    lead = scene.sentence.speakers.get(0)
    return lead if lead is not None and lead[1][-1].id < scene.word.id else None


@rule("speaker.fronted")
def fronted(scene: Scene) -> Found | Decline:
    """"الخارجية الروسية تحذر ...", "وكانت الوزارة أعلنت", "وكان الخطيب قد طالب": the actor just
    before the verb, past an auxiliary (قد); an ambiguous name counts only where tagged; a common noun
    before a state's gentilic names a body of that state ("البحرية الإسرائيلية تعلن")."""
    view, lookup = scene.view, scene.lookup
    if resumed_relative(view, scene.word):
        return Decline("the actor before the verb is its object, taken back by a pronoun")
    if what_said(view, scene.word) and lookup.named_subject(view, scene.word):
        return Decline("ما before the verb is its object ('نفى ما قاله فلان'): its named subject speaks")
    if describes_indefinite(view, scene.word):
        return Decline("the verb describes the indefinite noun before it, its object taken back by a pronoun")
    if relative_not_subject(scene):
        return Decline("the relative pronoun before the verb is of the other gender: not its subject")
    if relative_before(view, scene.word) is not None:
        return Decline("a relative pronoun before the verb: what it refers to speaks")
    if any(w.upos == "PRON" and w.id < scene.word.id for w in view.kids(scene.word, {"nsubj"})):
        return Decline("a pronoun before the verb is its subject: 'لكنها قالت'")
    before = [w for w in phrase_before(view, scene.word, SPEAKER_WINDOW) if w.upos not in ("CCONJ", "AUX")]
    if before and key(before[0]) in scene.index.anonymous_sources:
        # "وكان المتحدث باسم التحالف تركي المالكي قال", "وكان المتحدث الأمني بوزارة الداخلية صرح"
        found = lookup.holder_named(view, before) or lookup.source_body(view, before)
        if found[0]:
            return found
        if not definite(before[0]):  # "لكن مسؤولين سودانيين يؤكدون"; "المسؤول الإيطالي" may be a role
            return Decline("an unnamed source before the verb speaks for no named body")
    actor, words = lookup.nearby_actor(view, before)
    if not actor:
        actor, words = lookup.person_in(view, before) or (None, [])
    if actor and unnamed_nationals(scene, before, actor, words):
        return Decline(f"an indefinite gentilic ('{view.text(words)}') names someone of its state, not the state")
    if before and principal(view, before[0], words, actor):
        return Decline(f"'{actor.label}' is whom the title's holder serves: 'مساعد سابق لترامب'")
    if not actor and before:  # a role noun: "وكان الرئيس التونسي صرح" is the Tunisian president named before
        actor, words = scene.role(before), before
    if actor and actor.type == "State" and words[0].id > before[0].id:
        if not definite(words[0]):
            return Decline("a gentilic after a noun describes someone of that state: 'سياسي برازيلي يقترح'")
        phrase = [w for w in before if w.id <= words[-1].id]
        body = lookup.national_body(view, phrase, actor, [(actor, words)]) \
            if all(w.upos in {"NOUN", "ADJ", *PROPER_UPOS} for w in phrase) else None
        if body is not None:
            return body, phrase
    opens = actor and words[0].id <= before[0].id + 1
    if opens or actor and actor.type == "Person" and described(before[:before.index(words[0])]):
        return actor, words
    return Decline("no actor opens the phrase before the verb")


def describes_indefinite(view, verb) -> bool:
    """Whether a verb with a joined object pronoun right after an indefinite common noun is a clause
    describing that noun ("بعد مشروع قانون رفضه البرلمان"): an indefinite noun has no relative pronoun,
    and it is the object; the subject comes after the verb."""
    before = view.previous(verb)
    return pronoun_joined(verb) and before is not None and before.upos in ("NOUN", "ADJ") \
        and not definite(before) and entity_tag(before) == "O"


def described(words) -> bool:
    """Whether words before a person's name describe the person: a definite noun and its adjectives
    ("المحلل السياسي سامر الخطيب يرى")."""
    return bool(words) and words[0].upos == "NOUN" and definite(words[0]) and all(w.upos == "ADJ" for w in words[1:])


@rule("speaker.relative_antecedent")
def relative_antecedent(scene: Scene) -> Found | Decline:
    """"جو بايدن، نائب الرئيس سابقا، والذي قال": a relative clause speaks for the actor before it."""
    view = scene.view
    words = antecedent(view, scene.word)
    if words is None:
        return Decline("no relative pronoun before the verb")
    if resumed_relative(view, scene.word):  # "وحدات حماية الشعب التي تعتبرها أنقرة إرهابية"
        return Decline("the relative pronoun is the verb's object")
    if relative_not_subject(scene):
        return Decline("the relative pronoun is of the other gender than the verb: not its subject")
    # the actor named right before the pronoun ("خلافا لفرنسا التي تخشى"), else the first one, whose
    # title may follow it ("سامر الخطيب، وزير الخارجية الأردني الأسبق، والذي أكد")
    named = list(scene.lookup.mentions(view, words))
    found = next((f for f in reversed(named) if f[1][-1] is words[-1]), named[0] if named else None) \
        or tagged_antecedent(scene, words)
    thing = thing_before(scene, words, found) if found else None
    if thing is not None:
        return Decline(f"the relative pronoun refers to '{thing.text}', no actor")
    return found or Decline("the antecedent names no actor")


def thing_before(scene: Scene, words, found: Found):
    """The noun right before a relative pronoun (past a parenthesis: "بيتر ماوريتس (61 عاماً) الذي") when it
    is none of the actor's words nor a title: what the relative refers to ("نفى ... صحة المزاعم التي تقول
    إنه"), else None."""
    depth, last = 0, None
    for word in reversed(words):
        depth += (word.text == ")") - (word.text == "(")
        if not depth and word.upos != "PUNCT":
            last = word
            break
    if last is None or last.upos != "NOUN" or last.id in {w.id for w in found[1]} \
            or scene.lookup.linker.opens_title(last.text):
        return None
    return last


def tagged_antecedent(scene: Scene, words) -> Found | None:
    """"منافسه هنري فالكون (56 عاماً) الذي ندد": a person the tagger names right before the relative
    pronoun, past a parenthesis, is its antecedent."""
    if words and words[-1].text == ")":
        opening = next((i for i in range(len(words) - 1, -1, -1) if words[i].text == "("), 0)
        words = words[:opening]
    person = scene.lookup.person_in(scene.view, words[::-1]) if words else None  # the last name
    return person if person and person[1][-1].id == words[-1].id else None


def relative_not_subject(scene: Scene) -> bool:
    """A relative pronoun of the other gender than the verb after it is not its subject, and the actor
    it refers to no speaker; but a statement's relative taken back by 'in it' ("تصريحات الأمير التي
    دعا فيها") names its author (relative_antecedent)."""
    return relative_disagrees(scene.view, scene.word) and not in_it(scene.view, scene.word)


@rule("speaker.dual_subject")
def dual_subject(scene: Scene) -> Found | Decline:
    """"اعتبر الزعيمان", "ودعا الجانبان": a dual subject names the first of two actors; the second
    speaks as a partner. The word right after the verb counts too: trees often take it for the object."""
    view, word = scene.view, scene.word
    for candidate in [*taken(SUBJECT, view, word, "subject"), *view.words[word.id:word.id + 1]]:
        found = scene.pair(candidate)
        if found:
            return found[0], [candidate]
    return Decline("no dual of two earlier actors")


def on_verb(scene: Scene, word):
    """The phrase ``word`` is in that the tree hangs on the verb: its head word (the root's child if none)."""
    while word.head and word.head != scene.word.id:
        word = scene.view.word(word.head)
    return word


def object_of(scene: Scene, word) -> bool:
    """Whether ``word`` is in the verb's direct object after a definite word: "وانتقد الحزب الحاكم باريس"
    (a noun in construct takes a genitive the tree may take for the object: "وبحث وزراء خارجية دول مجموعة
    بريكس")."""
    before, phrase = scene.view.previous(word), on_verb(scene, word)
    return phrase.head == scene.word.id and phrase.deprel.split(":")[0] == "obj" \
        and before is not None and definite(before)


def oblique_of(scene: Scene, word) -> bool:
    """Whether ``word`` is in a prepositional phrase the tree hangs on the verb ("على ضرورة ..."), but
    for the preposition of an agent ("لوزير الخارجية"), of the subject's title ("متحدثة باسم ..."), and
    right after the subject, of the whole it is part of ("كل من المجر وبولندا") or, after a participle, of its
    issuer ("البيان الصادر عن مكتب نتانياهو")."""
    view, verb, linker, subject = scene.view, scene.word, scene.lookup.linker, scene.subject
    word = on_verb(scene, word)
    # the issuer after the participle of issuing only: "وتحدثت التقارير مؤخرا عن فتح روسيا" is about Russia
    issued = subject[-1].upos == "ADJ" and not accusative_participle(subject[-1])
    right_after = WORDS.partitive_prepositions | (WORDS.report_source_prepositions if issued else frozenset())

    def own(case) -> bool:
        return key(case) in WORDS.agent_prepositions or linker.opens_title(subject[0].text) and linker.links_title(
            case.parent.text) or key(case) in right_after and case.id == subject[-1].id + 1
    return word.head == verb.id and word.deprel.split(":")[0] == "obl" \
        and not all(own(case) for case in view.kids(word, {"case"}))


@rule("speaker.subject", pattern=SUBJECT)
def subject(scene: Scene) -> Found | Decline | Stop:
    """"قال وزير الخارجية الروسي سيرغي لافروف": the actor the verb's subject names; the earlier
    actor a role noun refers to ("الوزير"); a person just after a title ("رئيس لجنة ... قسطنطين
    كوساتشيف"); the body an unnamed source speaks for ("مصدر في الخارجية"); the earlier actor a role
    noun completing a source, statement or office names ("متحدث باسم الوزارة": voiced_role); the
    spokesman who spoke last ("وأضاف المتحدث": last_spokesman); the person a passive names after an
    unnamed subject ("أحد السكان ويدعى ستيفن"), else no one; a number right after the verb counts an
    unnamed subject ("قال 61 بالمئة من الناخبين")."""
    counted = scene.view.next(scene.word)
    if scene.word.upos == "VERB" and counted is not None and counted.upos == "NUM":
        return Stop(f"a number after the verb counts its subject, unnamed: '{counted.text}'")
    if scene.accused_only or not scene.subject:
        return Decline("no subject")
    view, lookup, words = scene.view, scene.lookup, scene.subject
    anonymous = key(words[0]) in scene.index.anonymous_sources
    # "المتحدث باسم التحالف، العقيد تركي المالكي", "الناشط الإعلامي رامز الأحمد"
    if anonymous and (holder := lookup.holder_named(view, words) or epithet_person(scene, words)):
        return holder
    if spokesman := last_spokesman(scene, words):
        return spokesman
    # "قال مراقبون" names no one; "مسؤول رفيع في شرطة دبي" speaks for a body, not for the place
    actor, named = (None, words) if anonymous else lookup.actor_in(view, words)
    if actor and unnamed_nationals(scene, words, actor, named):
        return Stop(f"an indefinite gentilic ('{view.text(named)}') names someone of its state, not the state")
    if actor and actor.type != "Person":
        actor, named = office(scene, words) or (actor, named)
    if actor and actor.candidate and actor.type != "Person" and (earlier := scene.role(words)):
        actor, named = earlier, words  # "وأضافت الوزارة الروسية" is the ministry named before, no new body
    if actor:
        return person_after_epithet(scene, words, (actor, named)) or (actor, named)
    if voiced := voiced_role(scene, words):
        return voiced
    if not anonymous and words[0].upos != "PRON":  # "وتحدث الوزير الألماني عن مأساة الشعب السوري"
        found = office(scene, words) or (scene.role(words), words)
        complement = lookup.hung_complement(view, words)  # "ودعا الأمين العام | للأمم المتحدة"
        if not found[0] and complement:
            found = office(scene, words + complement) or found
        if found[0]:
            return found
    if not anonymous and (named := epithet_person(scene, words)):  # "وأوضح اللواء عبدالرحمن الحازمي"
        return named
    if not anonymous and described_noun(view, words):  # "وتتهم منظمات دولية دمشق": a group, and its object
        return Decline(f"the subject '{view.text(words)}' describes no actor")
    # a subject after the verb may run on to the name ("قال رئيس لجنة ... كوساتشيف"), and a relative pronoun
    # before it points there ("الذي شدد فيه الوزير"), but not into a relative clause after it ("ورفضت الحكومة
    # الانتقادات التي وجهتها باريس"); a noun before the verb has ended: "صندوق النقد يطالب"
    ended = words[-1].id < scene.word.id and words[0].upos == "NOUN"
    stretch = [] if ended else [w for w in takewhile(lambda w: not relative_pronoun(w), view.words_after(
        scene.word, SPEAKER_WINDOW)) if w.id >= words[0].id]
    found = lookup.source_body(view, stretch) if anonymous else lookup.nearby_actor(view, stretch)
    if (found[0] and found[0].type != "Person" or not (found[0] or anonymous)) and lookup.linker.opens_title(words[0].text):
        # "رئيس لجنة في مجلس الشيوخ الفرنسي فلان", "النائب الأول لرئيس لجنة ... فرانس كلينتسيفيتش"
        titled = view.words_after(scene.word, 2 * SPEAKER_WINDOW)
        found = lookup.person_in(view, [w for w in titled if w.id >= words[0].id]) or found
    if principal(view, words[0], found[1], found[0]):
        found = None, []  # "وقال مستشار ترامب": the title's holder, unnamed, serves the person
    if found[0] and (not anonymous or attached(view, words[0], found[1][0])):
        if not anonymous and words[0].upos == "NOUN" and (oblique_of(scene, found[1][0]) or (
                found[0].type != "Person" and object_of(scene, found[1][0]))):
            # "وشدد الوزير على ضرورة احترام سيادة لبنان" (but "ودعت 3 من الدول الأعضاء"); "وانتقد الحزب
            # الحاكم باريس" (but a title's holder may hang as the object: "استقبل خادم الحرمين الشريفين الملك ...")
            return Decline(f"the subject '{view.text(words)}' names no actor, nor do the verb's obliques or its object")
        return found
    if not anonymous and (apposed := lookup.untagged_apposed(view, words)):  # "قالت فلانة، المتحدثة باسم ..."
        return apposed
    if named := named_after(scene):  # "وقال أحد سكان المنطقة ويدعى ستيفن"
        return named
    if anonymous:
        return Stop(f"an anonymous source ('{words[0].text}') speaks for no named body")
    return described_body(scene, words) or Decline(f"the subject '{view.text(words)}' names no actor")


def unnamed_nationals(scene: Scene, words, actor: Actor, named) -> bool:
    """"لكن أردنيين رفضوا", "وقال لبنانيون": a gentilic without the article heading the subject is someone
    of that state left unnamed, not the state ("الأردنيون" may be); a singular one tagged an adjective may
    describe the act instead ("طلب فلسطيني للمحكمة" is the state's request)."""
    head = words[0]
    return actor.type == "State" and bool(named) and named[0] is head and not definite(head) \
        and (head.upos != "ADJ" or masculine_plural(head)) and scene.lookup.linker.gentilic(scene.view.text(named))


def described_body(scene: Scene, words) -> Found | None:
    """"وقالت وكالة الأنباء المركزية الكورية", "وقالت المحكمة العليا الشرقية": a definite body's noun
    described by two words or more is a body of its own, though the gazetteer lacks it. A definite noun
    takes adjectives only ("ودعت المنظمة الدول الأعضاء": the object follows), one in construct its
    genitive first; one adjective alone may describe a body named before ("الشركة الأمريكية")."""
    head = words[0]
    after = scene.view.words[head.id:head.id + BODY_WORDS]
    genitive = after[:1] if not definite(head) and after and after[0].upos == "NOUN" and definite(after[0]) else []
    described = genitive + list(takewhile(lambda w: w.upos == "ADJ", after[len(genitive):]))
    if head.upos != "NOUN" or key(head) not in SOURCE_BODY_NOUNS or not (definite(head) or genitive) \
            or len(described) < 2:
        return None
    named = [head, *described]
    return scene.lookup.linker.candidate(scene.view.text(named), "ORG"), named


def named_after(scene: Scene) -> Found | None:
    """"شاهد عيان يدعى أحمد", "أحد المحتجين ويدعى ديفيد": the person a passive verb names
    between an unnamed subject and what is said."""
    view = scene.view
    naming = next((w for w in view.words_after(scene.word, 2 * SPEAKER_WINDOW) if passive(w)), None)
    if naming is None:
        return None
    named = [subject_actor(scene, w) for w in taken(SUBJECT, view, naming, "subject")]
    found = named[0] if named and named[0] else scene.lookup.person_in(view, view.words_after(naming, PARTNER_GAP))
    return found if found and found[0].type == "Person" else None


def office(scene: Scene, words) -> Found | None:
    """"وكان وزير الزراعة التونسي قال": a subject that opens with a title and names a state or body,
    but no person, is the office's holder: the one named before ("الرئيس الفرنسي" after ماكرون),
    else a person known by the title (not the state or body)."""
    if not scene.lookup.linker.opens_title(words[0].text):
        return None
    role = scene.role(words)
    return (role, words) if role else scene.lookup.office_holder(scene.view, words)


def epithet_person(scene: Scene, words) -> Found | None:
    """"وأوضح اللواء عبدالرحمن الحازمي", "ويرى الإعلامي علي سالم", "أكد الفريق الركن الشيخ راشد": a definite
    common noun and the words that describe it, right before a name the tagger marks, are the rank, trade
    or honorific of the person it names, who speaks."""
    view, head, opens_title = scene.view, words[0], scene.lookup.linker.opens_title

    def describing(word) -> bool:  # not a construct: "وزار الوفد مسجد الإمام علي" is the mosque's Ali
        return person_start(word) or opens_title(word.text) or word.upos in ("NOUN", "ADJ", "X") and definite(word)

    if head.upos not in ("NOUN", "ADJ") or not definite(head):
        return None
    following = list(takewhile(describing, view.words[head.id:head.id + EPITHET_WORDS]))
    name = next((w for w in following if person_start(w)), None)
    return (scene.lookup.person_in(view, [name]) if name else None) or ranked_person(scene, head)


def ranked_person(scene: Scene, rank) -> Found | None:
    """"وقال اللواء رفعت حمدون مستشار وزير الدفاع": after a rank (kg:ranks), the undefined words up to
    a title or a break name a person, whether a tagger marks them all, some or none; two words at least, a
    first name and more."""
    view, opens_title = scene.view, scene.lookup.linker.opens_title
    if key(rank) not in WORDS.ranks:
        return None
    name = list(takewhile(lambda w: w.upos in ("NOUN", "ADJ", "X", "VERB") and len(w.parent.words) == 1
                          and not opens_title(w.text),
                          view.words[rank.id:rank.id + EPITHET_WORDS]))  # "الدكتور حسين إعجابه": no name has a clitic
    if len(name) < 2 or definite(name[0]) or scene.lookup.names_actor(view, name, name):
        return None
    return scene.lookup.linker.candidate(view.text(name), "PER", rank.text), name


def person_after_epithet(scene: Scene, words, found: Found) -> Found | None:
    """"طالب الأديب المصري أحمد سامي الأمم المتحدة", "واعتبر مدرب جامايكا الألماني وينفريد شايفر": a common
    noun with a state, by its gentilic or its name, then a tagged name past any adjectives, is the person
    it describes speaking, not the state."""
    view, (actor, named) = scene.view, found
    if actor.type != "State" or words[0].upos != "NOUN" or any(w.upos == "VERB" for w in named):
        return None
    # the name past the state's adjectives, or past the whole description: "النجم الأرجنتيني الأسطورة دييجو"
    following = (next((w for w in view.words[named[-1].id:] if w.upos != "ADJ"), None), view.next(words[-1]))
    name = next((w for w in following if w is not None and person_start(w)), None)
    return scene.lookup.person_in(view, [name]) if name else None


@rule("speaker.name_after_verb")
def name_after_verb(scene: Scene) -> Found | Decline:
    """"صرح لافروف للصحفيين": with no subject in the tree, a name right after the verb, before any
    preposition ("وشدد على التزام موسكو" is no speaker), read as a subject is: a body before a gentilic,
    an anonymous source for its body or the holder it names only."""
    if scene.accused_only or scene.subject:
        return Decline("the verb has a subject")
    view, lookup = scene.view, scene.lookup
    # past an object pronoun joined to the verb: "وفق ما أكدته مصادر يمنية"
    after = [w for w in view.words_after(scene.word, SPEAKER_WINDOW) if w.parent is not scene.word.parent]
    phrase = list(takewhile(lambda w: w.upos not in ("ADP", "VERB"), after))  # not into a clause: "الجيش، الذي اتهم"
    if phrase and scene.addressed_people(phrase[0]):
        return Decline(f"a people after the verb is addressed: '{phrase[0].text}'")
    if phrase and key(phrase[0]) in scene.index.anonymous_sources:  # "وفق ما ذكرت مصادر يمنية": as a subject
        found = lookup.holder_named(view, phrase) or lookup.source_body(view, after)
        return found if found[0] else Decline(f"an anonymous source ('{phrase[0].text}') speaks for no named body")
    found = body_named(scene, phrase, lookup.nearby_actor(view, phrase))
    if not found[0] and after and lookup.linker.opens_title(after[0].text):
        # a title with its own prepositions, then the name: "صرح القائم بالأعمال الفرنسي في عمان فلان الفلاني",
        # "قالت الناطقة باسم الحكومة، فلانة"
        longer = [w for w in view.words_after(scene.word, 2 * SPEAKER_WINDOW) if w.id >= after[0].id]
        title = takewhile(lambda w: w.upos != "ADP" or key(w) in WORDS.title_prepositions
                          or lookup.linker.links_title(w.parent.text), longer)
        found = lookup.person_in(view, list(title)) or found
    if found[0] and scene.disagrees(found[1][0]):
        return Decline(f"'{found[1][0].text}' is feminine, the verb is not: its object")
    return found if found[0] else Decline("no actor right after the verb")


@rule("speaker.unnamed_subject")
def unnamed_subject(scene: Scene) -> Decline | Stop:
    """"وتحدث الطالب عن ...": a subject that names no actor is someone, not the previous speaker;
    but one that opens the quotation is what is said ("وأضاف “من الواضح")."""
    words = scene.subject
    if scene.accused_only or not words or words[0].upos == "PRON" or words[0].id >= scene.content:
        return Decline("no named subject before what is said")
    return Stop(f"the subject '{scene.view.text(words)}' is no known actor")


@rule("speaker.conjunct_subject")
def conjunct_subject(scene: Scene) -> Found | Decline:
    """"وكان دوتيرتي تحدث ... وتوعد ...": a coordinated verb shares the named subject of the first, if
    the two agree in gender ("وقالت الوزارة إنه موظف سابق ... لكنه نفى": the man denied)."""
    word = scene.word
    if possessed(scene.view, word_before(scene.view, word)):
        return Decline("a noun with a pronoun before the verb is its subject: 'لكن محاميها قال'")
    verb = first_conjunct(scene.view, word, scene.sentence.reported)
    if verb is not None and word.upos == verb.upos == "VERB" and feminine_verb(verb) != feminine_verb(word):
        return Decline(f"'{verb.text}' and the verb differ in gender: they have different subjects")
    found = conjunct_speaker(scene, word)
    return (found[0], [scene.word]) if found else Decline("not coordinated with a verb that has a named subject")


@rule("speaker.framing_agent")
def framing_agent(scene: Scene) -> Found | Decline:
    """"وفي تصريح لوزير الخارجية، أكد ...": a speech noun before a subjectless verb names its speaker."""
    view = scene.view
    for earlier in view.words[:scene.word.id - 1]:
        if earlier.upos == "NOUN" and scene.triggers.single_type(earlier):
            found = agent(scene, earlier)
            if found:
                return found[0], [scene.word]
    return Decline("no speech noun with a person before the verb")


@rule("speaker.document_author")
def document_author(scene: Scene) -> Found | Decline:
    """"نشر ترامب تغريدة توعد فيها روسيا", "تقدم السودان بشكوى يتهم فيها مصر", "عقب تصريحات للرئيس
    أردوغان دعا فيها": a subjectless verb followed by 'in it' (فيه, فيها) speaks in a statement, a
    document or a message named before it, so its speaker is that one's author: the speech noun's
    agent, else the subject of the verb before it, which made the document."""
    view = scene.view
    if not in_it(view, scene.word):
        return Decline("no 'in it' after the verb")
    named = view.words[scene.word.id + 2:scene.word.id + 3]
    if named and (person_start(named[0]) or scene.lookup.linker.opens_title(named[0].text)):
        return Decline("a person is named after 'in it'")
    # "في الوقت الذي لم تكشف فيه الوزارة": a relative pronoun names what it is in (relative_antecedent)
    before = view.words[max(scene.word.id - 3, 0):scene.word.id - 1]
    if any(map(relative_pronoun, before)):
        return Decline("a relative pronoun before the verb")
    found = framing_agent(scene)
    if not isinstance(found, Decline):
        return found
    maker = next((w for w in reversed(view.words[:scene.word.id - 1]) if w.upos == "VERB"), None)
    subjects = taken(SUBJECT, view, maker, "subject") if maker else []
    subjects = [w for w in subjects if w.upos != "DET"]  # a demonstrative names no maker: "وتم ذلك عقب نشر صحيفة"
    found = subject_actor(scene, subjects[0]) if subjects else None
    return found or Decline("no speech noun with a person, no subject of a verb before it")


def in_it(view, word) -> bool:
    """Whether 'in it' (فيه, فيها: في and a pronoun in one token) follows ``word``."""
    following = view.words[word.id:word.id + 2]
    return len(following) == 2 and key(following[0]) == WORDS.locative_preposition \
        and following[1].upos == "PRON" and following[0].parent is following[1].parent


@rule("speaker.previous_speaker")
def previous_speaker(scene: Scene) -> Found | Decline:
    """"وأضاف", "من جهته قال", "وأضاف البيان": a dropped or anaphoric subject is the article's last
    named speaker, if it spoke (named or not) in the last two sentences: further back, the one who
    speaks now is most often someone the rules cannot name (dev + dev2 strict 0.590 with no limit,
    0.594 with 2, 0.592 with 3). A dropped subject agrees with it in gender: "قالت الصحيفة ... وقال"
    is someone else (5,200 news articles: 592 statements fewer, 15 of 15 drawn at random wrong); and
    in number: "وقالوا" takes back no single person (55 statements fewer, nearly all wrong). A verb
    with a subject of its own before it that names no one has no dropped subject (nominal_before)."""
    return dropped_subject(scene, scene.word)


def dropped_subject(scene: Scene, verb) -> Found | Decline:
    """The article's last named speaker, for ``verb`` without a subject of its own (previous_speaker)."""
    last = scene.context.speaker
    if nominal_before(scene.view, verb):
        return Decline("a noun or demonstrative before the verb is its subject: 'تقريرا يشير', 'هذا لا يفيد'")
    if last and scene.context.speaker_age > PRO_DROP_REACH:
        return Decline(f"the last named speaker spoke {scene.context.speaker_age} sentences ago")
    if last and disagrees(scene, last[0], verb):
        return Decline("the verb and the last named speaker differ in gender")
    if last and last[0].type == "Person" and plural_verb(verb):
        return Decline("a plural verb takes back no single person")
    return (last[0], [scene.word]) if last else Decline("no earlier speaker in the article")


def nominal_before(view, word) -> bool:
    """Whether a verb has a subject of its own right before it that names no one: a demonstrative or
    ما ("هذا لا يفيد", "ما يدعو للاعتقاد", but not the object "ما وصفه"), a possessed noun (``possessed``)
    or an indefinite noun phrase ("نشرت الوكالة تقريرا يشير", "وكان مسؤول أفغاني قال"). A definite one may
    be a role noun that refers back to the last speaker ("وكانت الجبهة أعلنت")."""
    before = word_before(view, word)
    if before is None or relative_pronoun(before):
        return False
    if before.upos == "DET":
        return not pronoun_joined(word)
    return possessed(view, before) or before.upos in ("NOUN", "ADJ") and not definite(before)


def word_before(view, word):
    """The word before a verb, past particles and auxiliaries (None for a word that is no verb)."""
    if word.upos != "VERB":
        return None
    return next((w for w in reversed(view.words[:word.id - 1]) if w.upos not in ("PART", "AUX")), None)


def possessed(view, before) -> bool:
    """Whether the word before a verb (``word_before``) ends a noun with a joined pronoun that opens its
    clause ("لكن محاميها قال"), the verb's subject: someone of the pronoun's referent, not the referent."""
    if before is None or before.upos != "PRON" or before.parent.words[0].upos != "NOUN":
        return False
    opener = view.previous(before.parent.words[0])
    return opener is None or opener.upos in ("CCONJ", "PUNCT")


# --- helpers shared by several rules ----------------------------------------------------------

def disagrees(scene: Scene, actor: Actor, word) -> bool:
    """Whether a verb without a subject differs in gender from the verbs ``actor`` was named with
    ("قالت الصحيفة ... وقال إن": the dropped subject is someone else). A noun that refers back has its
    own gender ("قالت الوزارة ... وأضاف البيان")."""
    known = scene.context.feminine.get(actor.id)
    return word.upos == "VERB" and known is not None and known != feminine_verb(word) \
        and not taken(SUBJECT, scene.view, word, "subject")


def agent(scene: Scene, noun) -> Found | None:
    """A person after a verbal noun, bare or with لـ."""
    view, lookup = scene.view, scene.lookup
    for dependent in taken(AGENT, view, noun, "agent"):
        if {key(c) for c in view.kids(dependent, {"case"})} <= WORDS.agent_prepositions:
            actor, words = lookup.actor_in(view, lookup.name_words(view, dependent))
            if actor and actor.type == "Person":
                return actor, words
    return None


def governor_speaker(scene: Scene, word) -> Found | None:
    """The speaker of the verb a participle or noun depends on ("مشدداً", "أعرب عن قلقه"), through a
    document the noun names ("أصدرت بيان إدانة"), or of the copula a verb depends on ("وكان الوزير قال")."""
    view = scene.view
    if not word.head:
        return None
    head = view.word(word.head)
    document = head.upos == "NOUN" and word.deprel == "nmod" and head.deprel == "obj" and head.head
    if document and not scene.index.act_verbs.isdisjoint(verb_keys(view.word(head.head))):
        word, head = head, view.word(head.head)  # "وجهت ... رسالة شكر إلى": the act is the document's
    supported = not scene.index.light_verbs.isdisjoint(verb_keys(head))  # "أعرب عن قلقه", "وجه الشكر"
    relation = word.deprel.split(":")[0]
    copula = key(head) in WORDS.copulas  # "وكان الوزير قال": the subject of كان is the verb's
    if not copula and not scene.triggers.announced(view, word):  # "أعلن رفض بلاده"
        if relation not in SHARED_SPEAKER_RELATIONS and not (relation == "obj" and supported):
            return None
        occasion = word is scene.word and scene.triggers.occasion(view, scene.predicate)  # "خلال لقائه"
        if not circumstantial_participle(word) and not supported and not occasion:
            return None  # a verbal noun speaks only through a support verb
    if head.id in scene.sentence.speakers:
        return scene.sentence.speakers[head.id]
    subjects = taken(SUBJECT, view, head, "subject") if head.upos == "VERB" else []
    if subjects:
        return subject_actor(scene, subjects[0])
    return conjunct_speaker(scene, head)  # "أبدى الأزهر ... وأعرب عن رفضه"


def conjunct_speaker(scene: Scene, word) -> Found | None:
    """The named subject of the verb ``word`` is coordinated with, climbing the chain."""
    view = scene.view
    while word := first_conjunct(view, word, scene.sentence.reported):
        for subject_word in taken(SUBJECT, view, word, "subject"):
            found = subject_actor(scene, subject_word)
            if found:
                return found
    return None


def first_conjunct(view, word, reported: set[int]):
    """The verb ``word`` is coordinated with: its head for "conj", or the verb before it when the parser
    made the opening و the root and the verbs its "parataxis" ("ونشر باير بيان ...، وقال إن"): the first
    of them, not one inside what an earlier speaker said (``reported``)."""
    if word.deprel == "conj" and word.head:
        return view.word(word.head)
    before, head = view.previous(word), view.word(word.head) if word.head else None
    if word.deprel != "parataxis" or head is None or head.upos != "CCONJ" or before is None or before.upos != "CCONJ":
        return None
    return next((w for w in view.kids(head, {"parataxis"})  # the first: the main clause's, not a stray one
                 if w.id < word.id and w.upos == "VERB" and w.id not in reported), None)


def subject_actor(scene: Scene, head) -> Found | None:
    """The actor a subject names, or the earlier actor a role noun refers to: "واستمع الرئيس
    الفرنسي ... وقال" is the French president named before."""
    view, lookup = scene.view, scene.lookup
    words = lookup.name_words(view, head)
    actor, named = lookup.actor_in(view, words)
    if actor is not None and actor.type != "Person":
        actor, named = office(scene, words) or person_after_epithet(scene, words, (actor, named)) or (actor, named)
    if actor is None:
        # the trees may hang the holder's name apart: "وكان المتحدث الرسمي باسم وزارة الصحة خالد مجاهد قال"
        actor, named = lookup.holder_named(view, words) or (None, words)
    if actor is None and head.upos != "PRON":
        actor, named = office(scene, words) or (scene.role(words), words)
    return (actor, named) if actor else None


def last_spokesman(scene: Scene, words) -> Found | None:
    """"وأضاف المتحدث": a definite source (kg:insiderSourceLemma) is the last named speaker, if its role
    noun refers to it (but "وأضاف المسؤول" may take back an official left unnamed)."""
    last = scene.context.speaker
    if not words or key(words[0]) not in scene.index.insider_sources or not definite(words[0]) or not last:
        return None
    earlier = scene.role(words)
    return (earlier, [words[0], *completion(scene.view, words[0])]) if earlier and earlier.id == last[0].id else None


def voiced_role(scene: Scene, words) -> Found | None:
    """"وقال متحدث باسم الوزارة", "وقال بيان من ديوان الأمير": a source, a statement or an office
    (kg:insiderSourceLemma, kg:reportNouns, kg:officeNouns) speaks for the actor named before that
    the role noun completing it refers to (Scene.role); a named body is the subject's own."""
    if not words or not voices(scene, words[0]):
        return None
    view, linker = scene.view, scene.lookup.linker
    phrase = completion(view, words[0])
    if next(scene.lookup.mentions(view, phrase), None):
        return None
    # the role opens past prepositions, other such nouns and a title link's noun ("ب" + "اسم")
    start = next((i for i, w in enumerate(phrase) if w.upos != "ADP" and not voices(scene, w)
                  and not (i and linker.links_title(phrase[i - 1].text + w.text))), None)
    if start is None or phrase[start].upos != "NOUN":
        return None
    role = scene.role(phrase[start:])
    # "مصدر للصحيفة" told the paper: no outlet is spoken for so
    return (role, [words[0], *phrase[:start + 1]]) if role and not (role.cameo or "").endswith(MEDIA) else None


def voices(scene: Scene, noun) -> bool:
    """Whether a noun is a source, a statement or an office, which speaks for another (voiced_role)."""
    lemma = key(noun)
    return lemma in scene.index.insider_sources or lemma in VOICE_NOUNS


def completion(view, noun) -> list:
    """The nouns, adjectives, names and prepositions right after a noun, which may complete it wherever
    the tree hangs them: "متحدث | باسم الوزارة"."""
    following = view.words[noun.id:noun.id + TITLE_WINDOW]
    return list(takewhile(lambda w: w.upos in ("NOUN", "ADJ", "ADP", *PROPER_UPOS), following))


# --- co-speakers and headline leads -------------------------------------------------------------

def partners(scene: Scene) -> list[Found]:
    """Actors coordinated with the speaker: "ماكرون وميركل يطالبان", "اتفق الأسد وبوتين", "الجانبان"."""
    view, (actor, words) = scene.view, scene.speaker
    if not words or any(w.upos == "VERB" for w in words):  # pro-drop: no phrase to coordinate
        return []
    two = scene.pair(words[0])
    if two and two[0].id == actor.id:
        return [(two[1], words)]
    span = [w for w in view.words[words[0].id - 1:] if w.id <= words[-1].id]
    # what is left of the window after the speaker's words, which may stand apart in a long span
    following = span + phrase_after(view, words[-1], max(0, len(words) + SPEAKER_WINDOW - len(span)))
    found, previous = [], None
    for partner, covered in scene.lookup.mentions(view, following):
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


def lead_span(words) -> tuple[int, int] | None:
    """Where a headline lead may stand, as indexes of ``words``: from the start of the sentence to a
    colon or quotation mark that comes early, or from the start of a later part set off by ".." to a
    colon ("ترامب اعتبر ... صدفة.. أردوغان: قضاؤنا مستقل"; a quotation mark there is a scare quote:
    "بمرسوم عاجل.. أردوغان "يسيطر" على البنك المركزي")."""
    starts = [0, *(i + 1 for i in range(1, len(words)) if words[i].text == words[i - 1].text == ".")]
    for start in starts:
        openers = CONTENT_OPENERS if start == 0 else {":"}
        opener = next((i for i in range(start, len(words)) if words[i].text in openers), None)
        if opener is not None and opener - start <= LEAD_WORDS:
            return start, opener
    return None


def may_lead(words) -> bool:
    """Whether a sentence may have a headline lead."""
    return lead_span(words) is not None


@rule("speaker.lead")
def lead(view, lookup, triggers, context) -> tuple[Found, int] | None:
    """"كوساتشيف: ...", "دي ميستورا "مستعد ..."", "وزير الخارجية الروسي: ...": a short verbless lead
    naming an actor or a role, then a colon or an opening quotation mark (lead_span: also after ".." in
    the headline), attributes the rest (and its end offset); one that does not open with the name names a
    topic ("قضية فلان: ...")."""
    span = lead_span(view.words)  # kg.nlp parses no tree for a sentence without a trigger where it has none
    if span is None:
        return None
    words = list(dropwhile(lambda w: w.upos == "PUNCT", view.words[span[0]:span[1]]))  # a bullet: "* المكسيك:"
    if not words or any(w.upos in ("VERB", "PUNCT") or triggers.single_type(w) for w in words):
        return None
    actor, named = lookup.actor_in(view, words)
    if actor is not None and not opens_name(view, lookup, words):
        actor = None  # a topic, not a speaker: "قضية فلان: ...", "أزمة تصريحات الوزير: ..."
    if actor is None and named:  # a role ("التحالف:"), or the role before a medium: "وزير الخارجية الأردني لـCNN:"
        actor = context.role(lookup.linker, view, named, opening=True)
    return ((actor, named), view.span(words)[1] + 1) if actor else None


def opens_name(view, lookup, words) -> bool:
    """Whether a phrase opens, past its conjunction or particle, with a name, a title, the noun of a body or
    an outlet (kg:bodyNouns, kg:outletNouns), or a known actor's first word; else it names a topic."""
    words = list(dropwhile(lambda w: w.upos in ("CCONJ", "PART") or key(w) in WORDS.contrast_openers, words))
    if not words:
        return False
    first = words[0]
    return entity_start(first) or lookup.linker.opens_title(first.text) \
        or key(first) in WORDS.body_nouns or key(first) in WORDS.outlet_nouns \
        or any(covered[0] is first for _, covered in lookup.mentions(view, words))


# --- the order the rules are tried in ---------------------------------------------------------

# Rules that stop at a subject naming no known actor ("وأكدت تلك الدول", "قال مسؤولون"): what its
# verb governs is no one's either.
UNNAMING_RULES = frozenset({subject.rule_id, unnamed_subject.rule_id})

SPEAKER_CASCADES = {
    "quoted": (quoted_first_person,),  # "وأضاف “نحن ندعو ...”"
    "according_to": (according_to,),  # "بحسب لافروف"
    "nominal": (reported_participle, sender, sides, governor, act_clause, reported_source, participle_previous),
    "verbal": (headline_person, headline_lead, fronted, relative_antecedent, document_author, dual_subject,
               subject, name_after_verb, governor, unnamed_subject, conjunct_subject, framing_agent, previous_speaker),
}


def cascade_of(scene: Scene) -> str:
    """Which cascade a predicate's speaker is looked for with: where the predicate stands."""
    if scene.quoted:
        return "quoted"
    if key(scene.word) in scene.index.according_to:
        return "according_to"
    # a support verb the tagger took for another word is a verb all the same: "عبر (ADP) الوزير عن حرص"
    support = scene.predicate.rule == trigger_phrase.rule_id and key(scene.word) in scene.index.support_verbs
    return "verbal" if scene.word.upos == "VERB" or support else "nominal"
