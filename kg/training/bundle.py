"""Copy the trained models into the package and write their manifest (sha256, data, licence, scores).

    python -m kg.training.bundle --data ../shared/data
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import stanza

from kg.nlp import BUNDLED_DIR, bundled_models, sha256
from kg.training.train import MODELS, WORK

PADT = "UD_Arabic-PADT (ud/padt_pos train), CC BY-NC-SA 3.0"
PUD = "UD_Arabic-PUD, CC BY-SA 3.0"
PADT_V1 = "UD_Arabic-PADT UD 1.3 (ud/padt_v1 dev), CC BY-NC-SA 3.0"
NEWS = ("Arabic news (ANT corpus 2.1, research use with citation of Chouigui et al. 2017; "
        "SaudiNewsNet, CC BY-NC-SA 4.0)")
NON_COMMERCIAL = "CC BY-NC-SA (non-commercial): inherits the PADT / SaudiNewsNet terms"
MODELS_TRAINED = {
    "tokenize": ("ar_kg_tokenizer.pt", [PADT, PUD], NON_COMMERCIAL),
    "mwt": ("ar_kg_mwt_expander.pt", [PADT, PUD], NON_COMMERCIAL),
    "pos": ("ar_kg_tagger.pt", [PADT, PUD, NEWS + " via the word vectors"], NON_COMMERCIAL),
    "lemma": ("ar_kg_lemmatizer.pt", [PUD, PADT_V1], NON_COMMERCIAL),
    "depparse": ("ar_kg_parser.pt", [PUD, PADT_V1, NEWS + " via the word vectors"], NON_COMMERCIAL),
    "ner": ("ar_kg_nertagger.pt", ["AQMAR train+dev, CC BY-SA 3.0", "ANERcorp train (CAMeL split), CC BY-SA 4.0",
                                   "NewsFANE gold (less every sentence sharing a word 5-gram with the AQMAR or "
                                   "ANERcorp test set), CC BY-SA 3.0",
                                   NEWS + " via the word vectors and the character language models"], NON_COMMERCIAL),
    "pretrain": ("ar_kg.pretrain.pt", [NEWS], NON_COMMERCIAL),
    "forward_charlm": ("ar_kg_forward_charlm.pt", [NEWS], NON_COMMERCIAL),
    "backward_charlm": ("ar_kg_backward_charlm.pt", [NEWS], NON_COMMERCIAL),
}
STAGE_OF = {"tokenize": "tokenizer", "mwt": "mwt", "pos": "pos", "lemma": "lemma", "depparse": "depparse",
            "ner": "ner", "pretrain": "wordvec", "forward_charlm": "charlm_forward", "backward_charlm": "charlm_backward"}


def half_precision(value):
    """Float tensors in half precision: halves the files; Stanza casts them back when loading."""
    import torch

    if isinstance(value, torch.Tensor) and value.dtype == torch.float32:
        return value.half()
    if isinstance(value, dict):
        return {key: half_precision(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(half_precision(item) for item in value)
    return value


NER_DELTA_WORDS = 3000  # fine-tuning deltas kept: the rest are near zero (90 % have a norm < 0.07)


def prune_ner_deltas(checkpoint: dict, keep: int = NER_DELTA_WORDS) -> dict:
    """Keep the NER model's largest word-vector corrections; other words fall back to <UNK>'s.

    Stanza fine-tunes a correction ("delta") for each of the 36k training words; most barely
    move, and dropping them saves 6.5 MB of the 30 MB budget.
    """
    import torch

    weights = checkpoint["model"]["delta_emb.weight"]
    vocab = checkpoint["vocab"]["delta"]
    specials = 4  # <PAD> <UNK> <EMPTY> <ROOT>
    norms = weights[specials:].float().norm(dim=1)
    kept = sorted((torch.topk(norms, min(keep, len(norms))).indices + specials).tolist())
    rows = list(range(specials)) + kept
    words = [vocab["_id2unit"][i] for i in rows]
    checkpoint["model"]["delta_emb.weight"] = weights[rows].clone()
    checkpoint["vocab"]["delta"] = {**vocab, "_id2unit": words, "_unit2id": {w: i for i, w in enumerate(words)}}
    return checkpoint


def copy_half_precision(source: Path, target: Path) -> None:
    import torch

    checkpoint = torch.load(source, map_location="cpu", weights_only=True)
    if "delta_emb.weight" in checkpoint.get("model", {}):
        checkpoint = prune_ner_deltas(checkpoint)
    torch.save(half_precision(checkpoint), target, _use_new_zipfile_serialization=False)


def write_manifest(scores: dict | None = None) -> dict:
    times_file = WORK / "stage_times.json"
    times = json.loads(times_file.read_text()) if times_file.exists() else {}
    entries = {}
    for name, (file, trained_on, licence) in MODELS_TRAINED.items():
        path = BUNDLED_DIR / file
        entries[name] = {"file": file, "sha256": sha256(path), "bytes": path.stat().st_size,
                         "trained_on": trained_on, "licence": licence,
                         "training_seconds": times.get(STAGE_OF[name])}
    manifest = {"name": "kg compact Arabic models", "created": date.today().isoformat(),
                "stanza_version": stanza.__version__, "models": entries, "scores": scores or {}}
    tmp = BUNDLED_DIR / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(BUNDLED_DIR / "manifest.json")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--no-eval", action="store_true")
    args = parser.parse_args()
    BUNDLED_DIR.mkdir(parents=True, exist_ok=True)
    for file, _, _ in MODELS_TRAINED.values():
        if (MODELS / file).exists():
            copy_half_precision(MODELS / file, BUNDLED_DIR / file)
    write_manifest()
    if not args.no_eval:
        from kg.evaluate import evaluate

        write_manifest(evaluate(bundled_models(), args.data))


if __name__ == "__main__":
    main()
