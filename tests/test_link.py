"""kg.link: Arabic mentions -> canonical actors, on the real gazetteer (CLDR, actors.ttl, CAMEO)."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from kg.link import Linker, _default_dictionary, actor_files, link_statements, read_cameo_dictionary, slug, transliterate
from kg.ontology import RESOURCE_NS
from kg.records import Mention, Statement

DICTIONARY = _default_dictionary()
needs_dictionary = pytest.mark.skipif(not DICTIONARY.is_file(), reason="needs ../shared/data/lexicon")

# The first paragraph of seeds document 000_1eaf49a2340ae36d (../shared/eval/seeds_gold.jsonl).
SEED = ("أكد وزير الخارجية الروسي سيرغي لافروف أن على جميع الدول احترام سيادة سورية ووحدة أراضيها "
        "بما يتفق والقرار الأممي 2254 مشدداً على أن جميع الأعمال على الأرض يجب أن تتم بالتنسيق مع "
        "الحكومة الشرعية في سورية.")


@pytest.fixture(scope="session")
def linker() -> Linker:
    return Linker()


def linked_id(linker: Linker, mention: str) -> str | None:
    actor = linker.link(mention)
    return actor.id if actor else None


def test_states_come_from_cldr(linker):
    states = [a for a in linker.actors.values() if a.type == "State"]
    assert len(states) >= 190
    labels = {a.label for a in states}
    assert {"Russia", "United States", "Syria", "Turkey", "Palestine"} <= labels
    assert not labels & {"World", "European Union", "Anguilla", "Hong Kong SAR China"}
    assert linker.link("الاتحاد الأوروبي").type == "Organisation"


def test_a_state_has_labels_codes_and_spelling_variants(linker):
    syria = linker.actor("syria")
    assert (syria.label, syria.type, syria.cameo) == ("Syria", "State", "SYR")
    assert linker.actor("russia").cameo == "RUS"
    for mention in ("سورية", "سوريا", "الجمهورية العربية السورية"):
        assert linked_id(linker, mention) == "syria"
    for mention in ("الولايات المتحدة", "الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا"):
        assert linked_id(linker, mention) == "united_states"


@pytest.mark.parametrize("capital, state", [
    ("واشنطن", "united_states"), ("موسكو", "russia"), ("دمشق", "syria"), ("أنقرة", "turkey"),
    ("طهران", "iran"), ("بكين", "china"), ("باريس", "france"), ("لندن", "united_kingdom"),
    ("برلين", "germany"), ("الرياض", "saudi_arabia"), ("القاهرة", "egypt"), ("بغداد", "iraq"),
    ("بيروت", "lebanon"), ("أبوظبي", "united_arab_emirates"), ("الدوحة", "qatar"),
])
def test_a_capital_stands_for_its_state(linker, capital, state):
    assert linked_id(linker, capital) == state


@pytest.mark.parametrize("gentilic, state", [
    ("الروسي", "russia"), ("الروسية", "russia"), ("الروس", "russia"), ("الأمريكي", "united_states"),
    ("الأميركية", "united_states"), ("الأمريكيين", "united_states"), ("السوري", "syria"),
    ("التركي", "turkey"), ("الإيرانيون", "iran"), ("الصيني", "china"), ("الفرنسي", "france"),
    ("البريطاني", "united_kingdom"), ("الألماني", "germany"), ("السعودي", "saudi_arabia"),
    ("المصري", "egypt"), ("الإسرائيلي", "israel"), ("القطري", "qatar"), ("الإماراتي", "united_arab_emirates"),
    ("الكوري الشمالي", "north_korea"), ("الأفغاني", "afghanistan"),
])
def test_a_gentilic_alone_is_its_state(linker, gentilic, state):
    assert linked_id(linker, gentilic) == state


@pytest.mark.parametrize("mention, body, label", [
    ("وزارة الخارجية الروسية", "ministry_of_foreign_affairs_of_russia", "Ministry of Foreign Affairs of Russia"),
    ("الخارجية الروسية", "ministry_of_foreign_affairs_of_russia", "Ministry of Foreign Affairs of Russia"),
    ("وزارة خارجية روسيا", "ministry_of_foreign_affairs_of_russia", "Ministry of Foreign Affairs of Russia"),
    ("الدفاع الروسية", "ministry_of_defence_of_russia", "Ministry of Defence of Russia"),
    ("وزارة الخارجية في الكويت", "ministry_of_foreign_affairs_of_kuwait", "Ministry of Foreign Affairs of Kuwait"),
    ("الخارجية الأمريكية", "united_states_department_of_state", "United States Department of State"),
    ("الحكومة السورية", "government_of_syria", "Government of Syria"),
    ("النظام السوري", "government_of_syria", "Government of Syria"),
    ("الكرملين", "kremlin", "Kremlin"),
    ("البيت الأبيض", "white_house", "White House"),
])
def test_government_bodies_by_pattern_and_by_name(linker, mention, body, label):
    actor = linker.link(mention)
    assert (actor.id, actor.label, actor.type) == (body, label, "GovernmentBody")
    assert actor.affiliation in {"russia", "kuwait", "united_states", "syria"}


def test_bodies_carry_the_names_the_gold_uses(linker):
    foreign, defence = linker.actor("ministry_of_foreign_affairs_of_russia"), linker.actor("ministry_of_defence_of_russia")
    assert {"Russian Foreign Ministry", "الخارجية الروسية"} <= set(foreign.aliases)
    assert {"Russian Defence Ministry", "Ministry of Defense of Russia"} <= set(defence.aliases)
    assert "US State Department" in linker.actor("united_states_department_of_state").aliases
    assert "Syrian government" in linker.actor("government_of_syria").aliases


@pytest.mark.parametrize("mention, org", [
    ("الأمم المتحدة", "united_nations"), ("مجلس الأمن الدولي", "united_nations_security_council"),
    ("الناتو", "nato"), ("حلف شمال الأطلسي", "nato"), ("الجامعة العربية", "arab_league"),
    ("مجموعة بريكس", "brics"), ("مجلس التعاون الخليجي", "gulf_cooperation_council"),
    ("الوكالة الدولية للطاقة الذرية", "international_atomic_energy_agency"),
])
def test_organisations_of_world_diplomacy(linker, mention, org):
    assert linked_id(linker, mention) == org


# A person's Arabic prefLabel: the persons of persons-petrarch.ttl have transliterated ids.
@pytest.mark.parametrize("mention, person", [
    ("وزير الخارجية الروسي سيرغي لافروف", "سيرغي لافروف"),
    ("وزير خارجية روسيا سيرجي لافروف", "سيرغي لافروف"),
    ("الرئيس السوري بشار الأسد", "بشار الأسد"),
    ("الرئيس الأمريكي باراك أوباما", "باراك أوباما"),  # the name, not an office's holder
    ("وزير الخارجية الأمريكي السابق جون كيري", "جون كيري"),
    ("المبعوث الأممي إلى سوريا ستافان دي ميستورا", "ستافان دي ميستورا"),
    ("مساعد وزير الخارجية الإيراني حسين أمير عبد اللهيان", "حسين أمير عبد اللهيان"),
    ("الأمين العام لحزب الله حسن نصر الله", "حسن نصر الله"),
    ("لافروف", "سيرغي لافروف"),
])
def test_a_person_named_in_the_mention_wins_over_its_title(linker, mention, person):
    actor = linker.link(mention)
    assert (actor.label_ar, actor.type) == (person, "Person")


def test_a_bare_title_is_its_known_holder_or_no_one(linker):
    assert linked_id(linker, "وزير الخارجية الروسي") == "sergey_lavrov"  # Lavrov, all of 2015-2019
    assert linked_id(linker, "رئيسة الوزراء البريطانية") == "theresa_may"  # the one woman in the office
    assert linked_id(linker, "رئيس الوزراء البريطاني") is None  # Cameron, then Johnson
    assert linked_id(linker, "الرئيس الأمريكي") is None  # Obama, then Trump
    assert linked_id(linker, "وزير الخارجية الياباني") is None  # three in those years; and a person, not Japan
    assert linked_id(linker, "مساعد وزير الخارجية الإيراني") is None  # not Zarif: his deputy
    assert linked_id(linker, "الرئيس المصري الأسبق") is None  # not Sisi: a former president
    assert linked_id(linker, "المتحدث باسم الخارجية الروسية") is None  # a spokesman, not the ministry


@pytest.mark.parametrize("mention, actor", [
    ("ولافروف", "sergey_lavrov"), ("بلافروف", "sergey_lavrov"), ("لواشنطن", "united_states"),
    ("بالولايات المتحدة", "united_states"), ("للولايات المتحدة", "united_states"), ("وروسيا", "russia"),
    ("فالخارجية الروسية", "ministry_of_foreign_affairs_of_russia"),
])
def test_proclitics_are_peeled_off(linker, mention, actor):
    assert linked_id(linker, mention) == actor


def test_a_name_that_is_also_a_word_counts_only_as_a_tagged_mention(linker):
    assert linked_id(linker, "سلام") == "tammam_salam"
    assert linker.find("ودعا الوزير إلى سلام دائم في المنطقة") == []
    sentence = "وأكد الوزير أن الدعم المالي لصالح المعارضة سيستمر"
    assert linker.find(sentence) == []
    assert linker.find("وقالت صحيفة ديلي ستار إن الخبراء حذروا") == []  # Dili, Timor-Leste's capital


def test_the_duma_is_named_with_its_council_not_as_the_syrian_town(linker):
    assert linked_id(linker, "مجلس الدوما الروسي") == "state_duma"
    assert linker.find("هجوم كيماوي على مدينة دوما في الغوطة الشرقية") == []


def test_an_organisation_named_by_a_nisba_is_named_by_its_adjective(linker):
    assert linked_id(linker, "الميليشيات الحوثية") == "houthis"  # kg:nisba حوثي
    assert linked_id(linker, "المتمردين الحوثيين") == "houthis"


def test_a_body_of_a_state_with_a_gentilic_of_two_words_agrees_in_each(linker):
    police = linker.link("الشرطة الكورية الجنوبية")
    assert (police.id, police.label_ar) == ("police_of_south_korea", "الشرطة الكورية الجنوبية")


def test_find_on_a_seed_sentence(linker):
    found = [(SEED[start:end], actor.id) for start, end, actor in linker.find(SEED)]
    assert found == [("وزير الخارجية الروسي سيرغي لافروف", "sergey_lavrov"), ("سورية", "syria"),
                     ("الأممي", "united_nations"), ("سورية", "syria")]


def test_find_keeps_subject_and_object_apart_and_drops_states_inside_titles(linker):
    sentence = "حذرت واشنطن الأسد، وقال وزير الخارجية الياباني إن طوكيو تدعم ولافروف"
    found = [(sentence[start:end], actor.id) for start, end, actor in linker.find(sentence)]
    assert found == [("واشنطن", "united_states"), ("الأسد", "bashar_al_assad"), ("طوكيو", "japan"),
                     ("لافروف", "sergey_lavrov")]


def test_a_named_person_is_no_title_of_the_next(linker):
    sentence = "وكان الرئيس بشار الأسد والرئيس الروسي فلاديمير بوتين اتفقا"
    found = [(sentence[start:end], actor.id) for start, end, actor in linker.find(sentence)]
    assert found == [("الرئيس بشار الأسد", "bashar_al_assad"), ("الرئيس الروسي فلاديمير بوتين", "vladimir_putin")]


def test_resolve_role_refers_back_to_the_last_matching_actor(linker):
    trump, lavrov = linker.actor("donald_trump"), linker.actor("sergey_lavrov")
    ministry = linker.actor("ministry_of_foreign_affairs_of_russia")
    previous = [trump, lavrov, ministry]
    assert linker.resolve_role("الوزير", previous) is lavrov
    assert linker.resolve_role("وزير الخارجية الروسي", previous) is lavrov
    assert linker.resolve_role("نظيره الروسي", previous) is lavrov
    assert linker.resolve_role("الوزارة", previous) is ministry
    assert linker.resolve_role("الرئيس", previous) is trump
    assert linker.resolve_role("وزير الخارجية الأمريكي", previous) is None
    assert linker.resolve_role("رئيسة الوزراء", [linker.actor("theresa_may"), lavrov]).id == "theresa_may"


def test_an_unknown_name_becomes_a_new_actor(linker):
    minister = linker.candidate("وزير الخارجية الياباني يوشيماسا هاياشي", "PER")  # in office from 2021
    assert (minister.type, minister.label_ar, minister.affiliation) == ("Person", "يوشيماسا هاياشي", "japan")
    assert minister.label == "Ywshimasa Hayashi" and minister.id == "ywshimasa_hayashi"
    assert linker.resolve_role("الوزير", [minister]) is minister
    assert linker.candidate("حزب العدالة والتنمية", "ORG").type == "Organisation"
    assert linker.candidate("إقليم كردستان", "LOC").type == "GovernmentBody"
    with pytest.raises(ValueError):
        linker.candidate("كونو", "MISC")


def test_a_new_persons_state_is_the_first_its_title_names(linker):
    ambassador = linker.candidate("كينجي ياماموتو", "PER", "السفير الياباني لدى فرنسا")
    assert ambassador.affiliation == "japan"  # where he serves comes after
    # a description that is no title still names whom the person serves, not where
    assert linker.candidate("إيلي ماروم", "PER", "القائد السابق للبحرية الإسرائيلية").affiliation == "israel"
    assert linker.candidate("نايف السديري", "PER", "سفير خادم الحرمين الشريفين في الأردن").affiliation is None


def test_a_candidate_is_known_only_once_adopted():
    linker = Linker()
    # trying a name is a lookup: an actor made for it and dropped leaves nothing behind
    tried = linker.candidate("عزام الدخيّل", "PER")
    assert linker.candidate("عزام الدخيل", "PER") is not tried
    kept = linker.adopt(linker.candidate("عزام الدخيل", "PER"))
    assert linker.candidate("عزام الدخيّل", "PER") is kept
    assert linker.adopt(tried) is kept  # a second spelling met later gets the first one's actor


def test_a_new_actor_is_named_alike_with_or_without_diacritics(linker):
    # parallel workers meet the spellings in different orders: the store must get one label either way
    first = linker.candidate("عزام الدخيّل", "PER")
    assert (first.label_ar, first.aliases) == ("عزام الدخيل", Linker().candidate("عزام الدخيل", "PER").aliases)


def test_link_statements_adopts_actors_and_drops_a_target_equal_to_its_speaker(linker):
    lavrov, syria = linker.actor("sergey_lavrov"), linker.actor("syria")
    newcomer = linker.candidate("المبعوث الخاص تارو ياماموتو", "PER")

    def statement(speaker, target) -> Statement:
        rules = {"speaker": "speaker.subject"} | ({"target": "target.dependent"} if target else {})
        return Statement(doc="d", sentence=SEED, sentence_start=0, sentence_end=len(SEED), type="assert",
                         trigger="أكد", speaker=Mention(speaker.label_ar, 0, 0), target=None, claim="",
                         confidence=0.9, speaker_actor=speaker, target_actor=target, rules=rules)

    linked = link_statements([statement(lavrov, syria), statement(newcomer, None), statement(lavrov, lavrov)], linker)
    assert [(s.speaker.id, s.target and s.target.id) for s in linked] == [
        ("sergey_lavrov", "syria"), (newcomer.id, None), ("sergey_lavrov", None)]
    assert "target" not in linked[2].statement.rules
    assert linker.candidate("تارو ياماموتو", "PER") is newcomer


def test_transliteration_reads_long_vowels():
    assert transliterate("نيكولاس مادورو") == "Nikulas Maduru"
    assert transliterate("حيدر العبادي") == "Hidr Al-Abadi"


@needs_dictionary
def test_cameo_codes_of_persons_come_from_the_petrarch_dictionary(linker):
    dictionary = read_cameo_dictionary(DICTIONARY)
    assert dictionary[("لافروف",)] == "RUSGOV"
    assert linker.actor("sergey_lavrov").cameo == "RUSGOV"
    assert linker.candidate("نوري المالكي", "PER").cameo == "IRQGOV"
    assert linker.link("نوري المالكي").cameo == "IRQGOV"  # a person of persons-petrarch.ttl


def test_curated_actors_are_consistent(linker):
    graph = Graph()
    for path in actor_files():
        graph.parse(path, format="turtle")
    for node, label in graph.subject_objects(SKOS.prefLabel):
        if str(node).startswith(RESOURCE_NS) and label.language == "en":
            assert str(node).removeprefix(RESOURCE_NS) == slug(str(label)), "an id is the slug of its English label"
    for actor in linker.actors.values():
        assert actor.type in {"Person", "State", "Organisation", "GovernmentBody"}
        assert actor.affiliation is None or actor.affiliation in linker.actors


def test_an_agents_title_before_a_principal_names_the_agent(linker):
    assert linker.link("سفير الملك سلمان بن عبد العزيز") is None
    assert linker.link("مبعوث الأمين العام للأمم المتحدة إلى سوريا ستافان دي ميستورا").id == "staffan_de_mistura"


def test_a_states_namesake_of_an_international_body_is_not_it(linker):
    # issue 15: a national security council was taken for the UN's
    assert linker.link("مجلس الأمن الدولي").id == "united_nations_security_council"
    assert linker.link("مجلس الأمن القومي") is None
    assert linker.link("مجلس الأمن القومي الأمريكي").id == "united_states"
    assert [actor.id for _, _, actor in linker.find("مجلس الأمن الروسي")] == ["russia"]


def test_a_gentilic_after_a_national_group_describes_it(linker):
    """A group of one state that no state owns (CAMEO YEMREB, PSEREB) is no international body: a
    gentilic after it is its description, naming no state of its own."""
    assert [actor.id for _, _, actor in linker.find("ميليشيات الحوثي الإيرانية في اليمن")] == ["houthis", "yemen"]
    assert [actor.id for _, _, actor in linker.find("اتهمت حركة حماس الفلسطينية إسرائيل")] == ["hamas", "israel"]


def test_a_name_inside_another_persons_is_not_that_person(linker):
    """Trump's son is not Trump, nor is a prince named after his father the king; a name the
    gazetteer holds with its epithet is found whole."""
    assert linker.link("ترامب الابن") is None and linker.find("قال دونالد ترامب الابن إن") == []
    assert linker.link("الأمير خالد بن سلمان بن عبدالعزيز") is None
    assert linker.link("الملك سلمان بن عبدالعزيز").label_ar == "الملك سلمان بن عبد العزيز"
    assert linker.link("الرئيس جورج بوش الابن").label_ar == "بوش الابن"
    assert linker.link("ترامب").label_ar == "دونالد ترامب"


def test_a_gentilic_is_told_from_the_states_name(linker):
    assert linker.gentilic("كوري جنوبي") and linker.gentilic("الروسي")
    assert not linker.gentilic("روسيا") and not linker.gentilic("سيول")
