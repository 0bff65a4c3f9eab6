"""The retraining stages (kg/training/train.py); CI never trains."""
import json

from kg.training import train


def test_the_stages_are_listed_before_prepare_has_run(tmp_path, monkeypatch):
    """`make models` on a fresh work folder: listing the stages reads nothing an earlier stage writes;
    the MWT stage reads its decoder length from prepare's output when it runs."""
    monkeypatch.setattr(train, "DATA", tmp_path / "data")
    stages = {stage.name: stage for stage in train.stages()}
    assert list(stages)[:2] == ["prepare", "charlm_text"]
    (tmp_path / "data" / "ud").mkdir(parents=True)
    expansions = [[["وبه", ["و", "ب", "ه"]], 1]]  # Stanza's MWT json: (surface, words), count
    (tmp_path / "data" / "ud" / "ar_kg-ud-train-mwt.json").write_text(json.dumps(expansions), encoding="utf-8")
    arguments = stages["mwt"].arguments()
    assert arguments[arguments.index("--max_dec_len") + 1] == "7"  # 1.1 x len("و ب ه") + 1, rounded up
