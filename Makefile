# Every target creates the virtualenv and installs what it needs on first use.
# torch is pinned to the CPU wheel in requirements.txt; never install it unpinned.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-slow test-browser lint bench data models

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime  ## start the app with the shipped models
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

test: $(VENV)/.dev  ## lint and the default (fast) tests
	$(BIN)/ruff check .
	$(BIN)/pytest

test-slow: $(VENV)/.dev  ## tests that train or load bigger models
	$(BIN)/pytest -m slow

test-browser: $(VENV)/.dev  ## the real-browser test (installs Debian's chromium and a Korean font)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium fonts-nanum >/dev/null)
	$(BIN)/pytest -m browser

bench: $(VENV)/.dev  ## every benchmark; figures go to bench/RESULTS.md (about 1.5 h on 2 cores)
	$(BIN)/python -m bench.baselines
	$(BIN)/python -m bench.classify
	$(BIN)/python -m bench.retrain
	$(BIN)/python -m bench.rerank
	$(BIN)/python -m bench.translate
	$(BIN)/python -m bench.identity_ratio --base models/translator
	$(BIN)/python -m bench.app

data: $(VENV)/.dev  ## corpus splits and shipped samples from ../shared/data
	$(BIN)/python -m train data

models: data  ## retrain every shipped model with the recipes of their model cards (hours on CPU; see README)
	$(BIN)/python -m train tokenizer
	$(BIN)/python -m train pretrain --batch_size 64 --max_steps 10000
	$(BIN)/python -m train classifier --publish_dir models/classifier --learning_rate 3e-4 --num_train_epochs 2 \
		--max_length 64 --class_weights
	$(BIN)/python -m train translator --max_steps 2500
	$(BIN)/python -m train translator --model_name_or_path runs/translator/checkpoint-2500 --lexicon_hints \
		--output_dir runs/translator-hints --max_steps 3000 --learning_rate 5e-4 --publish_dir models/translator
	$(BIN)/python -m train translator --model_name_or_path models/translator --lexicon_hints \
		--output_dir runs/translator-hints-2 --max_steps 3000 --learning_rate 5e-4 --publish_dir models/translator
	$(BIN)/python -m train translator --model_name_or_path models/translator --lexicon_hints \
		--output_dir runs/translator-hints-3 --max_steps 3000 --learning_rate 4e-4 --publish_dir models/translator
