"""How precise each extraction rule is, judged by the shared scorer (``kg rule-scores``), and
where the strict errors come from (``kg error-classes``).

score.py (../shared/eval, read-only, no package) matches the statements of a JSONL export with a
gold file at the strict level and lists the spurious ones: the very row dicts it was given. A
statement counts for every rule that found one of its parts (its ``rules``): as a true positive
when the scorer did not call it spurious, as a false positive when it did.

The scorer judges one statement per paragraph and (speaker, type, target), the first it is given;
the repeats share its verdict here. It judges nothing in articles the gold leaves out or in
paragraphs marked ``ignore``, and neither does this. (evaluate.py is about the Stanza models.)
"""
from __future__ import annotations

import importlib.util
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from types import ModuleType

from kg.errors import KgError


@dataclass(frozen=True)
class RuleScore:
    rule: str  # a rule id of rules.ttl
    true_positives: int
    false_positives: int

    @property
    def precision(self) -> float:
        return self.true_positives / (self.true_positives + self.false_positives)


@dataclass(frozen=True)
class RuleReport:
    scores: list[RuleScore]  # weakest first
    without_rules: int  # judged statements that name no rule

    def text(self) -> str:
        width = max([len("rule"), *(len(s.rule) for s in self.scores)])
        lines = [f"{'rule':{width}} {'tp':>5} {'fp':>5} {'precision':>9}"]
        lines += [f"{s.rule:{width}} {s.true_positives:5} {s.false_positives:5} {s.precision:9.3f}" for s in self.scores]
        if self.without_rules:
            lines.append(f"(statements that name no rule: {self.without_rules})")
        return "\n".join(lines)


def load_scorer(path: Path) -> ModuleType:
    """score.py as a module, imported from its path."""
    spec = importlib.util.spec_from_file_location("score", path)
    if not path.is_file() or spec is None:
        raise KgError(f"{path}: no scorer there (score.py of the shared eval folder)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verdicts(scorer: ModuleType, gold_path: Path, system_path: Path) -> Iterator[tuple[dict, bool]]:
    """(row, spurious?) for each statement of the export at ``system_path`` that the scorer judges."""
    gold, rows, errors = strict_errors(scorer, gold_path, system_path)
    spurious = {id(raw) for kind, *_, raw in errors if kind == "spurious"}
    judged: dict[tuple, dict] = {}  # where the scorer files a row -> the row it judged there
    for row in rows:
        place = _place(scorer, gold, row)
        if place is not None:
            yield row, id(judged.setdefault(place, row)) in spurious


def strict_errors(scorer: ModuleType, gold_path: Path, system_path: Path) -> tuple[dict, list[dict], list]:
    """The gold, the export's rows and the scorer's strict errors (missed and spurious) for them."""
    try:
        gold, rows = scorer.load_gold(str(gold_path)), scorer.load_jsonl(str(system_path))
    except OSError as error:
        raise KgError(f"cannot read {error.filename} ({error.strerror})") from None
    errors: list = []
    scorer.score(gold, rows, "strict", errors)
    return gold, rows, errors


def _place(scorer: ModuleType, gold: dict, row: dict) -> tuple | None:
    """Where score.score files ``row``, (doc, gold paragraph, statement key), or None where it judges nothing."""
    doc, statement = row.get("doc"), scorer.SysStatement(row)
    if doc not in gold or not statement.sentence:
        return None
    paragraph = scorer.locate(statement.sentence, gold[doc])
    if paragraph is not None and gold[doc][paragraph]["ignore"]:
        return None
    return doc, paragraph, statement.key()


def rule_report(judged: Iterable[tuple[dict, bool]]) -> RuleReport:
    """Each rule's true and false positives, lowest precision first, then most false positives."""
    true, false, without = Counter(), Counter(), 0
    for row, spurious in judged:
        named = set(row.get("rules", {}).values())
        without += not named
        (false if spurious else true).update(named)
    scores = [RuleScore(rule, true[rule], false[rule]) for rule in true.keys() | false.keys()]
    return RuleReport(sorted(scores, key=lambda s: (s.precision, -s.false_positives, s.rule)), without)


def score_rules(scorer_path: Path, pairs: Iterable[tuple[Path, Path]]) -> RuleReport:
    """The report over all (gold file, system JSONL export) ``pairs`` together."""
    scorer = load_scorer(scorer_path)
    return rule_report(chain.from_iterable(verdicts(scorer, gold, system) for gold, system in pairs))


# Where a strict error comes from, judged in its paragraph (issue 15's table).
ERROR_CLASSES = ("missed: nothing extracted in the paragraph", "missed: speaker wrong or missing",
                 "missed: speaker right, target wrong", "missed: speaker and target right, type wrong",
                 "spurious: speaker not a gold speaker there", "spurious: gold speaker, wrong target",
                 "spurious: gold speaker and target, wrong type")


def error_classes(scorer: ModuleType, gold_path: Path, system_path: Path) -> Counter:
    """The strict errors of one export by class: a missed gold statement by what the system found
    in its paragraph, a spurious statement by what the paragraph's gold says of its speaker."""
    gold, rows, errors = strict_errors(scorer, gold_path, system_path)
    found = defaultdict(list)  # (doc, paragraph) -> the system's statements there
    for row in rows:
        place = _place(scorer, gold, row)
        if place is not None:
            found[place[:2]].append(scorer.SysStatement(row))
    counts = Counter()
    for kind, doc, text, raw in errors:
        paragraph = next((p for p in gold.get(doc, {}) if p[:80] == text), None)
        statements = gold[doc][paragraph]["statements"] if paragraph else []
        here = found.get((doc, paragraph), [])
        counts[_missed(scorer.GoldStatement(raw), here) if kind == "missed"
               else _spurious(scorer.SysStatement(raw), statements)] += 1
    return counts


def _missed(gold, here: list) -> str:
    speaking = [s for s in here if s.speaker & gold.speakers or gold.symmetric and s.target & gold.speakers]
    if not here:
        return ERROR_CLASSES[0]
    if not speaking:
        return ERROR_CLASSES[1]
    return ERROR_CLASSES[3] if any(gold.matches(s, "speaker+target") for s in speaking) else ERROR_CLASSES[2]


def _spurious(statement, golds: list) -> str:
    speakers = set().union(*(g.speakers | (g.targets if g.symmetric else set()) for g in golds))
    if not statement.speaker & speakers:
        return ERROR_CLASSES[4]
    return ERROR_CLASSES[6] if any(g.matches(statement, "speaker+target") for g in golds) else ERROR_CLASSES[5]


def error_table(scorer_path: Path, pairs: Iterable[tuple[Path, Path]]) -> str:
    """One column of error classes per (gold, export) pair, named after the export's file."""
    scorer = load_scorer(scorer_path)
    pairs = list(pairs)
    columns = [error_classes(scorer, gold, system) for gold, system in pairs]
    width = max(len(c) for c in ERROR_CLASSES)
    lines = [f"{'class':{width}} " + " ".join(f"{system.stem:>8}" for _, system in pairs)]
    lines += [f"{name:{width}} " + " ".join(f"{column[name]:8}" for column in columns) for name in ERROR_CLASSES]
    return "\n".join(lines)
