"""Claim rules: the words of what a predicate says."""
from __future__ import annotations

from kg.extract.patterns import matches
from kg.extract.predicates import Triggers, according_to
from kg.extract.rules import rule
from kg.extract.sentence import (COMMAS, QUOTE_CHARS, WORDS, Predicate, SentenceView, conjoined_verb, phrase_after,
                                 relative_pronoun)
from kg.text import normalise_arabic

# ccomp, csubj, xcomp, parataxis; or an adverbial, oblique or object clause opened by أن/إن.
CONTENT_CLAUSE = [
    [{"RIGHT_ID": "predicate"},
     {"LEFT_ID": "predicate", "REL_OP": ">", "RIGHT_ID": "clause",
      "RIGHT_ATTRS": {"DEP": {"IN": ["ccomp", "csubj", "xcomp", "parataxis"]}}}],
    [{"RIGHT_ID": "predicate"},
     {"LEFT_ID": "predicate", "REL_OP": ">", "RIGHT_ID": "clause", "RIGHT_ATTRS": {"DEP": {"IN": ["advcl", "obl", "obj"]}}},
     {"LEFT_ID": "clause", "REL_OP": ">", "RIGHT_ID": "mark", "RIGHT_ATTRS": {"DEP": "mark", "POS": "SCONJ"}}],
]


@rule("claim.content_clause", pattern=CONTENT_CLAUSE)
def content_clause(view: SentenceView, predicate: Predicate) -> list:
    """"أكد لافروف أن واشنطن ...": the clause the predicate governs; one that begins after the predicate
    first ("خلال لقاء عقده أمس ...، أكد الوزير أن ...": the tree may hang عقده on أكد, and words after أكد
    on عقده). A clause opened by a relative pronoun describes a noun, not what is said ("وقال فلان، الذي
    استقبل ...، إن")."""
    heads = {m["clause"].id: m["clause"] for pattern in CONTENT_CLAUSE for m in matches(pattern, view, predicate.word)}
    clauses = [c for c in (view.subtree(heads[i]) for i in sorted(heads)) if not relative_pronoun(c[0])]
    return next((c for c in clauses if c[0].id > predicate.word.id), clauses[0] if clauses else [])


@rule("claim.from_opener")
def from_opener(view: SentenceView, start: int, end: int) -> list:
    """"يعلنها: الولايات المتحدة تطعننا", "رأى أن ... مؤكداً": from أن/إن or a colon on, where the
    tree misplaces the clause, opens it earlier or gives none."""
    return [w for w in view.words if start <= w.id <= end]


@rule("claim.following_words")
def following_words(view: SentenceView, predicate: Predicate, triggers: Triggers) -> list:
    """"أعلن رفض بلاده ...، مؤكدا أن": with nothing said, the words after the predicate up to the
    speaker's next act, a clause of contrast ("اتهمت روسيا بريطانيا ...، فيما نفت لندن") or the next
    clause ("رافضا أي تأجيل، وغادر ...")."""
    end = min(triggers.next_act(view, predicate.word), contrast_start(view, predicate.word),
              joined_clause_start(view, predicate.word))
    return view.words[predicate.word.id:end - 1]


def joined_clause_start(view: SentenceView, word) -> int:
    """Id of the conjunction of the first clause after ``word`` opened by a comma and a conjunction on
    its verb ("...، وغادر"), else past the end."""
    for later in view.words[word.id:]:
        if conjoined_verb(view, later) and view.previous(view.previous(later)).text in COMMAS:
            return later.id - 1
    return len(view.words) + 1


def contrast_start(view: SentenceView, word) -> int:
    """Id of the first word of a clause of contrast after ``word`` (kg:contrastOpeners), else past the end."""
    for later in view.words[word.id:]:
        if later is not later.parent.words[0]:
            continue
        token = normalise_arabic(later.parent.text)
        bare = token[1:] if token[:1] in WORDS.conjunction_proclitics else token
        pair = normalise_arabic(view.text(view.words[later.id - 1:later.id + 1]))
        if {token, bare, pair} & WORDS.contrast_openers:
            return later.id
    return len(view.words) + 1


@rule("claim.before_source")
def before_source(view: SentenceView, predicate: Predicate) -> list:
    """"...، حسب قوله.": an according-to phrase that closes the sentence claims what comes before it
    (before its word, clitic and all: "بحسب")."""
    return [w for w in view.words if w.parent.start_char < predicate.word.parent.start_char]


def closes_sentence(view: SentenceView, predicate: Predicate) -> bool:
    """Whether an according-to predicate's phrase ends the sentence: nothing but punctuation after it."""
    if predicate.rule != according_to.rule_id:
        return False
    phrase = phrase_after(view, predicate.word, len(view.words))
    end = phrase[-1].id if phrase else predicate.word.id
    return all(w.upos == "PUNCT" for w in view.words[end:])


@rule("claim.occasion")
def occasion(view: SentenceView, predicate: Predicate) -> list:
    """"وأكد الوزير خلال لقائه نظيره الروسي أن": an occasion claims its own phrase, not what is said on it."""
    return view.subtree(predicate.word)


@rule("claim.whole_sentence")
def whole_sentence(view: SentenceView) -> list:
    """"بوتين يسحب تأييده": a predicate with nothing after it claims its sentence."""
    return list(view.words)


@rule("claim.after_lead")
def after_lead(view: SentenceView, lead_end: int) -> list:
    """"كوساتشيف: ...": what follows a headline lead's colon or quotation mark."""
    return [w for w in view.words if w.parent.start_char > lead_end]


def said(view: SentenceView, predicate: Predicate, triggers: Triggers) -> tuple[list, str]:
    """What the predicate reports as said, and the rule that found it ([] if nothing)."""
    clause = content_clause(view, predicate)
    start = view.content_start(predicate.word)
    if not clause:  # what follows أن after a participle is the participle's: "رفض ...، مؤكدا أن"
        if start < triggers.next_act(view, predicate.word):
            return from_opener(view, start, len(view.words)), from_opener.rule_id
        return [], content_clause.rule_id
    # the tree's clause may open before أن/إن, on the speaker's name or a day ("قال فلان، ...، الأحد إن"):
    # what is said opens there, unless another act comes first ("لافتاً إلى أن" is the participle's)
    skipped = [w for w in clause if w.id < start]
    if start <= clause[-1].id and not any(triggers.typed(view, w)[0] for w in skipped) \
            and view.word(start).text[:1] not in QUOTE_CHARS:
        return from_opener(view, start, clause[-1].id), from_opener.rule_id
    return clause, content_clause.rule_id


def claim(view: SentenceView, predicate: Predicate, triggers: Triggers) -> tuple[list, str]:
    """The content of the statement and the rule that found it: what the predicate says, else the
    words up to the speaker's next act, else the whole sentence."""
    if triggers.occasion(view, predicate):
        return occasion(view, predicate), occasion.rule_id
    if closes_sentence(view, predicate):
        return before_source(view, predicate), before_source.rule_id
    words, rule_id = said(view, predicate, triggers)
    if not words:
        words, rule_id = following_words(view, predicate, triggers), following_words.rule_id
    if not words:
        words, rule_id = whole_sentence(view), whole_sentence.rule_id
    return words, rule_id
