# Two entry points: `make run` (one monitor pass) and `make test`.
# Both build .venv on first use, so they work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench demo

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newsmon run

demo: $(STAMP)
	$(BIN)/newsmon demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench.extraction
	$(BIN)/python -m bench.dedup_quality
	$(BIN)/python -m bench.statements_quality
	$(BIN)/python -m bench.attribution
	$(BIN)/python -m bench.statements_speed
	$(BIN)/python -m bench.identity
	$(BIN)/python -m bench.topics_quality --split held-out
	$(BIN)/python -m bench.throughput
	$(BIN)/python -m bench.dedup
	$(BIN)/python -m bench.cli_latency --serve
