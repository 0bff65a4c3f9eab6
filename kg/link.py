"""Link Arabic mentions to canonical actors: states, government bodies, organisations, persons.

The gazetteer is built once per process from four sources:

- CLDR (babel): every state's Arabic and English name, its ISO codes, and the Arabic names of
  time-zone cities, which spell most capitals;
- countryinfo: which city is the capital, and English demonyms (Russian Foreign Ministry);
- ``ontology/actors.ttl``: curated persons, organisations and bodies, what CLDR lacks for states,
  and the kinds of body every state has (foreign ministry, government, embassy ...);
- UniversalPetrarch's Arabic actor dictionary: CAMEO codes of persons and organisations.

Matching compares *keys*: a name split into words, each through :func:`normalise_arabic`, with a
leading ال dropped, so الولايات المتحدة and ولايات متحدة meet. In a sentence, the first word of a
match may also carry the proclitics و ف ب ل ك (and لل for ل + ال).

What a key stands for, strongest first when two sources give the same key: a name; a government
body built by pattern (وزارة الخارجية + الروسية); an office with its state (وزير الخارجية الروسي
-> Lavrov); a capital (واشنطن); a gentilic (الروسي -> Russia). An *ambiguous* name (صالح, حرب: also
common words) counts only in :meth:`Linker.link`, on a mention a tagger already marked as a name.

Titles: a title followed by a name is that person (الرئيس الأمريكي باراك أوباما -> Obama, not the
office holder). A bare title names the person ``actors.ttl`` gives that office (kg:office: its one
holder in the corpus years), or no one: ``link("وزير الخارجية الياباني")`` is ``None``, not Japan,
because a title names a person and never its state; :meth:`Linker.resolve_role` then looks back.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

from anyascii import anyascii
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.lexicon import lexicon
from kg.ontology import KG, RESOURCE_NS, ontology_dir
from kg.records import Actor, LinkedStatement, Statement
from kg.text import DIACRITICS, normalise_arabic, strip_diacritics

__all__ = ["Linker", "key_of", "link_statements", "read_cameo_dictionary", "slug", "transliterate"]

Key = tuple[str, ...]

# How strongly a key names its actor; the lower rank wins when two sources give one key.
NAME, BODY, OFFICE, CAPITAL, GENTILIC, AMBIGUOUS = range(6)

ACTOR_TYPES = ("Person", "State", "Organisation", "GovernmentBody")
NER_TYPES = {"PER": "Person", "ORG": "Organisation",
             # A place that acts is its local authority (غزة, إقليم كردستان), as a capital stands
             # for its government; every state is in the gazetteer already.
             "LOC": "GovernmentBody"}

WORD = re.compile(rf"(?:[^\W_]|{DIACRITICS.pattern})+")  # letters, digits and diacritics
NAME_GAP = re.compile(r"[\s\-\u2010-\u2013.+_]*")  # كيم جونغ-أون, إتش. أر., 5+1
LEX = lexicon()  # ontology/lexicon.ttl: the article, proclitics, gentilic affixes


def _default_dictionary() -> Path:
    shared = os.environ.get("KG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
    return Path(shared) / "lexicon" / "universalpetrarch" / "actor_dict_ar_v4.txt"


# ---------------------------------------------------------------- keys, names, ids

def _drop_article(word: str) -> str:
    article = LEX.definite_article
    return word[len(article):] if word.startswith(article) and len(word) >= 5 else word  # الله, الذي stay whole


def _words(text: str) -> list[str]:
    return WORD.findall(normalise_arabic(text).lower())


@lru_cache(maxsize=65536)  # the gazetteer asks for the same names many times
def key_of(text: str) -> Key:
    """The comparison key of a name: ``key_of("الولايات المتحدة") == ("ولايات", "متحده")``."""
    return tuple(_drop_article(w) for w in _words(text))


def _first_word_forms(word: str) -> list[tuple[str, int]]:
    """(key, letters peeled) a sentence's first word may stand for: itself, then without proclitics."""
    forms = [(word, 0)]
    for conj in ("", *LEX.conjunction_proclitics):
        for prep in ("", *LEX.preposition_proclitics):
            peeled = conj + prep
            if peeled and word.startswith(peeled):
                forms.append((word[len(peeled):], len(peeled)))
        contracted = conj + LEX.contracted_article  # للولايات = ل + الولايات
        if word.startswith(contracted):
            forms.append((LEX.definite_article + word[len(contracted):], len(contracted)))
    seen: dict[str, int] = {}
    for form, peeled in forms:
        key = _drop_article(form)
        if len(key) >= 2:
            seen.setdefault(key, peeled)
    return list(seen.items())


def _spelling_variants(name: str) -> set[str]:
    """Spellings news mixes for one name: عبد الله/عبدالله, أمريكي/أميركي."""
    text, article = normalise_arabic(name), LEX.definite_article
    variants = {text}
    for prefix in LEX.separable_name_prefixes:
        variants |= {re.sub(rf"\b{prefix} {article}", prefix + article, text),
                     re.sub(rf"\b{prefix}{article}", f"{prefix} {article}", text)}
    for group in LEX.name_spelling_variants:
        variants |= {v.replace(old, new) for v in variants for old in group for new in group - {old}}
    return variants


def _name_keys(names: Iterable[str]) -> set[Key]:
    return {key_of(v) for name in names if _is_arabic(name) for v in _spelling_variants(name)} - {()}


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def slug(label: str) -> str:
    """Actor id from an English label: ``slug("Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"``."""
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"['’]", "", anyascii(label).lower())).strip("_")


def transliterate(name_ar: str) -> str:
    """A readable English label for an unknown Arabic name: نيكولاس مادورو -> "Nikulas Maduru".

    Arabic writes long vowels with ا و ي, which general transliterators render as nothing or as
    consonants (anyascii alone gives "Nykwls Mdwrw"); read them as vowels after a consonant, and
    let anyascii do the other letters.
    """
    words = []
    for word in normalise_arabic(name_ar).split():
        prefix = ""
        if word.startswith(LEX.definite_article) and len(word) > 3:
            prefix, word = "al-", word[len(LEX.definite_article):]
        letters = []
        for i, char in enumerate(word):
            after_consonant = i > 0 and word[i - 1] not in "اوي"
            if char in "اى":
                letters.append("a")
            elif char in "وي":
                letters.append({"و": "u", "ي": "i"}[char] if after_consonant else {"و": "w", "ي": "y"}[char])
            elif char == "ه" and 0 < i == len(word) - 1:
                letters.append("a")  # ة, which normalise_arabic folds into ه
            elif char in "عء":
                letters.append("a" if i == 0 else "'")
            else:
                letters.append(anyascii(char))
        words.append((prefix + "".join(letters)).title())
    return " ".join(w for w in words if w)


# ---------------------------------------------------------------- gentilics

def _nisba(name_ar: str) -> str | None:
    """The gentilic base of a one-word name: روسيا -> روسي, السعودية -> سعودي, إيران -> إيراني."""
    if len(name_ar.split()) != 1:
        return None
    article, suffix = LEX.definite_article, LEX.nisba_suffix
    word = name_ar[len(article):] if name_ar.startswith(article) and len(name_ar) > 4 else name_ar
    for ending in LEX.nisba_endings:
        if word.endswith(ending):
            return word[: -len(ending)] + suffix
    return word if word.endswith(suffix) else word + suffix


def _inflections(base: str, plural: bool = True) -> list[str]:
    """Masculine and feminine forms (and plurals); each word of كوري شمالي inflects alike. Definite
    forms too, for a base that starts like the article once hamza is normalised: ألماني."""
    plurals = (LEX.nominative_plural_suffix, LEX.oblique_plural_suffix) if plural else ()
    suffixes = ("", LEX.feminine_suffix, *plurals)
    forms = [" ".join(w + suffix for w in base.split()) for suffix in suffixes]
    return forms + [_definite(f) for f in forms]


def _definite(phrase: str) -> str:
    return " ".join(LEX.definite_article + w for w in phrase.split())


def _feminine(noun: str) -> bool:
    return noun.endswith(LEX.feminine_noun_endings)  # وزارة, السلطات: the gentilic after them takes ة


# ---------------------------------------------------------------- the CAMEO dictionary

_CODE = re.compile(r"\[\s*~?([A-Z]+)\s*([<>]?\s*\d{8})?")


def read_cameo_dictionary(path: Path) -> dict[Key, str]:
    """UniversalPetrarch's actor dictionary as name key -> CAMEO code.

    A name (words joined by ``_``) stands on a line, with its code after it in brackets
    (``روسيا  [RUS]``) or on the tab-indented lines below with date ranges (``[RUSGOV >20040309]``,
    ``[IGO 19940922-20040712]``). A name may come several times; the code whose range starts last
    wins, as the actor's latest role.
    """
    best: dict[Key, tuple[str, str]] = {}  # key -> (start date, code)
    current: Key = ()
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not text.startswith("["):
            current = key_of(text.split("[")[0].replace("_", " "))
        match = _CODE.search(text)
        if match and current:
            start = re.sub(r"\D", "", match.group(2) or "") or "0"
            if current not in best or start > best[current][0]:
                best[current] = (start, match.group(1))
    return {key: code for key, (_, code) in best.items()}


# ---------------------------------------------------------------- the gazetteer

@dataclass
class _StateInfo:
    name_keys: set[Key]  # of its Arabic names
    nisbas: list[str]  # gentilic bases, e.g. روسي
    demonyms: list[str]  # English: Russian
    definite: str  # English after "of": the United States
    iso3: str | None


@dataclass
class _Gazetteer:
    actors: dict[str, Actor] = field(default_factory=dict)
    keys: dict[Key, tuple[str, int]] = field(default_factory=dict)  # key -> (actor id, rank)
    refs: dict[str, set[Key]] = field(default_factory=dict)  # id -> keys naming it in a title: الروسي, روسيا
    type_roles: dict[str, set[Key]] = field(default_factory=dict)  # actor type -> generic roles: نظيره
    title_words: frozenset[str] = frozenset()
    title_fillers: frozenset[str] = frozenset()
    title_links: frozenset[str] = frozenset()
    agent_titles: frozenset[str] = frozenset()  # سفير, مبعوث: a name right after is the principal's
    former_words: frozenset[str] = frozenset()
    cameo: dict[Key, str] = field(default_factory=dict)
    max_len: int = 1

    def add(self, keys: Iterable[Key], actor_id: str, rank: int) -> None:
        for key in keys:
            held = self.keys.get(key)
            if key and (held is None or rank < held[1]):  # at equal rank the first source read keeps it
                self.keys[key] = (actor_id, rank)
                self.max_len = max(self.max_len, len(key))


def _texts(graph: Graph, subject, predicate, lang: str | None = None) -> list[str]:
    if subject is None:
        return []
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    return sorted(str(v) for v in values if lang is None or v.language == lang)


def _unique(names: Iterable[str | None], *exclude: str) -> tuple[str, ...]:
    return tuple(n for n in dict.fromkeys(n for n in names if n) if n not in exclude)


def _clean(cldr_name: str) -> str:
    """CLDR's display name as a name: "Myanmar (Burma)" -> "Myanmar", "&" -> "and"."""
    return re.sub(r"\s*\(.*\)", "", cldr_name).replace(" & ", " and ").strip()


def _bracketed(cldr_name: str) -> str | None:
    found = re.search(r"\((.*)\)", cldr_name)
    return found.group(1) if found else None


@cache
def _gazetteer(actors_ttl: Path, dictionary: Path) -> _Gazetteer:
    graph = Graph().parse(actors_ttl, format="turtle")

    def words(predicate: URIRef) -> frozenset[str]:
        return frozenset(_drop_article(w) for text in _texts(graph, KG.Person, predicate) for w in _words(text))

    gaz = _Gazetteer(title_words=words(KG.titleWord), title_fillers=words(KG.titleFiller),
                     title_links=words(KG.titleLink), agent_titles=words(KG.agentTitleWord),
                     former_words=words(KG.formerWord),
                     cameo=read_cameo_dictionary(dictionary) if dictionary.is_file() else {})
    gaz.type_roles = {kind: _name_keys(_texts(graph, KG[kind], KG.role)) for kind in ACTOR_TYPES}
    states = _load_states(graph, gaz)
    curated_bodies = _load_curated(graph, gaz)
    _load_bodies(graph, gaz, states, curated_bodies)
    return gaz


def _load_states(graph: Graph, gaz: _Gazetteer) -> dict[str, _StateInfo]:
    """Every state CLDR knows, with the curated additions of actors.ttl."""
    from babel import Locale
    from babel.core import get_global

    ar, en = Locale("ar"), Locale("en")
    # Only where countryinfo has no alpha-3: CLDR's aliases also hold retired codes (FXX for France).
    alpha3 = {codes[0]: code for code, codes in get_global("territory_aliases").items()
              if len(code) == 3 and code.isalpha() and len(codes) == 1}
    zones = get_global("territory_zones")
    curated = {str(graph.value(s, KG.isoCode)): s for s in graph.subjects(RDF.type, KG.State)}
    non_states = set(_texts(graph, KG.State, KG.nonState))
    states: dict[str, _StateInfo] = {}
    for code, cldr_en in en.territories.items():
        if len(code) != 2 or not code.isalpha() or code in non_states:
            continue
        node, country, cldr_ar = curated.get(code), _country(code), ar.territories[code]
        label = (_texts(graph, node, SKOS.prefLabel, "en") or [_clean(cldr_en)])[0]
        label_ar = (_texts(graph, node, SKOS.prefLabel, "ar") or [_clean(cldr_ar)])[0]
        ambiguous = _name_keys(_texts(graph, node, KG.ambiguousLabel))
        names = [n for n in _unique([label_ar, _clean(cldr_ar), _bracketed(cldr_ar),
                                     *_texts(graph, node, SKOS.altLabel, "ar")]) if key_of(n) not in ambiguous]
        capitals = _texts(graph, node, KG.capital) or _capital(country.get("capital"), zones.get(code, ()), ar)
        nisbas = list(dict.fromkeys([*_texts(graph, node, KG.nisba, "ar"), *filter(None, map(_nisba, names))]))
        irregular = _texts(graph, node, KG.gentilicForm, "ar")
        state_id, iso3 = slug(label), country.get("ISO", {}).get("alpha3") or alpha3.get(code)
        aliases = [_clean(cldr_en), _bracketed(cldr_en), *names, *_texts(graph, node, SKOS.altLabel), *capitals,
                   *irregular, *(_definite(b) + LEX.oblique_plural_suffix for b in nisbas[:1])]  # الأمريكيين
        gaz.actors[state_id] = Actor(id=state_id, label=label, label_ar=label_ar, type="State",
                                     aliases=_unique(aliases, label, label_ar), cameo=iso3)
        singular = [f for b in nisbas for f in _inflections(b, plural=False)]  # روسي, الروسية: refs in titles
        gaz.add(_name_keys(names), state_id, NAME)
        gaz.add(_name_keys(f for b in nisbas for f in _inflections(b)) | _name_keys(irregular), state_id, GENTILIC)
        gaz.add(_name_keys(capitals) - ambiguous, state_id, CAPITAL)
        gaz.add(ambiguous, state_id, AMBIGUOUS)
        gaz.refs[state_id] = _name_keys([*names, *singular])
        demonyms = _texts(graph, node, KG.demonym, "en") or [d for d in [country.get("demonym")] if d]
        definite = str(graph.value(node, KG.definiteName) or label) if node is not None else label
        states[state_id] = _StateInfo(_name_keys(names), nisbas, demonyms, definite, iso3)
    return states


def _country(code: str) -> dict:
    """countryinfo's record of a state (capital, demonym, ISO codes), or {} if it has none."""
    from countryinfo import CountryInfo, CountryNotFoundError

    try:
        return CountryInfo(code).info()
    except CountryNotFoundError:
        return {}


def _capital(capital_en: str | None, zones: Iterable[str], ar) -> list[str]:
    """countryinfo's capital, with its Arabic name when it is a CLDR time-zone city."""
    if not capital_en:
        return []
    wanted = anyascii(capital_en).lower()
    cities = [ar.time_zones.get(z, {}).get("city") for z in zones
              if anyascii(z.split("/")[-1].replace("_", " ")).lower() == wanted]
    return [capital_en, *filter(None, cities)]


def _actor_from_graph(graph: Graph, gaz: _Gazetteer, node: URIRef, kind: str) -> Actor:
    local = str(node).removeprefix(RESOURCE_NS)
    label = _texts(graph, node, SKOS.prefLabel, "en")[0]
    label_ar = _texts(graph, node, SKOS.prefLabel, "ar")[0]
    alts, ambiguous = _texts(graph, node, SKOS.altLabel), _texts(graph, node, KG.ambiguousLabel)
    affiliation = graph.value(node, KG.affiliation)
    # The dictionary's code for the first unambiguous Arabic name it has, unless curated.
    cameo = str(graph.value(node, KG.cameoCode) or "") or next(
        (gaz.cameo[k] for k in map(key_of, [label_ar, *alts]) if k in gaz.cameo and _is_arabic(k[0])), None)
    return Actor(id=local, label=label, label_ar=label_ar, type=kind,
                 aliases=_unique([*alts, *ambiguous], label, label_ar),
                 affiliation=str(affiliation).removeprefix(RESOURCE_NS) if affiliation else None, cameo=cameo,
                 roles=_unique([*_texts(graph, node, KG.office), *_texts(graph, node, KG.role)]))


def _load_curated(graph: Graph, gaz: _Gazetteer) -> dict[tuple[URIRef, str], str]:
    """Persons, organisations and named bodies; returns the bodies that a pattern kind should find."""
    offices: dict[tuple[Key, str], set[str]] = defaultdict(set)
    curated_bodies: dict[tuple[URIRef, str], str] = {}
    for kind in ("Organisation", "GovernmentBody", "Person"):  # persons last: offices need the others' refs
        for node in sorted(graph.subjects(RDF.type, KG[kind])):
            actor = _actor_from_graph(graph, gaz, node, kind)
            gaz.actors[actor.id] = actor
            ambiguous = _name_keys(_texts(graph, node, KG.ambiguousLabel))
            names = [actor.label_ar, *_texts(graph, node, SKOS.altLabel, "ar")]
            nisbas = _texts(graph, node, KG.nisba, "ar")  # الأممي: the UN's
            gaz.add(_name_keys(names), actor.id, NAME)
            gaz.add(_name_keys(f for b in nisbas for f in _inflections(b)), actor.id, GENTILIC)
            gaz.add(ambiguous, actor.id, AMBIGUOUS)
            gaz.refs[actor.id] = _name_keys(names + [f for b in nisbas for f in _inflections(b, plural=False)])
            for office in _texts(graph, node, KG.office, "ar"):
                offices[(key_of(office), actor.affiliation or "")].add(actor.id)
            if (body_kind := graph.value(node, KG.bodyKind)) is not None:
                curated_bodies[(body_kind, actor.affiliation or "")] = actor.id
    for (office, affiliation), holders in offices.items():
        state = gaz.actors.get(affiliation)
        for holder in holders:
            if state and state.type == "State" and not gaz.actors[holder].cameo:  # an office holder is government
                gaz.actors[holder] = replace(gaz.actors[holder], cameo=f"{state.cameo}GOV")
        if len(holders) == 1:  # two holders of one office: the title alone cannot tell them apart
            gaz.add((office + ref for ref in gaz.refs.get(affiliation, ())), next(iter(holders)), OFFICE)
    return curated_bodies


def _load_bodies(graph: Graph, gaz: _Gazetteer, states: dict[str, _StateInfo],
                 curated: dict[tuple[URIRef, str], str]) -> None:
    """Every kind of body for every state: وزارة الخارجية الروسية -> Ministry of Foreign Affairs of Russia."""
    for kind in sorted(graph.subjects(RDF.type, KG.BodyKind)):
        kind_label = _texts(graph, kind, SKOS.prefLabel, "en")[0]
        kind_ar = _texts(graph, kind, SKOS.prefLabel, "ar")[0]
        english = _texts(graph, kind, SKOS.altLabel, "en")
        prefixes = {"", *_texts(graph, kind, KG.prefix, "ar")}
        words_ar = _texts(graph, kind, KG.word, "ar")
        heads = {key_of(f"{p} {w}") for w in words_ar for p in prefixes}
        roles = tuple(_texts(graph, kind, KG.role, "ar"))
        sector = str(graph.value(kind, KG.cameoSector) or "GOV")
        for state_id, info in states.items():
            state = gaz.actors[state_id]
            label = f"{kind_label} of {info.definite}"
            if info.nisbas:  # the gentilic agrees with the head noun: وزارة الدفاع الروسية, الجيش السوري
                gentilic = _definite(info.nisbas[0])
                arabic = [f"{head} {gentilic}{LEX.feminine_suffix * _feminine(head.split()[0])}"
                          for head in [kind_ar, *words_ar]]
            else:
                arabic = [f"{kind_ar} {LEX.locative_preposition} {state.label_ar}"]
            aliases = [*arabic, *(f"{d} {alt}" for d in info.demonyms for alt in english),  # Russian Foreign Ministry
                       f"{kind_label} of {state.label}",  # and Ministry of Defense of Russia:
                       *(f"{alt} of {info.definite}" for alt in english if " of " in alt)]
            body_id = curated.get((kind, state_id)) or slug(label)
            body = gaz.actors.get(body_id) or Actor(
                id=body_id, label=label, label_ar=arabic[0], type="GovernmentBody", affiliation=state_id,
                cameo=(info.iso3 + sector) if info.iso3 else None, roles=roles)
            gaz.actors[body_id] = replace(body, aliases=_unique([*body.aliases, *aliases], body.label, body.label_ar),
                                          roles=_unique([*body.roles, *roles]))
            refs = gaz.refs[state_id] | {(LEX.locative_preposition,) + name for name in info.name_keys}
            gaz.add((head + ref for head in heads for ref in refs), body_id, BODY)


# ---------------------------------------------------------------- the linker

@dataclass(frozen=True)
class _Word:
    text: str  # normalised, lower case
    start: int  # offsets in the original text
    end: int


@dataclass(frozen=True)
class _Span:
    start: int  # word indices, end exclusive
    end: int
    actor_id: str
    rank: int
    peeled: int = 0  # proclitic letters before the name in the first word
    governed: bool = False  # the complement of someone else's title: غني in المتحدث باسم غني
    titled: bool = False  # a person with the title before the name: وزير الخارجية الروسي سيرغي لافروف


class Linker:
    """Find actors in Arabic text and resolve them to canonical :class:`Actor` records.

    >>> linker = Linker()
    >>> linker.link("وزير الخارجية الروسي سيرغي لافروف").label
    'Sergey Lavrov'
    """

    def __init__(self, actors_ttl: Path | None = None, cameo_dictionary: Path | None = None) -> None:
        self._gaz = _gazetteer(actors_ttl or ontology_dir() / "actors.ttl", cameo_dictionary or _default_dictionary())
        self._new: dict[tuple[Key, str], Actor] = {}

    @property
    def actors(self) -> dict[str, Actor]:
        """Every known actor by id (read only, please: it is shared by all linkers)."""
        return self._gaz.actors

    def actor(self, actor_id: str) -> Actor | None:
        return self._gaz.actors.get(actor_id)

    # ---- public API

    def link(self, text: str) -> Actor | None:
        """The actor a mention names, the most specific one: a person named in it wins over the
        state in its title, then bodies and organisations over states. None if none is known."""
        spans = [s for s in self._spans(text, ambiguous=True) if not s.governed]
        actors = [self._gaz.actors[s.actor_id] for s in spans]
        # A person first, named before titled (نائب الرئيس الأمريكي السابق جو بايدن), then bodies and
        # organisations before states, then the longest.
        def preference(pair: tuple[_Span, Actor]) -> tuple:
            span, actor = pair
            return actor.type != "Person", span.rank == OFFICE, actor.type == "State", span.start - span.end, span.start

        return min(zip(spans, actors), key=preference)[1] if spans else None

    def find(self, text: str) -> list[tuple[int, int, Actor]]:
        """Every actor mention in a sentence as (start, end, actor), character offsets into
        ``text``: longest matches first, not overlapping, in text order."""
        words = self._tokens(text)
        result = []
        for span in self._spans(text, ambiguous=False, words=words):
            first = text[words[span.start].start:words[span.start].end]
            start = words[span.start].start + _skip_letters(first, span.peeled)
            result.append((start, words[span.end - 1].end, self._gaz.actors[span.actor_id]))
        return result

    def resolve_role(self, role_text: str, previous: list[Actor], foreign: Iterable[str] = ()) -> Actor | None:
        """The last actor of ``previous`` that a role noun refers back to: الوزير, وزير الخارجية,
        الوزارة, المتحدثة, نظيره الروسي. A gentilic or state in the role must be the actor's own.

        A bare role prefers an actor not in ``foreign`` (persons the article named with their state):
        a paper calls its own minister "وزير الخارجية" and a visitor "وزير الخارجية الألماني".
        """
        words = _words(role_text)
        if not words:
            return None
        rest = tuple(_drop_article(w) for w in words[1:])
        keys = [(form,) + rest for form, _ in _first_word_forms(words[0])]
        foreign = set(foreign)
        for bare_foreign in (False, True):
            for actor in reversed(previous):
                if self._refers(actor, keys, bare=bare_foreign or actor.id not in foreign):
                    return actor
        return None

    def _refers(self, actor: Actor, keys: list[Key], bare: bool) -> bool:
        """Whether a role key names ``actor``: a role of its own or of its type, bare if ``bare``,
        or followed by a name of its state."""
        roles = _name_keys(actor.roles) | self._gaz.type_roles.get(actor.type, set())
        refs = self._gaz.refs.get(actor.affiliation or "", set())
        if actor.type == "State":
            refs = refs | self._gaz.refs.get(actor.id, set())
        return any((bare and key == role) or (key[:len(role)] == role and key[len(role):] in refs)
                   for key in keys for role in roles)

    def names_state(self, mention: str, actor: Actor) -> bool:
        """Whether a mention of ``actor`` names its state too: "وزير الخارجية الألماني فرانك شتاينماير"."""
        words = key_of(mention)
        return any(words[i:i + len(ref)] == ref for ref in self._gaz.refs.get(actor.affiliation or "", ())
                   for i in range(len(words)))

    def candidate(self, name_ar: str, kind: str, title: str = "") -> Actor:
        """An actor for a name the gazetteer lacks, from a NER span: PER -> Person, ORG ->
        Organisation, LOC -> GovernmentBody (the local authority of a place that acts).

        A person's leading title, in ``name_ar`` or given apart as ``title``, is split off:
        الرئيس الفنزويلي نيكولاس مادورو gives the person نيكولاس مادورو, affiliated to Venezuela,
        with the role الرئيس. The English label is a transliteration; the same name and kind give
        the same actor. Its names are kept without diacritics: "الدخيّل" and "الدخيل" are one
        actor, labelled alike whichever spelling a process meets first.

        Only a lookup: the actor is known to this linker once :meth:`adopt` takes it (a statement
        that needs it is kept); until then the same name gives an equal actor, made anew.
        """
        name_ar, title = strip_diacritics(name_ar), strip_diacritics(title)
        if kind.upper() not in NER_TYPES:
            raise ValueError(f"unknown NER kind {kind!r}; expected one of {', '.join(NER_TYPES)}")
        actor_type = NER_TYPES[kind.upper()]
        titled = f"{title} {name_ar}".strip()
        name, affiliation, title = self._split_title(titled) if actor_type == "Person" else (name_ar.strip(), None, [])
        if titled != name_ar.strip() and key_of(name) != key_of(name_ar.strip()):  # the title given was none
            name, affiliation, title = self._split_title(name_ar)
        known = self._new.get((key_of(name), actor_type))
        if known:
            return known
        label = transliterate(name) or name
        actor_id = slug(label) or "actor"
        if actor_id in self._gaz.actors:
            actor_id += "_" + hashlib.sha1(name.encode()).hexdigest()[:6]
        roles = _unique([" ".join(title), *title[:1]])
        actor = Actor(id=actor_id, label=label, label_ar=name, type=actor_type,
                      aliases=_unique([name_ar.strip()], label, name), affiliation=affiliation,
                      cameo=self._gaz.cameo.get(key_of(name)), roles=roles)
        return actor

    def adopt(self, actor: Actor) -> Actor:
        """The actor of a kept statement, made known: a candidate becomes the one its name gives
        from now on (or the one adopted before it under the same name)."""
        if actor.id in self._gaz.actors and self._gaz.actors[actor.id] is actor:
            return actor
        return self._new.setdefault((key_of(actor.label_ar), actor.type), actor)

    # ---- matching

    @staticmethod
    def _tokens(text: str) -> list[_Word]:
        return [_Word(normalise_arabic(m.group()).lower(), m.start(), m.end()) for m in WORD.finditer(text)]

    def _candidates(self, words: list[_Word], ambiguous: bool, text: str) -> list[_Span]:
        """The longest match starting at each word, overlaps and all."""
        found = []
        keys, longest = self._gaz.keys, self._gaz.max_len
        # A name's words stand apart by spaces or hyphens only: not across “quotes” or commas.
        joined = [bool(NAME_GAP.fullmatch(text[a.end:b.start])) for a, b in zip(words, words[1:])] + [False]
        for i in range(len(words)):
            rest = [_drop_article(w.text) for w in words[i + 1:i + longest]]
            forms = _first_word_forms(words[i].text)
            reach = next((j - i + 1 for j in range(i, len(words)) if not joined[j]), len(words) - i)
            for length in range(min(longest, reach), 0, -1):
                hits = ((keys.get((form, *rest[:length - 1])), peeled) for form, peeled in forms)
                hit = next(((held, peeled) for held, peeled in hits
                            if held and (ambiguous or held[1] != AMBIGUOUS)), None)
                if hit:
                    found.append(_Span(i, i + length, hit[0][0], hit[0][1], hit[1]))
                    break
        return found

    def _matches(self, words: list[_Word], ambiguous: bool, text: str) -> list[_Span]:
        """The longest matches first, without overlaps, in text order."""
        chosen: list[_Span] = []
        taken: set[int] = set()
        for span in sorted(self._candidates(words, ambiguous, text), key=lambda s: (s.start - s.end, s.start)):
            if taken.isdisjoint(range(span.start, span.end)):
                chosen.append(span)
                taken.update(range(span.start, span.end))
        return sorted(chosen, key=lambda s: s.start)

    def _spans(self, text: str, ambiguous: bool, words: list[_Word] | None = None) -> list[_Span]:
        """Matches read with titles in mind (see the module docstring)."""
        words = words if words is not None else self._tokens(text)
        spans: list[_Span] = []
        for span in self._matches(words, ambiguous, text):
            prev = spans[-1] if spans else None
            if prev and self._is_person(span) and self._is_title_of(prev, span, words, text):
                spans[-1] = replace(span, start=prev.start, peeled=prev.peeled, titled=True)
            else:
                spans.append(span)
        kept = []
        for span in spans:
            title = self._title_before(words, span.start, text)
            if span.rank == OFFICE and (title or self._former_after(words, span.end)):
                continue  # someone else's title: مساعد وزير الخارجية الإيراني, الرئيس المصري الأسبق
            if title is None:
                kept.append(span)
            elif self._is_person(span) and (span.titled or not title[1]):
                kept.append(replace(span, start=title[0], peeled=0))  # نظيره | الروسي سيرغي لافروف
            elif title[1]:
                kept.append(replace(span, governed=True))  # المتحدث باسم | الخارجية الروسية
            # else: a state inside the title of someone unnamed: وزير الخارجية | الياباني
        return kept

    def _former_after(self, words: list[_Word], end: int) -> bool:
        return end < len(words) and bool({f for f, _ in _first_word_forms(words[end].text)} & self._gaz.former_words)

    def _is_title_of(self, prev: _Span, span: _Span, words: list[_Word], text: str) -> bool:
        """Whether ``prev`` is the title of the person right after it: الرئيس الأمريكي | باراك أوباما,
        الروسي | سيرغي لافروف, وزير | الخارجية التركية | مولود جاويش أوغلو. Not a subject before an
        object: حذرت واشنطن | الأسد."""
        if prev.end != span.start or text[words[prev.end - 1].end:words[span.start].start].strip():
            return False
        return (prev.rank in (OFFICE, GENTILIC) or prev.actor_id == span.actor_id
                # a titled body, never a named person: الرئيس بشار الأسد | والرئيس الروسي
                or not self._is_person(prev) and self._title_before(words, prev.start, text) is not None)

    def _is_person(self, span: _Span) -> bool:
        return self._gaz.actors[span.actor_id].type == "Person"

    def _title_before(self, words: list[_Word], start: int, text: str) -> tuple[int, bool] | None:
        """The title ending right before word ``start``: the index of its title word (وزير in وزير
        الخارجية ...), and whether a link word (باسم, لدى) or an agent's title right before it
        (سفير خادم الحرمين) makes what follows its complement."""
        i, linked = start - 1, False
        while i >= 0 and not text[words[i].end:words[i + 1].start].strip():
            forms = {form for form, _ in _first_word_forms(words[i].text)}
            if forms & self._gaz.title_words:
                return i, linked or (i == start - 1 and bool(forms & self._gaz.agent_titles))
            linked = linked or bool(forms & self._gaz.title_links)
            if not forms & (self._gaz.title_fillers | self._gaz.title_links):
                return None
            i -= 1
        return None

    def _split_title(self, name_ar: str) -> tuple[str, str | None, list[str]]:
        """(name, affiliation, title words) of a person's NER span."""
        words = self._tokens(name_ar)
        spans = {s.start: s for s in self._candidates(words, False, name_ar)}
        affiliation, title, i = None, [], 0
        while i < len(words):
            forms = {form for form, _ in _first_word_forms(words[i].text)}
            span = spans.get(i)
            if forms & (self._gaz.title_words | self._gaz.title_fillers | self._gaz.title_links):
                title.append(name_ar[words[i].start:words[i].end])
                i += 1
            elif span and title and self._gaz.actors[span.actor_id].type != "Person":
                actor = self._gaz.actors[span.actor_id]
                affiliation = actor.id if actor.type == "State" else actor.affiliation
                i = span.end
            else:
                break
        if i == 0 or i == len(words):
            return name_ar.strip(), None, []
        return name_ar[words[i].start:].strip(), affiliation, title


def link_statements(statements: Iterable[Statement], linker: Linker) -> list[LinkedStatement]:
    """Settle the actors of extracted statements: the candidate actors they name become known to
    the linker, and a target equal to its speaker is no target."""
    linked = []
    for statement in statements:
        speaker = linker.adopt(statement.speaker_actor)
        target = linker.adopt(statement.target_actor) if statement.target_actor else None
        if target is not None and target.id == speaker.id:
            target, statement = None, replace(statement, rules={k: v for k, v in statement.rules.items() if k != "target"})
        linked.append(LinkedStatement(statement, speaker, target, affiliations=_affiliations(linker, speaker, target)))
    return linked


def _affiliations(linker: Linker, *actors: Actor | None) -> tuple[Actor, ...]:
    """The actors that ``actors`` belong to, and what those belong to in turn."""
    found: dict[str, Actor] = {}
    pending = [a.affiliation for a in actors if a and a.affiliation]
    while pending:
        actor = linker.actor(pending.pop())
        if actor and actor.id not in found:
            found[actor.id] = actor
            pending += [actor.affiliation] if actor.affiliation else []
    return tuple(found.values())


def _skip_letters(word: str, letters: int) -> int:
    """Offset in ``word`` after its first ``letters`` letters and the harakat on them."""
    offset = 0
    while letters and offset < len(word):
        offset += 1
        if not DIACRITICS.match(word[offset - 1]):
            letters -= 1
    while offset < len(word) and DIACRITICS.match(word[offset]):
        offset += 1
    return offset
