"""Predicate rules: the words that trigger a statement type, from the ontology's lexicon, and the
suppressions that tell a trigger word used as no speech act."""
from __future__ import annotations

from dataclasses import replace

from kg.ontology import StatementType, TriggerIndex, fallback_type, normalise_arabic
from kg.extract.patterns import matches, taken
from kg.extract.rules import rule
from kg.extract.sentence import (WORDS, Predicate, SentenceView, circumstantial_participle, conjoined_verb,
                                 entity_tag, inside, key, verb_keys)
from kg.text import strip_diacritics, written_word

PHRASE_WINDOW = 4  # words after the first lemma of a multi-word trigger that may hold the rest
# ... and after a support verb, past its subject and its apposition: "أعرب وزير الخارجية الألماني فرانك فالتر
# شتاينماير عن حرص" (12 missed "أعرب الأمين العام خلال بيان له - تلقت «الشرق الأوسط» نسخه منه - عن استغرابه")
SUPPORT_WINDOW = 20
DESCRIBED_WINDOW = 25  # words after a verb of describing that may name what it describes and open the complement
COMPLEMENT_WINDOW = 5  # words of the complement read: "بأنه "كارثة"" is ب أن ه " كارثة
CONTENT_WINDOW = 6  # words after a verb of considering that may open what is considered: "يعتبر الخبراء أن"
CORE_RELATIONS = {"nsubj", "obj", "obl", "xcomp", "iobj"}
THIRD_PERSON_PREFIXES = WORDS.imperfect_prefixes - set(WORDS.first_person_prefixes)  # ي ت: a passive's only
VOWELS = WORDS.passive_vowels.split()  # fatha kasra damma
DAMMA = VOWELS[-1]
OBLIGED_NAME = 4  # words of the actor after على: "الولايات المتحدة الأمريكية"
FIRST_YEAR = 1000  # a number from here on before a verb is a year ("عام 2015 أعلنت"), no count
SO_CALLED = [{"RIGHT_ID": "trigger"},
             {"LEFT_ID": "trigger", "REL_OP": ";", "RIGHT_ID": "what", "RIGHT_ATTRS": {"LEMMA": {"IN": WORDS.so_called_openers}}},
             {"LEFT_ID": "trigger", "REL_OP": ".", "RIGHT_ID": "by", "RIGHT_ATTRS": {"LEMMA": {"IN": WORDS.so_called_prepositions}}}]
DIRECT_OBJECT = [{"RIGHT_ID": "verb"},
                 {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "obj"}}]


@rule("predicate.trigger_phrase")
def trigger_phrase(index: TriggerIndex, view: SentenceView, word) -> StatementType | None:
    """"أعرب عن قلقه" (concern), "أكد التزام" (commit): a multi-word trigger, its first lemma on
    the word, the others in order just after it; or a support verb and the feeling it expresses
    ("أعرب الوزير عن تقديره", kg:supportedTriggerLemma). Phrases are tried before single lemmas."""
    keys = verb_keys(word)
    candidates = sorted((found for k in keys for found in index.phrases_by_first.get(k, ())),
                        key=lambda found: (-len(found[0]), found[0]))  # longest first, as index.phrases
    if candidates:
        # then the rest, past punctuation and the subject's name: "أعرب الرئيس الأمريكي، دونالد ترامب، الجمعة، عن أمله"
        end = past_subject(view, word)
        rest = [w for w in view.words[end:] if w.upos != "PUNCT" and not entity_tag(w).endswith("PER")]
        following = [key(w) for w in [*view.words[word.id:end], *rest[:PHRASE_WINDOW]]]
        for lemmas, statement_type in candidates:
            if in_order(lemmas[1:], following):
                return statement_type
    if index.support_verbs.isdisjoint(keys):
        return None
    # the first feeling the support verb expresses, past its subject and apposition: "أعرب الوزير
    # فلان عن تقديره", "أعرب الوزير، في بيان أصدره مساء أمس، عن قلقه" (a phrase of two, أعرب قلق)
    expressed = {lemmas[-1]: statement_type for lemmas, statement_type in candidates if len(lemmas) == 2}
    expressed |= index.supported
    window = view.words[word.id:word.id + SUPPORT_WINDOW]
    for feeling, before in zip(window, [word, *window]):
        if not index.support_verbs.isdisjoint(verb_keys(feeling)):
            return None  # what follows is the next support verb's: "أبدى انزعاجه ..., وأعرب عن رفضه"
        governed = key(before) in WORDS.feeling_prepositions  # "عن قلقه", and any act there: "عن الترحيب ببيان"
        # read as a preposition ("عبر الإنترنت" 'via'), the verb governs its feeling with عن only ("عبر الوزير عن قلقه")
        if word.upos == "ADP" and not governed:
            continue
        found = expressed.get(key(feeling)) or (trigger_lemma(index, feeling) if governed else None)
        if found:
            return found
    return None


def past_subject(view: SentenceView, word) -> int:
    """Where the verb's subject ends when it follows the verb, as it does in verb-first clauses: the
    rest of a phrase comes after it ("أقر الرئيس الروسي فلاديمير بوتين بأن")."""
    ends = [view.subtree(subject)[-1].id for subject in view.kids(word, {"nsubj"}) if subject.id > word.id]
    return min(max(ends, default=word.id), word.id + SUPPORT_WINDOW)


@rule("predicate.trigger_lemma")
def trigger_lemma(index: TriggerIndex, word) -> StatementType | None:
    """"دعا" (appeal), "مطالبا" (demand): a word whose lemma, form or verb key is a trigger of a
    type, on the part of speech its trigger kind allows."""
    # a participle with the article is a noun ("المتهمين"): no circumstantial act
    upos = "ADJ" if circumstantial_participle(word) else "NOUN" if word.upos == "ADJ" else word.upos
    keys = (word.lemma or word.text, word.text, *(verb_keys(word)[1:] if upos == "VERB" else ()))
    return next(filter(None, (index.type_of(k, upos) for k in keys)), None)


@rule("predicate.obligation")
def obligation(index: TriggerIndex, lookup, view: SentenceView, predicate: Predicate, clause: list) -> Predicate:
    """"قال إن على الولايات المتحدة سحب قواتها": a content clause that opens with an obligation preposition
    (kg:obligationPreposition) and a named actor, which must act: a plain statement is an appeal."""
    words = [w for w in clause if w.upos != "PUNCT"]
    if predicate.type != fallback_type() or len(words) < 3 or words[0].upos != "SCONJ" \
            or key(words[1]) not in index.obligations:
        return predicate
    named = next(lookup.mentions(view, words[2:2 + OBLIGED_NAME]), None)
    if named is None or named[1][0].id != words[2].id:  # "إن على الجميع", "أن على الأرض" oblige no one named
        return predicate
    return replace(predicate, type=index.obligations[key(words[1])], rule=obligation.rule_id)


@rule("predicate.evaluation")
def evaluation(index: TriggerIndex, view: SentenceView, predicate: Predicate) -> Predicate:
    """"ووصف الوزير الاتفاق بأنه كارثة": a plain description whose complement, after its preposition
    (kg:descriptionPreposition), holds an evaluation of a type (kg:evaluationLemma) is of that type."""
    if predicate.type != fallback_type() or key(predicate.word) not in index.description_verbs:
        return predicate
    after = view.words[predicate.word.id:predicate.word.id + DESCRIBED_WINDOW]
    opening = next((i for i, w in enumerate(after) if key(w) in index.description_prepositions), None)
    complement = after[opening + 1:opening + 1 + COMPLEMENT_WINDOW] if opening is not None else []
    keys = [key(w) for w in complement]
    keys += [f"{first} {second}" for first, second in zip(keys, keys[1:])]  # "غير مقبول"
    found = next((index.evaluations[k] for k in keys if k in index.evaluations), None)
    return replace(predicate, type=found, rule=evaluation.rule_id) if found else predicate


@rule("predicate.according_to")
def according_to(index: TriggerIndex, word) -> StatementType | None:
    """"بحسب لافروف", "وفقاً لـ": the sentence is attributed to the actor after it, a bare statement (not
    the verb of the same root: "أن يوفق الله")."""
    return fallback_type() if key(word) in index.according_to and word.upos != "VERB" else None


@rule("suppress.so_called", pattern=SO_CALLED)
def so_called(view: SentenceView, word) -> bool:
    """"ما يدعى بـ" 'the so-called', "بما يتفق مع" 'in line with': idioms, no speech acts (our
    tagger marks no passive)."""
    return next(matches(SO_CALLED, view, word), None) is not None


@rule("suppress.impersonal")
def impersonal(index: TriggerIndex, view: SentenceView, word) -> bool:
    """"يذكر أن": it is noted that (but "يذكر التقرير أن" has a speaker)."""
    following = [w.upos for w in view.words[word.id:word.id + 2]]
    return normalise_arabic(word.text) in index.impersonal_forms and (
        following[:1] == ["SCONJ"] or following == ["ADP", "SCONJ"])


@rule("suppress.not_done")
def not_done(view: SentenceView, word) -> bool:
    """"ولم تعلن طهران عن وقوع قتلى", "لم يعلق البيت الأبيض": a verb negated in the past (kg:pastNegations)
    reports an act that did not take place."""
    before = view.previous(word)
    return word.upos == "VERB" and before is not None and key(before) in WORDS.past_negations


@rule("suppress.passive")
def passive(word) -> bool:
    """"ما يدعى" 'what is called', "رجل يدعى ستيفن" 'a man named Stephen', "قيل إن": a passive verb
    reports no act of its subject. The tagger marks none, but some forms are passives only
    (kg:passiveForms), and a verb whose perfect ends in ا shows it in the imperfect's last letter
    (يدعى; the active is يدعو), and so does a derived verb of that root, whose active imperfect ends
    in ي (تدّعي 'claims'; "امرأة تدعى إليزابيث" is named, though the lemmatizer reads ادعى)."""
    perfect_ending, passive_ending = WORDS.passive_defective_endings.split()
    form, lemma_key = strip_diacritics(word.text), key(word)
    prefix = normalise_arabic(form[:1])
    # a derived verb's perfect opens with the alif that is also a first person's prefix (التقى, أثنى)
    imperfect = lemma_key.endswith(perfect_ending) and prefix in WORDS.imperfect_prefixes \
        or lemma_key.startswith(WORDS.derived_verb_prefix) and prefix in THIRD_PERSON_PREFIXES
    return "Voice=Pass" in (word.feats or "") or normalise_arabic(form) in WORDS.passive_forms \
        or word.upos == "VERB" and (imperfect and form.endswith(passive_ending) or vowelled_passive(written_word(word)))


def vowelled_passive(text: str) -> bool:
    """"كُشف", "أُعلن", "اتُّهم": a verb whose first written vowel is a damma, on its first letter or on
    the one after an opening alif, is a perfect passive; a damma on the prefix of an imperfect or a
    participle is not (يُعلن, تُشير: kg:passiveVowels, kg:dammaPrefixes)."""
    first = next((i for i, char in enumerate(text) if char in VOWELS), None)
    if first is None or text[first] != DAMMA:
        return False
    letters = strip_diacritics(text[:first])  # up to the letter that carries the vowel
    return letters not in WORDS.damma_prefixes and (
        len(letters) == 1 or len(letters) == 2 and normalise_arabic(letters[0]) == WORDS.derived_verb_prefix)


@rule("suppress.hollow_passive")
def hollow_passive(view: SentenceView, word) -> bool:
    """"وأدين الضابط بالتآمر" 'was convicted', "وأفيد بأن" 'it was reported': the perfect of a derived
    hollow verb (أدان, أفاد) written with ي where its ا stands is the passive; inside a quotation the
    same letters are the first person's present ("أدين الإرهاب" 'I condemn')."""
    lemma_key, alif = key(word), WORDS.derived_verb_prefix
    if word.upos != "VERB" or len(lemma_key) != 4 or lemma_key[0] != alif or lemma_key[2] != alif:
        return False  # أدان: the derived verb's alif, a root letter, the hollow ا, a root letter
    perfect = lemma_key[:2] + WORDS.hollow_passive_letter + lemma_key[3]
    return normalise_arabic(strip_diacritics(word.text)) in (perfect, perfect + WORDS.feminine_verb_marker) \
        and not inside(word, view.quotation_spans())


@rule("suppress.considered")
def considered(view: SentenceView, word) -> bool:
    """"وتعتبر دوما المدينة الرئيسية", "ويعتبر والكوت أقدم لاعب": the imperfect of a verb of considering
    is spelt alike in the passive, 'is considered'; read so when nothing marks the active: no subject
    before it, no object pronoun, no content clause, only the thing considered and what it is
    (the active "تعتبر واشنطن حزب الله منظمة إرهابية" names three; an elative or ordinal is one with its
    noun: "وتعتبر إسبانيا ثالث بوابة")."""
    if not imperfect_verb(word) or key(word) not in WORDS.considering_lemmas:
        return False
    kids = view.kids(word)
    named = [k for k in kids if k.id > word.id and k.deprel.split(":")[0] in CORE_RELATIONS
             and k.upos not in ("PRON", "ADJ")]
    return not any(k.upos == "PRON" or k.id < word.id and k.deprel == "nsubj" for k in kids) \
        and view.content_start(word) > word.id + CONTENT_WINDOW and len(named) <= 2


@rule("suppress.accused")
def accused(view: SentenceView, word, statement_type: StatementType) -> bool:
    """"واتُّهم بإدارة فرق الموت", "المتهمين بارتكاب جرائم": the charge right after the verb or
    participle, with no one accused between, is the passive 'accused of' (spelt as the active):
    its subject is the accused, and the accuser goes unnamed ("اتهمت بأن" is active: a content clause)."""
    following = view.words[word.id:word.id + 2]
    return statement_type.charge_preposition is not None and len(following) == 2 \
        and following[0].upos == "ADP" and key(following[0]) == statement_type.charge_preposition \
        and following[1].upos != "SCONJ"


@rule("suppress.described")
def described(index: TriggerIndex, view: SentenceView, word) -> bool:
    """"وسط قصف وصفت بأنها الأكثف" 'was described as': a verb of describing (kg:descriptionVerbLemma) with
    its preposition (kg:descriptionPreposition) right after it, nothing described between, is the passive
    (spelt as the active): the describer goes unnamed ("وصفه بأنه" has its object)."""
    following = view.next(word)
    return word.upos == "VERB" and key(word) in index.description_verbs and following is not None \
        and following.upos == "ADP" and key(following) in index.description_prepositions


@rule("suppress.pronoun_predicate")
def pronoun_predicate(view: SentenceView, word) -> bool:
    """"وهو طالب في الجامعة" 'he is a student', "وهو اتفاق": a trigger right after a separate subject
    pronoun (kg:thirdPersonPronouns) is its predicate, a noun; a verb there is an imperfect ("وهو يشير"),
    the perfect would take قد."""
    previous = view.previous(word)
    if previous is None or previous.parent is word.parent or entity_tag(previous) != "O":
        return False  # a pronoun joined to a word ("شيخهم"), or part of a name
    return normalise_arabic(previous.parent.text) in WORDS.third_person_pronouns and not imperfect_verb(word)


@rule("suppress.counted")
def counted(view: SentenceView, word) -> bool:
    """"700 طالب" 'students', "مليون طالب لجوء", "29 متهما": a trigger right after a cardinal is what it
    counts, a noun; not after a year ("وفي عام 2015 أعلنت") or an item's number opening the sentence ("2.4
    رحبت"), nor an imperfect verb ("55 بالمئة يرفضون")."""
    previous = view.previous(word)
    if previous is None or previous.upos != "NUM" or previous.id == 1 or imperfect_verb(word):
        return False
    digits = "".join(filter(str.isdigit, previous.text))
    return not (digits and int(digits) >= FIRST_YEAR)


def imperfect_verb(word) -> bool:
    """Whether a verb is written in the imperfect of the third person: "يشير", "تعتبر"."""
    return word.upos == "VERB" and normalise_arabic(word.text)[:1] in THIRD_PERSON_PREFIXES


@rule("suppress.inside_name")
def inside_name(view: SentenceView, word) -> bool:
    """"علي بن أبي طالب", "أبو طالب": the word after 'son of' or 'father of' is a name, no verb."""
    previous = view.previous(word)
    return previous is not None and key(previous) in WORDS.name_link_words


@rule("suppress.object_required", pattern=DIRECT_OBJECT)
def object_missing(view: SentenceView, word, statement_type: StatementType) -> bool:
    """"أطلع لافروف نظيره على" is informed, "اطّلع على" looked at: some triggers count only with a
    direct object (kg:objectTriggerLemma)."""
    return key(word) in statement_type.object_lemmas and not taken(DIRECT_OBJECT, view, word, "object")


class Triggers:
    """The trigger lexicon applied to a sentence's words."""

    def __init__(self, index: TriggerIndex):
        self.index = index

    def predicates(self, view: SentenceView) -> tuple[list[Predicate], list[tuple[object, str]]]:
        """The predicates of a sentence, and the trigger words a suppression dropped (with its id)."""
        found, dropped = [], []
        for word in view.words:
            statement_type, rule_id = self.typed(view, word)
            if statement_type is None:
                continue
            suppression = self.suppression(view, word, statement_type, rule_id)
            if suppression:
                dropped.append((word, suppression))
            else:
                found.append(Predicate(word, statement_type, written_word(word), rule_id))
        return found, dropped

    def typed(self, view: SentenceView, word) -> tuple[StatementType | None, str | None]:
        """The type a word triggers and the rule that says so."""
        found = trigger_phrase(self.index, view, word)
        if found:
            return found, trigger_phrase.rule_id
        if according_to(self.index, word):
            return fallback_type(), according_to.rule_id
        return trigger_lemma(self.index, word), trigger_lemma.rule_id

    def suppression(self, view: SentenceView, word, statement_type: StatementType, rule_id: str) -> str | None:
        """The id of the suppression that tells this trigger word used as no speech act, if any."""
        if so_called(view, word):
            return so_called.rule_id
        if impersonal(self.index, view, word):
            return impersonal.rule_id
        if not_done(view, word):
            return not_done.rule_id
        if rule_id == trigger_lemma.rule_id and passive(word):
            return passive.rule_id
        if hollow_passive(view, word):
            return hollow_passive.rule_id
        if considered(view, word):
            return considered.rule_id
        if accused(view, word, statement_type):
            return accused.rule_id
        if described(self.index, view, word):
            return described.rule_id
        if inside_name(view, word):
            return inside_name.rule_id
        if pronoun_predicate(view, word):
            return pronoun_predicate.rule_id
        if counted(view, word):
            return counted.rule_id
        if object_missing(view, word, statement_type):
            return object_missing.rule_id
        return None

    def candidate(self, word) -> bool:
        """Whether a word may trigger a statement, before its tree and neighbours are known: its
        lemma, form or derived-verb key starts a trigger (what ``typed`` accepts, and more)."""
        lemma_key = key(word)
        return not self.index.first_keys.isdisjoint(
            (normalise_arabic(word.text), WORDS.derived_verb_prefix + lemma_key, *verb_keys(word)))

    def single_type(self, word) -> StatementType | None:
        """The type of a one-word trigger; none for a passive."""
        found = according_to(self.index, word)
        if found or passive(word):
            return found
        return trigger_lemma(self.index, word)

    def participle_act(self, word) -> bool:
        """"مؤكدا", "مطالبا": a participle trigger in the circumstantial accusative."""
        found = self.single_type(word)
        return found is not None and circumstantial_participle(word) and key(word) in found.participle_lemmas

    def next_act(self, view: SentenceView, word) -> int:
        """Id of the speaker's next act after ``word``, a participle ("رفض بلاده ...، مؤكدا أن") or a verb
        joined to it by a conjunction ("رحبت المملكة بالقرار، وأكدت دعمها"), else past the end."""
        return next((w.id for w in view.words[word.id:] if self.participle_act(w) or self.joined_act(view, w)),
                    len(view.words) + 1)

    def joined_act(self, view: SentenceView, word) -> bool:
        """"وأكدت": a trigger verb written with a conjunction."""
        return conjoined_verb(view, word) and self.single_type(word) is not None

    def announced(self, view: SentenceView, word) -> bool:
        """A verbal noun that is the object of a statement verb: "أعلن رفض", "أكد استعداده"."""
        if not word.head:
            return False
        governor = view.word(word.head)
        if governor.upos != "VERB" or self.single_type(governor) != fallback_type():
            return False
        if word.upos == "NOUN":
            return word.deprel == "obj"
        # "أعلن قرقاش رفض بلاده": the tree may take the noun for a verb with the name for its subject
        return word.deprel == "ccomp" and not view.kids(word, {"mark"}) and word.id < view.content_start(governor)

    def own_act(self, view: SentenceView, predicate: Predicate) -> bool:
        """"..., مطالبا ب", "أعلن رفض بلاده": a specific act in a participle, or named by the object
        of a statement verb, is the speaker's own, even inside what it says."""
        if predicate.type == fallback_type():
            return False
        return self.participle_act(predicate.word) or self.announced(view, predicate.word) \
            or self.occasion(view, predicate)

    @staticmethod
    def occasion(view: SentenceView, predicate: Predicate) -> bool:
        """"وأكد الوزير خلال لقائه نظيره الروسي": a noun with its agent's pronoun in the circumstances of
        a verb (kg:circumstantialPrepositions), of a type whose acts are occasions (kg:occasion), is an
        act of that verb (but in "وكان الوزير في استقباله" the pronoun is the one received)."""
        word = predicate.word
        return predicate.type.occasion and bool(word.head) and key(view.word(word.head)) not in WORDS.copulas \
            and any(key(kid) in WORDS.circumstantial_prepositions for kid in view.kids(word, {"case"})) \
            and any(kid.upos == "PRON" for kid in view.kids(word, {"nmod"}))


def in_order(needed: tuple[str, ...], words: list[str]) -> bool:
    position = 0
    for lemma in needed:
        try:
            position = words.index(lemma, position) + 1
        except ValueError:
            return False
    return True
