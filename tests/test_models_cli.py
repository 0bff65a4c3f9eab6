"""`kg models list | download | eval` as a user runs them."""
import json
from pathlib import Path

import pytest

from conftest import kg

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TEST_FILES = ["ud/padt_pos/ar_padt-ud-test.txt", "ud/padt_v1/ar-ud-test.conllu",
              "ner/aqmar/test.txt", "ner/anercorp/ANERCorp_CamelLabSplit_reconstructed_test.txt"]


def test_list_marks_the_bundled_models_as_used(tmp_path):
    result = kg("models", "list", env={"STANZA_RESOURCES_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    used = [line for line in result.stdout.splitlines() if line.startswith("*")]
    assert len(used) == 1 and "bundled" in used[0]
    assert "depparse" in result.stdout


def test_list_with_a_bad_models_path_is_one_line(tmp_path):
    result = kg("models", "list", "--models", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_download_offline_fails_with_one_sentence(tmp_path):
    # An address nothing listens on stands in for a machine without network.
    result = kg("models", "download", env={"STANZA_RESOURCES_URL": "http://127.0.0.1:9/",
                                           "STANZA_RESOURCES_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: cannot download Stanza's Arabic models")
    assert result.stderr.strip().count("\n") == 0


def _small_data(folder: Path, sentences: int = 15) -> Path:
    """The first sentences of each test file, laid out like ../shared/data; the raw text also gets
    one with typographic quotation marks and one with diacritics, which kg feeds its models as
    ASCII marks and bare letters (the scorer compares the parse's text with the gold's)."""
    for name in TEST_FILES:
        source, target = SHARED_DATA / name, folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        raw = name.endswith(".txt") and "padt_pos" in name
        separator = "\n" if raw else "\n\n"
        every = source.read_text(encoding="utf-8").split(separator)
        blocks = every[:sentences]
        if raw:
            blocks += [next(b for b in every if "«" in b), next(b for b in every if "\u064b" in b)]
        target.write_text(separator.join(blocks) + separator, encoding="utf-8")
    return folder


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data")
def test_eval_json_has_every_metric(tmp_path):
    result = kg("models", "eval", "--json", "--data", str(_small_data(tmp_path / "data")),
                env={"STANZA_RESOURCES_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert set(scores) == {"tokens", "sentences", "words", "upos", "lemmas", "uas", "las",
                           "ner_aqmar", "ner_anercorp", "ner_anercorp_per"}
    assert all(0 <= value <= 100 for value in scores.values())
    assert scores["tokens"] > 90 and scores["upos"] > 80 and scores["las"] > 50


def test_eval_on_a_folder_without_data_is_one_line(tmp_path):
    result = kg("models", "eval", "--data", str(tmp_path))
    assert result.returncode == 1 and "not the shared data folder" in result.stderr
