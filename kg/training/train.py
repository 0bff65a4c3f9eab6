"""Train the bundled Arabic models with Stanza's own trainers, stage by stage.

    python -m kg.training.train [STAGE ...]      # default: every stage, in order

Each stage writes its model into WORK/models and a marker WORK/logs/STAGE.done when it
finishes; finished stages are skipped, so an interrupted ``make models`` resumes where it stopped. Logs go to WORK/logs/STAGE.log and the
wall time of every finished stage to WORK/stage_times.json. Sizes are chosen for a 2-core CPU:
small hidden layers, capped steps, small character language models (for NER only).
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.nlp import CHARLM_DIRECTIONS

SHARED_DATA = Path(os.environ.get("KG_SHARED_DATA", "../shared/data"))
WORK = Path(os.environ.get("KG_WORK", "work"))
DATA, MODELS, LOGS = WORK / "data", WORK / "models", WORK / "logs"
PRETRAIN = MODELS / "ar_kg.pretrain.pt"
CHARLM_TEXT = DATA / "charlm"
# jemalloc avoids the page-fault churn that makes glibc malloc 2-3x slower for the tagger and parser;
# without decay it never returns memory, which the lemmatizer turned into 14 GB (measured): glibc there.
JEMALLOC = WORK / "jemalloc/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
JEMALLOC_STAGES = {"tokenizer", "pos", "depparse", "charlm_forward", "charlm_backward"}


@dataclass
class Stage:
    name: str
    model: Path
    command: list[str] | Callable[[], list[str]]  # a function for a command that reads an earlier stage's output

    def arguments(self) -> list[str]:
        return self.command() if callable(self.command) else self.command


def _ud(name: str) -> str:
    return str(DATA / "ud" / name)


def _tree(name: str) -> str:
    return str(DATA / "tree" / name)


def _mwt_max_length() -> int:
    """Stanza's run_mwt rule: 1.1 x the longest multi-word token (surface or expansion) + 1."""
    entries = json.loads(Path(_ud("ar_kg-ud-train-mwt.json")).read_text(encoding="utf-8"))
    longest = max(max(len(surface), len(" ".join(words))) for (surface, words), _ in entries)
    return math.ceil(longest * 1.1 + 1)


def _trainer(module: str, model: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", f"stanza.models.{module}", "--mode", "train", "--shorthand", "ar_kg",
            "--save_dir", str(MODELS), "--save_name", model.name, "--cpu", *args]


def charlm(direction: str) -> Path:
    return MODELS / f"ar_kg_{direction}_charlm.pt"


def _charlm_trainer(direction: str) -> list[str]:
    # Small (hidden 256) for this CPU; one epoch over the capped text, scored on dev every 400 batches.
    return [sys.executable, "-m", "stanza.models.charlm", "--shorthand", "ar_kg", "--direction", direction,
            "--train_file", str(CHARLM_TEXT / "train.txt"), "--eval_file", str(CHARLM_TEXT / "dev.txt"),
            "--char_emb_dim", "64", "--char_hidden_dim", "256", "--epochs", "1", "--eval_steps", "400",
            "--report_steps", "100", "--save_dir", str(MODELS), "--save_name", charlm(direction).name,
            "--checkpoint_save_name", str(MODELS / f"ar_kg_{direction}_charlm_checkpoint.pt"), "--cpu"]


def stages() -> list[Stage]:
    tokenizer, mwt = MODELS / "ar_kg_tokenizer.pt", MODELS / "ar_kg_mwt_expander.pt"
    tagger, lemmatizer = MODELS / "ar_kg_tagger.pt", MODELS / "ar_kg_lemmatizer.pt"
    parser, ner = MODELS / "ar_kg_parser.pt", MODELS / "ar_kg_nertagger.pt"
    return [
        Stage("prepare", DATA / "ner/ar_kg.train.json",
              [sys.executable, "-m", "kg.training.prepare", str(SHARED_DATA), str(WORK)]),
        Stage("charlm_text", CHARLM_TEXT / "train.txt",
              [sys.executable, "-m", "kg.training.charlm_text", str(SHARED_DATA / "news/arabic_news.jsonl.xz"),
               str(CHARLM_TEXT)]),
        *(Stage(f"charlm_{direction}", charlm(direction), _charlm_trainer(direction))
          for direction in CHARLM_DIRECTIONS),
        Stage("wordvec", PRETRAIN,
              [sys.executable, "-m", "kg.training.wordvec", str(SHARED_DATA / "news/arabic_news.jsonl.xz"), str(MODELS)]),
        Stage("tokenizer", tokenizer, _trainer(
            "tokenizer", tokenizer, "--lang", "ar",
            "--txt_file", _ud("ar_kg.train.txt"), "--label_file", _ud("ar_kg-ud-train.toklabels"),
            "--dev_txt_file", _ud("ar_kg.dev.txt"), "--dev_label_file", _ud("ar_kg-ud-dev.toklabels"),
            "--dev_conll_gold", _ud("ar_kg.dev.gold.conllu"), "--mwt_json_file", _ud("ar_kg-ud-train-mwt.json"),
            "--max_seqlen", "600", "--steps", "3500", "--eval_steps", "500", "--report_steps", "250")),
        Stage("mwt", mwt, lambda: _trainer(  # the longest expansion is known once prepare has run
            "mwt_expander", mwt, "--lang", "ar",
            "--train_file", _ud("ar_kg.train.gold.conllu"), "--eval_file", _ud("ar_kg.dev.in.conllu"),
            "--gold_file", _ud("ar_kg.dev.gold.conllu"), "--max_dec_len", str(_mwt_max_length()),
            "--num_epoch", "8")),
        Stage("pos", tagger, _trainer(
            "tagger", tagger, "--lang", "ar",
            "--train_file", _ud("ar_kg.train.gold.conllu"), "--eval_file", _ud("ar_kg.dev.gold.conllu"),
            "--output_file", str(LOGS / "pos.dev.pred.conllu"), "--wordvec_pretrain_file", str(PRETRAIN),
            "--hidden_dim", "160", "--char_hidden_dim", "160", "--deep_biaff_hidden_dim", "128",
            "--composite_deep_biaff_hidden_dim", "64", "--batch_size", "50",
            "--max_steps", "2000", "--eval_interval", "250", "--log_step", "50")),
        Stage("lemma", lemmatizer, _trainer(
            "lemmatizer", lemmatizer,
            "--train_file", _tree("ar_kg.train.gold.conllu"), "--eval_file", _tree("ar_kg.dev.gold.conllu"),
            "--output_file", str(LOGS / "lemma.dev.pred.conllu"), "--num_epoch", "8", "--log_step", "200")),
        Stage("depparse", parser, _trainer(
            "parser", parser, "--lang", "ar",
            "--train_file", _tree("ar_kg.train.gold.conllu"), "--eval_file", _tree("ar_kg.dev.gold.conllu"),
            "--output_file", str(LOGS / "depparse.dev.pred.conllu"), "--wordvec_pretrain_file", str(PRETRAIN),
            "--hidden_dim", "200", "--char_hidden_dim", "100", "--deep_biaff_hidden_dim", "128",
            # Checkpoints at every evaluation: a run cut short by the session's end resumes from the last.
            "--batch_size", "1000", "--max_steps", "4000", "--eval_interval", "200", "--log_step", "50")),
        Stage("ner", ner, _trainer(
            "ner_tagger", ner,
            "--train_file", str(DATA / "ner/ar_kg.train.json"), "--eval_file", str(DATA / "ner/ar_kg.dev.json"),
            "--wordvec_pretrain_file", str(PRETRAIN), "--hidden_dim", "192", "--charlm", "--charlm_shorthand", "ar_kg",
            "--charlm_forward_file", str(charlm("forward")), "--charlm_backward_file", str(charlm("backward")),
            "--max_steps", "12000", "--eval_interval", "500", "--log_step", "100")),
    ]


def training_env(stage: Stage) -> dict[str, str]:
    # One thread per trainer: `make models` runs two trainers side by side on the 2 cores, and
    # oversubscribed OpenMP threads spin against each other (measured: 3.2 s instead of <1 s a step).
    env = {"OMP_NUM_THREADS": "1", **os.environ}
    if JEMALLOC.exists() and stage.name in JEMALLOC_STAGES:
        env["LD_PRELOAD"] = str(JEMALLOC.resolve())
        env["MALLOC_CONF"] = "dirty_decay_ms:-1,muzzy_decay_ms:-1"
    return env


def done_marker(stage: Stage) -> Path:
    return LOGS / f"{stage.name}.done"


def run(stage: Stage) -> None:
    # Stanza writes its best model while training, so only this marker says a stage finished.
    if done_marker(stage).exists():
        print(f"{stage.name}: done ({stage.model})")
        return
    LOGS.mkdir(parents=True, exist_ok=True)
    MODELS.mkdir(parents=True, exist_ok=True)
    print(f"{stage.name}: training, log in {LOGS / stage.name}.log", flush=True)
    started = time.time()
    with open(LOGS / f"{stage.name}.log", "w", encoding="utf-8") as log:
        subprocess.run(stage.arguments(), stdout=log, stderr=subprocess.STDOUT, env=training_env(stage), check=True)
    record_time(stage.name, time.time() - started)
    done_marker(stage).write_text(f"{stage.model}\n")


def record_time(name: str, seconds: float) -> None:
    times_file = WORK / "stage_times.json"
    times = json.loads(times_file.read_text()) if times_file.exists() else {}
    times[name] = round(seconds)
    times_file.write_text(json.dumps(times, indent=1))


def main(names: list[str]) -> None:
    for stage in stages():
        if not names or stage.name in names:
            run(stage)


if __name__ == "__main__":
    main(sys.argv[1:])
