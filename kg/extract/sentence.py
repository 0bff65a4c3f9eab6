"""One parsed sentence as the rules see it: the tree indexed for walking, offsets, word tests."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice, takewhile

from kg.lexicon import lexicon
from kg.nlp import initial, joined_acronym
from kg.ontology import StatementType, normalise_arabic
from kg.records import Mention
from kg.text import QUOTATION_MARKS, is_arabic, strip_diacritics

WORDS = lexicon()
QUOTE_CHARS = QUOTATION_MARKS + " "
_MARK = f"[{re.escape(QUOTATION_MARKS)}]"
# A quotation opens on any mark and runs to the next: news writes «» either way round.
QUOTES = re.compile(f"{_MARK}([^{_MARK[1:]}*){_MARK}?")
CONTENT_OPENERS = {":", *QUOTATION_MARKS}
PHRASE_STOPS = frozenset({"VERB", "PUNCT", "SCONJ"})  # where a run of words next to a word ends
NAME_MARKS = QUOTATION_MARKS + "()"  # around a name: صحيفة "لوموند", شبكة (فوكس نيوز)
COMMAS = ("،", ",")  # the Arabic comma and the Latin one
ANTECEDENT_WINDOW = 10  # words of a relative clause's antecedent: a name, its title and office
ASIDE_WINDOW = 20  # words of a relative clause set off by commas after a name
EULOGY_WORDS = max(len(eulogy.split()) for eulogy in WORDS.eulogies)  # "صلى الله عليه وسلم": four
NAME_QUOTE_WORDS = 5  # words a quoted name runs to at most: صحيفة "وول ستريت جورنال"
LONG_VOWEL_LETTERS = "اوي"  # alif, waw, ya: how a transliteration writes a foreign name's vowels


@dataclass
class Predicate:
    """A word that triggers a statement type, and the rule that found it."""

    word: object  # stanza Word
    type: StatementType
    trigger: str
    rule: str = "predicate.trigger_lemma"


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
        join_hyphenated_names(self.sentence.tokens)
        join_generation_epithets(self.sentence.tokens)
        join_initials(self.sentence.tokens)
        tag_acronyms(self.sentence.tokens)

    @property
    def words(self):
        return self.sentence.words

    @cached_property
    def eulogy_ids(self) -> frozenset[int]:
        """Ids of the words of the eulogies after revered names (kg:eulogies: "صلى الله عليه وسلم",
        "رحمه الله"): no name, whatever the tagger runs into them."""
        tokens = self.sentence.tokens
        texts = [normalise_arabic(token.text) for token in tokens]
        return frozenset(word.id for start in range(len(tokens))
                         for end in range(start + 2, min(start + EULOGY_WORDS, len(tokens)) + 1)
                         if " ".join(texts[start:end]) in WORDS.eulogies
                         for token in tokens[start:end] for word in token.words)

    def word(self, word_id: int):
        return self.sentence.words[word_id - 1]

    def previous(self, word):
        """The word before ``word`` in the sentence, or None."""
        return self.word(word.id - 1) if word.id > 1 else None

    def next(self, word):
        """The word after ``word`` in the sentence, or None."""
        return self.word(word.id + 1) if word.id < len(self.words) else None

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

    def name_text(self, words) -> str:
        """The text of a name, without the proclitics its first token holds before it (kg:nameProclitics):
        "لكارل ماركس" is كارل ماركس. The expander also splits off a foreign name's first letter, which the
        transliteration then follows with a long vowel: لودوفيك, لاندركينغ stay whole."""
        first, (start, end) = words[0], self.span(words)
        token = first.parent
        clitics = token.text[:len(token.text) - len(first.text)]
        if first is not token.words[0] and token.text.endswith(first.text) and set(clitics) <= WORDS.name_proclitics \
                and first.text[:1] not in LONG_VOWEL_LETTERS:
            start = token.end_char - len(first.text)
        elif first is not token.words[0] and first.text.startswith("ال") and token.text == "ل" + first.text[1:]:
            return "ا" + self.paragraph_text[token.start_char + 1:end]  # ل + المرصد is written للمرصد
        return self.paragraph_text[start:end]

    def mention(self, words) -> Mention:
        start, end = self.span(words)
        return Mention(self.paragraph_text[start:end], self.to_original(start), self.to_original(end))

    @property
    def bounds(self) -> tuple[int, int]:
        return self.span(self.words)

    def content_start(self, word) -> int:
        """Id of the first word of what is said after ``word``: أن/إن, a colon or a quotation."""
        for later in self.words[word.id:]:
            if (later.upos == "SCONJ" or later.parent.text[:1] in CONTENT_OPENERS) and later.id not in self.name_marks:
                return later.id
        return len(self.words) + 1

    @cached_property
    def name_marks(self) -> frozenset[int]:
        """Ids of the marks around outlets' names, which open nothing said: ذكرت صحيفة "واشنطن بوست" أن."""
        names = [name for word in self.words for name in [outlet_name(self, word)] if name]
        return frozenset(i for name in names if marked(self, name) for i in (name[0].id - 1, name[-1].id + 1))

    def words_after(self, word, limit: int) -> list:
        """Up to ``limit`` words after ``word``, before what is said opens."""
        return list(self.words[word.id:self.content_start(word) - 1])[:limit]

    def quotation_spans(self) -> list[tuple[int, int]]:
        start, end = self.bounds
        text = self.paragraph_text[start:end]
        return [(start + m.start(1), start + m.end(1)) for m in QUOTES.finditer(text)]


def join_hyphenated_names(tokens) -> None:
    """"كيم جونغ-أون", "مون جيه-إن": the tokenizer cuts a name at a hyphen written without spaces, and
    the tagger may end the person before it; the name goes on through the hyphen."""
    for before, hyphen, after in zip(tokens, tokens[1:], tokens[2:]):
        joined = before.end_char == hyphen.start_char and hyphen.end_char == after.start_char
        if hyphen.text == "-" and joined and (before.ner or "O").endswith("-PER") and after.text.isalpha():
            one_person([before, hyphen, after])


def join_generation_epithets(tokens) -> None:
    """"دونالد ترامب الابن": a generation epithet after a person's tagged name is part of it (kg:generationEpithets)."""
    for before, after in zip(tokens, tokens[1:]):
        if (before.ner or "O")[:2] in ("E-", "S-") and before.ner.endswith("-PER") \
                and normalise_arabic(after.text) in WORDS.generation_epithets:
            one_person([before, after])


def join_initials(tokens) -> None:
    """"إتش. آر. ماكماستر": initials (a Latin letter's name and its dot) before a person's tagged name
    are part of it, whatever the tagger made of them."""
    for index, token in enumerate(tokens):
        if not (token.ner or "O").startswith(("B-PER", "S-PER")):
            continue
        start = index
        while start >= 2 and initial(tokens[start - 2:start]):
            start -= 2
        if start < index:
            one_person(tokens[start:index + 1])


def tag_acronyms(tokens) -> None:
    """"قال العبادي لسي بي إس": an acronym that kg.nlp joined into one token is an organisation's name
    of its own, whatever name the tagger ran it into."""
    for before, token, after in zip([None, *tokens], tokens, [*tokens[1:], None]):
        if not joined_acronym(token):
            continue
        token.ner = "S-ORG"
        if before is not None and (before.ner or "O")[:2] in ("B-", "I-"):
            before.ner = {"B": "S", "I": "E"}[before.ner[0]] + before.ner[1:]
        if after is not None and (after.ner or "O")[:2] in ("I-", "E-"):
            after.ner = {"I": "B", "E": "S"}[after.ner[0]] + after.ner[1:]


def one_person(run) -> None:
    """Tag a run of tokens as one person's name (BIOES), going on from a person tagged before it and
    into a name tagged after it."""
    first, last = run[0].ner or "O", run[-1].ner or "O"
    for token in run:
        token.ner = "I-PER"
    if first not in ("I-PER", "E-PER"):
        run[0].ner = "B-PER"
    if last[0] not in "BI":
        run[-1].ner = "E-PER"


def key(word) -> str:
    """The comparison key of a word: its lemma (or form) normalised."""
    return normalise_arabic(word.lemma or word.text)


def sound_plural(word) -> bool:
    """"مواطنون", "أمريكيون": a word with the masculine plural ending that the tagger took for a
    name (X), as it does with most of them: a common noun or adjective."""
    return word.upos == "X" and masculine_plural(word)


def masculine_plural(word) -> bool:
    """Whether a word ends in the sound masculine plural's ending: "لبنانيون", "أردنيين"."""
    return normalise_arabic(word.text).endswith((WORDS.nominative_plural_suffix, WORDS.oblique_plural_suffix))


def verb_keys(word) -> tuple[str, ...]:
    """The lemma key of a word, and for a verb the keys of the other verbs its unvocalised imperfect
    may be: with the alif our lemmatizer drops from derived verbs (يتهم -> تهم, اتهم; يبدي -> بدى,
    أبدى), and without the one it adds, as form IV (يُنفي) and form I (يَنفي) are written alike when
    every letter of the root shows (ينفي -> أنفى, نفى; but يقيل is أقال, not قال, whose imperfect is يقول);
    and a doubled root's form IV from its imperfect, a prefix and two letters (تصر -> أصر). A perfect
    written without the alif is no form IV (بلغ 'reached', أبلغ 'informed'), nor the imperfect of a
    verb in kg:formOneVerbs (يبلغ 'reaches')."""
    lemma_key, alif = key(word), WORDS.derived_verb_prefix
    if word.upos != "VERB" or not word.lemma:
        return (lemma_key,)
    form, root = normalise_arabic(word.text.strip(QUOTE_CHARS)), lemma_key[len(alif):]
    letters = iter(form)
    if lemma_key.startswith(alif) and not form.startswith(alif) and all(letter in letters for letter in root):
        return lemma_key, alif + lemma_key, root  # an imperfect showing the root's letters in order
    if len(form) == 3 and form[0] in WORDS.imperfect_prefixes:
        return lemma_key, alif + lemma_key, alif + form[1:]
    if form.startswith(lemma_key) or lemma_key in WORDS.form_one_verbs:
        return (lemma_key,)  # a past without the alif is no form IV: "بلغ" reached, "أبلغ" informed
    return lemma_key, alif + lemma_key


def phrase_after(view: SentenceView, word, limit: int) -> list:
    """Up to ``limit`` words after ``word``, stopping at a verb, punctuation or a subordinator."""
    return run(view.words[word.id:], limit)


def phrase_before(view: SentenceView, word, limit: int) -> list:
    """Up to ``limit`` words before ``word``, back to a verb, punctuation or a subordinator."""
    return run(reversed(view.words[:word.id - 1]), limit)[::-1]


def run(words, limit: int, stops: frozenset[str] = PHRASE_STOPS) -> list:
    """The first ``limit`` of ``words`` at most, up to the first whose part of speech is in ``stops``."""
    return list(islice(takewhile(lambda w: w.upos not in stops, words), limit))


def relative_pronoun(word) -> bool:
    """"الذي", "التي", ... (kg:relativePronouns)."""
    return normalise_arabic(word.text) in WORDS.relative_pronouns


def relative_aside(view: SentenceView, word) -> list:
    """A relative clause between commas right after ``word`` ("حركة ...، التي تضم فصائل عدة،"), else []."""
    after = view.words[word.id:word.id + ASIDE_WINDOW + 1]
    if len(after) < 2 or after[0].text not in COMMAS or not relative_pronoun(after[1]):
        return []
    end = next((i for i, w in enumerate(after) if i and w.text in COMMAS), None)
    return after[1:end] if end else []


def what_said(view: SentenceView, verb) -> bool:
    """Whether a verb opens a clause of what was said or done ("ما قاله فلان", "مما أعلنه"): the relative
    ما (kg:whatRelative) right before it."""
    before = view.previous(verb)
    return verb.upos == "VERB" and before is not None and key(before) == WORDS.what_relative


def relative_before(view: SentenceView, word):
    """The relative pronoun right before ``word`` (past a conjunction and a copula: "التي كانت تطالب"), or None."""
    before = next((w for w in reversed(view.words[:word.id - 1])
                   if w.upos != "CCONJ" and key(w) not in WORDS.copulas), None)
    return before if before is not None and relative_pronoun(before) else None


def antecedent(view: SentenceView, word) -> list | None:
    """The words a relative pronoun right before ``word`` (past a conjunction) refers back to, up to
    the verb before them; None without a relative pronoun."""
    pronoun = relative_before(view, word)
    if pronoun is None:
        return None
    before = [w for w in view.words[:pronoun.id - 1] if w.upos != "CCONJ"]
    return run(reversed(before), ANTECEDENT_WINDOW, stops=frozenset({"VERB"}))[::-1]


def relative_disagrees(view: SentenceView, verb) -> bool:
    """Whether the relative pronoun right before ``verb`` is of the other gender ("المستشار الذي
    أعلنت الرئاسة تسريحه", "الخطة التي يقول المسؤولون إنها"): then it is not the verb's subject."""
    pronoun = relative_before(view, verb) if verb.upos == "VERB" else None
    return pronoun is not None and \
        (normalise_arabic(pronoun.text) in WORDS.feminine_relative_pronouns) != feminine_verb(verb)


def resumed_relative(view: SentenceView, word) -> bool:
    """Whether the relative pronoun before ``word`` is its object, taken back by an object pronoun
    ("حركة الشباب التي تتهمها نيروبي"): the actor it refers to is acted on, not acting."""
    return pronoun_joined(word) and antecedent(view, word) is not None


def conjoined_verb(view: SentenceView, word) -> bool:
    """Whether ``word`` is a verb written with a conjunction: "وأكدت", "وغادر"."""
    before = view.previous(word)
    return word.upos == "VERB" and before is not None and before.upos == "CCONJ" and before.parent is word.parent


def pronoun_joined(word) -> bool:
    """Whether ``word``'s token ends in a pronoun joined to it: "تتهمها", "نظيره", "قوله"."""
    last = word.parent.words[-1]
    return last is not word and last.upos == "PRON"


def inside(word, spans: list[tuple[int, int]]) -> bool:
    return any(start <= word.parent.start_char < end for start, end in spans)


def first_entity(tagged: list) -> list:
    """The words of the first named entity among tagged words (BIOES tags)."""
    for end, word in enumerate(tagged):
        if word.parent.ner[:2] in ("E-", "S-"):
            return tagged[:end + 1]
    return tagged


def outlet_name(view: SentenceView, noun, tagged: bool = True) -> list:
    """The name after a news outlet's noun (kg:outletNouns): quoted or bracketed (صحيفة "لوموند",
    شبكة (فوكس نيوز)), a named entity if ``tagged`` (صحيفة نيويورك تايمز) or Latin letters (لشبكة CNN);
    [] if none."""
    after = view.words[noun.id:noun.id + NAME_QUOTE_WORDS + 2]
    if not after or key(noun) not in WORDS.outlet_nouns:
        return []
    if after[0].text in NAME_MARKS:
        return quoted_words(view, after[0])
    if tagged and entity_start(after[0]):  # the tagger may cut a name in two: "واشنطن" (LOC) "بوست" (ORG)
        return list(takewhile(lambda w: entity_tag(w) != "O", after))
    return list(takewhile(lambda w: w.text.isalpha() and not is_arabic(w.text), after))


def quoted_words(view: SentenceView, mark) -> list:
    """The words after an opening quotation mark or bracket up to the closing one, if few enough to be
    a name (NAME_QUOTE_WORDS); [] if none or not closed."""
    name = list(takewhile(lambda w: w.text not in NAME_MARKS, view.words[mark.id:]))
    closing = view.next(name[-1]) if name else None
    return name if closing is not None and closing.text in NAME_MARKS and len(name) <= NAME_QUOTE_WORDS else []


def marked(view: SentenceView, name: list) -> bool:
    """Whether a name stands in quotation marks or brackets: صحيفة "لوموند"."""
    return view.previous(name[0]).text in NAME_MARKS


def entity_tag(word) -> str:
    """The tagger's BIOES tag of the token ``word`` is part of ("B-PER", "O" when untagged)."""
    return word.parent.ner or "O"


def entity_start(word) -> bool:
    return entity_tag(word)[:2] in ("B-", "S-")


def entity_goes_on(word) -> bool:
    """Whether the name the tagger marks on ``word`` goes on after it (BIOES B-, I-)."""
    return entity_tag(word)[:2] in ("B-", "I-")


def entity_went_on(word) -> bool:
    """Whether ``word`` goes on a name the tagger began before it (BIOES I-, E-)."""
    return entity_tag(word)[:2] in ("I-", "E-")


def person_start(word) -> bool:
    """The first word of a person the tagger names."""
    return entity_start(word) and word.parent.ner.endswith("PER")


def described_noun(view: SentenceView, words) -> list:
    """"دول غربية", "لجنة مكسيكية مستقلة": an indefinite noun and the adjectives right after it, a
    whole noun phrase (a construct's genitive would come before the adjectives); [] if ``words`` do
    not open with one, or if its source follows ("بيان صادر عن النيابة": the issuer speaks)."""
    head, adjectives = words[0] if words else None, list(takewhile(lambda w: w.upos == "ADJ", words[1:]))
    if head is None or head.upos != "NOUN" or definite(head) or not adjectives:
        return []
    after = view.next(adjectives[-1])
    return [] if after is not None and key(after) in WORDS.report_source_prepositions else [head, *adjectives]


def object_after_definite(words) -> list:
    """"واتهمت المنظمة طهران": a definite noun takes no genitive, so a name the tagger starts right after
    it and its adjectives (not a person's: "الناشط رامز الأحمد") is the verb's object, not part of its
    subject; the noun and its adjectives, or [] if ``words`` do not open so."""
    head = words[0] if words else None
    if head is None or head.upos != "NOUN" or not definite(head):
        return []
    adjectives = list(takewhile(lambda w: w.upos == "ADJ", words[1:]))
    after = words[1 + len(adjectives):]
    entity = entity_tag(after[0]) if after else "O"
    starts_name = after and after[0].id == head.id + len(adjectives) + 1 and after[0].upos in ("NOUN", "X", "PROPN") \
        and entity[:2] in ("B-", "S-")
    return [head, *adjectives] if starts_name and not entity.endswith("PER") else []


def definite(word) -> bool:
    """Whether a word carries the article: "الحكومة", not "حكومة"."""
    return normalise_arabic(word.text).startswith(WORDS.definite_article)


def circumstantial_participle(word) -> bool:
    """"مشدداً", "مطالبا": a participle in the indefinite accusative, whatever tag the tagger gave; one with
    the article names someone or something ("المتهمين" the accused, "المنتقدين" the critics), and one in the
    nominative plural is the predicate of a clause of its own ("إن العمال مستعدون")."""
    if word.upos == "ADJ":
        return not definite(word) and not normalise_arabic(word.text).endswith(WORDS.nominative_plural_suffix)
    form = normalise_arabic(word.text)
    return word.upos in ("NOUN", "X") and form.endswith(WORDS.indefinite_accusative_ending) \
        and not form.startswith(WORDS.definite_article) and len(form) > 4


def accusative_participle(word) -> bool:
    """"قائلا", "مضيفاً": a participle the tagger marks so, in the indefinite accusative: never a subject."""
    return word.upos == "ADJ" and normalise_arabic(word.text).endswith(WORDS.indefinite_accusative_ending)


def first_person(word) -> bool:
    """"ندعو", "أطالب", "رفضنا": a verb form of the first person (the tagger gives no features):
    the prefix ن or أ before the lemma, or the suffix نا after it."""
    form, lemma = normalise_arabic(word.text.strip(QUOTE_CHARS)), key(word)
    return (form.startswith(WORDS.first_person_prefixes) and not form.startswith(lemma[:2])) \
        or (form.endswith(WORDS.first_person_suffixes) and not lemma.endswith(WORDS.first_person_suffixes))


def feminine_verb(word) -> bool:
    """"قالت", "تدعو": a verb of the third person feminine (the tagger gives no features): the mark
    after the lemma in the perfect or before it in the imperfect, beyond the lemma's own ("لفت", "تحدث")."""
    form, lemma, mark = normalise_arabic(word.text.strip(QUOTE_CHARS)), key(word), WORDS.feminine_verb_marker
    return form.endswith(mark) and (not lemma.endswith(mark) or form.endswith(2 * mark)) \
        or form.startswith(mark) and (not lemma.startswith(mark) or form.startswith(2 * mark))


def plural_verb(word) -> bool:
    """"قالوا", "يقولون": a verb of the masculine plural (kg:pluralVerbEndings), beyond its lemma's own ending."""
    form, lemma = normalise_arabic(word.text.strip(QUOTE_CHARS)), key(word)
    endings = WORDS.plural_verb_endings
    return word.upos == "VERB" and form.endswith(endings) and not lemma.endswith(endings)


def first_person_word(word) -> bool:
    """"نجبر", "نحن", "دعمنا": a verb of the first person, its pronoun, or another word whose token ends with
    its suffix (the expander may leave "دعمنا" whole)."""
    if word.upos == "VERB":
        return first_person(word)
    token = normalise_arabic(word.parent.text.strip(QUOTE_CHARS))
    return normalise_arabic(word.text) in WORDS.first_person_pronouns \
        or len(token) > 3 and token.endswith(WORDS.first_person_suffixes)


def feminine_noun(view: SentenceView, word) -> bool:
    """"الحكومة", "السلطات", "الأمم المتحدة": a common noun of feminine agreement, by its ending or
    the ending of the adjective that agrees with it."""
    def ends_feminine(w, endings) -> bool:
        return strip_diacritics(w.text).endswith(endings)
    return word.upos == "NOUN" and not person_start(word) and (
        ends_feminine(word, WORDS.feminine_noun_endings)
        or any(ends_feminine(a, WORDS.feminine_suffix) for a in view.kids(word, {"amod"})))


def surname(name: str) -> str:
    """The key of a person's last name: "أحمد قطان" and "القطان" meet; "دونالد ترامب الابن" and "ترامب
    الابن" too, not "ترامب"."""
    words = name.split()
    if len(words) > 1 and normalise_arabic(words[-1]) in WORDS.generation_epithets:
        return f"{surname(' '.join(words[:-1]))} {normalise_arabic(words[-1])}"
    last, article = normalise_arabic(words[-1]) if words else "", WORDS.definite_article
    return last[len(article):] if last.startswith(article) and len(last) > 4 else last
