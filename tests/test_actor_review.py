"""kg actors: a store's actors for review, and the round trip of its CSV through kg build --actors."""
import csv
import io
import json
from dataclasses import replace

from conftest import SMALL_ARTICLES, error_line, kg, small_article
from kg.actor_review import stored_actors
from kg.ontology import validate
from kg.rdf import Store

# Made up: an envoy and a movement the bundled gazetteer lacks, each the speaker of one statement.
ARTICLE = ("وقال المبعوث الخاص نديم الحكيمي إن روسيا ترفض الاتهامات البريطانية.\n\n"
           "وقالت حركة النور الوطنية في بيان إن الحكومة العراقية فشلت في حماية المدنيين.\n")


def rows(result) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_the_actors_of_a_store_with_their_statements(small_store):
    found = {row["id"]: row for row in rows(kg("actors", "--store", small_store, "--format", "csv"))}
    counts = {actor: (row["type"], row["as_speaker"], row["as_target"], row["new"]) for actor, row in found.items()}
    assert counts == {"sergey_lavrov": ("Person", "2", "1", ""), "united_states": ("State", "2", "1", ""),
                      "russia": ("State", "1", "1", ""), "obrien": ("Person", "0", "1", "")}
    assert found["obrien"]["label_en"] == "O'Brien & <Co>"
    assert rows(kg("actors", "--store", small_store, "--format", "csv", "--new")) == []
    listed = json.loads(kg("actors", "--store", small_store, "--format", "json").stdout)
    assert listed[0]["id"] == "sergey_lavrov" and listed[0]["new"] is False and listed[0]["aliases"] == []
    assert "sergey_lavrov" in kg("actors", "--store", small_store).stdout  # the table
    assert "unknown format 'xml'" in error_line(kg("actors", "--store", small_store, "--format", "xml"))


def test_an_invented_actor_is_marked_in_the_store_and_keeps_to_the_shapes(tmp_path):
    article, statements = small_article(*SMALL_ARTICLES[1])
    statements[0].target = replace(statements[0].target, candidate=True)  # O'Brien, made up by the build
    with Store(tmp_path / "store") as store:
        store.write_article(article, statements)
        assert [entry.actor.id for entry in stored_actors(store, new_only=True)] == ["obrien"]
        conforms, report = validate(store.dataset)
    assert conforms, report


def test_the_csv_of_new_actors_fixed_and_built_again(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "envoy.txt").write_text(ARTICLE, encoding="utf-8")
    store = tmp_path / "store"
    assert kg("build", tmp_path / "in", "--store", store, "-q").returncode == 0
    before = kg("export", "--store", store).stdout.splitlines()
    new = rows(kg("actors", "--store", store, "--new", "--format", "csv"))
    assert {(row["id"], row["type"], row["new"]) for row in new} == {
        ("ndim_al_hkimi", "Person", "yes"), ("al_nur", "Organisation", "yes")}

    for row in new:  # what a reviewer fixes: a transliterated label, a type (with its state)
        row.update({"label_en": "Nadim al-Hakimi"} if row["id"] == "ndim_al_hkimi" else
                   {"label_en": "National Nour Movement", "type": "GovernmentBody", "affiliation": "iraq"})
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(new[0]))
        writer.writeheader()
        writer.writerows(new)
    rebuilt = kg("build", "--reextract", "--store", store, "--actors", fixed, "--workers", 2, "-q")
    assert rebuilt.returncode == 0 and rebuilt.stderr == "", rebuilt.stderr

    after = [json.loads(line) for line in kg("export", "--store", store).stdout.splitlines()]
    assert len(after) == len(before) == 2  # the same statements, now with the list's actors
    assert {statement["speaker"]["label"] for statement in after} == {"Nadim al-Hakimi", "National Nour Movement"}
    listed = {row["id"]: row for row in rows(kg("actors", "--store", store, "--format", "csv"))}
    assert (listed["al_nur"]["type"], listed["al_nur"]["affiliation"], listed["al_nur"]["new"]) == (
        "GovernmentBody", "iraq", "")
    assert listed["ndim_al_hkimi"]["label_en"] == "Nadim al-Hakimi"
    with Store(store) as opened:
        conforms, report = validate(opened.dataset)  # one label, one type: the old description is gone
    assert conforms, report
