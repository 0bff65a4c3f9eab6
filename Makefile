# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
WORK ?= work
# The CPU build of torch, from the machine's wheel folder; a plain `pip install torch` pulls ~3 GB of CUDA.
TORCH ?= torch==2.13.0+cpu

.PHONY: install demo test eval persons bench bench-corpus screenshot models models-text models-vectors clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "$(TORCH)"
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

demo: install
	$(BIN)/kg build examples --store stores/seeds
	$(BIN)/kg export --store stores/seeds --format jsonl -o stores/seeds.jsonl
	head -n 3 stores/seeds.jsonl
	$(BIN)/kg view --store stores/seeds -o stores/seeds.html

test: install
	$(BIN)/pytest -q

# Statement quality on the seeds and on two development sets of other outlets, then each extraction
# rule's precision over all three (weakest rule first) and where the errors come from, then the models.
EVAL_SETS = seeds dev dev2
EVAL_PAIRS = $(foreach set,$(EVAL_SETS),$(SHARED)/eval/$(set)_gold.jsonl $(WORK)/eval/$(set).jsonl)
define evaluate  # build, export and score one set: $(call evaluate,NAME,ARTICLES)
	$(BIN)/kg build $(2) --store $(WORK)/eval/$(1)
	$(BIN)/kg export --store $(WORK)/eval/$(1) -o $(WORK)/eval/$(1).jsonl
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/eval/$(1)_gold.jsonl $(WORK)/eval/$(1).jsonl
endef
eval: install
	rm -rf $(WORK)/eval && mkdir -p $(WORK)/eval
	$(call evaluate,seeds,examples)
	$(call evaluate,dev,$(SHARED)/eval/dev_articles)
	$(call evaluate,dev2,$(SHARED)/eval/dev2_articles)
	$(BIN)/kg rule-scores --scorer $(SHARED)/eval/score.py $(EVAL_PAIRS)
	$(BIN)/kg error-classes --scorer $(SHARED)/eval/score.py $(EVAL_PAIRS)
	$(BIN)/kg models eval --data $(SHARED)/data

# ontology/persons-petrarch.ttl from UniversalPetrarch's dictionary (rules: kg/training/petrarch_persons.py).
persons: install
	KG_SHARED_DATA=$(SHARED)/data $(BIN)/python -m kg.training.petrarch_persons --report

bench: install
	$(BIN)/python benchmarks/bench_nlp.py --news $(SHARED)/data/news/arabic_news.jsonl.xz
	$(BIN)/python benchmarks/bench_view.py
	$(BIN)/python benchmarks/bench_store.py

# Corpus-scale build speed (docs/corpus-scale.md): ARTICLES=2000 takes ~2 h on the 2-core CPU.
ARTICLES ?= 2000
bench-corpus: install
	$(BIN)/python benchmarks/bench_corpus.py --corpus $(SHARED)/data/news/arabic_news.jsonl.xz --articles $(ARTICLES)

# The README's picture of the seeds page, as headless Chromium draws it (apt-get install chromium),
# with Lavrov's statements in the side panel.
screenshot: demo
	$(BIN)/python benchmarks/bench_view.py --page stores/seeds.html --screenshot docs/seeds-graph.png --read sergey_lavrov

# Retrain the bundled models (hours on a 2-core CPU; resumes per stage). CI never runs this.
models: install
	$(BIN)/pip install --quiet -e ".[train]"
	test -d $(WORK)/jemalloc || { mkdir -p $(WORK) && cd $(WORK) && apt-get download libjemalloc2 && dpkg-deb -x libjemalloc2_*.deb jemalloc; } || true
	$(TRAIN) prepare charlm_text wordvec
	$(MAKE) -j2 models-text models-vectors
	OMP_NUM_THREADS=2 $(TRAIN) ner  # after both character LMs, alone on both cores
	KG_WORK=$(WORK) $(BIN)/python -m kg.training.bundle --data $(SHARED)/data

# Two lanes of one-thread trainers keep both cores busy.
TRAIN = KG_SHARED_DATA=$(SHARED)/data KG_WORK=$(WORK) $(BIN)/python -m kg.training.train
models-text:
	$(TRAIN) charlm_forward tokenizer mwt lemma
models-vectors:
	$(TRAIN) charlm_backward pos depparse

clean:
	rm -rf $(VENV) build *.egg-info stores
