"""`kg build` and `kg export` end to end on the seeds, and on bad input, with the bundled models."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, kg

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SEED = EXAMPLES / "000_1eaf49a2340ae36d.txt"
# What the seeds reach now (make eval); the regression test keeps them from sliding back. Issue 15
# took the persons copied from the gold out of the gazetteer (0.906 and 0.977 before): persons come
# only from ontology/persons.ttl and persons-petrarch.ttl now.
SEEDS_STRICT_F1 = 0.86  # measured 0.869 (session 8: a fresh kg build and --reextract alike, + score.py)
SEEDS_ATTRIBUTION_F1 = 0.96  # measured 0.967


def statements(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "seeds.jsonl").read_text(encoding="utf-8").splitlines()]


def test_export_has_score_format_and_evidence(seeds_export):
    rows = statements(seeds_export)
    assert len(rows) > 50
    text = SEED.read_text(encoding="utf-8")
    for row in rows:
        assert {"doc", "sentence", "type", "speaker", "target", "claim", "evidence", "confidence"} <= set(row)
        assert row["speaker"]["label"] and row["speaker"]["label_ar"]
        if row["doc"] == SEED.stem:
            start, end = row["evidence"]["start"], row["evidence"]["end"]
            assert text[start:end].split() == row["sentence"].split()  # odd spaces become plain ones


def test_lavrov_appeals_to_the_united_states(seeds_export):
    found = {(r["speaker"]["label"], r["type"], (r["target"] or {}).get("label"))
             for r in statements(seeds_export) if r["doc"] == SEED.stem}
    assert ("Sergey Lavrov", "appeal", "United States") in found


@pytest.mark.skipif(not EVAL.is_dir(), reason="needs ../shared/eval")
def test_seed_scores_do_not_regress(seeds_export):
    result = subprocess.run([sys.executable, EVAL / "score.py", "--json", EVAL / "seeds_gold.jsonl",
                             seeds_export / "seeds.jsonl"], capture_output=True, text=True, check=True)
    scores = json.loads(result.stdout)
    assert scores["strict"]["f1"] >= SEEDS_STRICT_F1
    assert scores["attribution"]["f1"] >= SEEDS_ATTRIBUTION_F1


def test_building_twice_changes_nothing(tmp_path):
    store = tmp_path / "store"
    assert kg("build", SEED, "--store", store).returncode == 0
    first = kg("export", "--store", store).stdout
    again = kg("build", SEED, "--store", store)
    assert again.returncode == 0 and "1 unchanged" in again.stdout
    assert kg("export", "--store", store).stdout == first


def test_bad_inputs_are_reported_and_the_rest_is_built(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    (bad / "latin1.txt").write_bytes("قال".encode("utf-8") + b"\xff\xfe caf\xe9")
    (bad / "english.txt").write_text("The minister said nothing.\nNothing at all.\n")
    (bad / "huge.txt").write_text("ا" * 5_000_001)  # one 10 MB line
    good = json.dumps({"id": "good", "text": SEED.read_text(encoding="utf-8")}, ensure_ascii=False)
    (bad / "articles.jsonl").write_text(good + "\n{not json\n", encoding="utf-8")
    store = tmp_path / "store"
    result = kg("build", bad, "--store", store)
    assert result.returncode == 0, result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 6 and "Traceback" not in result.stderr
    for name in ("empty.txt", "binary.txt", "latin1.txt", "english.txt", "huge.txt", "articles.jsonl:2"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    exported = kg("export", "--store", store).stdout.splitlines()
    assert exported and all(json.loads(line)["doc"] == "good" for line in exported)


def test_nothing_built_exits_1(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = kg("build", tmp_path / "empty.txt", "--store", tmp_path / "store")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: ") and "empty.txt" in result.stderr
