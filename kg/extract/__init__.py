"""Stage 3 of the pipeline: speech acts from the dependency parse.

For every sentence of a parsed article, each part of a statement is found by named rules
(kg/extract/rules.py keeps the registry; ontology/rules.ttl describes them; every statement
records in ``Statement.rules`` which rule found which part):

1. predicates (predicates.py): words whose lemma (or form) is a trigger of a statement type in
   the ontology, multi-word triggers first; suppressions drop idioms ("ما يدعى بـ"), impersonal
   forms ("يذكر أن"), passives ("قيل إن") and acts inside what a named speaker said;
2. speaker (speakers.py): a cascade of rules per place the predicate stands in (a quotation,
   "بحسب", a participle or verbal noun, a verb): its subject, an actor before it, a relative
   antecedent, the speaker of the governing verb or of a framing statement, the previous
   speaker (pro-drop), ...; coordinated speakers ("ماكرون وميركل") each speak;
3. target (targets.py): an actor among the predicate's object / oblique, else the one the
   content clause is about, else a fronted topic; never the speaker's own side;
4. claim (claims.py): the content clause or quotation.

Rules only look things up: trying one never creates an actor or changes what the article
remembers. kg explain prints, for a sentence, every rule tried and why it declined.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.link import Linker
from kg.ontology import fallback_type, trigger_index
from kg.records import ParsedArticle, Statement
from kg.extract.actors import ActorLookup, Found
from kg.extract.claims import after_lead, claim, said
from kg.extract.predicates import Triggers, evaluation, obligation
from kg.extract.rules import REGISTRY, Attempt, Trace, cascade, rule
from kg.extract.scene import Context, Scene, SentenceState
from kg.extract.sentence import (WORDS, Predicate, SentenceView, feminine_verb, first_person_word, inside, key,
                                 what_said)
from kg.extract.speakers import SPEAKER_CASCADES, UNNAMING_RULES, according_to, cascade_of, lead, may_lead, partners
from kg.extract.targets import TARGET_RULES

# Trimmed from a claim's ends (as before the lexicon): not the guillemets, as one is often left
# unbalanced inside the claim (أن «...) and trimming its partner would hide where the quote is.
CLAIM_EDGES = " .،:\"“”"

__all__ = ["Extractor", "Explanation", "REGISTRY", "SentenceView"]


@dataclass
class Explanation:
    """How one sentence's statements came about: each predicate with its trace (kg explain)."""

    view: SentenceView
    predicates: list[tuple[Predicate, Trace]] = field(default_factory=list)
    dropped: list[tuple[object, str]] = field(default_factory=list)  # trigger words a suppression dropped
    suppressed: list[tuple[Statement, str]] = field(default_factory=list)  # statements made, then dropped
    statements: list[Statement] = field(default_factory=list)


class Extractor:
    def __init__(self, linker: Linker | None = None):
        self.linker = linker or Linker()
        self.index = trigger_index()
        self.triggers = Triggers(self.index)
        self.lookup = ActorLookup(self.linker, self.index)
        self.failures: list[str] = []  # the last article's sentences that could not be read, and why

    def statements(self, parsed: ParsedArticle, explain: bool = False) -> list[Statement] | list[Explanation]:
        """The statements of an article; with ``explain``, one Explanation per sentence instead."""
        self.lookup.people, self.lookup.mentioned, self.failures = {}, {}, []
        found, explanations = [], []
        views = [SentenceView(sentence, paragraph.text, paragraph.original_offset)
                 for paragraph, doc in zip(parsed.article.paragraphs, parsed.docs) for sentence in doc.sentences]
        context = Context(body=views[1:])
        for number, view in enumerate(views, 1):
            explanation = Explanation(view) if explain else None
            mentions = self.linker.find(view.text(view.words))  # read before the sentence's statements and after
            self.lookup.remember_named(view, mentions)
            try:
                kept = self.sentence_statements(parsed.article.doc, view, context, explanation)
            except Exception as error:  # a bug on one odd sentence loses that sentence, not the article
                detail = " ".join(f"{type(error).__name__}: {error}".split())[:200]
                self.failures.append(f"{parsed.article.doc}: sentence {number}: cannot extract statements ({detail}); skipped")
                kept = []
            found += kept
            if explanation:
                explanation.statements = kept
                explanations.append(explanation)
            context.remember(view, self.lookup, mentions, self.needs_tree(view.sentence), kept)
            context.speaker_age += 1
        return explanations if explain else found

    def needs_tree(self, sentence) -> bool:
        """Whether a tagged sentence may hold a statement, so needs its tree and names (kg.nlp.complete):
        a word that may trigger one, or the opener of a headline lead. Nothing else is read of a
        sentence without statements: what the article remembers of it comes from its text."""
        return any(map(self.triggers.candidate, sentence.words)) or may_lead(sentence.words)

    def sentence_statements(self, doc_id: str, view: SentenceView, context: Context,
                            explanation: Explanation | None = None) -> list[Statement]:
        statements: dict[tuple, Statement] = {}
        state = SentenceState(view.quotation_spans())
        state.quoted_words = {w.id for w in view.words if inside(w, state.quoted)}
        attributed = lead(view, self.lookup, self.triggers, context)
        if attributed:
            state.speakers[0] = attributed[0]
        # Words after a named speaker's act, and those of what it says: no acts of their own,
        # except a new clause with its own named subject ("وتعترض إسرائيل ... وأشاد نتنياهو").
        claimed: set[int] = set()
        quoting: set[str] = set()  # speakers with an act of their own inside a quotation
        predicates, dropped = self.triggers.predicates(view)
        if explanation:
            explanation.dropped = dropped
        for predicate in predicates:
            trace = Trace() if explanation else None  # the rules tried are kept only to be explained
            if explanation:
                explanation.predicates.append((predicate, trace))
            suppressed = next((r for r in SUPPRESSING if r(self, view, predicate, claimed, state)), None)
            if suppressed:
                if trace is not None:
                    trace.add("suppress", Attempt(suppressed.rule_id, "stopped", SUPPRESSING[suppressed]))
                continue
            scene = Scene(self.lookup, self.triggers, view, predicate, state, context)
            speaker, speaker_rule = cascade(SPEAKER_CASCADES[cascade_of(scene)], scene, trace, "speaker")
            if speaker is None:
                if speaker_rule in UNNAMING_RULES:  # a subject that names no one: its acts are no one's
                    state.unnamed.add(predicate.word.id)
                continue
            state.speakers[predicate.word.id] = speaker
            clause, claim_rule = claim(view, predicate, self.triggers)
            predicate = evaluation(self.index, view, obligation(self.index, self.lookup, view, predicate, clause))
            scene.speaker, scene.clause = speaker, clause
            scene.partners = partners(scene)
            target, target_rule = cascade(TARGET_RULES, scene, trace, "target")
            rules = {"predicate": predicate.rule, "speaker": speaker_rule, "claim": claim_rule}
            rules |= {"target": target_rule} if target else {}
            statement = make_statement(doc_id, view, predicate, speaker, target or (None, []), clause, rules)
            self.lookup.remember(speaker[0], target[0] if target else None)
            self.keep(statements, statement, explanation)
            if inside(predicate.word, state.quoted) and predicate.type != fallback_type():
                quoting.add(speaker[0].id)
            for partner in scene.partners:
                self.keep(statements, (joint_target if statement.symmetric else co_speaker)(statement, partner, view),
                          explanation)
            if predicate.word.upos == "VERB" or predicate.type == fallback_type():  # a report: "قال", "قوله"
                claimed |= {w.id for w in clause}
                state.said |= {w.id for w in said(view, predicate, self.triggers)[0]}
                if predicate.word not in speaker[1]:
                    context.speaker = speaker  # a named speaker: the one "وأضاف" goes back to
                    if predicate.word.upos == "VERB":  # "وقالت الصحيفة": a dropped subject agrees with it
                        context.feminine[speaker[0].id] = feminine_verb(predicate.word)
                if context.speaker and speaker[0] is context.speaker[0]:
                    context.speaker_age = 0  # named or dropped, it speaks on
                if scene.partners or target:
                    context.pair = speaker[0], (scene.partners[0] if scene.partners else target)[0]
        if attributed and unstated(attributed[0][0], list(statements.values())) and speaks(view, attributed):
            self.keep(statements, self.lead_statement(doc_id, view, attributed), explanation)
        made = list(statements.values())
        dropped = {id(s): suppressor.rule_id for s in made
                   for suppressor, holds in ((quoting_speaker, quoting_speaker(s, quoting)),
                                             (reporting_channel, reporting_channel(s, made))) if holds}
        if explanation:
            explanation.suppressed += [(s, dropped[id(s)]) for s in made if id(s) in dropped]
        return [s for s in made if id(s) not in dropped]

    @staticmethod
    def keep(statements: dict, statement: Statement, explanation: Explanation | None) -> None:
        lost = one_per_type(statements, statement)
        if explanation and lost:
            explanation.suppressed.append((lost, one_per_type.rule_id))

    def lead_statement(self, doc_id: str, view: SentenceView, attributed: tuple[Found, int]) -> Statement:
        """The bare statement of a headline lead ("كوساتشيف: ..."): what follows it is what it says."""
        (actor, words), end = attributed
        rest = after_lead(view, end)
        predicate = headline_lead(view, rest)
        lead_end = rest[0].id if rest else len(view.words) + 1
        addressed = [w for w in view.words if words[-1].id < w.id < lead_end]  # the lead after its speaker
        target, target_rule = lead_addressee(self.lookup, view, actor, addressed), lead_addressee.rule_id
        if not target[0]:
            target, target_rule = after_lead_target(self.lookup, view, actor, rest), after_lead_target.rule_id
        rules = {"predicate": predicate.rule, "speaker": lead.rule_id, "claim": after_lead.rule_id}
        rules |= {"target": target_rule} if target[0] else {}
        return make_statement(doc_id, view, predicate, (actor, words), target, rest, rules)


def speaks(view: SentenceView, attributed: tuple[Found, int]) -> bool:
    """Whether a headline lead says what follows it: a person or body does; a state's name is as often
    the story's place or topic ("تركيا: إرجاء محاكمة القس", "سوريا: أكثر من 40 قتيلا"), so it speaks only
    in the first person ("الأردن: لن نجبر اللاجئين", "واشنطن: لدينا أدلة")."""
    (actor, _), end = attributed
    return actor.type != "State" or any(map(first_person_word, after_lead(view, end)))


@rule("predicate.headline_lead")
def headline_lead(view: SentenceView, rest: list) -> Predicate:
    """"كوساتشيف: لأول مرة ...": a headline lead that says nothing else makes a bare statement."""
    return Predicate(rest[0] if rest else view.words[-1], fallback_type(), ":", headline_lead.rule_id)


@rule("target.lead_addressee")
def lead_addressee(lookup: ActorLookup, view: SentenceView, actor, addressed: list) -> tuple:
    """"روحاني لترامب: لا تعبث بذيل الأسد", "الوزير ردا على نظيره التركي: ...": an actor named in a headline
    lead after its speaker, with ل, إلى or ردا على (kg:addresseeMarkers), is the one it addresses."""
    if not addressed or key(addressed[0]) not in WORDS.addressee_markers:
        return None, []
    return lookup.nearby_actor(view, addressed, exclude={actor.id, actor.affiliation})


@rule("target.after_lead")
def after_lead_target(lookup: ActorLookup, view: SentenceView, actor, rest: list) -> tuple:
    """"لافروف: لأول مرة الولايات المتحدة تطلب ...": the first actor after a headline lead."""
    return lookup.nearby_actor(view, rest, exclude={actor.id, actor.affiliation})


@rule("suppress.reported_act")
def reported_act(extractor: Extractor, view: SentenceView, predicate: Predicate, claimed: set, state: SentenceState) -> bool:
    """"قال لافروف إن واشنطن تطالب ...": a trigger inside what a named speaker said is no act of
    the speaker's, unless it is a specific act of the speaker's own ("مطالبا ب", "أعلن رفض"), a
    new clause with a named subject of its own ("وأشاد نتنياهو") or what another named speaker
    said, which the act answers ("نفت الوزارة ما قاله فلان")."""
    word = predicate.word
    if word.id not in claimed or inside(word, state.quoted) or extractor.triggers.own_act(view, predicate):
        return False
    return not ((word.id not in state.said or what_said(view, word)) and extractor.lookup.named_subject(view, word))


@rule("suppress.report_source")
def report_source(extractor: Extractor, view: SentenceView, predicate: Predicate, claimed: set, state: SentenceState) -> bool:
    """"قال فلان إن ...، حسبما ذكرت قناة «جيو»": a verb of saying after according-to + ما names where
    the sentence's report comes from, no act of its own, once an earlier act has its speaker."""
    before = view.previous(predicate.word)
    if before is None or not state.speakers or not key(before).endswith(WORDS.according_to_relative):
        return False
    opener = key(before)[:-len(WORDS.according_to_relative)] or next(
        (key(w) for w in reversed(view.words[:before.id - 1]) if w.upos != "ADP"), "")  # بحسب ما, وفقا لما
    return opener in extractor.index.according_to


SUPPRESSING = {reported_act: "inside what an earlier speaker said",
               report_source: "the source of an earlier speaker's report"}


@rule("suppress.quoting_speaker")
def quoting_speaker(statement: Statement, quoting: set) -> bool:
    """"وأضاف “نحن ندعو ...”": the act quoted is what the speaker did, not a bare assert."""
    return statement.type == fallback_type().id and statement.speaker_actor.id in quoting


@rule("suppress.reporting_channel")
def reporting_channel(statement: Statement, statements: list) -> bool:
    """"وحسب وكالة الأنباء السعودية، أوضح العقيد المالكي أن ...": the source cited after according-to is
    the channel of an act whose own speaker the sentence names, no speaker of its own."""
    channel = according_to.rule_id
    return statement.rules.get("speaker") == channel and any(
        other.rules.get("speaker") != channel and other.speaker_actor.id != statement.speaker_actor.id
        for other in statements)


@rule("suppress.one_per_type")
def one_per_type(statements: dict, statement: Statement) -> Statement | None:
    """One statement per speaker, type and target in a sentence (two acts about two actors are two
    statements: "قال إن موسكو ...، مشيرا إلى أن باريس ..."). One with a target beats an earlier one
    without, the frame it specifies ("قال ...، مطالبا واشنطن"); a later one without a target is a
    further claim ("قال إن موسكو ...، لكنه قال إن ..."). Returns the statement that lost, if any."""
    kind = (statement.speaker_actor.id, statement.type)
    target = statement.target_actor.id if statement.target_actor else None
    if kind + (target,) in statements:
        return statement
    lost = statements.pop(kind + (None,), None)
    statements[kind + (target,)] = statement
    return lost


@rule("speaker.partner")
def co_speaker(statement: Statement, partner: Found, view: SentenceView) -> Statement:
    """"ماكرون وميركل يطالبان": a coordinated actor makes the same statement."""
    return replace(statement, speaker=view.mention(partner[1]), speaker_actor=partner[0],
                   rules={**statement.rules, "speaker": co_speaker.rule_id})


@rule("target.partner")
def joint_target(statement: Statement, partner: Found, view: SentenceView) -> Statement:
    """"اتفق الأسد وبوتين على ...": in a joint act (agree, consult) the coordinated partner is the target."""
    return replace(statement, target=view.mention(partner[1]), target_actor=partner[0],
                   rules={**statement.rules, "target": joint_target.rule_id})


def unstated(lead_actor, statements: list[Statement]) -> bool:
    """Whether the lead of "X: ..." still needs a statement of its own: when nothing else was
    said, or when a person leads (a state may only label a section: "سوريا: ماكرون وميركل يطالبان")."""
    return not statements or lead_actor.type == "Person" and all(s.speaker_actor.id != lead_actor.id for s in statements)


def make_statement(doc_id, view: SentenceView, predicate: Predicate, speaker: Found, target, clause,
                   rules: dict[str, str]) -> Statement:
    start, end = view.bounds
    (speaker_actor, speaker_words), (target_actor, target_words) = speaker, target
    claim_text = view.text(clause) if clause else view.text(view.words)
    return Statement(
        doc=doc_id, sentence=view.paragraph_text[start:end],
        sentence_start=view.to_original(start), sentence_end=view.to_original(end),
        type=predicate.type.id, trigger=predicate.trigger,
        speaker=view.mention(speaker_words), target=view.mention(target_words) if target_words else None,
        claim=claim_text.strip(CLAIM_EDGES), confidence=confidence(speaker_words, predicate, target_actor),
        speaker_actor=speaker_actor, target_actor=target_actor,
        symmetric=predicate.type.symmetric, rules=rules,
    )


def confidence(speaker_words, predicate: Predicate, target) -> float:
    """A rough prior: explicit speakers and verbal triggers are the most reliable."""
    score = 0.9 if predicate.word not in speaker_words else 0.7
    if predicate.word.upos != "VERB":
        score -= 0.1
    return round(score if target else score - 0.05, 2)
