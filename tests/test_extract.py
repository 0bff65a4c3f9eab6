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


def last_line(builder, text: str) -> list:
    """The statements found in the last line of ``text``, read after the lines before it."""
    _, linked = extract(builder, text)
    last = text.splitlines()[-1]
    return [s for s in linked if s.statement.sentence in last]


def triples(linked) -> set[tuple]:
    return {(s.speaker.label, s.statement.type, s.target.label if s.target else None) for s in linked}


# What a text shows, the text, and one statement it must give (speaker, type, target).
FOUND = [
    ("metonymy and headline word order", "الخارجية الروسية تحذر واشنطن مجددا من تكرار اللجوء للقوة العسكرية.",
     ("Ministry of Foreign Affairs of Russia", "warn", "United States")),
    ("the target of a nominal object is its actor",
     "ورحب وزير الخارجية الروسي سيرغي لافروف بمبادرة الرئيس الصيني شي جين بينغ.",
     ("Sergey Lavrov", "praise", "Xi Jinping")),
    ("the agent of a verbal noun speaks", "وجاءت دعوة لافروف الولايات المتحدة إلى الحوار بعد أيام من التوتر.",
     ("Sergey Lavrov", "appeal", "United States")),
    ("a statement by a named person frames a subjectless verb",
     "وفي تصريح لوزير الخارجية الروسي سيرغي لافروف، أكد أن واشنطن تنشر معلومات مضللة.",
     ("Sergey Lavrov", "assert", "United States")),
    ("according to an actor", "وبحسب لافروف، ينبغي على الولايات المتحدة احترام وحدة أراضي سوريا.",
     ("Sergey Lavrov", "assert", "United States")),
    ("according to a titled actor", "ووفقا لوزير الخارجية الروسي سيرغي لافروف فإن واشنطن تنشر معلومات مضللة.",
     ("Sergey Lavrov", "assert", "United States")),
    ("a name glued to a conjunction",
     "وقال لافروف إن الأنباء عن أن موسكو وواشنطن ناقشتا مستقبل الرئيس السوري ابتزاز رخيص.",
     ("Sergey Lavrov", "assert", "United States")),
    ("the object of a statement verb is the act", "وأعلن لافروف رفض موسكو العقوبات الأمريكية.",
     ("Sergey Lavrov", "reject", "United States")),
    ("a tagged ambiguous name before the verb speaks", "وكان صالح قد طالب الحكومة الإماراتية بمراجعة موقفها من الحرب في اليمن.",
     ("Ali Abdullah Saleh", "demand", "Government of the United Arab Emirates")),
    ("what is said follows the verb, not a clause the tree hangs before it",
     "وفي مؤتمر صحافي عقده إثر القمة، وصف لافروف تذرع ترامب بالأمن القومي بأنه مهين.",
     ("Sergey Lavrov", "assert", "Donald Trump")),
    ("a trigger phrase: withdrawing support is a rejection", "بوتين يسحب تأييده لبيان مجموعة السبع بسبب تصريحات ماكرون",
     ("Vladimir Putin", "reject", "G7")),
    ("a colon lead speaks even when its claim names an actor that acts",
     "لافروف: لأول مرة الولايات المتحدة تطلب إجراء محادثات مع موسكو", ("Sergey Lavrov", "assert", "United States")),
    ("an imperfect verb whose lemma lost its alif", "أردوغان يتهم واشنطن بدعم الإرهاب",
     ("Recep Tayyip Erdoğan", "accuse", "United States")),
    ("an imperfect support verb whose lemma lost its alif", "الكرملين يبدي انزعاجه الشديد من التدخل الأمريكي في شؤون سوريا",
     ("Kremlin", "concern", "United States")),
    ("a headline's speaker before a quotation", 'لافروف "مستعد للذهاب بنفسي إلى دمشق" لضمان الحل السياسي',
     ("Sergey Lavrov", "assert", "Syria")),
    ("what follows a colon is what is said", "لافروف يعلنها: واشنطن تطعننا في الظهر",
     ("Sergey Lavrov", "assert", "United States")),
    ("a feeling shown as the object of a support verb", "أبدى الكرملين انزعاجه الشديد من التدخل الأمريكي في شؤون سوريا.",
     ("Kremlin", "concern", "United States")),
    ("a support verb coordinated with a named subject's verb",
     "أبدت الخارجية الروسية انزعاجها من التدخل الأمريكي في شؤون فنزويلا، وأعربت عن رفضها لهذه السياسة.",
     ("Ministry of Foreign Affairs of Russia", "reject", None)),
    ("a participle after a quotation is the speaker's, not the quoted verb's",
     "وأضاف ريابكوف.. إن “الهجوم على الطائرة السورية يعد خطوة جديدة في اتجاه التصعيد” محذراً واشنطن من تكرار ذلك.",
     ("Sergei Ryabkov", "warn", "United States")),
    ("'من قبل' names an agent, not a time",
     "وأعلن المتحدث باسم التحالف تركي المالكي أن الدفاعات الجوية رصدت إطلاق صاروخ من قبل الميليشيا الحوثية.",
     ("Turki al-Maliki", "assert", "Houthis")),
    ("a capital split by the tokenizer is still a place (ب + كين)",
     "وبحث وزراء خارجية دول مجموعة بريكس خلال اجتماعهم في العاصمة الصينية بكين أمس واليوم القضايا الدولية.",
     ("BRICS", "consult", None)),
    ("an announced act the tree takes for a verb with the speaker's name for its subject",
     "وفي سياق آخر، أعلن وزير الدولة للشؤون الخارجية الإماراتي أنور قرقاش رفض بلاده أي وجود غير عربي في أي بلد عربي.",
     ("Anwar Gargash", "reject", None)),
    ("a one-word place name heads no phrase after it",
     "التقى معالي وزير الخارجية الأستاذ عادل بن أحمد الجبير اليوم في موسكو معالي وزير خارجية روسيا الاتحادية سيرجي لافروف.",
     ("Adel al-Jubeir", "consult", "Sergey Lavrov")),
    ("a topic phrase opening the sentence names the target",
     "وفيما يتعلق بالعلاقات الاقتصادية بين المملكة وروسيا أكد وزير الخارجية عادل الجبير أنها لا تزال دون المأمول.",
     ("Adel al-Jubeir", "assert", "Russia")),
    ("a transitive trigger with its object", "وأطلع سيرغي لافروف الجانب الفرنسي على الجهود الروسية في المنطقة.",
     ("Sergey Lavrov", "assert", "France")),
    ("what follows a participle act is its own, not the act's before it",
     "أعلن وزير الدولة للشؤون الخارجية الإماراتي أنور قرقاش رفض بلاده أي وجود أجنبي، مؤكدا أن الإمارات تقف "
     "مع حماية الأكراد من تبعات الانسحاب الأميركي.", ("Anwar Gargash", "reject", None)),
    ("an occasion is no target", "وقال وزير الخارجية الكويتي على هامش اجتماع وزاري للتحالف الدولي إن هذا "
     "التصعيد لن يخدم العلاقة مع الفلبين.", ("Sabah Al-Khalid Al-Sabah", "assert", "Philippines")),
    ("a party of the speaker's own state may be the target",
     "أما فيما يتعلق بعلاقته بحركة النهضة، فقال السبسي إن تعامله مع الحركة حقق لتونس استقرارا نسبيا.",
     ("Beji Caid Essebsi", "assert", "Ennahda")),
    ("a speaker quoted by an outlet", "ونقل موقع روسيا اليوم عن نائب وزير الخارجية الروسي سيرغي ريابكوف قوله "
     "إن واشنطن تنشر معلومات مضللة.", ("Sergei Ryabkov", "assert", "United States")),
]


@pytest.mark.parametrize("text, statement", [row[1:] for row in FOUND], ids=[row[0] for row in FOUND])
def test_statement_is_found(builder, text, statement):
    _, linked = extract(builder, text)
    assert statement in triples(linked)


@pytest.mark.parametrize("text", ["وقال مصدر دبلوماسي إن المحادثات ستستمر الأسبوع المقبل.",
                                  "إلى ذلك، اتهم آخرون صالح بأنه يعاني حالة متقدمة من النرجسية.",
                                  "ووفقا للبيان، فإن المحادثات ستستمر الأسبوع المقبل."],
                         ids=["an anonymous source", "anonymous accusers", "according to a document"])
def test_no_named_speaker_no_statement(builder, text):
    _, linked = extract(builder, text)
    assert linked == []


def test_colon_headline_attributes_the_claim(builder):
    _, linked = extract(builder, "لافروف: واشنطن تنشر معلومات مضللة حول مباحثاتها مع موسكو")
    assert {(s.speaker.label, s.target.label if s.target else None) for s in linked} == {
        ("Sergey Lavrov", "United States")}


def test_what_a_person_heads_is_quoted_and_a_third_partys_act_in_it_no_statement(builder):
    _, linked = extract(builder, "ترمب: لأول مرة كوريا الشمالية تطلب إجراء محادثات معنا")
    assert triples(linked) == {("Donald Trump", "assert", "North Korea")}


def test_a_section_label_heads_the_statements_of_others(builder):
    _, linked = extract(builder, "سوريا: ماكرون وميركل يطالبان بوقف إطلاق النار في إدلب")
    assert {s.speaker.label for s in linked} == {"Emmanuel Macron", "Angela Merkel"}


@pytest.mark.parametrize("added", ["وأضاف أن روسيا ترفض الاتهامات البريطانية.",
                                   "وأضاف “من الواضح أن روسيا ترفض الاتهامات البريطانية”."],
                         ids=["content clause", "quotation glued to its first word"])
def test_pro_drop_speaker_comes_from_the_previous_sentence(builder, added):
    _, linked = extract(builder, "وقال المتحدث باسم الكرملين دميتري بيسكوف إن موسكو لن ترد.\n" + added)
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


def test_an_unknown_person_keeps_title_state_and_surname(builder):
    _, linked = extract(builder, "قال وزير الخارجية الزامبي جوزيف مالانجي إن بلاده ترفض العقوبات الأمريكية.\n"
                                 "وأكد مالانجي أن لوساكا ستواصل التعاون مع الصين.")
    assert {s.speaker.id for s in linked} == {"juzif_malanji"}
    assert linked[0].speaker.affiliation == "zambia"
    assert [s.target.label for s in linked] == ["United States", "China"]  # Lusaka is his own state


def test_the_intransitive_reading_of_a_transitive_trigger_is_no_statement(builder):
    _, linked = extract(builder, "واطلع وزير الخارجية الروسي سيرغي لافروف على تقرير عن الأوضاع في سوريا.")
    assert triples(linked) == set()


def test_a_participle_after_what_is_said_is_the_speakers(builder):
    # the tree hangs متهما on تساعد, the verb of what Erdogan denies: Turkey does not accuse
    _, linked = extract(builder, "نفى الرئيس التركي رجب طيب اردوغان بقوة الجمعة الاتهامات بأن تركيا تساعد تنظيم "
                                 "داعش، متهما \"قوى سوداء\" بنشر دعاية إعلامية خاطئة حول بلاده ، وخلال زيارة الى "
                                 "اندونيسيا، قال الرئيس ان تركيا عانت من \"خسائر كبيرة\" في معركتها ضد الارهابيين.")
    assert ("Recep Tayyip Erdoğan", "accuse") in {t[:2] for t in triples(linked)}


def test_the_object_right_after_the_verb_is_read_whole(builder):
    # "الرئيس اليمني" alone is the president in office; with "السابق علي عبدالله صالح" it is Saleh
    _, linked = extract(builder, "وقال وزير الخارجية عادل الجبير إن العلاقات بين البلدين قوية.\n"
                                 "واتهم الرئيس اليمني السابق علي عبدالله صالح بأنه سبب ضياع اليمن.")
    assert ("Adel al-Jubeir", "accuse", "Ali Abdullah Saleh") in triples(linked)


def test_a_so_called_name_is_no_appeal(builder):
    _, linked = extract(builder, "وأكدت وزارة الخارجية الروسية أن استهداف ما يدعى بـ“التحالف الدولي” مقاتلة سورية "
                                 "يعد خطوة نحو التصعيد.")
    assert "appeal" not in {s.statement.type for s in linked}


def test_a_bare_title_is_the_minister_named_without_a_state(builder):
    second = last_line(builder, "استقبل وزير الخارجية عادل الجبير وزير الخارجية الألماني فرانك فالتر شتاينماير.\n"
                                "وأكد وزير الخارجية أن المملكة تدعم الحل السياسي في سوريا.")
    assert {s.speaker.label for s in second} == {"Adel al-Jubeir"}


def test_the_statement_last_quoted_is_its_speaker(builder):
    second = last_line(builder, "ونقلت وكالة تاس عن مصدر في الخارجية الروسية قوله إن المحادثات كانت مفيدة.\n"
                                "وأضاف المصدر أن الجانبين اتفقا على مواصلة الحوار.")
    assert {s.speaker.label for s in second} == {"Ministry of Foreign Affairs of Russia"}


@pytest.mark.parametrize("quoted", ["“نحن ندعو الولايات المتحدة إلى ضمان التنسيق مع دمشق”",
                                    "“ندعو الولايات المتحدة إلى ضمان التنسيق مع دمشق”"], ids=["we call", "call (first person)"])
def test_a_speech_act_inside_a_quotation_counts_instead_of_the_assert(builder, quoted):
    second = last_line(builder, "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت مفيدة.\n"
                                "وأضاف في هذا السياق " + quoted + ".")
    assert triples(second) == {("Sergey Lavrov", "appeal", "United States")}


def test_a_quotation_may_open_on_the_subject(builder):
    _, linked = extract(builder, "وحسب بيان مشترك صدر اليوم فقد دعت “موسكو والرباط إلى تسوية سياسية نهائية في سورية”.")
    assert {(s.speaker.label, s.statement.type) for s in linked} == {("Russia", "appeal"), ("Morocco", "appeal")}


def test_a_third_person_act_inside_a_quotation_is_not_the_speakers(builder):
    _, linked = extract(builder, "وقال لافروف: «الأمريكيون يتحدثون كثيرا ويرفضون الحوار».")
    assert linked and "reject" not in {s.statement.type for s in linked}


def test_a_relative_clause_inside_a_quotation_is_no_act_of_the_speaker(builder):
    _, linked = extract(builder, "وقال نتنياهو: \"إسرائيل لن تسمح لنظام دعا إلى تدميرنا بتطوير أسلحة نووية\".")
    assert "appeal" not in {s.statement.type for s in linked} and linked


@pytest.mark.parametrize("text, speakers", [
    ("حذر الرئيس الفرنسي إيمانويل ماكرون والمستشارة الألمانية أنغيلا ميركل من تفاقم الوضع في إدلب.\n"
     "وفي مكالمة هاتفية دعا الزعيمان إلى وقف إطلاق النار.", {"Emmanuel Macron", "Angela Merkel"}),
    ("ورحب المغرب بمبادرة الرئيس الروسي فلاديمير بوتين لمواجهة الإرهاب.\n"
     "ودعا الجانبان لتعزيز التعاون الدولي في مواجهة الإرهاب.", {"Morocco", "Russia"}),
], ids=["the two leaders", "the two sides"])
def test_a_dual_names_the_two_who_last_acted_together(builder, text, speakers):
    second = last_line(builder, text)
    assert {(s.speaker.label, s.statement.type) for s in second} == {(speaker, "appeal") for speaker in speakers}


def test_an_honorific_subject_is_the_last_speaker(builder):
    second = last_line(builder, "وقال وزير الخارجية عادل الجبير إن زيارة ولي العهد الأمير محمد بن سلمان كانت ناجحة.\n"
                                "وأكد معاليه أن المملكة تدعم الحل السياسي في سوريا.")
    assert {s.speaker.label for s in second} == {"Adel al-Jubeir"}


def test_a_lone_actor_before_the_charge_is_the_accused(builder):
    second = last_line(builder, "وقال وزير الخارجية عادل الجبير إن المملكة تدعم الحل السياسي في اليمن.\n"
                                "واتهم صالح بأنه سبب ضياع اليمن.")
    assert {(s.speaker.label, s.statement.type) for s in second} == {("Adel al-Jubeir", "accuse")}


def test_it_is_noted_that_is_no_one_speaking(builder):
    second = last_line(builder, "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت مفيدة.\n"
                                "يشار إلى أن الخارجية الروسية أكدت في بيان لها أمس أن واشنطن تنشر معلومات مضللة.")
    assert triples(second) == {("Ministry of Foreign Affairs of Russia", "assert", "United States")}


def test_a_name_after_a_preposition_is_no_subject(builder):
    second = last_line(builder, "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت مفيدة.\n"
                                "وشدد على التزام موسكو بالعملية السياسية في سوريا.")
    assert second and {s.speaker.label for s in second} == {"Sergey Lavrov"}


def test_a_role_noun_subject_refers_back_before_names_after_it(builder):
    _, linked = extract(builder, "وصل وزير الخارجية الألماني فرانك فالتر شتاينماير إلى الرياض أمس.\n"
                                 "وتحدث الوزير الألماني عن مأساة الشعب السوري.")
    assert triples(linked) == {("Frank-Walter Steinmeier", "assert", "Syria")}
