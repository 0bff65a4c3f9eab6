"""Score a set of Arabic models on the held-out test sets, beside Stanza's published scores.

* tokens, sentences, words, UPOS: end to end from raw text, ud/padt_pos test;
* lemmas, UAS, LAS: ud/padt_v1 test from gold tokens (tags predicted);
* NER: entity F1 on the AQMAR and ANERcorp test sets, from gold tokens.

Lemmas are compared without diacritics: the bundled lemmatizer learns bare lemmas.
"""
from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from kg.nlp import ModelSet, Parser, load_pipeline

# Stanza 1.5.1 on UD_Arabic-PADT test, and its AQMAR model (see ../shared/data/README.md).
PUBLISHED = {"tokens": 99.98, "sentences": 83.56, "words": 98.03, "upos": 95.18, "lemmas": 93.54,
             "uas": 83.99, "las": 79.77, "ner_aqmar": 74.3, "ner_anercorp": None,
             "ner_anercorp_per": None}
GOALS = {"words": 97.5, "upos": 94.0, "las": 70.0, "ner_aqmar": 70.0, "ner_anercorp": 80.0}  # issue 16
METRIC_NAMES = {"tokens": "Tokens", "sentences": "Sentences", "words": "Words", "upos": "UPOS",
                "lemmas": "Lemmas", "uas": "UAS", "las": "LAS"}


def _write_doc(doc, path: Path) -> None:
    from stanza.utils.conll import CoNLL

    CoNLL.write_doc2conll(doc, str(path))


def _ud_scores(gold: Path, system: Path, metrics: tuple[str, ...]) -> dict[str, float]:
    from stanza.models.common.utils import ud_scores

    evaluation = ud_scores(str(gold), str(system))
    return {m: round(100 * evaluation[METRIC_NAMES[m]].f1, 2) for m in metrics}


def score_end_to_end(models: ModelSet, gold: Path, raw_text: Path, work: Path, use_gpu: bool) -> dict:
    doc = Parser(models, ("tokenize", "mwt", "pos"), use_gpu=use_gpu)(raw_text.read_text(encoding="utf-8"))
    _write_doc(doc, work / "e2e.conllu")
    return _ud_scores(gold, work / "e2e.conllu", ("tokens", "sentences", "words", "upos"))


def score_trees(models: ModelSet, gold: Path, work: Path, use_gpu: bool) -> dict:
    from kg.training.treebanks import read_conllu

    sentences = [[row[1] for row in s.rows] for s in read_conllu(gold)]
    nlp = load_pipeline(models, ("tokenize", "pos", "lemma", "depparse"), use_gpu=use_gpu, pretokenized=True)
    doc = nlp(sentences)
    if models.is_stanza_resources:  # official lemmas are vocalised; compare them bare
        from kg.text import strip_diacritics

        for word in doc.iter_words():
            word.lemma = strip_diacritics(word.lemma or "")
    _write_doc(doc, work / "trees.conllu")
    return _ud_scores(gold, work / "trees.conllu", ("lemmas", "uas", "las"))


def score_ner(models: ModelSet, test_json: Path, use_gpu: bool) -> tuple[float, dict[str, float]]:
    """Entity F1 over all types, and by type (PER, ORG, LOC, MISC)."""
    import json

    from stanza.models.ner.scorer import score_by_entity
    from stanza.models.ner.utils import bio2_to_bioes

    sentences = json.loads(test_json.read_text(encoding="utf-8"))
    nlp = load_pipeline(models, ("tokenize", "ner"), use_gpu=use_gpu, pretokenized=True)
    doc = nlp([[token["text"] for token in s] for s in sentences])
    predicted = [[token.ner for token in s.tokens] for s in doc.sentences]
    gold = [bio2_to_bioes([token["ner"] for token in s]) for s in sentences]
    _, _, f1, by_type = score_by_entity(predicted, gold, verbose=False)
    return round(100 * f1, 2), {kind: round(100 * value, 2) for kind, value in by_type.items()}


def evaluate(models: ModelSet, data: Path, use_gpu: bool = False) -> dict[str, float]:
    """All scores in percent, keyed as in ``PUBLISHED``."""
    from kg.training import prepare

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with contextlib.redirect_stdout(io.StringIO()):  # Stanza's converters print progress
            test = prepare.test_files(Path(data), work)
        scores = score_end_to_end(models, test["ud_gold"], test["ud_text"], work, use_gpu)
        scores |= score_trees(models, test["trees"], work, use_gpu)
        scores["ner_aqmar"], _ = score_ner(models, test["ner_aqmar"], use_gpu)
        # speakers are mostly persons: their F1 on its own
        scores["ner_anercorp"], by_type = score_ner(models, test["ner_anercorp"], use_gpu)
        scores["ner_anercorp_per"] = by_type.get("PER", 0.0)
    return scores
