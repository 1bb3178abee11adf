# Set-up and checks. `make run` and `make test` work from a fresh clone: they create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint model clean bench screenshot eval package package-test

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

# Detection quality on CUAD and the AI-use paraphrase sets (tuning and held-out halves), and
# AI-use findings in the corpus's published templates; rewrites the results in docs/detection.md.
eval: $(STAMP)
	$(BIN)/python -m tests.bench.eval_paraphrases
	$(BIN)/python -m tests.bench.eval_cuad

# Rebuild the spaCy pipelines in models/: the rule pipeline from the patterns in resources/, then
# the sentence classifier from resources/training/ (cross-validated thresholds; about 5 minutes
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

# The desktop bundle dist/redline-assistant/ (packaging/, README "Packaging"), built by PyInstaller in
# its own virtualenv under build/ that holds the app's dependencies and PyInstaller only. The epoch
# and hash seed make two builds of one commit byte-identical; dist/redline-assistant.sha256 lists
# the files and their hashes (packaging/compare_builds.py compares two builds).
PACKAGE_VENV := build/package-venv
PACKAGE_STAMP := $(PACKAGE_VENV)/.installed
BUNDLE := dist/redline-assistant
BUNDLE_SOURCES := pyproject.toml $(shell find assistant models resources packaging -type f ! -path '*/__pycache__/*' 2>/dev/null)

$(PACKAGE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(PACKAGE_VENV)
	$(PACKAGE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PACKAGE_VENV)/bin/python -m pip install --quiet -e '.[package]'
	touch $(PACKAGE_STAMP)

define build_bundle
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 315532800) PYTHONHASHSEED=0 \
	  $(PACKAGE_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
	  --distpath dist --workpath build/pyinstaller packaging/redline-assistant.spec
	$(PACKAGE_VENV)/bin/python packaging/compare_builds.py list $(BUNDLE) > $(BUNDLE).sha256
	@echo "$(BUNDLE): $$(du -sh $(BUNDLE) | cut -f1), $$(wc -l < $(BUNDLE).sha256) files"
endef

package: $(PACKAGE_STAMP)
	$(build_bundle)

$(BUNDLE)/redline-assistant: $(PACKAGE_STAMP) $(BUNDLE_SOURCES)
	$(build_bundle)

# The bundle's smoke test (built first if missing or older than its sources): copied out of the
# checkout, it compares the sample drafts with no network, prints its version, starts its GUI.
package-test: $(STAMP) $(BUNDLE)/redline-assistant
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/packaging
