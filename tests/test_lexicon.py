"""The word lists of ontology/lexicon.ttl, read for real."""
import subprocess
import sys
from dataclasses import fields
from itertools import combinations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.errors import KgError
from kg.lexicon import KG, Characters, Lexicon, _camel_case, _entries, lexicon, ontology_dir
from kg.ontology import statement_types, trigger_index
from kg.text import normalise_arabic

# Overlaps between lists that must be disjoint, each one known and explained in lexicon.ttl (none today:
# حول was both a circumstantial preposition and a topic marker; it is a topic marker only).
KNOWN_OVERLAPS: dict[tuple[str, str], set[str]] = {}


def test_every_list_in_the_file_is_read():
    graph = Graph().parse(ontology_dir() / "lexicon.ttl", format="turtle")
    listed = {str(node).removeprefix(str(KG)) for node in graph.subjects(RDF.type, KG.WordList)}
    read = {_camel_case(f.name) for f in (*fields(Characters), *fields(Lexicon))}
    assert listed == read


def test_normalise_arabic_reads_the_characters():
    assert normalise_arabic("أكّد") == normalise_arabic("اكد") == "اكد"
    assert normalise_arabic("مسؤوليـة") == normalise_arabic("مسئولية")


def test_lists_compared_normalised_come_normalised():
    lex = lexicon()
    assert lex.first_person_pronouns == {"نحن", "انا"}  # أنا and إنا are one key
    assert lex.so_called_prepositions == {"ب", "مع"}  # بـ is ب without its tatweel
    assert "اثناء" in lex.circumstantial_prepositions
    assert "من قبل" in lex.non_circumstantial_phrases


def test_affixes_are_tried_longest_first():
    assert lexicon().nisba_endings[:2] == ("يا", "ية")  # روسيا -> روسي, not روسيي


def _role_words() -> dict[str, frozenset[str]]:
    """Words that give the actor they govern a role: an actor cannot have two."""
    lex, index = lexicon(), trigger_index()
    charges = frozenset(t.charge_preposition for t in statement_types().values() if t.charge_preposition)
    return {
        "circumstantial prepositions": lex.circumstantial_prepositions | lex.circumstantial_nouns,  # no role
        "topic markers": index.topic_markers,  # the target
        "according-to words": index.according_to,  # the speaker
        "agent prepositions": lex.agent_prepositions,  # the speaker of a verbal noun
        "report source prepositions": lex.report_source_prepositions,  # the speaker of نقل عن
        "charge prepositions": charges,  # what the target is charged with
    }


def test_role_word_lists_overlap_only_where_known():
    found = {(a, b): set(words_a & words_b)
             for (a, words_a), (b, words_b) in combinations(_role_words().items(), 2) if words_a & words_b}
    assert found == KNOWN_OVERLAPS


def test_a_missing_list_is_named():
    with pytest.raises(KgError, match="kg:noSuchList"):
        _entries("noSuchList")


@pytest.mark.parametrize("first", ["kg.lexicon", "kg.text", "kg.ontology"])
def test_no_import_cycle(first):
    code = f"import {first}; from kg.lexicon import lexicon; lexicon()"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
