"""Extraction rules on frozen parses: each case of tests/fixtures/extract/cases.json, read from its
CoNLL-U parse, must give exactly its expected statements (the whole text's, in any order), and no
Stanza model is loaded, so a retrained model cannot flip a rule test. tests/rule_fixtures.py says
how a case is frozen and how its expected statements are rewritten when a rule changes on purpose."""
import pytest
import stanza

from kg.build import Builder
from kg.extract import REGISTRY
from kg.ontology import rules
from rule_fixtures import CASES as CASES_FILE
from rule_fixtures import (FOLDER, FREEZE, FixtureError, comparable, differences, load_cases, load_parsed, read_parsed,
                           rows)

CASES = load_cases()
BY_NAME = {case.name: case for case in CASES}


def no_models(*args, **kwargs):
    raise AssertionError("a rule fixture test loaded a Stanza pipeline")


@pytest.fixture(scope="module")
def builder():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stanza, "Pipeline", no_models)
        builder = Builder(models=None)
        yield builder
        assert "parser" not in vars(builder), "the builder loaded its parser"


@pytest.mark.parametrize("case", CASES, ids=[case.description for case in CASES])
def test_rule(builder, case):
    if case.statements is None:
        pytest.fail(f"{case.name}: no expected statements yet: run `{FREEZE} --update-expected` and review them")
    expected, found = comparable(case, rows(case, builder.extract(load_parsed(case))))
    assert builder.extractor.failures == []  # no sentence lost to an error
    assert found == expected, (f"{case.name} in {CASES_FILE}:{differences(expected, found)}\n"
                               f"if the change is meant, run `{FREEZE} --update-expected` and review the diff")


def test_an_unknown_person_keeps_title_state_and_surname(builder):
    linked = builder.extract(load_parsed(BY_NAME["an-unknown-person-keeps-title-state-and-surname"]))
    assert {s.speaker.id for s in linked} == {"juzif_malanji"}
    assert linked[0].speaker.affiliation == "zambia"


def test_an_unknown_organisation_is_also_known_by_its_kind_noun(builder):
    linked = builder.extract(load_parsed(BY_NAME["an-organisation-is-also-known-by-its-kind-noun"]))
    assert [(s.speaker.label_ar, "فريق سكاي" in s.speaker.aliases) for s in linked] == [("سكاي", True)]


def test_every_frozen_parse_has_its_case():
    assert sorted(path.stem for path in FOLDER.glob("*.conllu")) == sorted(BY_NAME)


def test_a_frozen_parse_of_another_text_is_refused():
    case = BY_NAME["metonymy-and-headline-word-order"]
    other = type(case)(case.name, case.description, [case.lines[0] + " أمس"], case.statements)
    with pytest.raises(FixtureError, match="another text"):
        read_parsed(other, case.parse_path.read_text(encoding="utf-8"))


def fired(builder, case) -> set[str]:
    """Every rule that found something, stopped a cascade or dropped something in the case."""
    rules = set()
    for explanation in builder.extractor.statements(load_parsed(case), explain=True):
        rules |= {rule for _, rule in explanation.dropped + explanation.suppressed}
        rules |= {a.rule for _, trace in explanation.predicates for attempts in trace.attempts.values()
                  for a in attempts if a.outcome != "declined"}
        rules |= {rule for s in explanation.statements for rule in s.rules.values()}
    return rules


def test_every_rule_is_exercised_by_a_fixture(builder):
    exercised = set().union(*(fired(builder, case) for case in CASES))
    assert set(REGISTRY) - exercised == set()


def test_a_trigger_the_tagger_marks_passive_is_no_act(builder):
    parsed = load_parsed(BY_NAME["metonymy-and-headline-word-order"])
    assert builder.extract(parsed)
    for doc in parsed.docs:
        for word in doc.iter_words():
            word.feats = "Voice=Pass"
    assert builder.extract(parsed) == []
    assert any(rule == "suppress.passive" for e in builder.extractor.statements(parsed, explain=True)
               for _, rule in e.dropped)


def test_the_registry_and_the_ontology_describe_the_same_rules():
    described = rules()
    assert set(REGISTRY) == set(described)
    assert all(REGISTRY[rule_id].role == found.role for rule_id, found in described.items())
    assert all(REGISTRY[rule_id].doc for rule_id in REGISTRY)  # a docstring with an example


def test_a_failure_in_one_sentence_loses_that_sentence_only(builder, monkeypatch):
    case = BY_NAME["a-subject-naming-no-one-is-not-the-previous-speaker"]  # two sentences, a statement in the first
    kept = builder.extract(load_parsed(case))
    original = type(builder.extractor).sentence_statements

    def fails_on_the_second(self, doc_id, view, context, explanation=None):
        if view.text(view.words) == case.lines[-1]:
            raise IndexError("list index out of range")
        return original(self, doc_id, view, context, explanation)

    monkeypatch.setattr(type(builder.extractor), "sentence_statements", fails_on_the_second)
    assert [s.statement.sentence for s in builder.extract(load_parsed(case))] == [s.statement.sentence for s in kept]
    assert builder.extractor.failures == [f"{case.name}: sentence 2: cannot extract statements "
                                          "(IndexError: list index out of range); skipped"]
