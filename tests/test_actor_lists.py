"""kg.actor_lists and kg build --actors: actors of your own, in CSV or Turtle, over the bundled ones."""
from pathlib import Path

import pytest

from conftest import EXAMPLES, error_line, kg
from kg.build import Builder
from kg.ingest import article_from_text
from kg.link import Linker

# A made-up minister in a made-up sentence: the bundled gazetteer has no such person.
SENTENCE = "وحذر الوزير كمال الصافي الولايات المتحدة من عواقب القرار."
HEADER = "id,label_en,label_ar,type,affiliation,aliases,role,cameo\n"
SAFI = "kamal_al_safi,Kamal al-Safi,كمال الصافي,Person,lebanon,الصافي,الوزير,\n"
# One good row among bad ones (lines 3-8), a name given twice (9) and a bundled person's surname (10).
BAD = (HEADER + SAFI
       + "river_board,River Board,هيئة النهر,Country,,,,\n"
       + "no_arabic,No Arabic,,Person,,,,\n"
       + "latin,Latin,Latin,Person,,,,\n"
       + "lost,Lost Soul,روح ضائعة,Person,atlantis,,,\n"
       + "Bad Id,Bad Id,معرف,Person,,,,\n"
       + "kamal_al_safi,Kamal Again,كمال مرة أخرى,Person,,,,\n"
       + "kamal_twin,Kamal Twin,كمال التوأم,Person,,الصافي,,\n"
       + "lavrov_double,Lavrov Double,لافروف,Person,russia,,,\n")
BAD_LINES = {3: "unknown type 'Country'", 4: "missing label_ar", 5: "has no Arabic letters",
             6: "affiliation 'atlantis' is no known actor's id", 7: "is no id", 8: "given again"}


@pytest.fixture
def bad_list(tmp_path) -> Path:
    path = tmp_path / "actors.csv"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_the_example_list_loads_cleanly_and_its_actors_are_found():
    linker = Linker(actors=[EXAMPLES / "actors.csv"])
    assert linker.lists.errors == [] and linker.clashes == []
    assert len(linker.lists.lines) >= 4
    assert linker.link("هيئة الموانئ الساحلية").id == "coastal_ports_authority_of_oman"
    darwish = linker.actor("hassan_bilal_darwish")
    assert (darwish.type, darwish.affiliation, darwish.candidate) == ("Person", "green_valley_tribal_council", False)


def test_an_unknown_person_becomes_the_listed_speaker(tmp_path):
    listed = tmp_path / "mine.csv"
    listed.write_text(HEADER + SAFI, encoding="utf-8")
    unlisted = Builder(models=None)
    parsed = unlisted.parse(article_from_text("safi", SENTENCE, headline=False))

    [guessed] = unlisted.extract(parsed)  # the tagger's name, transliterated
    assert (guessed.speaker.label, guessed.speaker.candidate) == ("Kmal Al-Safi", True)
    [found] = Builder(models=None, actors=[listed]).extract(parsed)
    assert (found.speaker.id, found.speaker.label, found.speaker.candidate) == ("kamal_al_safi", "Kamal al-Safi", False)
    assert (found.statement.type, found.target.id) == ("warn", "united_states")
    assert [actor.id for actor in found.affiliations] == ["lebanon"]


def test_a_bad_row_is_one_error_with_its_line_and_the_rest_loads(bad_list):
    linker = Linker(actors=[bad_list])
    assert len(linker.lists.errors) == len(BAD_LINES)
    for line, problem in BAD_LINES.items():
        assert sum(e.startswith(f"{bad_list}:{line}: ") and problem in e for e in linker.lists.errors) == 1, line
    assert {str(node).rsplit("/", 1)[1] for node in linker.lists.lines} == {"kamal_al_safi", "kamal_twin", "lavrov_double"}
    assert linker.link("كمال الصافي").label == "Kamal al-Safi"


def test_a_shared_name_is_a_warning_naming_both(bad_list):
    linker = Linker(actors=[bad_list])
    assert sorted(linker.clashes) == [
        f"{bad_list}:10: the name 'لافروف' of lavrov_double is also the name of the bundled actor sergey_lavrov; "
        "lavrov_double takes it",
        f"{bad_list}:9: the name 'الصافي' of kamal_twin is also the name of kamal_al_safi ({bad_list}:2), which keeps it"]
    assert linker.link("لافروف").id == "lavrov_double"  # the user's name wins over the bundled one
    assert Linker().link("لافروف").id == "sergey_lavrov"  # in a linker of its own only


def test_a_turtle_list_is_checked_alike(tmp_path):
    path = tmp_path / "actors.ttl"
    path.write_text("""@prefix kg: <https://kg.example.org/ontology#> .
@prefix id: <https://kg.example.org/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

id:salma_haddad a kg:Person ;
    skos:prefLabel "Salma Haddad"@en , "سلمى حداد"@ar ;
    kg:affiliation id:jordan ; kg:office "وزيرة الخارجية"@ar .

id:river_board a kg:Country ;
    skos:prefLabel "River Board"@en , "هيئة النهر"@ar .
""", encoding="utf-8")
    linker = Linker(actors=[path])
    assert linker.lists.errors == [f"{path}:9: river_board: unknown type 'Country'; give one of Person, State, "
                                   "Organisation, GovernmentBody"]
    assert linker.link("وزيرة الخارجية الأردنية").label == "Salma Haddad"  # her office, with her state, names her


def test_kg_build_reports_bad_rows_and_shared_names_one_line_each(tmp_path, bad_list):
    result = kg("build", "--reextract", "--store", tmp_path / "store", "--actors", bad_list, "-q")
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert sorted(line.split(": ", 2)[1] for line in lines if line.startswith("error: ")) == [
        f"{bad_list}:{line}" for line in sorted(BAD_LINES)]
    assert sum(line.startswith("warning: ") for line in lines) == 2
    assert f"{len(BAD_LINES)} errors; 2 warnings" in result.stdout


@pytest.mark.parametrize("text, message", [
    ("name,label_ar,type\n", "actors.csv:1: unknown column 'name'"),
    ("id,label_en,label_ar\n", "actors.csv:1: no column 'type'"),
])
def test_a_list_that_cannot_be_read_stops_the_build_with_one_line(tmp_path, text, message):
    (tmp_path / "actors.csv").write_text(text, encoding="utf-8")
    assert message in error_line(kg("build", "--reextract", "--store", tmp_path / "store",
                                    "--actors", tmp_path / "actors.csv"))
