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

bench: $(VENV)/.dev  ## every benchmark; figures go to bench/RESULTS.md
	$(BIN)/python -m bench.baselines
	$(BIN)/python -m bench.classify
	$(BIN)/python -m bench.translate
	$(BIN)/python -m bench.app

data: $(VENV)/.dev  ## corpus splits and shipped samples from ../shared/data
	$(BIN)/python -m train data

models: data  ## retrain every shipped model (hours on CPU; see README)
	$(BIN)/python -m train tokenizer
	$(BIN)/python -m train pretrain
	$(BIN)/python -m train classifier --publish_dir models/classifier
	$(BIN)/python -m train translator --publish_dir models/translator
