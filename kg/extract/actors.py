"""Finding the actors a run of words names: lookups in the gazetteer and the article, no side effects.

Trying a rule calls these; none of them creates an actor or changes what the article remembers.
A name the gazetteer lacks gives a *candidate* actor (``Linker.candidate``); it becomes known only
when a statement that needs it is kept (kg.link.link_statements).
"""
from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from itertools import takewhile

from kg.link import Linker
from kg.ontology import TriggerIndex, normalise_arabic
from kg.records import Actor
from kg.text import is_arabic
from kg.extract.sentence import (COMMAS, NAME_MARKS, PHRASE_STOPS, WORDS, QUOTE_CHARS, SentenceView, antecedent,
                                 definite, entity_goes_on, entity_tag, entity_went_on, first_entity, key, marked,
                                 outlet_name, person_start, phrase_before, quoted_words, run, sound_plural, surname)

NAME_RELATIONS = {"nmod", "amod", "flat", "flat:foreign", "compound", "fixed", "nummod", "det", "appos"}
PROPER_UPOS = {"X", "PROPN"}  # PADT tags names X: "القيادي", "الزعيمان" make no new actor
CLITIC_UPOS = ("ADP", "CCONJ")  # a proclitic the tokenizer split off a name: "و" + "الرباط", "ب" + "كين"
INDEPENDENT_SECTORS = ("LEG", "JUD")  # CAMEO sectors of the bodies a state's government may speak of
MEDIA = "MED"  # the CAMEO sector code of news outlets
OUTLET_REACH = 2  # heads from a gentilic up to its outlet's noun: أمريكية -> إعلام -> وسائل
SOCIAL_NETWORKS = frozenset(map(normalise_arabic, WORDS.social_networks))

SAME_WORD = 0.8  # two spellings of one word of a name, بن and ابن (SAME_NAME would find خالد in الدين)
SAME_NAME = 0.6  # similarity of two spellings of one given name: سيرجي, سيرغي (difflib ratio)
SURNAME_PHRASE = 2  # words of a later mention by surname: "القطان", "السفير قطان"
TITLE_WINDOW = 8  # words of a title before a name: "المتحدث الرسمي باسم وزارة الخارجية الروسية"
APPOSITION_WINDOW = 8  # words of a title after a name: "مندوب سوريا الدائم لدى الأمم المتحدة"
PLACE_NAME_WORDS = 3  # words of a place's name between a settlement's noun and a gentilic: "بلدة تل تمر السورية"
DESTINATION_REACH = 5  # words from a verb of movement to where it goes: "سيتوجه بعد غد إلى روما"
TITLE_TAIL = 4  # words between a gentilic in a title and the name: "لدى الولايات المتحدة"

Found = tuple[Actor, list]  # an actor and the words that name it


class ActorLookup:
    """The actors of the gazetteer and of the article that a sentence's words name."""

    def __init__(self, linker: Linker, index: TriggerIndex):
        self.linker = linker
        self.index = index
        self.people: dict[str, Actor] = {}  # the article's persons by surname, for mentions by surname alone
        self.mentioned: dict[str, Actor] = {}  # ... of persons named in full, not (yet) in a statement

    def name_words(self, view: SentenceView, head) -> list:
        """The noun phrase of an actor: the head with its name-like dependents, no clauses."""
        return view.subtree(head, NAME_RELATIONS) if head.upos != "PRON" else [head]

    def hung_complement(self, view: SentenceView, words) -> list:
        """"الأمين العام | للأمم المتحدة": the phrase with ل right after a title, which the tree may
        hang on the verb; [] if none."""
        after = view.next(words[-1]) if words else None
        if after is None or key(after) not in WORDS.agent_prepositions or not after.head \
                or after.head in {w.id for w in words} or not self.linker.opens_title(words[0].text):
            return []
        phrase = view.subtree(view.word(after.head), NAME_RELATIONS | {"case"})
        return phrase if phrase[0] is after else []

    def actor_in(self, view: SentenceView, words, new: bool = True) -> tuple[Actor | None, list]:
        """The actor named by a noun phrase, linking its text (titles, clitics and all).

        A name the gazetteer lacks gives a candidate actor when the tagger marks it, unless ``new`` is false.
        """
        medium = next(filter(None, (medium_marker(view, *found) for found in self.mentions(view, words))), None)
        # "خبراء لبي بي سي": the experts (a name the tagger runs on into the medium ends before it)
        words = [w for w in self.with_whole_names(view, words) if medium is None or w.id < medium.id]
        if not words:
            return None, words
        actor = self.linker.link(view.text(words))
        outlet = next(filter(None, (self.outlet(view, w) for w in words)), None) \
            if new and (actor is None or actor.type == "State") else None  # "صحيفة واشنطن بوست" is no Washington
        if outlet:
            return outlet[0], [w for w in words if w.id <= outlet[1][-1].id]
        quoted = self.named_after_state(view, words, actor) if new else []
        if quoted:
            return self.linker.candidate(view.name_text(quoted), "ORG"), quoted
        tagged = tagged_names(view, words)
        names = first_entity(tagged)
        if names and self.linker.opens_title(words[0].text):  # "رئيس كوريا الجنوبية مون جيه-إن" is Moon
            persons = [w for w in tagged if w.parent.ner.endswith("-PER")]
            names = first_entity(persons) or names
            if principal(view, words[0], names, actor):  # "مستشار ترامب": someone who serves the person
                names = first_entity([w for w in persons if w.id > names[-1].id])
                if not names:
                    return None, words
        kind = names[0].parent.ner.split("-")[-1] if names else None
        named = list(self.mentions(view, words))  # which words name which actor
        if kind == "PER" and self.organisation_name(view, names):
            kind = None  # "الأمين العام للناتو": a known organisation's name, whatever the tagger says
        if actor is not None and actor.type == "Person" and kind != "PER" and all(a.id != actor.id for a, _ in named):
            actor = None  # named by a common word only: "عميد السلك الدبلوماسي العربي" is no Elaraby
        if kind == "PER" and actor is not None and not any(
                found.id == actor.id and names[-1] in covered for found, covered in named):
            # "سفير خادم الحرمين الشريفين أحمد قطان" is Qattan, not the king in his title
            actor = self.linker.link(view.text(names))
            actor = actor if actor and actor.type == "Person" else None
        if actor is None and kind == "PER":
            actor = self.person_by_surname(view.text(names))  # "مالانجي" after "جوزيف مالانجي"
        if kind == "PER" and actor is not None and another_given_name(actor, names, named):
            actor = None  # "إيفانكا ترامب" after "دونالد ترامب" is someone else
        if actor is None and kind is None and len(words) <= SURNAME_PHRASE:
            actor = self.person_by_surname(words[-1].text)  # "وتحدث القطان" after "أحمد قطان", untagged
        if actor is None and new and kind in ("PER", "ORG"):
            title = [w for w in words if w.id < names[0].id] or (
                self.title_before(view, names[0]) or self.title_after(view, names[-1]) if kind == "PER" else [])
            title = list(takewhile(lambda w: not person_start(w), title))  # "المتحدث باسم الرئيس التركي رجب ..."
            name = view.name_text(names).strip(QUOTE_CHARS)
            actor = self.linker.candidate(name, kind, view.text(title) if title else "")
            if kind == "ORG" and len(title) == 1 and title[0].upos == "NOUN" and not definite(title[0]):
                # "فريق سكاي", "شركة أبل": an organisation is also known by its kind's noun and name
                actor = replace(actor, aliases=with_alias(actor, view.name_text([*title, *names]).strip(QUOTE_CHARS)))
        if actor is not None and actor.type == "State":
            actor = self.national_body(view, words, actor, named) or actor
        # The phrase ends with the actor's name: in "طالب لافروف واشنطن" the tree may hang the object on it.
        ends = [covered[-1].id for found, covered in named if actor and found.id == actor.id]
        return actor, [w for w in words if w.id <= ends[0]] if ends else words

    def organisation_name(self, view: SentenceView, names) -> bool:
        """Whether words are wholly the name of an organisation the gazetteer knows ("للناتو": its clitic too)."""
        return any(actor.type == "Organisation" and covered == names for actor, covered in self.mentions(view, names))

    def named_after_state(self, view: SentenceView, words, actor: Actor | None) -> list:
        """The words of a quoted name that runs on past a state's name and names something else ("وأفادت
        "واشنطن بوست"", "«السعودية للكهرباء» تطلب", "طيران الإمارات"); [] if none."""
        quoted = quoted_name(view, words) if actor is not None and actor.type == "State" else []
        if len(quoted) < 2 or actor.id not in {named.id for _, _, named in self.linker.find(view.text(quoted))} \
                or any(covered == quoted for _, covered in self.mentions(view, quoted)):
            return []  # a known actor's whole name in quotes is that actor: "«الأمم المتحدة»"
        return quoted

    def outlet(self, view: SentenceView, noun, tagged: bool = True) -> Found | None:
        """A news outlet's noun and name: "صحيفة "واشنطن بوست" الأميركية" is an organisation (of the
        state of a gentilic after the name) that the noun refers back to ("وقالت الصحيفة"). A name
        that opens with a common word is named with the noun ("وكالة الأنباء السعودية"); a place
        unquoted names no outlet ("وكالة تونس ..." is read no further); the gazetteer's outlets are its own."""
        name = outlet_name(view, noun, tagged)
        quoted = bool(name) and marked(view, name)
        known = self.linker.link(view.text(name)) if name else None
        if known is not None and known.type != "State":
            return known, view.words[noun.id - 1:name[-1].id]  # "صحيفة "وول ستريت جورنال""
        if not name or known is not None and not quoted:
            return None
        end = view.next(name[-1])
        end = view.next(end) if end is not None and end.text in NAME_MARKS else end
        state = self.linker.link(end.text) if end is not None and end.upos == "ADJ" else None
        affiliation = state.id if state and state.type == "State" else None
        phrase = [w for w in view.words[noun.id - 1:end.id if affiliation else name[-1].id] if w.text not in NAME_MARKS]
        common = not quoted and name[0].upos not in PROPER_UPOS
        own_name = " ".join(w.text for w in phrase if w.id <= name[-1].id) if common else view.text(name)
        actor = self.linker.candidate(own_name, "ORG")
        whole = " ".join(w.text for w in phrase)
        return replace(actor, roles=(noun.lemma,), affiliation=affiliation, cameo=MEDIA,
                       aliases=with_alias(actor, whole)), \
            view.words[noun.id - 1:phrase[-1].id]

    def outlets(self, view: SentenceView, tagged: bool) -> list[Actor]:
        """The news outlets a sentence names, by their nouns and names (tagged names only if ``tagged``)."""
        return [found[0] for word in view.words for found in [self.outlet(view, word, tagged)] if found]

    def title_before(self, view: SentenceView, name) -> list:
        """The title right before a name, wherever the name is met, or in apposition before it: "قال
        المتحدث باسم الكرملين ديمتري بيسكوف", "مستشار المرشد الإيراني، علي ولايتي،" (a new person takes
        the title's affiliation)."""
        before = phrase_before(view, name, TITLE_WINDOW)
        mark = view.previous(name)
        if not before and mark is not None and mark.text in COMMAS:
            before = phrase_before(view, mark, TITLE_WINDOW)
        start = next((i for i, w in enumerate(before) if self.linker.opens_title(w.text)), len(before))
        return before[start:]

    def title_after(self, view: SentenceView, name) -> list:
        """A title in apposition after a name, naming no one else: "سامر الخطيب، المتحدث باسم الحكومة
        الأردنية،", "جاريد كوشنر، مستشار ترامب،", "أحد محاميه", whose name completes the title word in a construct (but
        "الجبير وزير الخارجية الألماني فرانك شتاينماير" and "التقى المهدي الرئيس عمر البشير" name another)."""
        after = view.words_after(name, APPOSITION_WINDOW)
        after = after[1:] if after and after[0].upos == "PUNCT" else after
        apposition = list(takewhile(lambda w: w.upos != "PUNCT", after))
        if apposition and key(apposition[0]) in WORDS.partitives and entity_tag(name).endswith("PER"):
            return apposition  # "أحد مستشاري الوزير": a person one of a principal's men
        if not (apposition and self.linker.opens_title(apposition[0].text)):
            return []
        named = next((i for i, w in enumerate(apposition) if person_start(w)), None)
        # the name serves as principal after another title word or a link ("المتحدث باسم ميركل")
        principal = named is not None and any(self.linker.opens_title(w.text) or self.linker.links_title(w.parent.text)
                                              for w in apposition[1:named])
        construct = named == 1 and not definite(apposition[0])  # "مستشار ترامب", not "الرئيس عمر البشير"
        return apposition if named is None or construct or principal else []

    def national_body(self, view: SentenceView, words, state: Actor, named: list) -> Actor | None:
        """"الشرطة الكورية الجنوبية", "وسائل الإعلام الإسرائيلية": a common noun before a state's
        gentilic names a body or group of that state, which is not the state ("مواطنون يمنيون" too, though
        the tagger takes sound plurals for names: ``sound_plural``; but "الجانب الروسي"
        is: kg:stateSideNouns; and "وزير العمل الفلبيني" is a person's title)."""
        covered = next((c for actor, c in named if actor.id == state.id), None)
        head = next((w for w in words if w.upos not in CLITIC_UPOS), None)
        if not covered or head is None or not (head.upos == "NOUN" or sound_plural(head)) or head.id >= covered[0].id \
                or not (named_by_adjective(covered) or in_construct(view, head, covered)
                        and not self.linker.gentilic(view.text(covered))) or titles_person(view, state, covered):
            return None  # "المرجع العراقي محمود الصرخي" is the person named next
        if key(head) in WORDS.state_side_nouns or key(head) in self.index.anonymous_sources \
                or self.linker.opens_title(head.text):
            return None  # "مصدر دبلوماسي فرنسي" names no body
        body = self.state_body(view, [w for w in words if head.id <= w.id <= covered[-1].id], state)
        # named with the adjectives after the gentilic too: "لجنة مكسيكية مستقلة"
        described = list(takewhile(lambda w: w.upos == "ADJ", [w for w in words if w.id > covered[-1].id]))
        return replace(body, aliases=with_alias(body, view.text(view.words[head.id - 1:described[-1].id]))) \
            if described else body

    def state_body(self, view: SentenceView, words, state: Actor) -> Actor:
        """A body of ``state`` the gazetteer lacks, named by ``words``: "البحرية الإيطالية", "لجنة مستقلة"."""
        return replace(self.linker.candidate(view.name_text(words), "ORG"), affiliation=state.id)

    def remember(self, *actors: Actor | None) -> None:
        """The persons of a statement: later mentions by surname alone are theirs."""
        for actor in actors:
            if actor is not None and actor.type == "Person":
                self.people.setdefault(surname(actor.label_ar), actor)

    def remember_named(self, view: SentenceView, mentions: list[tuple[int, int, Actor]]) -> None:
        """The persons a sentence names in full ("الرئيس المخلوع علي عبدالله صالح"; ``mentions``: Linker.find
        of its text): a mention by surname alone may be theirs ("وأضاف الخطيب أن ..."), unless a
        statement's person has that surname."""
        text = view.text(view.words)
        for start, end, actor in mentions:
            if actor.type == "Person" and len(text[start:end].split()) > 1:
                self.mentioned.setdefault(surname(actor.label_ar), actor)

    def person_by_surname(self, name: str) -> Actor | None:
        last = surname(name)
        return self.people.get(last) or self.mentioned.get(last)

    def office_holder(self, view: SentenceView, words) -> Found | None:
        """"وزير العمل الفلبيني", "مبعوث الأمم المتحدة إلى سوريا": a title that names a state or body
        is its holder: the person the tagger names just after it, wherever the tree hangs the name
        ("المتحدث الرسمي باسم قوات التحالف "تحالف ..."، العقيد الركن تركي المالكي،"), else a person
        known by the title, of the first actor it names."""
        if not words or not self.linker.opens_title(words[0].text) or indefinite(view, words[0]):
            return None
        hung = self.holder_named(view, words)
        if hung or key(words[0]) in self.index.anonymous_sources | self.index.insider_sources:
            return hung
        phrase = list(takewhile(lambda w: w.upos != "PUNCT", view.words[words[0].id - 1:words[-1].id]))
        # an office several persons held names no one, and hides its state: "وزير الخارجية الكويتي"
        named = list(self.mentions(view, phrase)) or list(self.mentions(view, phrase[1:]))
        if not named or any(actor.type == "Person" for actor, _ in named):
            return None
        first, covered = named[0]
        phrase = self.with_complement(view, phrase[:phrase.index(covered[-1]) + 1])  # not what follows the title
        affiliation = first.id if first.type == "State" else first.affiliation or first.id
        return self.linker.office(view.text(phrase), affiliation), phrase

    def holder_named(self, view: SentenceView, words) -> Found | None:
        """The person the tagger names just after a title, past apposition commas and a body's quoted
        name, wherever the tree hangs it: "المتحدث الرسمي باسم قوات التحالف "تحالف ..."، العقيد الركن
        تركي المالكي"; a name the tagger took for a verb too ("الأمين العام للحلف الأطلسي ينس ستولتنبرغ")."""
        if not words or not self.linker.opens_title(words[0].text):
            return None
        after = [w for w in view.words[words[0].id - 1:] if w.text not in COMMAS + tuple(NAME_MARKS)]
        title = list(takewhile(lambda w: w.upos not in PHRASE_STOPS or person_start(w), after))[:2 * TITLE_WINDOW]
        title = [w for w in title if not self.names_body(view, w)]
        named = self.person_in(view, title)
        if named and principal(view, words[0], named[1], named[0]):  # "مستشار ترامب": whom it serves
            return self.person_in(view, [w for w in title if w.id > named[1][-1].id])
        return named or self.untagged_name(view, title)

    def untagged_name(self, view: SentenceView, title: list) -> Found | None:
        """"مدير منظمة الصحة العالمية تيدروس أدهانوم": a foreign name the tagger missed (or took into the
        body's name) still ends a title: two words or more in a row, tagged as foreign (X), not quoted
        (a body's name: شركة "جنرال إلكتريك"), naming no known actor or outlet."""
        name = []
        for word in reversed(title):
            if word.upos != "X" or len(word.text) < 2 or name and word.id != name[0].id - 1:
                break
            name.insert(0, word)
        before = view.previous(name[0]) if name else None
        if len(name) < 2 or before is None or before.text in NAME_MARKS or self.names_actor(view, title, name):
            return None
        return self.linker.candidate(view.text(name), "PER", view.text(title[:len(title) - len(name)])), name

    def untagged_apposed(self, view: SentenceView, words) -> Found | None:
        """"قالت فلانة الفلانية، المتحدثة باسم الوزارة، إن": a name the tagger missed, two words or more all
        tagged as foreign (X) and naming no known actor, with a title in apposition after it, is a person
        with that title."""
        if len(words) < 2 or any(w.upos != "X" or len(w.text) < 2 for w in words) \
                or next(self.mentions(view, words), None):
            return None
        title = self.title_after(view, words[-1])
        return (self.linker.candidate(view.text(words), "PER", view.text(title)), words) if title else None

    def names_actor(self, view: SentenceView, phrase: list, words: list) -> bool:
        """Whether a known actor's or an outlet's name in ``phrase`` covers one of ``words``."""
        named = [covered for _, covered in self.mentions(view, phrase)]
        named += [found[1] for word in phrase for found in [self.outlet(view, word)] if found]
        return any(word in covered for covered in named for word in words)

    def names_body(self, view: SentenceView, name) -> bool:
        """A person's name that, with the titles before it, completes a body's noun in a construct:
        "مركز الملك سلمان" (but "المتحدث باسم الوزارة أنيل ساكسين" is in apposition to a definite noun)."""
        before = next((w for w in reversed(view.words[:name.id - 1]) if not self.linker.opens_title(w.text)), None)
        return before is not None and key(before) in WORDS.body_nouns and not definite(before)

    def with_complement(self, view: SentenceView, title: list) -> list:
        """A title with its complement after إلى or لدى: "مبعوث الأمم المتحدة إلى سوريا" (the tree may
        hang it on the verb)."""
        link = view.next(title[-1])
        if link is None or key(link) not in WORDS.office_complement_prepositions:
            return title
        complement = next(self.mentions(view, view.words_after(link, TITLE_TAIL)), None)
        if complement is None or complement[1][0].id != link.id + 1:
            return title
        return list(view.words[title[0].id - 1:complement[1][-1].id])

    def person_in(self, view: SentenceView, words) -> Found | None:
        """The first person the tagger names in a run of words: "رئيس لجنة ... قسطنطين كوساتشيف"."""
        for word in words:
            if person_start(word):
                actor, names = self.actor_in(view, [word])
                if actor and actor.type == "Person":
                    return actor, names
        return None

    @staticmethod
    def with_whole_names(view: SentenceView, words) -> list:
        """Widen a phrase to the whole named entities it touches: "ميخاييل" -> "ميخاييل بوغدانوف"."""
        ids = {w.id for w in words}
        for word in words:
            if entity_goes_on(word):
                for later in view.words[word.id:]:
                    ids.add(later.id)
                    if not entity_goes_on(later):
                        break
        return [w for w in view.words if w.id in ids] if len(ids) > len(words) else words

    def mentions(self, view: SentenceView, words):
        """The actors named in a run of words, each with the words that name it, in text order."""
        if not words:
            return
        start = view.span(words)[0]
        for begin, end, actor in self.linker.find(view.text(words)):
            # overlap, not inclusion: "وواشنطن" is one token whose name starts after the clitic
            covered = [w for w in words if w.parent.start_char < start + end and w.parent.end_char > start + begin]
            if covered and not common_word(actor, covered) and not relative_of(view, actor, covered) \
                    and not place_in_name(view, actor, covered):
                yield actor, covered

    def nearby_actor(self, view: SentenceView, words, exclude: set | None = None, owners: set = frozenset(),
                     colleagues: set = frozenset(), governor=None, edge: frozenset = frozenset()
                     ) -> tuple[Actor | None, list]:
        """The first actor named in a run of words, not inside a circumstantial phrase.

        ``exclude`` holds actor ids to skip, ``owners`` actor ids whose members are skipped too,
        ``colleagues`` those whose government bodies are; a phrase under ``governor`` is its own, whatever
        phrase the tree hangs the governor in, and so is one whose words' ids are ``edge``.
        """
        for actor, covered in self.mentions(view, words):
            name = next((w for w in covered if w.upos not in CLITIC_UPOS), covered[0])  # "بكين" split as ب + كين
            if self.circumstantial(view, name, governor, edge) \
                    or not allowed(actor, exclude or set(), owners, colleagues) \
                    or medium_marker(view, actor, covered) is not None:
                continue
            if titled_name(view, actor, covered, apposed=True) is None:  # not in a person's title
                return actor, covered
        return None, []

    def circumstantial(self, view: SentenceView, word, governor=None, edge: frozenset = frozenset()) -> bool:
        """"في موسكو", "خلال مؤتمر", "على هامش اجتماع": a place, time or occasion, not a speaker or addressee;
        not the one of a word outside ``edge`` (the ids of a phrase of its own), if given."""
        if any(w is not None and w.upos == "ADP" and place_or_time(view, w) for w in (word, view.previous(word))) \
                and not self.presence(view, word):
            return True
        if destination(view, word) or located(view, word):
            return True
        # a person owns what في governs, is not in it as a place: "نشارك في مبادرة الرئيس الفرنسي" (but
        # "في مطار الملك خالد" is a place named after him)
        owner = person_start(word) or self.linker.opens_title(word.text)
        while word.head and word is not governor and word.deprel.split(":")[0] in ("nmod", "amod", "flat", "obl"):
            head_entity = entity_tag(view.word(word.head))
            if head_entity.startswith("S-"):
                break  # a one-word name heads no phrase: "في الرياض معالي وزير خارجية الأردن" (the tree joins them)
            if apposed_person(view, word) and head_entity != "O" and not head_entity.endswith("-PER"):
                break  # nor does a body's name govern a person after it: "مندوب كندا لدى الأمم المتحدة، جون سميث"
            if edge and word.head not in edge:
                break  # what is said, which the tree may hang on its medium: "في بيان \"نقف مع فرنسا في حقها\""
            word = view.word(word.head)  # "في مؤتمر على هامش اجتماع للتحالف الدولي"
            if word is governor:
                break  # "خلال لقائه رئيس الوزراء التونسي": the governor's own circumstance is not the actor's
            places = [c for c in view.kids(word, {"case"}) if place_or_time(view, c) and not (
                owner and key(c) == WORDS.locative_preposition and key(word) not in WORDS.body_nouns)]
            if places or key(word) in WORDS.circumstantial_nouns or destination(view, word):
                return True
        return False

    def presence(self, view: SentenceView, word) -> bool:
        """"تزايد الغضب لدى الرئيس الروسي", "كان لدى التشيك": لدى before a name a verb governs says with whom,
        not where or when; but after an office, a body or a trade it says whom they serve ("سفير روسيا لدى
        بريطانيا", "البعثة الأمريكية لدى الأمم المتحدة", "المحلل لدى كومرتس بنك")."""
        before = view.previous(word)
        if before is None or key(before) not in WORDS.presence_prepositions or word.deprel.split(":")[0] != "obl":
            return False
        served = view.words[max(0, before.id - 1 - TITLE_TAIL):before.id - 1]
        return not any(self.linker.opens_title(w.text) or key(w) in WORDS.body_nouns
                       or key(w) in self.index.anonymous_sources for w in served)

    def source_body(self, view: SentenceView, words) -> tuple[Actor | None, list]:
        """The body an unnamed source speaks from, which the guidelines credit: "مصدر في الخارجية
        الروسية", "المتحدث باسم الكرملين"; a state is no body ("مسؤول أمريكي في واشنطن"), nor does
        a diplomat speak for the United Nations."""
        if not words or key(words[0]) not in self.index.insider_sources:
            return None, []
        for actor, covered in self.mentions(view, words):
            if actor.type != "State" and attached(view, words[0], covered[0]) and medium_marker(view, actor, covered) is None:
                return actor, covered
        return None, []

    def named_subject(self, view: SentenceView, word) -> bool:
        """Whether a verb's subject names a known actor, or its relative pronoun one named right before it
        ("الرئيس الأمريكي دونالد ترامب الذي كان يطالب")."""
        words = antecedent(view, word)
        if words and any(covered[-1] is words[-1] for _, covered in self.mentions(view, words)):
            return True
        return any(self.actor_in(view, self.name_words(view, subject), new=False)[0]
                   for subject in view.kids(word, {"nsubj", "csubj"}))


def named_by_adjective(covered: list) -> bool:
    """Whether a state is named by an adjective: "الشرطة الكورية", "مواطنون يمنيون"."""
    return all(w.upos == "ADJ" or sound_plural(w) for w in covered)


def in_construct(view: SentenceView, head, covered: list) -> bool:
    """Whether the words naming a state complete the construct a body's noun opens: the noun without
    the article, nouns only up to the name ("شرطة تايبيه", "شرطة العاصمة تايبيه"; but "المالكي
    واشنطن" is a subject and its object, "دعم مصر" an act of the state)."""
    return key(head) in WORDS.body_nouns and not definite(head) \
        and all(w.upos == "NOUN" for w in view.words[head.id:covered[0].id - 1])


def titles_person(view: SentenceView, actor: Actor, covered: list) -> bool:
    """A state's gentilic in the title of a person the tagger names next: "السفير الروسي لدى
    واشنطن أناتولي أنطونوف" is the ambassador, "الناشط البريطاني جون ماكدونالد" the activist."""
    return actor.type == "State" and titled_name(view, actor, covered) is not None


def titled_name(view: SentenceView, actor: Actor, covered: list, apposed: bool = False):
    """The first word of the person's name a gentilic is in the title of ("السفير الروسي لدى واشنطن
    أناتولي أنطونوف"), past the title's comma if ``apposed`` ("المبعوث الأممي لليمن، مارتن غريفث"); None
    if the gentilic titles no one."""
    if actor.type == "Person" or covered[-1].upos != "ADJ" or actor.type != "State" and covered[0].upos != "ADJ":
        return None  # a body by its adjective alone ("الأممي"), not by a name ending in one (المحكمة الجنائية الدولية)
    title = run(view.words[covered[-1].id:], TITLE_TAIL)  # "لدى الولايات المتحدة" may come between
    after = view.words[covered[-1].id + len(title):]
    if apposed and after and after[0].text in COMMAS:
        title += after[1:2]
    return next((w for w in title if person_start(w)), None)


def tagged_names(view: SentenceView, words) -> list:
    """The words of ``words`` in named entities: a name's own words (the tagger's marks alone make
    "القيادي", "الزعيمان" no name), and a noun or adjective that goes on an entity right after them
    and is its own lemma, as a name is: the tagger reads "طارق حرب" as one name, the tagger of parts
    of speech حرب as 'war' (but "زيدان للصحفيين" is Zidane talking to journalists)."""
    tagged = []
    for word in words:
        tag = entity_tag(word)
        goes_on = entity_went_on(word) and tagged and tagged[-1].id == word.id - 1 \
            and word.upos in ("NOUN", "ADJ") and own_lemma(word)
        month = normalise_arabic(word.text).strip("/") in WORDS.months  # "أيار/ مايو" names no one
        if tag != "O" and word.id not in view.eulogy_ids and not month \
                and (word.upos in PROPER_UPOS or miscut(word) or goes_on):
            tagged.append(word)
    return tagged


def own_lemma(word) -> bool:
    """Whether a word is written as its lemma, but for the article: no clitic, no inflection."""
    written = normalise_arabic(word.text)
    return written in (key(word), WORDS.definite_article + key(word))


def principal(view: SentenceView, title, covered: list, actor: Actor | None) -> bool:
    """"مستشار ترامب", "مساعد سابق لترامب": a known person in construct with an indefinite title word (not
    itself part of a name: "أمين" is also a given name), or after it, its adjectives and لـ, is the one
    the title's holder serves ("الرئيس ترامب", "رئيس الوزراء نتنياهو" are the person titled)."""
    name = next((w for w in covered if entity_tag(w).endswith("-PER")), None)
    if actor is None or actor.type != "Person" or actor.candidate or name is None or name.id <= title.id \
            or definite(title) or entity_tag(title) != "O":
        return False
    between = view.words[title.id:name.id - 1]
    if between and key(between[-1]) in WORDS.agent_prepositions:
        between = between[:-1]  # "مساعد سابق | ل | ترامب"
    return all(w.upos == "ADJ" for w in between)


def miscut(word) -> bool:
    """"سيلفستر" (س + يلفستر), "فيصل" (ف + يصل): a word of a name's token that the expander cut as the
    future particle and a verb, or a conjunction and a verb (kg:nameCutConjunctions); the tagger marks
    the whole token, and no verb is part of a name."""
    split = word.parent.words
    first = normalise_arabic(split[0].text) if len(split) == 2 else None
    return first == WORDS.future_particle or first in WORDS.name_cut_conjunctions and split[1].upos == "VERB"


def indefinite(view: SentenceView, noun) -> bool:
    """"عضو في الكونغرس", "زعيم كردي بارز": a noun without the article that governs no noun or pronoun
    after it is someone unnamed ("زعيم طالبان", "وزير العمل", "نظيره" are definite by what they govern)."""
    after = view.next(noun)
    return not definite(noun) and (after is None or not definite(after)
                                   and after.upos not in ("NOUN", "PRON", *PROPER_UPOS))


def medium_marker(view: SentenceView, actor: Actor, covered: list):
    """The preposition that makes an actor the medium of a statement, neither who speaks nor what
    about: ل before a news outlet ("وقال الخطيب لسي إن إن", "في تصريح لوكالة رويترز", "لشبكة (سي بي
    إس)", "لـCNN") or its nationality, any before a social network ("وكتب نتنياهو على تويتر", "في تغريدة بموقع
    "تويتر"")."""
    first = covered[0]
    written = normalise_arabic(first.text)
    if (actor.cameo or "").endswith(MEDIA) and written[:1] in WORDS.medium_prepositions and written[1:2].isascii():
        return first  # ل stays on a name in Latin letters: "المالكي لـCNN:"
    before = first if first.upos in CLITIC_UPOS else view.previous(first)
    while before is not None and (before.text in NAME_MARKS or key(before) in WORDS.outlet_nouns):
        before = view.previous(before)
    if before is not None and before.upos == "ADP":
        outlet = (actor.cameo or "").endswith(MEDIA) and key(before) in WORDS.medium_prepositions
        network = normalise_arabic(" ".join(w.text for w in covered if w.upos not in CLITIC_UPOS
                                            and key(w) not in WORDS.outlet_nouns)) in SOCIAL_NETWORKS  # "بموقع تويتر"
        if outlet or network:
            return before
    return outlet_nationality(view, covered)


def outlet_nationality(view: SentenceView, covered: list):
    """The ل before an outlet that a gentilic describes ("لوسائل إعلام أمريكية", "لصحيفة الغارديان
    البريطانية"): the medium's nationality is neither who speaks nor what about."""
    gentilic = covered[0]
    if len(covered) != 1 or gentilic.upos != "ADJ":
        return None
    noun = gentilic
    for _ in range(OUTLET_REACH):
        noun = view.word(noun.head) if noun.head else None
        if noun is None:
            return None
        if key(noun) in WORDS.outlet_nouns:
            return next((case for case in view.kids(noun, {"case"}) if key(case) in WORDS.medium_prepositions), None)
    return None


def relative_of(view: SentenceView, actor: Actor, covered: list) -> bool:
    """Whether a person's surname is named in a tagged name with another given name before it:
    "ميلانيا ترامب" is not Donald Trump, "إبراهيم نصر الله" not Hassan Nasrallah."""
    if actor.type != "Person" or covered[0].upos in CLITIC_UPOS or not entity_went_on(covered[0]):
        return False  # "أردوغان لميركل": a preposition before the name ends the name before it
    given = list(takewhile(lambda w: entity_goes_on(w) and w.upos in PROPER_UPOS,
                           reversed(view.words[:covered[0].id - 1])))[::-1]
    return another_given_name(actor, [*given, *covered], [(actor, covered)])


def another_given_name(actor: Actor, names: list, named: list) -> bool:
    """"بشار الجعفري" is not Ibrahim al-Jaafari: the gazetteer matched the surname of a name the
    tagger reads whole, and the given name before it is none of the person's, the words before that
    surname in one of its names ("سيرجي لافروف" is Sergey Lavrov: spellings of one name are alike;
    "أحمد بن دغر" is Ahmed Obeid bin Daghr)."""
    covered = next((c for found, c in named if found.id == actor.id), names[-1:])  # or an ambiguous surname
    given = [w for w in names if w.id < covered[0].id]
    if not given:
        return False
    surname_words = [normalise_arabic(w.text) for w in covered]
    spelled = [normalise_arabic(name).split() for name in (actor.label_ar, *actor.aliases) if is_arabic(name)]
    if normalise_arabic(actor.label_ar).split() == surname_words:
        return False  # known by this name alone ("أبو زهري"): no given name to compare
    before = [words[:at] for words in spelled for at in range(1, len(words))
              if words[at:at + len(surname_words)] == surname_words]
    text = "".join(normalise_arabic(w.text) for w in given)
    if any(SequenceMatcher(None, text, "".join(words[-len(given):])).ratio() >= SAME_WORD for words in before):
        return False  # the words right before the surname: "ترامب" of "دونالد ترامب الابن", "ابن" of "خالد بن حميد"
    known = {"".join(words[:len(given)]) for words in before} \
        or {"".join(words[:-1]) for words in spelled if len(words) > 1}
    return bool(known) and all(SequenceMatcher(None, text, name).ratio() < SAME_NAME for name in known)


def place_in_name(view: SentenceView, actor: Actor, covered: list) -> bool:
    """A state's or capital's name that a tagged name goes on from with a name's word is part of that
    name: "تركي آل الشيخ" is no Turkey, "رياض محرز" no Saudi Arabia."""
    after = view.next(covered[-1])
    return actor.type == "State" and after is not None and after.upos in PROPER_UPOS \
        and entity_went_on(after) and after.parent is not covered[-1].parent


def common_word(actor: Actor, covered: list) -> bool:
    """A person named by one word that the tagger reads as an adjective, not a name: "العربي"
    'Arab' is not Nabil Elaraby, "صالح" 'good' not Saleh (but "الجبير", a noun, is al-Jubeir)."""
    word = covered[0]
    return actor.type == "Person" and len(covered) == 1 and entity_tag(word) == "O" and word.upos == "ADJ"


def allowed(actor: Actor, exclude: set, owners: set, colleagues: set) -> bool:
    """Whether ``actor`` may be a target: not excluded, not a member of an owner, and no government body
    of a colleague's state but its legislature or courts ("إذا أطاح الكونجرس بالاتفاق", "أكد أردوغان
    استقلال القضاء التركي")."""
    return actor.id not in exclude and actor.affiliation not in owners \
        and not (actor.affiliation in colleagues and actor.type == "GovernmentBody"
                 and not (actor.cameo or "").endswith(INDEPENDENT_SECTORS))


def place_or_time(view: SentenceView, preposition) -> bool:
    """"في", "خلال", "قبل" — but "من قبل" is 'by' ("من قبل الميليشيا الحوثية" names an agent) and
    "من بين" 'among' ("وسائل إعلام من بينها بي بي سي")."""
    previous = view.previous(preposition)
    return key(preposition) in WORDS.circumstantial_prepositions and not (
        previous is not None and f"{key(previous)} {key(preposition)}" in WORDS.non_circumstantial_phrases)


def apposed_person(view: SentenceView, word) -> bool:
    """A person's name set off by a comma after a title: "مندوب كندا لدى الأمم المتحدة، جون سميث"."""
    before = view.previous(word)
    return person_start(word) and before is not None and before.text in COMMAS


def located(view: SentenceView, word) -> bool:
    """"مدينة ليدز البريطانية": a gentilic after a place's name says where the place is, a name
    tagged as a place or one a settlement's noun opens (kg:settlementNouns), whatever its words' tags
    ("بلدة تل تمر السورية"); but "الأراضي السورية" are Syria's, "الحدود الأردنية السورية" two states'."""
    before = view.previous(word)
    if word.upos != "ADJ" or before is None:
        return False
    if before.upos in PROPER_UPOS and entity_tag(before).endswith("-LOC"):
        return True
    # back over the bare words of a name ("تل تمر") to the noun that opens it
    for count, earlier in enumerate(reversed(view.words[max(0, word.id - 2 - PLACE_NAME_WORDS):word.id - 1])):
        if count and key(earlier) in WORDS.settlement_nouns and not definite(earlier):
            return True
        if definite(earlier) or earlier.upos in ("ADP", "PUNCT", "CCONJ"):
            return False
    return False


def destination(view: SentenceView, word) -> bool:
    """"سيغادر إلى سنغافورة", "لدى وصوله إلى باريس": where someone goes is a place."""
    if not any(key(c) in WORDS.directional_prepositions for c in view.kids(word, {"case"})):
        return False
    # the tree may hang the place elsewhere when words come between: "سيتوجه بعد غد إلى روما"
    before = view.words[max(0, word.id - 1 - DESTINATION_REACH):word.id - 1]
    return bool(word.head) and key(view.word(word.head)) in WORDS.movement_lemmas \
        or any(w.upos == "VERB" and key(w) in WORDS.movement_lemmas for w in before)


def attached(view: SentenceView, source, name) -> bool:
    """"المتحدث باسم الكرملين", "مصدر في الخارجية": the name is the source's, not the verb's object."""
    return name.id == source.id or any(w.upos == "ADP" for w in view.words[source.id:name.id])


def quoted_name(view: SentenceView, words) -> list:
    """The words after the first quotation mark or bracket in or right before ``words`` up to the closing
    one (the tree may hang the marks elsewhere), if few enough to be a name (quoted_words) and no
    clause ("لافتات تقول "أمريكا تقتل ...""); [] if none."""
    before = view.previous(words[0]) if words else None
    opening = next((w for w in [before, *words] if w is not None and w.text in NAME_MARKS), None)
    name = quoted_words(view, opening) if opening else []
    return [] if any(w.upos == "VERB" for w in name) else name


def with_alias(actor: Actor, alias: str) -> tuple[str, ...]:
    """The actor's aliases and ``alias``, once: a candidate met again already has it."""
    return actor.aliases if alias in actor.aliases else (*actor.aliases, alias)
