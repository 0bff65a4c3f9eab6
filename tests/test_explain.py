"""kg explain: the tree and every rule tried, from raw text (live models) or a store's cached parse."""
from kg.extract import REGISTRY
from kg.explain import explain_stored
from kg.rdf import Store

from conftest import kg, error_line

LAVROV = "وقال وزير الخارجية الروسي سيرغي لافروف إن واشنطن تنشر معلومات مضللة."


def test_explain_text_shows_the_tree_the_rules_tried_and_the_winner():
    result = kg("explain", "--text", LAVROV)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "tree:" in out and "لافروف" in out and "nsubj" in out
    assert "predicate 'قال'" in out and "assert" in out
    speaker_lines = out.split("  speaker:")[1].split("  target:")[0].strip().splitlines()
    assert speaker_lines[-1].split()[:3] == ["→", "speaker.subject", "found:"]  # the winner ends the cascade
    assert all(line.split()[0] == "·" for line in speaker_lines[:-1])  # the rules before it declined
    assert "declined: no lead" in out
    assert "Sergey Lavrov — assert — United States" in out


def test_explain_text_shows_a_headline_leads_statement_though_it_has_no_trigger_word():
    result = kg("explain", "--text", "لافروف: واشنطن تنشر معلومات مضللة")
    assert result.returncode == 0, result.stderr
    assert "speaker: speaker.lead" in result.stdout and "Sergey Lavrov — assert — United States" in result.stdout


def test_explain_a_stored_statement_by_its_iri(seeds_store):
    with Store(seeds_store) as store:
        iri, = store.select("SELECT ?s WHERE { ?s kg:speaker kgid:sergey_lavrov ; kg:statementType kg:appeal ; "
                            "kg:target kgid:united_states } LIMIT 1")[0]
    result = kg("explain", str(iri).replace("https://kg.example.org/id/", "kgid:"), "--store", seeds_store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\nsentence ") == 0 and result.stdout.startswith("sentence ")  # that one sentence
    assert "Sergey Lavrov — appeal — United States" in result.stdout


def test_every_stored_statement_records_a_registered_rule_for_each_part(seeds_store):
    with Store(seeds_store) as store:
        docs = [str(d) for d, in store.select("SELECT ?d WHERE { ?a a kg:Article ; dcterms:identifier ?d }")]
    statements = [s for doc in docs for e in explain_stored(seeds_store, doc)[0] for s in e.statements]
    assert len(statements) > 100
    for statement in statements:
        assert {"predicate", "speaker", "claim"} <= statement.rules.keys() <= {"predicate", "speaker", "target", "claim"}
        assert ("target" in statement.rules) == (statement.target_actor is not None)
        assert all(REGISTRY[rule_id].role == role for role, rule_id in statement.rules.items())


def test_explain_errors_are_one_line(seeds_store, tmp_path):
    assert "no store there" in error_line(kg("explain", "--store", tmp_path / "none", "--doc", "x"))
    assert "no such article" in error_line(kg("explain", "--store", seeds_store, "--doc", "nowhere"))
    assert "no such statement" in error_line(kg("explain", "kgid:statement/x/1-2", "--store", seeds_store))
    assert "give --text" in error_line(kg("explain"))
