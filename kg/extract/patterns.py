"""Dependency patterns: a rule's shape in the tree written as data, in the spirit of spaCy's
DependencyMatcher.

A pattern is a list of nodes. The first names the anchor (the predicate, usually) and the
attributes it must have; each later node is reached from an earlier one (``LEFT_ID``) by an
operator (``REL_OP``) and must have its ``RIGHT_ATTRS``:

    [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": {"IN": ["nsubj", "csubj"]}}}]

Operators: ``>`` a child of, ``<`` the head of, ``.`` the word just after, ``;`` the word just
before. Attributes: ``POS`` (UPOS), ``DEP`` (the relation without its subtype), ``LEMMA`` (the
normalised lemma, as kg.extract.sentence.key gives it), ``FORM`` (the normalised form), ``FEATS``
(a feature the word has, e.g. "Voice=Pass"); a value is a string or ``{"IN": [...]}`` / ``{"NOT_IN": [...]}``.
"""
from __future__ import annotations

from collections.abc import Iterator

from kg.ontology import normalise_arabic
from kg.extract.sentence import SentenceView, key

Pattern = list[dict]


def attribute(word, name: str) -> str | set[str]:
    if name == "POS":
        return word.upos
    if name == "DEP":
        return word.deprel.split(":")[0]
    if name == "LEMMA":
        return key(word)
    if name == "FORM":
        return normalise_arabic(word.text)
    if name == "FEATS":
        return set((word.feats or "").split("|"))
    raise ValueError(f"unknown pattern attribute {name!r}")


def fits(word, attributes: dict) -> bool:
    for name, wanted in attributes.items():
        value = attribute(word, name)
        values = value if isinstance(value, set) else {value}
        if isinstance(wanted, str):
            ok = wanted in values
        elif "IN" in wanted:
            ok = not values.isdisjoint(wanted["IN"])
        else:
            ok = values.isdisjoint(wanted["NOT_IN"])
        if not ok:
            return False
    return True


def related(view: SentenceView, word, operator: str) -> list:
    if operator == ">":
        return view.kids(word)
    if operator == "<":
        return [view.word(word.head)] if word.head else []
    if operator == ".":
        return [w for w in (view.next(word),) if w is not None]
    if operator == ";":
        return [w for w in (view.previous(word),) if w is not None]
    raise ValueError(f"unknown pattern operator {operator!r}")


def matches(pattern: Pattern, view: SentenceView, anchor) -> Iterator[dict[str, object]]:
    """Every way the pattern fits with its first node on ``anchor``: {node id: word}, in tree order."""
    first, rest = pattern[0], pattern[1:]
    if not fits(anchor, first.get("RIGHT_ATTRS", {})):
        return
    bound = {first["RIGHT_ID"]: anchor}

    def extend(position: int):
        if position == len(rest):
            yield dict(bound)
            return
        node = rest[position]
        for word in related(view, bound[node["LEFT_ID"]], node["REL_OP"]):
            if fits(word, node.get("RIGHT_ATTRS", {})):
                bound[node["RIGHT_ID"]] = word
                yield from extend(position + 1)
                del bound[node["RIGHT_ID"]]

    yield from extend(0)


def taken(pattern: Pattern, view: SentenceView, anchor, node: str) -> list:
    """The words bound to ``node`` in every match, once each, in sentence order."""
    found = {m[node].id: m[node] for m in matches(pattern, view, anchor)}
    return [found[i] for i in sorted(found)]
