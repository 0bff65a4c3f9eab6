"""Persons of the gazetteer: only from systematic sources (ontology/persons.ttl, the lists of office
holders; ontology/persons-petrarch.ttl, generated from UniversalPetrarch's dictionary)."""
from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.link import Linker, _default_dictionary, _name_keys, actor_files
from kg.ontology import KG, RESOURCE_NS
from kg.training import petrarch_persons as petrarch

DICTIONARY = _default_dictionary()
needs_dictionary = pytest.mark.skipif(not DICTIONARY.is_file(), reason="needs ../shared/data/lexicon")


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {path.name: Graph().parse(path, format="turtle") for path in actor_files()}


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker()


def test_persons_come_only_from_the_person_files(graphs):
    assert not set(graphs["actors.ttl"].subjects(RDF.type, KG.Person))
    assert len(set(graphs["persons.ttl"].subjects(RDF.type, KG.Person))) > 200
    assert len(set(graphs["persons-petrarch.ttl"].subjects(RDF.type, KG.Person))) > 200


def test_every_office_holder_has_a_body_and_an_office_or_role(graphs, linker):
    graph = graphs["persons.ttl"]
    for node in graph.subjects(RDF.type, KG.Person):
        affiliation = graph.value(node, KG.affiliation)
        assert affiliation is not None and str(affiliation).removeprefix(RESOURCE_NS) in linker.actors, node
        assert set(graph.objects(node, KG.office)) | set(graph.objects(node, KG.role)), node


def test_no_two_persons_share_a_name(graphs, linker):
    graph = Graph()
    for part in graphs.values():
        graph += part
    owners = defaultdict(set)
    for node in graph.subjects(RDF.type, KG.Person):
        names = [str(o) for p in (SKOS.prefLabel, SKOS.altLabel, KG.ambiguousLabel) for o in graph.objects(node, p)]
        for key in _name_keys(names):
            owners[key].add(str(node).removeprefix(RESOURCE_NS))
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}
    # and no state, body or organisation has a person's name
    held = {key: linker._gaz.keys[key][0] for key in owners if key in linker._gaz.keys}
    assert {key: actor for key, actor in held.items() if actor not in owners[key]} == {}


@pytest.mark.parametrize("title, holder", [
    ("وزير الخارجية الصيني", "wang_yi"),  # one holder in 2015-2019
    ("المستشارة الألمانية", "angela_merkel"),
    ("الرئيس السوري", "bashar_al_assad"),
    ("وزير الخارجية السعودي", None),  # al-Faisal, al-Jubeir, al-Assaf, bin Farhan
    ("الرئيس الفرنسي", None),  # Hollande, then Macron
    ("الأمين العام للأمم المتحدة", None),  # Ban Ki-moon, then Guterres
])
def test_an_office_names_its_holder_only_if_one_held_it(linker, title, holder):
    actor = linker.link(title)
    assert (actor.id if actor else None) == holder


@needs_dictionary
def test_the_generated_file_is_what_the_rules_give(graphs):
    text, _, _ = petrarch.build(DICTIONARY)
    path = next(p for p in actor_files() if p.name == petrarch.OUTPUT)
    assert path.read_text(encoding="utf-8") == text, "run `python -m kg.training.petrarch_persons`"


def test_dictionary_codes_and_their_dates(tmp_path):
    path = tmp_path / "dictionary.txt"
    path.write_text("نوري_المالكي_\n\t[IRQGOV 20101221-20140908]\n\t[IRQGOV >20150811]\n"
                    "جدة  [SAU]\n"
                    "ابو_بلال_\n\t[PSECVLELI 19840502-18000101]\n"
                    "فؤاد_شهاب_\n\t[LBNCVLELI 19640923-19640922]\n", encoding="utf-8")
    entries = {e.raw: e for e in petrarch.read_dictionary(path)}
    assert [str(c) for c in entries["نوري_المالكي_"].codes] == ["[IRQGOV 20101221-20140908]", "[IRQGOV >20150811]"]
    assert [c.valid() for c in entries["نوري_المالكي_"].codes] == [False, True]
    assert entries["جدة"].codes == []  # undated: says nothing about 2015-2019
    assert entries["ابو_بلال_"].codes[0].valid()  # an end of 18000101 is open
    assert entries["فؤاد_شهاب_"].codes == []  # ends before it starts: unreadable


@pytest.fixture(scope="module")
def rules() -> petrarch.Rules:
    return petrarch.Rules(Linker([p for p in actor_files() if p.name != petrarch.OUTPUT]))


@pytest.mark.parametrize("raw, name, why", [
    ("رئيس_روسي_فلاديمير_بوتين_", "فلاديمير بوتين", ""),
    ("وزير_خارجية_إماراتي_عبد_الله_بن_زايد_", "عبد الله بن زايد", ""),
    ("آية_الله_علي_خامنئي_", "علي خامنئي", ""),
    ("شكيب_خليل_وزير_طاقة_و_منجم_جزائري_", "شكيب خليل", ""),  # an apposition after the name
    ("حسين_أمير_عبد_اللهيان_", "حسين أمير عبد اللهيان", ""),  # أمير inside a name stays
    ("حزب_عدالة_و_تنمية_", "", "3 a body noun opens it"),
    ("رئيس_تنظيم_محكمة_إسلامي_", "", "3 a body noun opens it"),
    ("رئيس_وزير_صومالي_", "", "3 titles only"),
    ("بوتين", "بوتين", "3 one word (a surname)"),
])
def test_the_name_in_an_entry(rules, raw, name, why):
    words, reason = rules.name(raw)
    assert (" ".join(words), reason) == (name, why)


def test_a_persons_code_names_one_state(rules):
    def entry(*codes: str) -> petrarch.Entry:
        return petrarch.Entry("x", [petrarch.Code(code, "20100101", "") for code in codes])
    assert rules.state(entry("IRQGOV")) == ("iraq", "")
    assert rules.state(entry("IGO", "EGYELI")) == ("egypt", "")
    assert rules.state(entry("IGO")) == (None, "")
    assert rules.state(entry("SAU"))[1].startswith("2 ")  # a place or a people
    assert rules.state(entry("GOV"))[1].startswith("2 ")  # a kind of actor
    assert rules.state(entry("SAUGOV", "JORGOV"))[1].startswith("4 ")  # two persons run together
    assert rules.state(entry("KSVGOV")) == ("kosovo", "")  # CAMEO's code, not ISO's
