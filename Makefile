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

# The main window on the sample negotiation, rendered offscreen to docs/screenshot.png, and with a
# dark desktop palette to docs/screenshot-dark.png.
screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.ui.screenshot docs/screenshot.png
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.ui.screenshot --dark docs/screenshot-dark.png

# Detection quality on CUAD and the AI-use paraphrase set (tuning and held-out halves);
# rewrites the results in docs/detection.md.
eval: $(STAMP)
	$(BIN)/python -m tests.bench.eval_paraphrases
	$(BIN)/python -m tests.bench.eval_cuad

# Rebuild the spaCy pipeline in models/ from the patterns in resources/.
model: $(STAMP)
	$(BIN)/python -m assistant.clauses.build

# Benchmarks: our compare against the open-only floor and the peers, measured in the same run;
# prints the tables and writes docs/benchmarks.md (about 10 minutes on 2 cores).
bench: $(STAMP)
	$(BIN)/python -m tests.bench.run

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
