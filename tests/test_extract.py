"""Statement extraction on real parses (bundled models): speakers, types, targets, evidence."""
import pytest

from kg.build import Builder
from kg.ingest import article_from_text


@pytest.fixture(scope="module")
def builder():
    return Builder(models=None)


def extract(builder, text: str):
    article = article_from_text("test", text, headline=False)
    return article, builder.statements(article)


def triples(linked) -> set[tuple]:
    return {(s.speaker.label, s.statement.type, s.target.label if s.target else None) for s in linked}


def test_speech_act_inside_a_quotation_counts_with_its_own_type(builder):
    _, linked = extract(builder, "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت مفيدة.\n"
                                 "وأضاف في هذا السياق “نحن ندعو الولايات المتحدة وجميع الدول الأخرى "
                                 "إلى ضمان التنسيق مع دمشق”.")
    assert ("Sergey Lavrov", "appeal", "United States") in triples(linked)


def test_metonymy_and_headline_word_order(builder):
    _, linked = extract(builder, "الخارجية الروسية تحذر واشنطن مجددا من تكرار اللجوء للقوة العسكرية.")
    assert ("Ministry of Foreign Affairs of Russia", "warn", "United States") in triples(linked)


def test_anonymous_source_is_skipped(builder):
    _, linked = extract(builder, "وقال مصدر دبلوماسي إن المحادثات ستستمر الأسبوع المقبل.")
    assert linked == []


def test_colon_headline_attributes_the_claim(builder):
    _, linked = extract(builder, "لافروف: واشنطن تنشر معلومات مضللة حول مباحثاتها مع موسكو")
    assert {(s.speaker.label, s.target.label if s.target else None) for s in linked} == {
        ("Sergey Lavrov", "United States")}


def test_target_of_a_nominal_object_is_its_actor(builder):
    _, linked = extract(builder, "ورحب وزير الخارجية الروسي سيرغي لافروف بمبادرة الرئيس الصيني شي جين بينغ.")
    assert ("Sergey Lavrov", "praise", "Xi Jinping") in triples(linked)


def test_pro_drop_speaker_comes_from_the_previous_sentence(builder):
    _, linked = extract(builder, "وقال المتحدث باسم الكرملين دميتري بيسكوف إن موسكو لن ترد.\n"
                                 "وأضاف أن روسيا ترفض الاتهامات البريطانية.")
    speakers = {s.speaker.label for s in linked}
    assert speakers == {"Dmitry Peskov"} and len(linked) >= 2


def test_evidence_offsets_point_at_the_sentence(builder):
    article, linked = extract(builder, "مقدمة قصيرة.\nوأكد لافروف أن روسيا تدعم الحل السياسي في سورية.")
    statement = linked[0].statement
    assert article.text[statement.sentence_start:statement.sentence_end] == statement.sentence
    assert statement.sentence.startswith("وأكد لافروف")
    assert "الحل السياسي" in statement.claim


def test_coordinated_speakers_with_titles_both_speak(builder):
    _, linked = extract(builder, "حذر الرئيس الفرنسي إيمانويل ماكرون والمستشارة الألمانية أنغيلا ميركل "
                                 "من تفاقم الوضع الإنساني في محافظة إدلب.")
    found = triples(linked)
    assert {("Emmanuel Macron", "warn"), ("Angela Merkel", "warn")} <= {t[:2] for t in found}
    assert ("Emmanuel Macron", "warn", "Angela Merkel") not in found


def test_a_relative_clause_speaks_for_its_antecedent(builder):
    _, linked = extract(builder, "وقال ترامب إن بلاده قوية.\nولقي هذا التعليق انتقادات بما في ذلك من جو بايدن، "
                                 "نائب الرئيس الأميركي سابقا، والذي قال إن هذا التعليق أفقد الحلفاء الثقة في واشنطن.")
    second = [s for s in linked if "بايدن" in s.statement.sentence]
    assert {s.speaker.label for s in second} == {"Joe Biden"}


def test_a_circumstantial_participle_adds_its_own_act(builder):
    _, linked = extract(builder, "وكان نتنياهو قد ذكر في خطاب أمام الجمعية العامة للأمم المتحدة اسم الشارع، "
                                 "مطالبا المحققين الدوليين بتفتيشه.")
    assert ("Benjamin Netanyahu", "demand") in {t[:2] for t in triples(linked)}


def test_the_agent_of_a_verbal_noun_speaks(builder):
    _, linked = extract(builder, "وجاءت دعوة لافروف الولايات المتحدة إلى الحوار بعد أيام من التوتر.")
    assert ("Sergey Lavrov", "appeal", "United States") in triples(linked)


def test_a_statement_by_a_named_person_frames_a_subjectless_verb(builder):
    _, linked = extract(builder, "وفي تصريح لوزير الخارجية الروسي سيرغي لافروف، أكد أن واشنطن تنشر معلومات مضللة.")
    assert ("Sergey Lavrov", "assert", "United States") in triples(linked)


@pytest.mark.parametrize("text", ["وبحسب لافروف، ينبغي على الولايات المتحدة احترام وحدة أراضي سوريا.",
                                  "ووفقا لوزير الخارجية الروسي سيرغي لافروف فإن واشنطن تنشر معلومات مضللة."])
def test_according_to_an_actor_is_its_statement(builder, text):
    _, linked = extract(builder, text)
    assert ("Sergey Lavrov", "assert", "United States") in triples(linked)


def test_according_to_a_document_names_no_speaker(builder):
    _, linked = extract(builder, "ووفقا للبيان، فإن المحادثات ستستمر الأسبوع المقبل.")
    assert linked == []


def test_a_name_glued_to_a_conjunction_is_found(builder):
    _, linked = extract(builder, "وقال لافروف إن الأنباء عن أن موسكو وواشنطن ناقشتا مستقبل الرئيس السوري ابتزاز رخيص.")
    assert ("Sergey Lavrov", "assert", "United States") in triples(linked)


def test_an_unknown_person_keeps_title_state_and_surname(builder):
    _, linked = extract(builder, "قال وزير الخارجية الزامبي جوزيف مالانجي إن بلاده ترفض العقوبات الأمريكية.\n"
                                 "وأكد مالانجي أن لوساكا ستواصل التعاون مع الصين.")
    assert {s.speaker.id for s in linked} == {"juzif_malanji"}
    assert linked[0].speaker.affiliation == "zambia"
    assert [s.target.label for s in linked] == ["United States", "China"]  # Lusaka is his own state


def test_a_so_called_name_is_no_appeal(builder):
    _, linked = extract(builder, "وأكدت وزارة الخارجية الروسية أن استهداف ما يدعى بـ“التحالف الدولي” مقاتلة سورية "
                                 "يعد خطوة نحو التصعيد.")
    assert "appeal" not in {s.statement.type for s in linked}


def test_the_object_of_a_statement_verb_is_the_act(builder):
    _, linked = extract(builder, "وأعلن لافروف رفض موسكو العقوبات الأمريكية.")
    assert ("Sergey Lavrov", "reject") in {t[:2] for t in triples(linked)}
