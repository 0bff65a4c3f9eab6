"""The ontology, read at start-up: statement types, their Arabic trigger words, the extractor's
rules, the SHACL shapes.

What the types are and which words signal them is knowledge kept in ``ontology/*.ttl``; this
module only reads it, so adding a trigger word never means editing code.

How an extractor should use :func:`trigger_index` (every lemma through :func:`normalise_arabic`):

1. **Phrases first, longest first.** أكد alone is *assert*, but أكد ... التزام is *commit* and
   أعرب ... قلق is *concern*: a phrase matches when its lemmas occur in this order in one
   sentence, not necessarily adjacent (أكد الوزير التزام روسيا ...); its verb's subject is the speaker.
2. **Then single lemmas**, skipping a ``verb_only`` lemma on a token that is not a VERB
   (بين 'between', ثمن 'price', طالب 'student') and a ``participle`` lemma on one that is not an
   ADJ (المشير 'the field marshal'); :meth:`TriggerIndex.type_of` does both checks.
3. A participle trigger (مشيرا إلى أن) and a nominal trigger under a **support verb**
   (أعرب عن ترحيبه) take their speaker from the verb they depend on.
4. *assert* is the fallback: a more specific trigger in the same statement wins.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import MappingProxyType

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.lexicon import ONTOLOGY_NS, ontology_dir  # kg.text reads the lexicon, so the folder is found there
from kg.text import normalise_arabic

__all__ = ["ONTOLOGY_NS", "RESOURCE_NS", "RULE_NS", "KG", "KGID", "RULE", "ROLES", "RULE_ROLES", "ActorKind", "Rule",
           "StatementType", "TriggerIndex", "actor_kinds", "normalise_arabic", "ontology_dir", "ontology_graph", "rule",
           "rule_property", "rules", "shapes_graph", "statement_types", "statement_type", "trigger_index", "validate"]

RESOURCE_NS = "https://kg.example.org/id/"  # actors, statements, articles
RULE_NS = "https://kg.example.org/ontology/rule#"  # the extractor's rules, rule:speaker.subject
KG = Namespace(ONTOLOGY_NS)
KGID = Namespace(RESOURCE_NS)
RULE = Namespace(RULE_NS)
# The parts of a statement a rule finds (the keys of Statement.rules), in the order to show them.
ROLES = ("predicate", "speaker", "target", "claim")
# The roles of rules: a part of a statement, or what drops a trigger word or a statement.
RULE_ROLES = (*ROLES, "suppress")

ONTOLOGY_FILES = ("kg.ttl", "statement-types.ttl", "rules.ttl")
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class StatementType:
    """One concept of kg:StatementTypes, as plain data. Lemmas and phrases are normalised."""

    id: str  # skos:notation, e.g. "appeal"
    label_en: str
    label_ar: str
    definition: str
    family: str  # "cooperative", "conflictual" or "neutral"
    cameo: str  # CAMEO event code, e.g. "02"
    plover: str | None  # PLOVER category, e.g. "DEMAND"; None where PLOVER has no counterpart
    direct_property: str  # IRI of the speaker -> target shortcut, e.g. kg:appealsTo
    trigger_lemmas: frozenset[str]  # all of them, including the two restricted kinds below
    trigger_phrases: tuple[tuple[str, ...], ...]
    verb_only_lemmas: frozenset[str] = frozenset()  # count only on a VERB
    object_lemmas: frozenset[str] = frozenset()  # count only on a VERB with a direct object
    participle_lemmas: frozenset[str] = frozenset()  # count only on an ADJ (circumstantial participle)
    supported_lemmas: frozenset[str] = frozenset()  # count only as what a support verb expresses
    symmetric: bool = False  # A and B act jointly (agree, consult): speaker and target may swap
    charge_preposition: str | None = None  # اتهم X ب: a lone actor before it is the target
    obligation_preposition: str | None = None  # إن على X: a plain statement is this type, at X
    evaluation_lemmas: frozenset[str] = frozenset()  # كارثة: "وصفه بأنه كارثة" is this type
    addresses_object: bool = False  # دعا X إلى: the verb's object is the one addressed
    occasion: bool = False  # "خلال لقائه": its noun with the agent's pronoun is an act of the verb's subject

    @property
    def iri(self) -> str:
        return ONTOLOGY_NS + self.id  # the loader checks that every concept follows this rule


@dataclass(frozen=True)
class TriggerIndex:
    lemmas: Mapping[str, StatementType]  # normalised lemma -> its one type
    phrases: tuple[tuple[tuple[str, ...], StatementType], ...]  # longest first: try in this order
    support_verbs: frozenset[str]  # normalised lemmas of أعرب, أبدى ...
    anonymous_sources: frozenset[str] = frozenset()  # normalised lemmas of مصدر, مسؤول ...: no speaker
    according_to: frozenset[str] = frozenset()  # normalised lemmas of حسب, وفق: the governed actor speaks
    person_pairs: frozenset[str] = frozenset()  # زعيم, وزير: their duals name two persons
    side_pairs: frozenset[str] = frozenset()  # جانب, طرف: their duals name two states or organisations
    anaphoric_subjects: frozenset[str] = frozenset()  # معاليه, البيان: subjects that refer back to the last speaker
    insider_sources: frozenset[str] = frozenset()  # مصدر, متحدث: anonymous sources that speak for their body
    impersonal_forms: frozenset[str] = frozenset()  # يذكر: before أن, no one speaks
    topic_markers: frozenset[str] = frozenset()  # تعلق, شأن: a fronted topic phrase names the target
    supported: Mapping[str, StatementType] = field(default_factory=dict)  # تقدير: a noun a support verb expresses
    obligations: Mapping[str, StatementType] = field(default_factory=dict)  # على: "إن على الولايات المتحدة" is an appeal
    act_verbs: frozenset[str] = frozenset()  # وجه, قدم: lend their subject to the act their object names
    receive_verbs: frozenset[str] = frozenset()  # تلقى: their subject receives the act their object names
    description_verbs: frozenset[str] = frozenset()  # وصف: what it calls its object may make it an act
    description_prepositions: frozenset[str] = frozenset()  # ب: "وصفه بأنه", "وصفه بالفاشل"
    evaluations: Mapping[str, StatementType] = field(default_factory=dict)  # كارثة: "وصفه بأنه كارثة" criticizes

    @cached_property
    def phrases_by_first(self) -> Mapping[str, tuple[tuple[tuple[str, ...], StatementType], ...]]:
        """The phrases by their first lemma (in ``phrases`` order): a word looks up only its own."""
        grouped: dict[str, list] = {}
        for lemmas, statement_type in self.phrases:
            grouped.setdefault(lemmas[0], []).append((lemmas, statement_type))
        return MappingProxyType({first: tuple(found) for first, found in grouped.items()})

    @cached_property
    def light_verbs(self) -> frozenset[str]:
        """Verbs that lend their subject to a nominal trigger they govern: support and act verbs."""
        return self.support_verbs | self.act_verbs

    @cached_property
    def first_keys(self) -> frozenset[str]:
        """Every lemma a trigger of any kind starts with: a word without one triggers nothing."""
        return frozenset(self.lemmas) | frozenset(self.phrases_by_first) | self.support_verbs | self.according_to

    def type_of(self, lemma: str, upos: str | None = None) -> StatementType | None:
        """The type a single lemma signals, or None; give ``upos`` to apply the part-of-speech limits."""
        key = normalise_arabic(lemma)
        found = self.lemmas.get(key)
        if found is None or upos is None:
            return found
        if (key in found.verb_only_lemmas and upos != "VERB") or (key in found.participle_lemmas and upos != "ADJ"):
            return None
        return found


@dataclass(frozen=True)
class Rule:
    """One rule of the extractor (a kg:Rule of rules.ttl), as plain data."""

    id: str  # the IRI's local name, e.g. "speaker.subject"
    role: str  # the part it finds, one of ROLES, or "suppress"
    label: str  # English, short: "the verb's subject"
    description: str  # English: what it does
    example: str | None = None  # an Arabic sentence it applies to

    @property
    def iri(self) -> str:
        return RULE_NS + self.id


@dataclass(frozen=True)
class ActorKind:
    """A subclass of kg:Actor in kg.ttl."""

    id: str  # the class's local name, the "type" of an actor: "Person", "State", "GovernmentBody"...
    label_en: str
    label_ar: str


def rule_property(role: str) -> URIRef:
    """The property linking a statement to the rule that found its ``role``: kg:speakerRule for "speaker"."""
    return KG[f"{role}Rule"]


def ontology_graph() -> Graph:
    """kg.ttl, statement-types.ttl and rules.ttl in one graph; a fresh copy each call, free to modify."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph.parse(ontology_dir() / name, format="turtle")
    return graph


def shapes_graph() -> Graph:
    return Graph().parse(ontology_dir() / SHAPES_FILE, format="turtle")


def validate(data: Graph) -> tuple[bool, str]:
    """Check ``data`` (a Graph, or a Dataset: all its graphs) against shapes.ttl.

    Returns (conforms, pyshacl's report text). Works on an in-memory copy merged with the
    ontology: sh:class needs the actor subclasses and the type concepts in the same graph, and
    pyshacl's own ``ont_graph`` mixes in only RDFS/OWL axioms, not SKOS concepts.
    """
    import pyshacl  # only validation needs it

    merged = ontology_graph()
    triples = (quad[:3] for quad in data.quads((None, None, None, None))) if isinstance(data, Dataset) else data
    for triple in triples:
        merged.add(triple)
    conforms, _, report = pyshacl.validate(merged, shacl_graph=shapes_graph(), inference="none", inplace=True)
    return bool(conforms), str(report)


@cache
def _ontology() -> Graph:
    return ontology_graph()  # the one read-only copy the cached views below are built from


@cache
def statement_types() -> Mapping[str, StatementType]:
    """All statement types by id, sorted by id."""
    graph = _ontology()
    types = [_read_type(graph, concept) for concept in graph.subjects(SKOS.inScheme, KG.StatementTypes)]
    return MappingProxyType({t.id: t for t in sorted(types, key=lambda t: t.id)})


@cache
def fallback_type() -> StatementType:
    """The type of a plain statement (assert), which a more specific act in it overrides."""
    graph = _ontology()
    concept = graph.value(KG.StatementTypes, KG.fallbackType)
    if concept is None:
        raise KgError("ontology: kg:StatementTypes has no kg:fallbackType")
    return statement_types()[str(graph.value(concept, SKOS.notation))]


def statement_type(type_id: str) -> StatementType:
    try:
        return statement_types()[type_id]
    except KeyError:
        raise KgError(f"unknown statement type {type_id!r}; known: {', '.join(statement_types())}") from None


@cache
def actor_kinds() -> Mapping[str, ActorKind]:
    """The kinds of actor by id, sorted by id."""
    graph = _ontology()
    kinds = [ActorKind(str(node).removeprefix(ONTOLOGY_NS), _text(graph, node, RDFS.label, "en"),
                       _text(graph, node, RDFS.label, "ar")) for node in graph.subjects(RDFS.subClassOf, KG.Actor)]
    return MappingProxyType({kind.id: kind for kind in sorted(kinds, key=lambda kind: kind.id)})


@cache
def rules() -> Mapping[str, Rule]:
    """All the extractor's rules by id, sorted by id."""
    graph = _ontology()
    found = [_read_rule(graph, node) for node in graph.subjects(RDF.type, KG.Rule)]
    return MappingProxyType({r.id: r for r in sorted(found, key=lambda r: r.id)})


def rule(rule_id: str) -> Rule:
    try:
        return rules()[rule_id]
    except KeyError:
        raise KgError(f"unknown rule {rule_id!r}: declare it in ontology/rules.ttl; known: {', '.join(rules())}") from None


def _read_rule(graph: Graph, node: URIRef) -> Rule:
    def english(predicate: URIRef) -> str | None:
        return next((str(v) for v in graph.objects(node, predicate) if isinstance(v, Literal) and v.language == "en"),
                    None)

    rule_id, role = str(node).removeprefix(RULE_NS), str(graph.value(node, KG.role))
    label, description = english(RDFS.label), english(RDFS.comment)
    # The id names its role (speaker.subject), so a rule copied from another role and half edited shows.
    if not str(node).startswith(RULE_NS) or role not in RULE_ROLES or not rule_id.startswith(role + "."):
        raise KgError(f"ontology: rule {node} should be {RULE_NS}ROLE.NAME with kg:role ROLE, one of {', '.join(RULE_ROLES)}")
    if not (label and description):
        raise KgError(f"ontology: rule {rule_id} needs an English rdfs:label and rdfs:comment")
    example = graph.value(node, SKOS.example)
    return Rule(rule_id, role, label, description, str(example) if example is not None else None)


def _scheme_lemmas(predicate: URIRef) -> frozenset[str]:
    return frozenset(normalise_arabic(str(v)) for v in _ontology().objects(KG.StatementTypes, predicate))


@cache
def trigger_index() -> TriggerIndex:
    """Every trigger lemma and phrase mapped to its type."""
    lemmas: dict[str, StatementType] = {}
    phrases: dict[tuple[str, ...], StatementType] = {}
    supported: dict[str, StatementType] = {}
    obligations: dict[str, StatementType] = {}
    evaluations: dict[str, StatementType] = {}
    for stype in statement_types().values():
        if stype.obligation_preposition:
            _register(obligations, stype.obligation_preposition, stype)
        for lemma in stype.evaluation_lemmas:
            _register(evaluations, lemma, stype)
        for lemma in stype.trigger_lemmas:
            _register(lemmas, lemma, stype)
        for phrase in stype.trigger_phrases:
            _register(phrases, phrase, stype)
        for lemma in stype.supported_lemmas:
            _register(supported, lemma, stype)
    ordered = sorted(phrases.items(), key=lambda item: (-len(item[0]), item[0]))
    support = _scheme_lemmas(KG.supportVerbLemma)
    return TriggerIndex(MappingProxyType(lemmas), tuple(ordered), support, _scheme_lemmas(KG.anonymousSourceLemma),
                        _scheme_lemmas(KG.accordingToLemma), _scheme_lemmas(KG.personPairLemma),
                        _scheme_lemmas(KG.sidePairLemma), _scheme_lemmas(KG.anaphoricSubject),
                        _scheme_lemmas(KG.insiderSourceLemma), _scheme_lemmas(KG.impersonalForm),
                        _scheme_lemmas(KG.topicMarkerLemma), MappingProxyType(supported),
                        MappingProxyType(obligations), _scheme_lemmas(KG.actVerbLemma),
                        _scheme_lemmas(KG.receiveVerbLemma), _scheme_lemmas(KG.descriptionVerbLemma),
                        _scheme_lemmas(KG.descriptionPreposition), MappingProxyType(evaluations))


def _register(table: dict, key: str | tuple[str, ...], stype: StatementType) -> None:
    # A trigger under two types would make the result depend on the order types are read in.
    if table.setdefault(key, stype) is not stype:
        shown = " ".join(key) if isinstance(key, tuple) else key
        raise KgError(f"ontology: trigger {shown!r} is listed under both {table[key].id} and {stype.id}")


def _text(graph: Graph, node: URIRef, predicate: URIRef, lang: str) -> str:
    """The one literal of ``node``'s ``predicate`` in ``lang``."""
    values = [o for o in graph.objects(node, predicate) if isinstance(o, Literal) and o.language == lang]
    if not values:
        raise KgError(f"ontology: {node} has no {graph.qname(predicate)}@{lang}")
    return str(values[0])


def _read_type(graph: Graph, concept: URIRef) -> StatementType:
    def one(value, what: str):
        if value is None:
            raise KgError(f"ontology: {concept} has no {what}")
        return value

    def mapped(scheme: URIRef) -> str | None:
        for predicate in (SKOS.exactMatch, SKOS.closeMatch):
            for code in graph.objects(concept, predicate):
                if (code, SKOS.inScheme, scheme) in graph:
                    return str(graph.value(code, SKOS.notation))
        return None

    def lemmas(predicate: URIRef) -> frozenset[str]:
        return frozenset(normalise_arabic(str(v)).strip() for v in graph.objects(concept, predicate))

    type_id = str(one(graph.value(concept, SKOS.notation), "skos:notation"))
    if str(concept) != ONTOLOGY_NS + type_id:
        raise KgError(f"ontology: {concept} should be {ONTOLOGY_NS}{type_id}, after its skos:notation")
    family = one(graph.value(concept, KG.family), "kg:family")
    objects = lemmas(KG.objectTriggerLemma)
    verb_only, participles = lemmas(KG.verbTriggerLemma) | objects, lemmas(KG.participleTriggerLemma)
    phrases = (tuple(normalise_arabic(str(v)).split()) for v in graph.objects(concept, KG.triggerPhrase))
    direct = one(graph.value(concept, KG.directProperty), "kg:directProperty")
    return StatementType(
        id=type_id,
        label_en=_text(graph, concept, SKOS.prefLabel, "en"),
        label_ar=_text(graph, concept, SKOS.prefLabel, "ar"),
        definition=_text(graph, concept, SKOS.definition, "en"),
        family=str(one(graph.value(family, SKOS.notation), "kg:family with a skos:notation")),
        cameo=one(mapped(KG.CAMEO), "CAMEO match"),
        plover=mapped(KG.PLOVER),
        direct_property=str(direct),
        trigger_lemmas=lemmas(KG.triggerLemma) | verb_only | participles,
        trigger_phrases=tuple(sorted(phrases)),
        verb_only_lemmas=verb_only,
        object_lemmas=objects,
        participle_lemmas=participles,
        supported_lemmas=lemmas(KG.supportedTriggerLemma),
        symmetric=(direct, RDF.type, OWL.SymmetricProperty) in graph,
        charge_preposition=next(iter(lemmas(KG.chargePreposition)), None),
        obligation_preposition=next(iter(lemmas(KG.obligationPreposition)), None),
        evaluation_lemmas=lemmas(KG.evaluationLemma),
        addresses_object=bool(graph.value(concept, KG.addressesObject)),
        occasion=bool(graph.value(concept, KG.occasion)),
    )
