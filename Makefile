# Two entry points: `make run` (one monitor pass) and `make test`.
# Both build .venv on first use, so they work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-perf bench-large demo

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

# Throughput (fair bare loop, pass without and with Prefect, 1 vs 2 workers), the
# store's write path (SQLite; PostgreSQL on 127.0.0.1:5432 when it is up), the dedup
# index and pipeline at 10k and 100k stored items, then the quality benchmarks.
bench: bench-perf
	$(BIN)/python -m bench.extraction
	$(BIN)/python -m bench.dedup_quality
	$(BIN)/python -m bench.statements_quality
	$(BIN)/python -m bench.attribution
	$(BIN)/python -m bench.statements_speed
	$(BIN)/python -m bench.identity
	$(BIN)/python -m bench.topics_quality --split held-out

bench-perf: $(STAMP)
	$(BIN)/python -m bench.throughput
	$(BIN)/python -m bench.steps_cost
	$(BIN)/python -m bench.steps_instructions
	$(BIN)/python -m bench.pass_instructions
	$(BIN)/python -m bench.analysis_scaling
	$(BIN)/python -m bench.store
	$(BIN)/python -m bench.dedup
	$(BIN)/python -m bench.cli_latency --serve

# The 1M-item point of the growth curve: 10-40 minutes of loading on 2 cores, with the
# load; add DEDUP_DB=path to keep the filled store for the next run.
bench-large: $(STAMP)
	$(BIN)/python -m bench.dedup --sizes 1000000 $(if $(DEDUP_DB),--db $(DEDUP_DB))
