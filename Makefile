# Every target sets itself up first: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export JOBOPS_DATA_DIR ?= $(CURDIR)/data
# Quiet, local Prefect: its home lives in the data folder; no telemetry from an offline machine.
export PREFECT_HOME ?= $(JOBOPS_DATA_DIR)/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_LOGGING_LEVEL ?= CRITICAL
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90

.PHONY: install demo serve test check bench bench-relevance clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## demo: the main job on the offline provider unless JOBOPS_LLM__PROVIDER says otherwise
demo: export JOBOPS_LLM__PROVIDER ?= offline
## demo: the main job on embedded defaults (SQLite, offline LLM, bundled feed and resume, Typst PDFs)
demo: $(STAMP)
	mkdir -p "$(JOBOPS_DATA_DIR)"
	$(BIN)/jobops import-resume jobops/demo/resume.json
	$(BIN)/jobops demo-feed "$(JOBOPS_DATA_DIR)/demo-feed.jsonl"
	$(BIN)/jobops run --feed "$(JOBOPS_DATA_DIR)/demo-feed.jsonl"

## serve: the API on 127.0.0.1:3001
serve: $(STAMP)
	mkdir -p "$(JOBOPS_DATA_DIR)"
	$(BIN)/jobops serve

## test: the whole suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## check: lint and types
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy jobops tasks flows api cli

## bench: speed and memory figures (bench/results.json, docs/benchmarks.md); not part of test
bench: $(STAMP)
	$(BIN)/python -m bench.run

## bench-relevance: only the relevance figures (seconds), the others kept as last measured
bench-relevance: $(STAMP)
	$(BIN)/python -m bench.run relevance

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
