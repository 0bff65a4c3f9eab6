"""kg rule-scores: each rule's true and false positives on a tiny gold file, counted by hand."""
import json
from pathlib import Path

import pytest

from conftest import error_line, kg
from kg.rule_quality import ERROR_CLASSES, RuleScore, error_classes, load_scorer, score_rules

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
pytestmark = pytest.mark.skipif(not SCORER.is_file(), reason="needs ../shared/eval/score.py")

APPEAL = "قال وزير الخارجية الروسي سيرغي لافروف إن روسيا تدعو الولايات المتحدة إلى الحوار."
REJECT = "وأضاف الوزير أن موسكو ترفض العقوبات الغربية رفضا قاطعا."
ANONYMOUS = "وقال مصدر دبلوماسي إن المحادثات ستستمر في جنيف الأسبوع المقبل."
GOLD = [
    {"doc": "d1", "text": APPEAL,
     "statements": [{"speaker": ["Sergey Lavrov"], "type": ["appeal"], "target": ["United States"]}]},
    {"doc": "d1", "text": REJECT, "statements": [{"speaker": ["Sergey Lavrov"], "type": ["reject"], "target": [None]}]},
    {"doc": "d1", "text": ANONYMOUS, "ignore": True},
]
LAVROV, RUSSIA, USA = "Sergey Lavrov", "Russia", "United States"
BY_SUBJECT = {"predicate": "predicate.trigger_lemma", "speaker": "speaker.subject", "claim": "claim.content_clause"}
BY_PREVIOUS = BY_SUBJECT | {"speaker": "speaker.previous_speaker"}
SYSTEM = [  # (doc, sentence, speaker, type, target, rules) -> what score.py makes of it
    ("d1", APPEAL, LAVROV, "appeal", USA, BY_SUBJECT | {"target": "target.dependent"}),  # true positive
    ("d1", APPEAL, RUSSIA, "appeal", USA, {}),  # false positive, names no rule
    ("d1", REJECT, LAVROV, "assert", None, BY_PREVIOUS),  # false positive: the type is reject
    ("d1", REJECT, LAVROV, "assert", None, BY_SUBJECT),  # the same statement again: judged as the first, false
    ("d1", ANONYMOUS, RUSSIA, "assert", None, BY_SUBJECT),  # an ignored paragraph: not judged
    ("d9", APPEAL, LAVROV, "appeal", USA, BY_SUBJECT),  # an article the gold leaves out: not judged
]
# predicate.trigger_lemma and claim.content_clause: rows 1, 3, 4; speaker.subject: 1, 4;
# speaker.previous_speaker: 3; target.dependent: 1.
EXPECTED = [RuleScore("speaker.previous_speaker", 0, 1), RuleScore("claim.content_clause", 1, 2),
            RuleScore("predicate.trigger_lemma", 1, 2), RuleScore("speaker.subject", 1, 1),
            RuleScore("target.dependent", 1, 0)]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path) -> tuple[Path, Path]:
    rows = [{"doc": doc, "sentence": sentence, "type": kind, "speaker": {"label": speaker},
             "target": target and {"label": target}, "rules": rules}
            for doc, sentence, speaker, kind, target, rules in SYSTEM]
    return write_jsonl(tmp_path / "gold.jsonl", GOLD), write_jsonl(tmp_path / "system.jsonl", rows)


def test_each_rule_counts_the_judged_statements_it_found_weakest_first(pair):
    report = score_rules(SCORER, [pair])
    assert report.scores == EXPECTED
    assert report.without_rules == 1
    assert [round(score.precision, 3) for score in report.scores] == [0.0, 0.333, 0.333, 0.5, 1.0]


def test_kg_rule_scores_adds_up_the_pairs(pair):
    shown = kg("rule-scores", "--scorer", SCORER, *pair, *pair)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].split() == ["rule", "tp", "fp", "precision"]
    assert [line.split() for line in lines[1:-1]] == [
        [score.rule, str(2 * score.true_positives), str(2 * score.false_positives), f"{score.precision:.3f}"]
        for score in EXPECTED]
    assert lines[-1] == "(statements that name no rule: 2)"


@pytest.mark.parametrize("arguments, message", [
    (lambda gold, system: [gold], "give pairs of files: GOLD SYSTEM"),
    (lambda gold, system: [gold, system.with_name("missing.jsonl")], "cannot read"),
    (lambda gold, system: ["--scorer", gold.with_name("score.py"), gold, system], "score.py: no scorer there"),
])
def test_bad_arguments_are_one_line(pair, arguments, message):  # of two --scorer options, the last counts
    assert message in error_line(kg("rule-scores", "--scorer", SCORER, *arguments(*pair)))


def test_strict_errors_are_classed_by_what_their_paragraph_holds(pair):
    scorer = load_scorer(SCORER)
    assert error_classes(scorer, *pair) == {
        "missed: speaker and target right, type wrong": 1,  # the reject, found as an assert
        "spurious: speaker not a gold speaker there": 1,  # Russia's appeal
        "spurious: gold speaker and target, wrong type": 1}  # Lavrov's assert
    shown = kg("error-classes", "--scorer", SCORER, *pair)
    assert shown.returncode == 0, shown.stderr
    rows = {line.rsplit(maxsplit=1)[0].strip(): line.split()[-1] for line in shown.stdout.splitlines()[1:]}
    assert rows == {name: str(error_classes(scorer, *pair)[name]) for name in ERROR_CLASSES}


def test_kg_error_classes_reports_a_missing_export_in_one_line(pair):
    gold, system = pair
    assert "cannot read" in error_line(kg("error-classes", "--scorer", SCORER, gold, system.with_name("missing.jsonl")))
