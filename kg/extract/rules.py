"""The rule registry, and how a cascade of rules runs and explains itself.

Every rule is a function registered with :func:`rule` under an id whose first part is its role:
``predicate``, ``speaker``, ``target``, ``claim`` or ``suppress``. Its docstring says what it does,
with an Arabic example; ontology/rules.ttl describes it for the graph (label, description,
example), and tests/fixtures/extract holds the frozen sentences it is tested on. A rule may carry
a dependency pattern (kg.extract.patterns) that says its shape in the tree as data.

A speaker or target rule looks at a :class:`Scene` and returns what it found (an actor and the
words that name it), :class:`Decline` (it does not apply: the next rule is tried) or :class:`Stop`
(the cascade ends with nothing). The order in which they are tried is one list per cascade, at
the bottom of kg/extract/speakers.py and kg/extract/targets.py.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.extract.patterns import Pattern
from kg.ontology import RULE_ROLES


@dataclass(frozen=True)
class Rule:
    id: str  # e.g. "speaker.subject"
    function: Callable
    pattern: Pattern | None = None

    @property
    def role(self) -> str:
        return self.id.split(".")[0]

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.function) or ""


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, pattern: Pattern | None = None):
    """Register the decorated function as the rule ``rule_id`` (``role.name``)."""
    if rule_id.split(".")[0] not in RULE_ROLES:
        raise ValueError(f"rule {rule_id!r}: its role must be one of {', '.join(RULE_ROLES)}")

    def register(function: Callable) -> Callable:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id!r} is registered twice")
        REGISTRY[rule_id] = Rule(rule_id, function, pattern)
        function.rule_id = rule_id
        function.pattern = pattern
        return function

    return register


@dataclass(frozen=True)
class Decline:
    """The rule does not apply here; the next one is tried."""

    reason: str


@dataclass(frozen=True)
class Stop:
    """The rule applies and says there is nothing to find: the cascade ends empty."""

    reason: str


@dataclass(frozen=True)
class Attempt:
    """One rule tried: what it found, or why it declined or stopped."""

    rule: str
    outcome: str  # "found", "declined" or "stopped"
    detail: str


@dataclass
class Trace:
    """The rules tried for one predicate, role by role, in order (kg explain prints it)."""

    attempts: dict[str, list[Attempt]] = field(default_factory=dict)

    def add(self, role: str, attempt: Attempt) -> None:
        self.attempts.setdefault(role, []).append(attempt)


def cascade(rules, scene, trace: Trace | None, role: str) -> tuple[object, str | None]:
    """Try ``rules`` in order on ``scene``: the first find and the id of the rule that made it,
    or (None, the id of a rule that stopped the cascade, or None)."""
    for function in rules:
        result = function(scene)
        if isinstance(result, (Decline, Stop)):
            if trace is not None:
                outcome = "declined" if isinstance(result, Decline) else "stopped"
                trace.add(role, Attempt(function.rule_id, outcome, result.reason))
            if isinstance(result, Stop):
                return None, function.rule_id
            continue
        if trace is not None:
            trace.add(role, Attempt(function.rule_id, "found", scene.describe(result)))
        return result, function.rule_id
    return None, None
