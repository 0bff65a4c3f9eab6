"""Why a statement was (or was not) found: a sentence's tree and every rule tried on it.

``explain_text`` parses raw text (loads the models); ``explain_stored`` reads an article's cached
parse from a store (no models). Both give kg.extract Explanations, which :func:`render` prints:
the sentence, its dependency tree, the predicates with the rules that found them, and for
speaker and target each rule tried in order, with what it found or why it declined.
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import KgError
from kg.extract import Explanation
from kg.ontology import rules
from kg.records import ParsedArticle

OUTCOME_MARKS = {"found": "→", "declined": "·", "stopped": "■"}


def explain_text(text: str, models=None, use_gpu: bool = False) -> list[Explanation]:
    """The explanation of every sentence of ``text`` (one paragraph a line), parsed now."""
    from kg.build import Builder
    from kg.ingest import article_from_text

    if not text.strip():
        raise KgError("--text: nothing to explain")
    builder = Builder(models, use_gpu=use_gpu)
    return builder.extractor.statements(builder.parse(article_from_text("text", text, headline=False)), explain=True)


def explain_stored(store_path: Path, doc: str | None = None, statement: str | None = None) -> tuple[list[Explanation], int | None]:
    """The explanations of a stored article's sentences, from its cached parse, and the number of
    the sentence that holds ``statement`` (an IRI) when one is given."""
    from kg.extract import Extractor
    from kg.parses import ParseCache, documents
    from kg.rdf import Store, URIRef

    with Store(store_path) as store:
        start = None
        if statement:
            rows = store.select(f"SELECT ?doc ?start WHERE {{ <{URIRef(statement)}> kg:article ?a ; kg:startOffset ?start . "
                                "?a dcterms:identifier ?doc }")
            if not rows:
                raise KgError(f"{statement}: no such statement in {store_path}")
            doc, start = str(rows[0][0]), int(rows[0][1])
        key = store.article_hash(doc)
    if key is None:
        raise KgError(f"{doc}: no such article in {store_path}")
    cached = ParseCache(store_path).restore(key, doc=doc)
    if cached is None:
        raise KgError(f"{doc}: its parse is not cached in {store_path}; build it again")
    article, parses = cached
    explanations = Extractor().statements(ParsedArticle(article, documents(article, parses)), explain=True)
    number = next((n for n, e in enumerate(explanations, 1)
                   if start is not None and e.view.to_original(e.view.bounds[0]) == start), None)
    return explanations, number


def render(explanations: list[Explanation], number: int | None = None) -> str:
    """Sentence ``number`` (1-based), or every sentence with a trigger word or a statement (a headline
    lead's has no trigger: "لافروف: ..."), as text."""
    numbered = list(enumerate(explanations, 1))
    chosen = [(n, e) for n, e in numbered if n == number] if number else \
        [(n, e) for n, e in numbered if e.predicates or e.dropped or e.statements]
    if number and not chosen:
        raise KgError(f"sentence {number}: the article has {len(explanations)} sentences")
    return "\n\n".join(render_one(n, e) for n, e in chosen) or "no trigger word in the text"


def render_one(number: int, explanation: Explanation) -> str:
    view = explanation.view
    lines = [f"sentence {number}: {view.text(view.words)}", "", "tree:", *tree_lines(view), ""]
    for word, rule_id in explanation.dropped:
        lines.append(f"trigger '{word.text}' (word {word.id}) dropped by {rule_id}: {label(rule_id)}")
    for predicate, trace in explanation.predicates:
        lines.append(f"predicate '{predicate.word.text}' (word {predicate.word.id}): {predicate.type.id}, "
                     f"by {predicate.rule}: {label(predicate.rule)}")
        for role, attempts in trace.attempts.items():
            lines.append(f"  {role}:")
            lines += [f"    {OUTCOME_MARKS[a.outcome]} {a.rule:28} {a.outcome}: {a.detail}" for a in attempts]
    for statement, rule_id in explanation.suppressed:
        lines.append(f"dropped by {rule_id}: {triple(statement)}")
    lines.append("statements:" if explanation.statements else "statements: none")
    for s in explanation.statements:
        lines.append(f"  {triple(s)}   [{', '.join(f'{k}: {v}' for k, v in s.rules.items())}]")
        lines.append(f"    claim: {s.claim}")
    return "\n".join(lines)


def triple(statement) -> str:
    target = statement.target_actor.label if statement.target_actor else "—"
    return f"{statement.speaker_actor.label} — {statement.type} — {target}"


def tree_lines(view) -> list[str]:
    """The dependency tree, one word a line, each under its head; columns: id, form, lemma, UPOS,
    relation, entity tag. One Arabic word a line reads the same in any terminal."""
    lines = []

    def walk(word, depth: int) -> None:
        ner = word.parent.ner if word.parent.ner not in (None, "O") else ""
        lines.append(f"{word.id:>3} {'  ' * depth}{word.text}  ({word.lemma or '_'}, {word.upos}, {word.deprel}) {ner}".rstrip())
        for child in view.kids(word):
            walk(child, depth + 1)

    for root in view.children.get(0, []):
        walk(root, 0)
    return lines


def label(rule_id: str) -> str:
    described = rules().get(rule_id)
    return described.label if described else rule_id
