"""Statement extraction end to end, on live parses by the bundled models: one test per big behaviour.

The extraction rules are tested on frozen parses, without models, in tests/test_rules.py."""
import pytest

from kg.build import Builder
from kg.ingest import article_from_text
from rule_fixtures import Case, conllu, read_parsed


@pytest.fixture(scope="module")
def builder():
    return Builder(models=None)


def extract(builder, text: str):
    article = article_from_text("test", text, headline=False)
    return article, builder.statements(article)


def triples(linked) -> set[tuple]:
    return {(s.speaker.label, s.statement.type, s.target.label if s.target else None) for s in linked}


def test_a_headline_gives_speaker_type_and_target(builder):
    _, linked = extract(builder, "الخارجية الروسية تحذر واشنطن مجددا من تكرار اللجوء للقوة العسكرية.")
    assert ("Ministry of Foreign Affairs of Russia", "warn", "United States") in triples(linked)


def test_no_named_speaker_no_statement(builder):
    _, linked = extract(builder, "وقال مصدر دبلوماسي إن المحادثات ستستمر الأسبوع المقبل.")
    assert linked == []


def test_pro_drop_speaker_comes_from_the_previous_paragraph(builder):
    _, linked = extract(builder, "وقال المتحدث باسم الكرملين دميتري بيسكوف إن موسكو لن ترد.\n"
                                 "وأضاف أن روسيا ترفض الاتهامات البريطانية.")
    speakers = {s.speaker.label_ar for s in linked}  # a person the gazetteer lacks: named as written
    assert speakers == {"دميتري بيسكوف"} and len(linked) >= 2


def test_a_body_of_a_state_is_also_named_with_its_adjectives(builder):
    """A common noun and a gentilic make a body of that state; the adjectives after them name it too."""
    _, linked = extract(builder, "وقالت لجنة برازيلية مستقلة إنها رصدت أخطاء كبيرة في التقرير الحكومي.")
    assert [(s.speaker.label_ar, s.speaker.affiliation, s.speaker.aliases) for s in linked] == \
        [("لجنة برازيلية", "brazil", ("لجنة برازيلية مستقلة",))]


def test_evidence_offsets_point_at_the_sentence(builder):
    article, linked = extract(builder, "مقدمة قصيرة.\nوأكد لافروف أن روسيا تدعم الحل السياسي في سورية.")
    statement = linked[0].statement
    assert article.text[statement.sentence_start:statement.sentence_end] == statement.sentence
    assert statement.sentence.startswith("وأكد لافروف")
    assert "الحل السياسي" in statement.claim


def test_a_frozen_parse_extracts_as_the_live_parse(builder):
    # what tests/test_rules.py relies on: offsets, NER, split tokens, diacritics, typographic quotation
    # marks and a sentence joined at "..", across two paragraphs, survive CoNLL-U
    case = Case("round-trip", "round trip", ["وقال المتحدث باسم الكرملين دميتري بيسكوف إن موسكو لن ترد.",
                                             "وأضاف ريابكوف.. إن “الهجوم على الطائرة السورية يعد خطوة جديدة في اتجاه "
                                             "التصعيد” محذراً واشنطن من تكرار ذلك."], None)
    live = builder.parse(article_from_text(case.name, case.text, headline=False))
    frozen = read_parsed(case, conllu(case, live, builder.models))
    assert [doc.to_dict() for doc in frozen.docs] == [doc.to_dict() for doc in live.docs]
    assert repr(builder.extract(frozen)) == repr(builder.extract(live))
