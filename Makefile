# Set-up and checks. `make run` and `make test` work from a fresh clone: they create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint model clean bench screenshot eval

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/redline-assistant open --sample

test: $(STAMP)
	$(BIN)/ruff check assistant tests
	$(BIN)/ruff format --check assistant tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix assistant tests
	$(BIN)/ruff format assistant tests

# The main window on the sample negotiation, rendered offscreen to docs/screenshot.png.
screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.ui.screenshot docs/screenshot.png

# Detection quality on CUAD and the AI-use paraphrase set (tuning and held-out halves);
# rewrites the results in docs/detection.md.
eval: $(STAMP)
	$(BIN)/python -m tests.bench.eval_paraphrases
	$(BIN)/python -m tests.bench.eval_cuad

# Rebuild the spaCy pipelines in models/: the rule pipeline from the patterns in resources/, then
# the sentence classifier from resources/training/ (cross-validated thresholds; about 2.5 minutes
# on one core). `python -m tests.bench.cuad_training` regenerates that data from ../shared/corpus.
model: $(STAMP)
	$(BIN)/python -m assistant.clauses.build
	$(BIN)/python -m assistant.clauses.training

# Benchmarks: our compare against the open-only floor and the peers, measured in the same run;
# prints the tables and writes docs/benchmarks.md (about 10 minutes on 2 cores).
bench: $(STAMP)
	$(BIN)/python -m tests.bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
