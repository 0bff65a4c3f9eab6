"""The Arabic word lists of ``ontology/lexicon.ttl``, read once: what the code knows of the language
besides the statement types (``kg.ontology``) and the actors (``kg.link``).

:func:`characters` gives what :func:`kg.text.normalise_arabic` is made of, as written;
:func:`lexicon` gives every other list, one field each, put through ``normalise_arabic`` where the
code compares normalised words (the fields marked so below; each list's comment in lexicon.ttl says
why it exists). A field's name is its list's name in snake case: ``circumstantial_prepositions`` is
``kg:circumstantialPrepositions``.

``kg.text`` reads this module at import and ``kg.ontology`` imports ``kg.text``, so this module
imports neither at the top: it finds the ontology folder itself, and ``kg.ontology`` takes it from here.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from types import MappingProxyType

from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kg.errors import KgError

__all__ = ["ONTOLOGY_NS", "Characters", "Lexicon", "characters", "lexicon", "ontology_dir"]

ONTOLOGY_NS = "https://kg.example.org/ontology#"  # classes, properties, statement types, word lists
KG = Namespace(ONTOLOGY_NS)
LEXICON_FILE = "lexicon.ttl"

# A source checkout keeps ontology/ at the repo root; a wheel can only ship files inside the
# package, so it would carry them in kg/data/ontology.
_SEARCH_PATH = (Path(__file__).parent.parent / "ontology", Path(__file__).parent / "data" / "ontology")


def ontology_dir() -> Path:
    for folder in _SEARCH_PATH:
        if (folder / "kg.ttl").is_file():
            return folder
    raise KgError(f"ontology files not found in {' or '.join(map(str, _SEARCH_PATH))}")


@dataclass(frozen=True)
class Characters:
    """The letters and marks of kg/text.py, as written."""

    diacritics: str  # harakat, dagger alif, tatweel: one string of the characters
    quotation_marks: str
    letter_variants: Mapping[str, str]  # a variant letter -> the letter it folds to: أ -> ا


def _normalised():
    return field(metadata={"normalised": True})


@dataclass(frozen=True)
class Lexicon:
    """One field per word list of lexicon.ttl. A ``str`` field is a list of one entry; a ``tuple``
    holds affixes or regex alternatives, longest first (the order to try them in)."""

    # Affixes (kg/nlp.py, kg/link.py), as written
    conjunction_proclitics: tuple[str, ...]  # و ف
    preposition_proclitics: tuple[str, ...]  # ب ل ك
    name_proclitics: frozenset[str]  # و ب ل ك: لكارل ماركس
    definite_article: str  # ال
    contracted_article: str  # لل = ل + ال
    nisba_endings: tuple[str, ...]  # يا ية ة ا: روسيا -> روسي
    nisba_suffix: str  # ي
    feminine_suffix: str  # ة
    feminine_noun_endings: tuple[str, ...]  # ة ات
    nominative_plural_suffix: str  # ون
    oblique_plural_suffix: str  # ين
    nominative_dual_suffix: str = _normalised()  # ان
    feminine_verb_marker: str = _normalised()  # ت: قالت, تدعو
    separable_name_prefixes: tuple[str, ...] = _normalised()  # عبد: عبد الله, عبدالله
    generation_epithets: frozenset[str] = _normalised()  # الابن الأب: ترامب الابن is not Trump
    name_spelling_variants: tuple[frozenset[str], ...] = _normalised()  # {امريك, اميرك}
    latin_letter_names: frozenset[str] = _normalised()  # إتش آر: إتش. آر. ماكماستر
    locative_preposition: str = _normalised()  # في: وزارة الخارجية في جزر القمر
    national_adjectives: frozenset[str] = _normalised()  # القومي: مجلس الأمن القومي is no UN body
    # kg/extract.py
    circumstantial_prepositions: frozenset[str] = _normalised()  # في خلال ...: no speaker, no target
    presence_prepositions: frozenset[str] = _normalised()  # لدى: "لدى الرئيس" is no place nor time
    circumstantial_nouns: frozenset[str] = _normalised()  # هامش
    settlement_nouns: frozenset[str] = _normalised()  # مدينة بلدة ...: "بلدة تل تمر السورية" is a place
    according_to_relative: str = _normalised()  # ما: حسبما ذكرت, بحسب ما أفاد
    what_relative: str = _normalised()  # ما: نفى ما قاله فلان
    people_nouns: frozenset[str] = _normalised()  # شعب: "دعا الشعب الأردني إلى" addresses the people
    outlet_nouns: frozenset[str] = _normalised()  # صحيفة قناة ...: صحيفة "لوموند" is an outlet
    movement_lemmas: frozenset[str] = _normalised()  # غادر وصول ...: إلى X after them is a destination
    directional_prepositions: frozenset[str] = _normalised()  # إلى
    non_circumstantial_phrases: frozenset[str] = _normalised()  # "من قبل", "من بين", words separated by a space
    considering_lemmas: frozenset[str] = _normalised()  # اعتبر: يُعتبر 'is considered' is spelt as the active
    name_link_words: frozenset[str] = _normalised()  # بن أبو: the word after one is a name (أبي طالب)
    eulogies: frozenset[str] = _normalised()  # "صلى الله عليه وسلم": after a revered name, no name
    relative_pronouns: frozenset[str] = _normalised()  # الذي التي ...
    feminine_relative_pronouns: frozenset[str] = _normalised()  # التي اللتان اللتين
    separate_object_pronouns: frozenset[str] = _normalised()  # إياه إياها: متهما إياه
    addressee_markers: frozenset[str] = _normalised()  # ل إلى رد: "روحاني لترامب:"
    third_person_pronouns: frozenset[str] = _normalised()  # هو هي: "وهو طالب" 'he is a student' is no act
    first_person_pronouns: frozenset[str] = _normalised()  # نحن انا
    first_person_prefixes: tuple[str, ...] = _normalised()  # ن ا: ندعو, أطالب
    first_person_suffixes: tuple[str, ...] = _normalised()  # نا: رفضنا
    so_called_openers: frozenset[str] = _normalised()  # ما (يدعى ب)
    so_called_prepositions: frozenset[str] = _normalised()  # ب مع
    state_side_nouns: frozenset[str] = _normalised()  # جانب: الجانب الروسي is Russia
    title_prepositions: frozenset[str] = _normalised()  # في, لدى: المندوب لدى الأمم المتحدة فلان
    past_negations: frozenset[str] = _normalised()  # لم: لم يعلن
    copulas: frozenset[str] = _normalised()  # كان: وكان الوزير قال
    honorifics: frozenset[str] = _normalised()  # معالي: وأكد معالي وزير الخارجية
    ranks: frozenset[str] = _normalised()  # لواء دكتور: "اللواء رفعت حمدون" names a person
    partitives: frozenset[str] = _normalised()  # أحد إحدى: "أحد مستشاري الوزير" describes one of his men
    weekdays: frozenset[str] = _normalised()  # الثلاثاء: "أعلن الثلاثاء" names a day, not a speaker
    months: frozenset[str] = _normalised()  # أيار مايو: the tagger's "أيار/مايو" names no one
    report_nouns: frozenset[str] = _normalised()  # بيان تقرير: بحسب بيان للحزب
    report_source_prepositions: frozenset[str] = _normalised()  # عن: نقل عن X قوله
    office_nouns: frozenset[str] = _normalised()  # مكتب: "قال مكتب الوزيرة" is the minister
    feeling_prepositions: frozenset[str] = _normalised()  # عن: أعرب عن قلقه
    contrast_openers: frozenset[str] = _normalised()  # فيما بينما "في حين": another actor's clause
    agent_prepositions: frozenset[str] = _normalised()  # ل: في تصريح لوزير الخارجية
    partitive_prepositions: frozenset[str] = _normalised()  # من: كل من المجر وبولندا
    sender_prepositions: frozenset[str] = _normalised()  # من: تلقى اتصالا من الرئيس
    sides_prepositions: frozenset[str] = _normalised()  # بين: محادثات بين القاهرة والخرطوم
    future_particle: str = _normalised()  # س: سيكون (and a name cut so: سيلفستر)
    name_cut_conjunctions: frozenset[str] = _normalised()  # ف: فيصل cut as ف + يصل
    medium_prepositions: frozenset[str] = _normalised()  # ل: قالت لسي إن إن
    office_complement_prepositions: frozenset[str] = _normalised()  # إلى: مبعوث الأمم المتحدة إلى سوريا
    indefinite_accusative_ending: str = _normalised()  # ا: مشدداً
    derived_verb_prefix: str = _normalised()  # ا: يتهم -> تهم -> اتهم
    form_one_verbs: frozenset[str] = _normalised()  # بلغ: يبلغ reaches, is no أبلغ
    imperfect_prefixes: frozenset[str] = _normalised()  # ي ت ن ا: تصر -> أصر
    passive_forms: frozenset[str] = _normalised()  # قيل يقال: only passives, no one speaks
    hollow_passive_letter: str = _normalised()  # ي: أدان -> أدين 'was convicted'
    passive_defective_endings: str  # "ا ى", as written: دعا -> يدعى (named), not يدعو (calls)
    passive_vowels: str  # fatha kasra damma, as written: كُشف is a passive
    damma_prefixes: frozenset[str]  # ي ت ن م, as written: يُعلن is no passive
    # UniversalPetrarch's dictionary (kg/training/petrarch_persons.py)
    dictionary_title_words: frozenset[str] = _normalised()  # رئيس وزير شيخ "آية الله": before a name
    dictionary_title_heads: frozenset[str] = _normalised()  # وزير مدير: after a name, an apposition
    body_nouns: frozenset[str] = _normalised()  # حزب حركة وزارة: no person's name opens with one
    # Page text (kg/ingest.py), as written
    follow_us_verbs: tuple[str, ...]
    social_networks: tuple[str, ...]
    subscription_phrases: tuple[str, ...]
    copyright_notices: tuple[str, ...]
    read_more_labels: tuple[str, ...]
    menu_labels: tuple[str, ...]
    news_agencies: tuple[str, ...]
    dateline_outlets: tuple[str, ...]
    dangling_words: tuple[str, ...]
    reporting_verbs: tuple[str, ...]
    reporting_verb_endings: tuple[str, ...]
    plural_verb_endings: tuple[str, ...]  # وا ون: قالوا, يقولون
    sentence_openers: tuple[str, ...]
    sentence_opener_words: tuple[str, ...]

    @property
    def proclitics(self) -> frozenset[str]:
        """Every letter written joined to the next word: و ف ب ل ك."""
        return frozenset(self.conjunction_proclitics + self.preposition_proclitics)


@cache
def _graph() -> Graph:
    return Graph().parse(ontology_dir() / LEXICON_FILE, format="turtle")


def _entries(name: str) -> list[str]:
    graph, node = _graph(), KG[name]
    if (node, RDF.type, KG.WordList) not in graph:
        raise KgError(f"ontology: {LEXICON_FILE} has no kg:WordList kg:{name}")
    entries = [str(entry) for entry in graph.objects(node, KG.entry)]
    if not entries and not any(graph.objects(node, KG.group)):
        raise KgError(f"ontology: kg:{name} in {LEXICON_FILE} has no kg:entry")
    return entries


def _groups(name: str) -> list[tuple[list[str], str]]:
    """A list of groups, each as (its entries, the letter they fold to or "")."""
    _entries(name)  # that the list is there
    graph = _graph()
    return [([str(e) for e in graph.objects(group, KG.entry)], str(graph.value(group, KG.foldsTo) or ""))
            for group in graph.objects(KG[name], KG.group)]


def _letters(name: str, letters) -> str:
    # Anything longer than a letter would quietly change the regex character classes built from them.
    if any(len(letter) != 1 for letter in letters):
        raise KgError(f"ontology: kg:{name} in {LEXICON_FILE} should list single characters: {sorted(letters)}")
    return "".join(sorted(letters))


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _one(name: str, words: list[str]) -> str:
    if len(set(words)) != 1:
        raise KgError(f"ontology: kg:{name} in {LEXICON_FILE} should have one kg:entry, not {len(set(words))}")
    return words[0]


@cache
def characters() -> Characters:
    """What normalise_arabic is made of, as written."""
    variants = {}
    for group, letter in _groups("letterVariants"):
        _letters("letterVariants", [*group, letter])  # a group without kg:foldsTo has letter "": refused
        variants.update(dict.fromkeys(group, letter))
    return Characters(diacritics=_letters("diacritics", _entries("diacritics")),
                      quotation_marks=_letters("quotationMarks", _entries("quotationMarks")),
                      letter_variants=MappingProxyType(variants))


@cache
def lexicon() -> Lexicon:
    """Every other list, one field each, normalised where the field says so."""
    from kg.text import normalise_arabic  # not at the top: kg.text reads characters() at import

    values = {}
    for spec in fields(Lexicon):
        name = _camel_case(spec.name)
        key = normalise_arabic if spec.metadata.get("normalised") else str
        if spec.type == tuple[frozenset[str], ...]:
            values[spec.name] = tuple(frozenset(map(key, words)) for words, _ in _groups(name))
            continue
        words = [key(word) for word in _entries(name)]
        values[spec.name] = (_one(name, words) if spec.type is str else frozenset(words)
                             if spec.type == frozenset[str] else _longest_first(words))
    return Lexicon(**values)


def _camel_case(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.title() for part in rest)
