"""The ontology files read for real: statement types, trigger words, the extractor's rules, SHACL shapes."""
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.errors import KgError
from kg.ontology import (KG, KGID, ROLES, RULE, RULE_ROLES, _read_rule, normalise_arabic, ontology_graph, rule, rule_property,
                         rules, statement_type, statement_types, trigger_index, validate)

# The type column of /work/shared/eval/GUIDELINES.md.
GUIDELINE_TYPES = {"assert", "appeal", "demand", "warn", "accuse", "criticize", "reject",
                   "praise", "concern", "commit", "agree", "consult"}


def test_scheme_has_exactly_the_guideline_types():
    assert set(statement_types()) == GUIDELINE_TYPES


@pytest.mark.parametrize("type_id", sorted(GUIDELINE_TYPES))
def test_every_type_is_fully_described(type_id):
    stype = statement_type(type_id)
    assert stype.label_en and stype.label_ar and stype.definition
    assert stype.cameo.isdigit()
    assert stype.family in {"cooperative", "conflictual", "neutral"}
    assert len(stype.trigger_lemmas) >= 2
    assert stype.iri == str(KG[type_id])


def test_direct_properties_are_declared():
    graph = ontology_graph()
    for stype in statement_types().values():
        prop = URIRef(stype.direct_property)
        assert (prop, RDF.type, OWL.ObjectProperty) in graph
        assert (prop, RDFS.subPropertyOf, KG.addresses) in graph


def test_mappings_follow_the_guidelines_table():
    assert statement_type("accuse").cameo == "112"
    assert statement_type("praise").cameo == "051"
    assert statement_type("warn").plover == "THREATEN"
    assert statement_type("assert").plover is None  # PLOVER codes no plain statements


def test_joint_acts_are_symmetric():
    assert {t.id for t in statement_types().values() if t.symmetric} == {"agree", "consult"}


def test_appeal_is_triggered_by_daa():
    assert "دعا" in statement_type("appeal").trigger_lemmas
    assert trigger_index().type_of("دعا").id == "appeal"


def test_expressing_concern_is_a_phrase_not_the_verb_alone():
    index = trigger_index()
    phrases = dict(index.phrases)
    assert phrases[(normalise_arabic("أعرب"), "قلق")].id == "concern"
    assert index.type_of("أعرب") is None
    assert normalise_arabic("أعرب") in index.support_verbs


def test_commitment_phrase_overrides_assert():
    index = trigger_index()
    assert index.type_of("أكد").id == "assert"
    assert dict(index.phrases)[(normalise_arabic("أكد"), "التزام")].id == "commit"


def test_phrases_are_tried_longest_first():
    lengths = [len(phrase) for phrase, _ in trigger_index().phrases]
    assert lengths == sorted(lengths, reverse=True)


def test_spelling_variants_meet():
    assert normalise_arabic("اكد") == normalise_arabic("أكّد") == normalise_arabic("أكد")
    assert normalise_arabic("مسؤولية") == normalise_arabic("مسئولية")
    assert normalise_arabic("نفى") == normalise_arabic("نفي")
    assert trigger_index().type_of("اشار") is trigger_index().type_of("أشار")


@pytest.mark.parametrize("lemma, upos, expected", [
    ("بين", "ADP", None), ("بين", "VERB", "assert"),  # 'between' / 'explained'
    ("ثمن", "NOUN", None), ("ثمن", "VERB", "praise"),  # 'price' / 'valued'
    ("مشير", "NOUN", None), ("مشير", "ADJ", "assert"),  # 'field marshal' / مشيرا إلى
    ("هنأ", "ADV", None),  # normalised, it is هنا 'here'
    ("رفض", "NOUN", "reject"),
])
def test_part_of_speech_limits(lemma, upos, expected):
    found = trigger_index().type_of(lemma, upos)
    assert (found.id if found else None) == expected


# ---------------------------------------------------------------- the extractor's rules

def test_rules_are_plans_linked_through_sub_properties_of_found_by():
    graph = ontology_graph()
    assert (KG.Rule, RDFS.subClassOf, PROV.Plan) in graph
    assert (KG.foundBy, RDFS.subPropertyOf, PROV.wasInfluencedBy) in graph
    assert {rule_property(role) for role in ROLES} == set(graph.subjects(RDFS.subPropertyOf, KG.foundBy))


def test_every_role_has_a_rule_and_every_rule_is_described():
    assert {found.role for found in rules().values()} == set(RULE_ROLES)
    for rule_id, found in rules().items():
        assert found.id == rule_id and rule_id.startswith(found.role + ".")
        assert found.label and found.description and found.example
        assert found.iri == str(RULE[rule_id])


def test_a_rule_reads_as_plain_data():
    found = rule("speaker.subject")
    assert (found.role, found.label) == ("speaker", "the verb's subject")
    assert found.example.startswith("قال وزير الخارجية")


def test_an_unknown_rule_is_a_user_error():
    with pytest.raises(KgError, match="unknown rule 'speaker.telepathy'.*rules.ttl"):
        rule("speaker.telepathy")


@pytest.mark.parametrize("turtle", [
    'rule:speaker.subject kg:role "target" ; rdfs:label "x"@en ; rdfs:comment "x"@en .',  # the id names another role
    'rule:speaker.subject kg:role "speaker" ; rdfs:label "x"@en .',  # no description
    'rule:speaker.subject kg:role "speaker" ; rdfs:label "x"@ar ; rdfs:comment "x"@en .',  # no English label
])
def test_a_badly_declared_rule_is_refused(turtle):
    prefixes = ("@prefix kg: <https://kg.example.org/ontology#> . @prefix rule: <https://kg.example.org/ontology/rule#> ."
                " @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .")
    graph = Graph().parse(data=f"{prefixes}\n{turtle}", format="turtle")
    with pytest.raises(KgError, match="ontology: rule"):
        _read_rule(graph, RULE["speaker.subject"])


# ---------------------------------------------------------------- SHACL

VALID = """
@prefix kg: <https://kg.example.org/ontology#> .
@prefix actor: <https://kg.example.org/id/actor/> .
@prefix article: <https://kg.example.org/id/article/> .
@prefix statement: <https://kg.example.org/id/statement/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rule: <https://kg.example.org/ontology/rule#> .

article:003 a kg:Article ; dcterms:identifier "003" ; kg:contentHash "5d41402abc4b2a76" ;
    dcterms:title "زاخاروفا تدعو واشنطن"@ar ; dcterms:date "2018-08-30"^^xsd:date .

actor:maria_zakharova a kg:Person ;
    skos:prefLabel "Maria Zakharova"@en , "ماريا زاخاروفا"@ar ; skos:altLabel "زاخاروفا"@ar ;
    kg:affiliation actor:russia .
actor:russia a kg:State ; skos:prefLabel "Russia"@en , "روسيا"@ar ; kg:cameoCode "RUS" .
actor:united_states a kg:State ; skos:prefLabel "United States"@en , "الولايات المتحدة"@ar .

statement:003-1 a kg:Statement ;
    kg:speaker actor:maria_zakharova ;
    kg:target actor:united_states ;
    kg:statementType kg:appeal ;
    kg:evidenceSentence "ودعت زاخاروفا واشنطن إلى ضمان التنسيق مع دمشق."@ar ;
    kg:startOffset 120 ; kg:endOffset 168 ;
    kg:trigger "ودعت" ; kg:confidence 0.9 ;
    kg:article article:003 ; prov:wasDerivedFrom article:003 ;
    kg:predicateRule rule:predicate.trigger_lemma ; kg:speakerRule rule:speaker.subject ;
    kg:targetRule rule:target.dependent ; kg:claimRule rule:claim.content_clause .
actor:maria_zakharova kg:appealsTo actor:united_states .
"""

STATEMENT = KGID["statement/003-1"]
SPEAKER = KGID["actor/maria_zakharova"]
ARTICLE = KGID["article/003"]


def sample() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def test_valid_sample_conforms():
    conforms, report = validate(sample())
    assert conforms, report


def _no_speaker(g):
    g.remove((STATEMENT, KG.speaker, None))


def _no_arabic_label(g):
    g.remove((SPEAKER, SKOS.prefLabel, Literal("ماريا زاخاروفا", lang="ar")))


def _offsets_reversed(g):
    g.set((STATEMENT, KG.startOffset, Literal(200)))


def _offset_not_integer(g):
    g.set((STATEMENT, KG.endOffset, Literal("168")))


def _type_outside_scheme(g):
    g.set((STATEMENT, KG.statementType, URIRef("https://kg.example.org/vocab/cameo/02")))


def _two_actor_classes(g):
    g.add((SPEAKER, RDF.type, KG.GovernmentBody))


def _untyped_target(g):
    g.remove((KGID["actor/united_states"], RDF.type, None))


def _two_speakers(g):
    g.add((STATEMENT, KG.speaker, KGID["actor/russia"]))


def _confidence_not_decimal(g):
    g.set((STATEMENT, KG.confidence, Literal(0.9)))  # a Python float is xsd:double


def _no_provenance(g):
    g.remove((STATEMENT, PROV.wasDerivedFrom, None))


def _article_without_id(g):
    g.remove((ARTICLE, DCTERMS.identifier, None))


def _date_not_a_date(g):
    g.set((ARTICLE, DCTERMS.date, Literal("30 August 2018")))


def _claim_without_language(g):
    g.add((STATEMENT, KG.claim, Literal("ضمان التنسيق مع دمشق")))


def _no_speaker_rule(g):
    g.remove((STATEMENT, KG.speakerRule, None))


def _two_claim_rules(g):
    g.add((STATEMENT, KG.claimRule, RULE["speaker.subject"]))


def _undeclared_rule(g):
    g.set((STATEMENT, KG.targetRule, RULE["target.telepathy"]))


@pytest.mark.parametrize("break_it, message", [
    (_no_speaker, "exactly one speaker"),
    (_two_speakers, "exactly one speaker"),
    (_no_arabic_label, "Arabic skos:prefLabel"),
    (_offsets_reversed, "before its end offset"),
    (_offset_not_integer, "integer end offset"),
    (_type_outside_scheme, "type from kg:StatementTypes"),
    (_two_actor_classes, "exactly one of kg:Person"),
    (_untyped_target, "exactly one of kg:Person"),
    (_confidence_not_decimal, "xsd:decimal"),
    (_no_provenance, "prov:wasDerivedFrom"),
    (_article_without_id, "dcterms:identifier"),
    (_date_not_a_date, "an xsd:date"),
    (_claim_without_language, "language-tagged"),
    (_no_speaker_rule, "exactly one speaker rule"),
    (_two_claim_rules, "exactly one claim rule"),
    (_undeclared_rule, "at most one target rule, a kg:Rule of rules.ttl"),
])
def test_invalid_samples_do_not_conform(break_it, message):
    graph = sample()
    break_it(graph)
    conforms, report = validate(graph)
    assert not conforms
    assert message in report


def test_a_statement_must_name_its_rules():
    graph = sample()
    graph.remove((STATEMENT, rule_property("speaker"), None))
    conforms, report = validate(graph)
    assert not conforms and "speaker rule" in report


def test_a_dataset_is_validated_across_its_graphs():
    dataset = Dataset()
    dataset.graph(KGID["graph/003"]).parse(data=VALID, format="turtle")
    assert validate(dataset)[0]
    dataset.graph(KGID["graph/003"]).remove((STATEMENT, KG.speaker, None))
    assert not validate(dataset)[0]
