"""Persons from UniversalPetrarch's Arabic actor dictionary, written to ontology/persons-petrarch.ttl.

    python -m kg.training.petrarch_persons            # write the file again
    python -m kg.training.petrarch_persons --check    # exit 1 if the file is not what the rules give
    python -m kg.training.petrarch_persons --report   # and say what each rule left out

The dictionary (``actor_dict_ar_v4.txt``, MIT, Open Event Data Alliance, read from
``$KG_SHARED_DATA/lexicon/universalpetrarch`` or ../shared/data) gives each actor as a name,
lemmatised and joined with ``_``, then its CAMEO codes with the dates they held: ``نوري_المالكي_``
with ``[IRQGOV 20101221-20140908]``. A name may come back further down with more codes. Its persons
become kg:Person actors by these rules, in this order:

1. *Valid in the corpus years*: only a code whose dates overlap 2015-2019 counts: ``>D`` from D on,
   ``<D`` until D, ``D1-D2`` from D1 to D2 (an end of 18000101 is open). An undated code says nothing
   about those years, and a range that ends before it starts cannot be read: neither counts.
2. *A person's code*: a state's CAMEO code followed by a role (``IRQGOV``, ``PSECVLELI``), or ``IGO``.
   A state's code alone (``جدة [SAU]``, ``سوري [SYR]``) is a place or a people; a role alone
   (``[GOV]``, ``[MIL]``) is a kind of actor. CAMEO's country codes are ISO 3166 alpha-3 codes,
   which the gazetteer's states carry (:data:`CAMEO_STATES` lists the exceptions).
3. *A person's name*: no entry opening with a body noun (lexicon.ttl's kg:bodyNouns: حزب, مجلس ...),
   before or after its titles; the titles before the name stripped (kg:dictionaryTitleWords, the
   title words of kg:Person in actors.ttl, states' names and gentilics, proclitics written apart:
   ``رئيس_روسي_فلاديمير_بوتين_`` is فلاديمير بوتين); cut before an apposition after it
   (kg:dictionaryTitleHeads, relative pronouns: ``شكيب_خليل_وزير_طاقة_...``); no digits; at least two
   words left. One word left is a surname: it is no person, but see 5.
4. *One state*: the person is affiliated to the state of its codes (an IGO code names no
   organisation: no affiliation). Valid codes of two states are two persons run together
   (``ملك_عبد_الله_``: the kings of Saudi Arabia and of Jordan): left out.
5. *One person, several entries*: names that are one key (:func:`kg.link.key_of`) are one person. A
   shorter name of the same state that ends a longer one without ``بن`` (نصر الله of حسن نصر الله), or
   begins one before a family name (محمد بن راشد of محمد بن راشد آل مكتوم), is its skos:altLabel; a
   surname (rule 3) that ends exactly one such name of its state, and no other person's name here or
   in persons.ttl, is its kg:ambiguousLabel (the linker trusts it only on a mention a tagger marked
   as a name), unless another actor already has that name.
6. *Eye review*: every person the rules give was read. :data:`REVIEW` leaves out the entries that are
   no person or misspell the name; :data:`SAME_AS` joins entries that the rules keep apart.
7. *Persons of persons.ttl* (the lists of office holders): a person with a name (or a spelling
   variant of one) of a person there, or joined to one by :data:`SAME_AS`, is that person: the
   dictionary's other names for them become skos:altLabels of theirs, nothing more. A person there
   of another state is another person of the same name: left out.

Each new person gets an Arabic prefLabel (the name most of its entries give, then the longest), an
English one transliterated from it (the dictionary has no English names), kg:cameoCode (its valid
code that starts last, of its state if it has one), and no office: no CAMEO role says which office
(GOV is any member of a government). A comment above each names the entries it comes from, with
their valid codes.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.lexicon import lexicon
from kg.link import (GENTILIC, NAME, Key, Linker, _default_dictionary, _drop_article, _name_keys, actor_files,
                     key_of, slug, transliterate)
from kg.text import normalise_arabic, strip_diacritics

CORPUS_YEARS = ("20150101", "20191231")
OPEN_END = "18000101"  # the dictionary's end date of a code still held
CAMEO_STATES = {"KSV": "kosovo"}  # CAMEO country codes that are no ISO alpha-3 code of a CLDR state
OUTPUT = "persons-petrarch.ttl"
PATRONYMIC = {"بن", "ابن"}  # normalised: محمد بن راشد

# Rule 6, the eye review of every person rules 1-5 give: the entries (as the dictionary writes
# them) that are no person, or that misspell or mangle the name, with the reason.
REVIEW: dict[str, str] = {
    # not persons
    "تأثير_مهيمن_": "not a person: a phrase (a batch of 2017 entries coded CHN...)",
    "ربط_زيادة_": "not a person: a phrase (a batch of 2017 entries coded CHN...)",
    "إطار_تخوف_": "not a person: a phrase (a batch of 2017 entries coded CHN...)",
    "رؤية_ظرف_": "not a person: a phrase (a batch of 2017 entries coded CHN...)",
    "ال_وساطة_": "not a person: a phrase ('the mediation')",
    "لو_موند_": "not a person: Le Monde, a newspaper",
    "شرق_أوسط_": "not a person: Asharq Al-Awsat, a newspaper",
    "ليبرتي_تايمز_": "not a person: the Liberty Times, a newspaper",
    "فوكس_نيوز_": "not a person: Fox News",
    "برو_كولون_": "not a person: Pro Köln, a party",
    "ال_رابطة_الاسلامية_الباكستانية_": "not a person: the Pakistan Muslim League, a party",
    "جند_الله_": "not a person: Jundallah, an armed group",
    "لحرس_ثوري_إيراني_": "not a person: the Revolutionary Guards",
    "لقفي_قدس_": "not a person: the Quds Force, mangled",
    "مجاهد_خلق_": "not a person: the People's Mujahedin, an organisation",
    "فتح_إسلام_": "not a person: Fatah al-Islam, an armed group",
    "نائب_أول_ل_مجلس_النواب_العراقي_": "not a person: a title",
    "لنائب_و_الوزير_سابق_سليمان_فرنجية_": "titles only left (Suleiman Frangieh has an entry of his own)",
    "عاهل_أردني_ملك_عبد_الله_": "a given name only (عبد الله): Abdullah II, in persons.ttl",
    "عاهل_سعودي_ملك_عبد_الله_": "a given name only (عبد الله): King Abdullah, in persons.ttl",
    "ابو_بلال_": "a kunya many share (أبو بلال)",
    "ابو_زبيدة_فلسطيني_": "a kunya with a gentilic (Abu Zubaydah)",
    "لو_بن_": "a surname only (Le Pen)",
    # names misspelt, mangled or lemmatised into another name
    "انتوونيو_جوتيرس_": "misspelt (انتوونيو): António Guterres, in persons.ttl",
    "جاي_فيرهوفشتان_": "misspelt (فيرهوفشتان): Guy Verhofstadt has جي_فيرهوفستاد_",
    "حامد_كرازاي_": "misspelt (كرازاي): Hamid Karzai has حميد_كرزاي_",
    "البارو_اوريبي_": "misspelt (البارو for ألفارو): Álvaro Uribe",
    "إسماعيل_عمل_جيلي_": "misspelt (عمل for عمر): Ismaïl Omar Guelleh, in persons.ttl",
    "عمر_موسى_": "misspelt (عمر for عمرو): Amr Moussa has عمرو_موسى_",
    "دور_بالادور_": "mangled (دور for إدوار): Édouard Balladur",
    "رئيس_وزراي_دور_بالادور_": "mangled (دور for إدوار): Édouard Balladur",
    "هيلموى_كول_": "misspelt (هيلموى for هيلموت): Helmut Kohl",
    "مستشار_أسبق_هيلموى_كول_": "misspelt (هيلموى for هيلموت): Helmut Kohl",
    "مستشار_هيلموى_كول_": "misspelt (هيلموى for هيلموت): Helmut Kohl",
    "موسوي_والنمسوي_": "mangled: Mir-Hossein Mousavi",
    "محمود_أحمد_نجاد_": "misspelt (أحمد for أحمدي): Mahmoud Ahmadinejad has محمود_احمدي_نجاد_",
    "علي_حاتم_السليمان_بسليمان_": "mangled (بسليمان): Ali Hatem al-Suleiman",
    "نور_المالكي_": "lemmatised into another name (نور for نوري): Nouri al-Maliki has نوري_المالكي_",
    "تسيبي_ليف_هو_": "mangled (ليف هو for ليفني): Tzipi Livni",
    "ليف_هو_": "mangled (ليف هو for ليفني): Tzipi Livni",
    "وزيرة_ليف_هو_": "mangled (ليف هو for ليفني): Tzipi Livni",
    "رئيس_جوجيو_نابوليتانو_": "misspelt (جوجيو for جورجو): Giorgio Napolitano, in persons.ttl",
    "ناصر_المحمد_لمحمد_": "mangled (لمحمد): Nasser Al-Mohammed Al-Sabah",
    "سيف_اللاسلام_القذافي_": "misspelt (اللاسلام): Saif al-Islam Gaddafi",
    "أمين_عام_ل_أمة_المتحدة_ب_أن_كي_مون_": "mangled (ب أن for بان): Ban Ki-moon, in persons.ttl",
    "ب_أن_كي_مون_": "mangled (ب أن for بان): Ban Ki-moon, in persons.ttl",
    "اصف_زاريداري_": "misspelt (زاريداري): Asif Ali Zardari has اصف_علي_زارداري_",
    "عبد_ألمحسن_التو_يجري_": "mangled (التو يجري for التويجري): Abdulmohsen al-Tuwaijri",
    "ل_هو_كوان_هوو_": "mangled: Lee Kuan Yew",
    "رئيس_سوداني_رئيس_حكومة_جنوب_سلفاكير_": "mangled (جنوب left of جنوب السودان): Salva Kiir has سلف_كير_",
    "وليد_علمم_": "mangled (علمم for المعلم): Walid Muallem, in persons.ttl",
    "وزير_خارجية_وليد_علمم_": "mangled (علمم for المعلم): Walid Muallem, in persons.ttl",
    "أشار_بيوكانيت_": "mangled (أشار for ياشار): Yaşar Büyükanıt",
    "لبنى_بنى_خالد_القاسمي_": "mangled (بنى for بنت): Lubna Al Qasimi has شيخة_لبنى_القاسمي_",
    "بوش_صغير_": "lemmatised (صغير for الصغير): George W. Bush has جورج_بوش_",
    "بيل_كلنتون_": "misspelt (كلنتون): Bill Clinton has بيل_كلينتون_",
    "جو_بايدنن_": "misspelt (بايدنن): Joe Biden has جو_بايدن_",
    "هيلاري_كيلنتون_": "misspelt (كيلنتون): Hillary Clinton has هيلاري_كلينتون_",
    "دأنا_بيرينو_": "misspelt (دأنا for دانا): Dana Perino",
    "يخاندرو_وولف_": "mangled (يخاندرو for أليخاندرو): Alejandro Wolff",
    "عبد_الال_هوو_بن_كيران_": "mangled (الال هوو for الإله): Abdelilah Benkirane, in persons.ttl",
}

# Rule 6: entries that are one person with another entry or with a person of persons.ttl (by id)
# although their names are not one key.
SAME_AS: dict[str, str] = {
    # another spelling of a person of persons.ttl
    "عبد_العزيز_بو_تفليقة_": "abdelaziz_bouteflika",
    "رئيس_الجيبوتي_اسماعيل_عمر_جيلي_": "ismail_omar_guelleh",
    "بنجامين_نتنياهو_": "benjamin_netanyahu",
    "رئيس_وزير_بنجامين_نتنياهو_": "benjamin_netanyahu",
    "رئيس_وزير_إسرائيلي_بنجامين_نتنياهو_": "benjamin_netanyahu",
    "ملك_عبداللٰه_بن_الحسين_": "abdullah_ii_of_jordan",
    "عبداللٰه_بن_الحسين_": "abdullah_ii_of_jordan",
    "شيخ_صباح_ألاحمد_الصباح_": "sabah_al_ahmad_al_jaber_al_sabah",
    "بن_كيران_": "abdelilah_benkirane",
    "شيخ_تميم_ال_ثاني_": "tamim_bin_hamad_al_thani",
    "تميم_بن_حمد_بن_خليفة_ال_ثاني_": "tamim_bin_hamad_al_thani",
    # one person, two spellings or a longer and a shorter name the rules keep apart
    "راشد_عبد_الله_ال_خليفة_": "وزير_داخلي_بحريني_شيخ_فريق_ركن_راشد_بن_عبد_الله_ال_خليفة_",
    "شيخ_فريق_ركن_راشد_عبد_الله_ال_خليفة_": "وزير_داخلي_بحريني_شيخ_فريق_ركن_راشد_بن_عبد_الله_ال_خليفة_",
    "منوشهر_متكي_": "منوشهر_متقي_",
    "غلام_علي_حداد_": "غلام_علي_حداد_عادل_",
    "نوري_كامل_المالكي_": "نوري_المالكي_",
    "شمعون_بيريز_": "شيمعون_بيريس_",
    "حسن_نصرالله_": "حسن_نصر_الله_",
    "رمضان_شلح_": "رمضان_عبد_الله_شلح_",
    "شيخ_عبد_العزيز_ال_شيخ_": "شيخ_عبد_العزيز_بن_عبد_الله_ال_شيخ_",
    "نور_عدي_": "نور_حسن_حسين_",
    "غوردن_براون_": "غوردون_براون_",
    "رئيس_بوش_الابن_": "جورج_بوش_",
    "بوش_ابن_": "جورج_بوش_",
    "جون_مكين_": "جون_ماكين_",
    "ديفيد_باتريوس_": "ديفيد_بتراوس_",
    "كوندوليسا_رايس_": "كوندوليزا_رايس_",
    "هنري_كيسنجر_الذي_": "هنري_كيسينجر_الذي_",
    "مورغان_تسفانغيراي_": "مورغان_تسفانجيراي_",
}


@dataclass(frozen=True)
class Code:
    code: str
    start: str  # YYYYMMDD, "" for no bound
    end: str

    def valid(self) -> bool:
        return (self.start or "0") <= CORPUS_YEARS[1] and (self.end or "9") >= CORPUS_YEARS[0]

    def __str__(self) -> str:
        dates = f"{self.start}-{self.end}" if self.start and self.end else f">{self.start}" if self.start else f"<{self.end}"
        return f"[{self.code} {dates}]"


@dataclass
class Entry:
    raw: str  # the name as the dictionary writes it
    codes: list[Code] = field(default_factory=list)  # every dated code, all its lines together
    name: str = ""  # the person's name in it (rule 3)


@dataclass
class Person:
    names: list[str]  # the names the entries give (rules 3 and 5), first seen first
    entries: list[Entry]
    state: str | None  # the actor id of the state, or None
    surnames: list[str] = field(default_factory=list)
    same_as: str | None = None  # a person of persons.ttl
    cameo: str = ""

    @property
    def label_ar(self) -> str:
        """The name most of its entries give, then the longest, then the first."""
        def entries(name: str) -> int:
            return sum(key_of(name) == key_of(e.name) for e in self.entries)
        return max(self.names, key=lambda n: (entries(n), len(n.split()), -self.names.index(n)))


_CODE = re.compile(r"\[([^\]]*)\]")
_DATED = re.compile(r"[~?]?\s*([A-Z]+)\s*(?:([<>])\s*(\d{8})|(\d{8})\s*-\s*(\d{8}))\s*")


def read_dictionary(path: Path) -> list[Entry]:
    """Every entry with its dated codes (rule 1 reads them), in the order of the file."""
    entries: dict[str, Entry] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        text = re.sub("[\u200e\u200f]", "", line).strip()
        if not text or text.startswith("#"):
            continue
        if not text.startswith("["):
            raw = text.split("[")[0].strip()
            current = entries.setdefault(raw, Entry(raw))
        for bracket in _CODE.findall(text):
            dated = _DATED.fullmatch(bracket.strip())
            if current is None or not dated:
                continue  # undated, or unreadable
            code, sign, date, start, end = dated.groups()
            if sign:
                current.codes.append(Code(code, *((date, "") if sign == ">" else ("", date))))
            elif end == OPEN_END:
                current.codes.append(Code(code, start, ""))
            elif end >= start:
                current.codes.append(Code(code, start, end))
    return list(entries.values())


class Rules:
    """Rules 2-4 with the word lists of the ontology and the gazetteer's states."""

    def __init__(self, linker: Linker) -> None:
        lex, gaz = lexicon(), linker._gaz
        self.states = {a.cameo: a.id for a in linker.actors.values() if a.type == "State" and a.cameo}
        self.states.update(CAMEO_STATES)  # CAMEO country code -> state id
        self.titles = sorted({_words(t) for t in lex.dictionary_title_words}, key=len, reverse=True)
        self.title_words = (gaz.title_words | gaz.title_fillers | gaz.former_words | lex.proclitics
                            | {_drop_article(t) for t in lex.dictionary_title_words if " " not in t})
        # states' names and gentilics, which open a title (رئيس_روسي_, رئيس_حكومة_جنوب_سودان_)
        self.state_keys: dict[str, list[Key]] = defaultdict(list)  # by first word, longest first
        for key, (actor, rank) in sorted(gaz.keys.items(), key=lambda item: -len(item[0])):
            if rank in (NAME, GENTILIC) and linker.actors[actor].type == "State":
                self.state_keys[key[0]].append(key)
        self.heads = {_drop_article(w) for w in lex.dictionary_title_heads | lex.relative_pronouns}
        self.bodies = {_drop_article(w) for w in lex.body_nouns}

    def persons_code(self, code: str) -> bool:
        """Rule 2: a state's code with a role after it, or an IGO's."""
        return code.startswith("IGO") or len(code) > 3 and code[:3] in self.states

    def cameo(self, person: Person) -> str:
        """The valid code that starts last, of the person's state if it has one."""
        codes = [c for e in person.entries for c in e.codes if c.valid() and self.persons_code(c.code)]
        own = [c for c in codes if person.state and self.states.get(c.code[:3]) == person.state]
        return max(own or codes, key=lambda c: c.start).code

    def state(self, entry: Entry) -> tuple[str | None, str]:
        """Rules 1, 2 and 4: the state of a person's entry (or None), or why it is none."""
        codes = [c.code for c in entry.codes if c.valid()]
        if not codes:
            return None, "1 no code valid in 2015-2019"
        codes = [c for c in codes if self.persons_code(c)]
        if not codes:
            return None, "2 no person's code (a state's code alone, or a role alone)"
        states = {self.states[c[:3]] for c in codes if not c.startswith("IGO")}
        if len(states) > 1:
            return None, "4 codes of two states"
        return next(iter(states), None), ""

    def name(self, raw: str) -> tuple[list[str], str]:
        """Rule 3: the words of the name in an entry, or why there is none."""
        words = [w for w in strip_diacritics(raw).split("_") if w.strip()]
        keys = [_drop_article(normalise_arabic(w)) for w in words]
        if keys and keys[0] in self.bodies:
            return [], "3 a body noun opens it"
        i = 0
        while i < len(keys):
            title = next((t for t in self.titles if tuple(keys[i:i + len(t)]) == t), None)
            state = next((k for k in self.state_keys.get(keys[i], ()) if tuple(keys[i:i + len(k)]) == k), None)
            if title or state:
                i += len(max(title or (), state or (), key=len))
            elif keys[i] in self.title_words:
                i += 1
            else:
                break
        end = next((j for j in range(i + 2, len(keys)) if keys[j] in self.heads), len(keys))
        name = words[i:end]
        if name and _drop_article(normalise_arabic(name[0])) in self.bodies:
            return [], "3 a body noun opens it"
        if any(c.isdigit() for c in raw):
            return [], "3 digits"
        if not name:
            return [], "3 titles only"
        return name, "" if len(name) > 1 else "3 one word (a surname)"


def _words(text: str) -> Key:
    return tuple(_drop_article(w) for w in normalise_arabic(text).split())


def persons(entries: list[Entry], rules: Rules, known: Linker) -> tuple[list[Person], dict[str, list[str]]]:
    """Rules 1-7: the dictionary's persons, and the entries each rule left out."""
    left_out: dict[str, list[str]] = defaultdict(list)
    by_key: dict[tuple[str | None, Key], Person] = {}
    surnames: list[tuple[str, str | None, Entry]] = []
    for entry in entries:
        state, why = rules.state(entry)
        name, why_name = rules.name(entry.raw) if not why else ([], "")
        why = why or why_name
        if entry.raw in REVIEW and not why:
            why = "6 eye review"
        if why.startswith("3 one word"):
            surnames.append((name[0], state, entry))
        if why:
            left_out[why].append(f"{entry.raw}: {REVIEW[entry.raw]}" if why.startswith("6") else entry.raw)
            continue
        text = entry.name = " ".join(name)
        person = by_key.setdefault((state, key_of(text)), Person([], [], state))
        person.names += [text] if text not in person.names else []
        person.entries.append(entry)
    found = _join(list(by_key.values()), left_out)
    _match(found, known, left_out)
    # rule 5: a surname ends one name of its state, and no other person's name, here or in persons.ttl
    known_names = [n for a in known.actors.values() if a.type == "Person" for n in (a.label_ar, *a.aliases)]
    for surname, state, entry in surnames:
        def ends(name: str) -> bool:
            return key_of(name)[-1:] == key_of(surname)
        owners = [p for p in found if p.state == state and any(
            ends(n) and not set(map(normalise_arabic, n.split())) & PATRONYMIC for n in p.names)]
        others = [p for p in found if p not in owners and any(map(ends, p.names))]
        if len(owners) == 1 and not others and not any(map(ends, known_names)) and surname not in owners[0].surnames:
            owners[0].surnames.append(surname)
    for person in found:
        person.cameo = rules.cameo(person)
    return found, left_out


def _join(found: list[Person], left_out: dict[str, list[str]]) -> list[Person]:
    """Rule 5 and :data:`SAME_AS`: a shorter name of another name's person joins it."""
    by_raw = {e.raw: p for p in found for e in p.entries}
    for raw, other in SAME_AS.items():
        if raw in by_raw and other in by_raw and by_raw[raw] is not by_raw[other]:
            _merge(by_raw[other], by_raw[raw], by_raw)
    for short in sorted(found, key=lambda p: min(len(n.split()) for n in p.names)):
        if any(p is short for p in by_raw.values()) and not any(e.raw in SAME_AS for e in short.entries):
            hosts = {id(p): p for p in by_raw.values() if p is not short and p.state == short.state
                     and any(_part_of(s, n) for s in short.names for n in p.names)}
            if len(hosts) == 1:
                _merge(next(iter(hosts.values())), short, by_raw)
            elif len(hosts) > 1:
                left_out["5 a shorter name of two persons"] += [e.raw for e in short.entries]
                for entry in short.entries:
                    by_raw.pop(entry.raw)
    return list({id(p): p for p in by_raw.values()}.values())


def _merge(host: Person, guest: Person, by_raw: dict[str, Person]) -> None:
    host.names += [n for n in guest.names if n not in host.names]
    host.entries += guest.entries
    for entry in guest.entries:
        by_raw[entry.raw] = host


def _part_of(short: str, long: str) -> bool:
    """Rule 5: whether name ``short`` is a shorter name of the person called ``long``."""
    s, n = key_of(short), key_of(long)
    if len(s) >= len(n):
        return False
    patronymic = bool(set(normalise_arabic(long).split()) & PATRONYMIC)
    ends = not patronymic and n[-len(s):] == s
    begins = n[:len(s)] == s and n[len(s)] in ("ال", "آل")  # آل normalises to ال
    return ends or begins


def _match(found: list[Person], known: Linker, left_out: dict[str, list[str]]) -> None:
    """Rule 7: the persons that persons.ttl has already, by a name or :data:`SAME_AS`."""
    persons = {a.id for a in known.actors.values() if a.type == "Person"}
    for person in found:
        ids = {SAME_AS[e.raw] for e in person.entries if SAME_AS.get(e.raw) in persons}
        for key in _name_keys(person.names):
            held = known._gaz.keys.get(key)
            if held and held[1] == NAME and held[0] in persons:
                ids.add(held[0])
        if len(ids) > 1:
            left_out["7 names of two persons of persons.ttl"] += [e.raw for e in person.entries]
            person.same_as = "?"
        elif ids:
            person.same_as = ids.pop()
            held_by = known.actor(known.actor(person.same_as).affiliation or "")
            if held_by is not None and held_by.type == "State" and person.state not in (held_by.id, None):
                left_out["7 the person of persons.ttl has another state"] += [e.raw for e in person.entries]
                person.same_as = "?"


def turtle(found: list[Person], known: Linker, source: Path) -> str:
    """The file: a header, the names added to persons of persons.ttl, then the new persons."""
    taken = set(known.actors)
    lines = [HEADER.format(source=source.name, count=sum(p.same_as is None for p in found))]
    lines.append("# ================================================================ names of persons of persons.ttl\n")
    matched: dict[str, list[Person]] = defaultdict(list)
    for person in found:
        if person.same_as not in (None, "?"):
            matched[person.same_as].append(person)
    for actor_id, group in sorted(matched.items()):
        actor = known.actor(actor_id)
        have = _name_keys([actor.label_ar, *actor.aliases])
        new = [n for p in group for n in p.names if not _name_keys([n]) <= have]
        if new:
            lines += [_comment(p) for p in group]
            lines.append(f"id:{actor_id} skos:altLabel {_literals(list(dict.fromkeys(new)))} .\n")
    lines.append("# ================================================================ persons\n")
    for person in sorted((p for p in found if p.same_as is None), key=lambda p: (p.state or "", p.label_ar)):
        label = transliterate(person.label_ar)
        actor_id = slug(label)
        if actor_id in taken:
            actor_id += "_" + hashlib.sha1(person.label_ar.encode()).hexdigest()[:6]
        taken.add(actor_id)
        held = [s for s in person.surnames if known._gaz.keys.get(key_of(s)) is None]
        body = [f"id:{actor_id} a kg:Person ;",
                f'    skos:prefLabel "{label}"@en , "{person.label_ar}"@ar ;']
        others = [n for n in person.names if n != person.label_ar]
        if others:
            body.append(f"    skos:altLabel {_literals(others)} ;")
        if held:
            body.append(f"    kg:ambiguousLabel {_literals(held)} ;")
        body.append(f'    {f"kg:affiliation id:{person.state} ; " if person.state else ""}kg:cameoCode "{person.cameo}" .')
        lines.append(_comment(person))
        lines.append("\n".join(body) + "\n")
    return "\n".join(lines)


def _literals(names: list[str]) -> str:
    return " , ".join(f'"{n}"@ar' for n in names)


def _comment(person: Person) -> str:
    return "\n".join(f"# {e.raw} {' '.join(str(c) for c in e.codes if c.valid())}" for e in person.entries)


HEADER = """\
# kg: persons from UniversalPetrarch's Arabic actor dictionary. GENERATED: do not edit; run
#     python -m kg.training.petrarch_persons
# whose docstring gives the rules (codes valid in 2015-2019, a state's code with a role, a name of
# two words or more once its titles are stripped, one state, an eye review of every person).
#
# Source: {source}, UniversalPetrarch (Open Event Data Alliance, MIT licence),
# https://github.com/openeventdata/UniversalPetrarch. {count} persons of its own; the dictionary's
# names of persons that persons.ttl has already are added to them as skos:altLabel. Each person's
# comment gives the entries it comes from, as the dictionary writes them, with the codes valid in
# 2015-2019. English labels are transliterations: the dictionary has Arabic names only.

@prefix kg:   <https://kg.example.org/ontology#> .
@prefix id:   <https://kg.example.org/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


def build(dictionary: Path) -> tuple[str, list[Person], dict[str, list[str]]]:
    known = Linker([f for f in actor_files() if f.name != OUTPUT])  # the gazetteer without this file
    found, left_out = persons(read_dictionary(dictionary), Rules(known), known)
    return turtle(found, known, dictionary), found, left_out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dictionary", nargs="?", type=Path, default=_default_dictionary())
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from what the rules give")
    parser.add_argument("--report", action="store_true", help="list the entries each rule left out")
    args = parser.parse_args(argv)
    text, found, left_out = build(args.dictionary)
    out = next(f for f in actor_files() if f.name == OUTPUT)
    if args.report:
        for why in sorted(left_out):
            print(f"{why}: {len(left_out[why])}\n    " + "\n    ".join(left_out[why]))
        new = [p for p in found if p.same_as is None]
        print(f"{len(new)} persons, {sum(p.same_as not in (None, '?') for p in found)} of persons.ttl")
    if args.check:
        same = out.is_file() and out.read_text(encoding="utf-8") == text
        print(f"{out}: {'up to date' if same else 'differs from what the rules give'}")
        return 0 if same else 1
    out.write_text(text, encoding="utf-8")
    print(f"{out}: {sum(p.same_as is None for p in found)} persons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
