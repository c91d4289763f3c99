# The README's commands. Every target sets itself up from the lock file on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
UV_VERSION := 0.13.9

export CITY_DATA_DIR ?= $(CURDIR)/data
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export GX_ANALYTICS_ENABLED := False
# One "planned" event per asset for a run over many days (see orchestration/__init__.py).
export DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS := true
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export PATH := $(BIN):$(PATH)

.PHONY: help setup test-setup run backfill test test-fast ui lint format lock superset-lock clean

## Every target with what it does, one line each (from the first `##` line above it).
help:
	@awk '/^## / { if (doc == "") doc = substr($$0, 4); next } \
		/^[a-z][a-z0-9_-]*:/ { if (doc != "") { split($$0, rule, ":"); printf "  %-15s %s\n", rule[1], doc } } \
		/^#/ || /^[A-Z_]+ *[?:]?=/ || /^\.PHONY/ { next } \
		{ doc = "" }' $(firstword $(MAKEFILE_LIST))

# The virtual environment, synchronised exactly with requirements.lock (hashes checked). The project
# itself is not installed: every command runs from the repo root, where `orchestration` is importable.
$(VENV)/.synced: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	touch $@

# An oldest-supported reader (DuckDB 1.0) in its own environment, so tests can prove BI tools on
# DuckDB 1.x open the published snapshot.
COMPAT_VENV := .venv-duckdb1
$(COMPAT_VENV)/.synced: tests/compat/duckdb1.lock $(VENV)/.synced
	test -x $(COMPAT_VENV)/bin/python || $(PYTHON) -m venv $(COMPAT_VENV)
	$(BIN)/uv pip sync --quiet --python $(COMPAT_VENV)/bin/python tests/compat/duckdb1.lock
	touch $@

# Apache Superset in its own environment (tests/bi/superset.lock), so tests/bi/ can prove a real BI tool
# reads the published snapshot; it shares no package with the platform. uv's cache makes a rebuild quick.
SUPERSET_VENV := .venv-superset
$(SUPERSET_VENV)/.synced: tests/bi/superset.lock $(VENV)/.synced
	test -x $(SUPERSET_VENV)/bin/python || $(PYTHON) -m venv $(SUPERSET_VENV)
	$(BIN)/uv pip sync --quiet --python $(SUPERSET_VENV)/bin/python tests/bi/superset.lock
	touch $@

# A repo-local Dagster instance, so runs from `make run` show up in `make ui`.
$(DAGSTER_HOME)/dagster.yaml: config/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp config/dagster.yaml $@

## Set up .venv from requirements.lock and a repo-local DAGSTER_HOME (every target does this first).
setup: $(VENV)/.synced $(DAGSTER_HOME)/dagster.yaml

## setup, plus what the tests need: Chromium, PostgreSQL, the DuckDB 1.0 and Superset environments.
# Debian's Chromium for the browser test (Playwright cannot download browsers here), and Debian's
# PostgreSQL for tests/postgres/ (each test session starts, then removes, its own throwaway cluster).
test-setup: setup $(COMPAT_VENV)/.synced $(SUPERSET_VENV)/.synced
	bash scripts/install_browser.sh
	bash scripts/postgres_cluster.sh install

## Materialize the whole platform over $CITY_DATA_DIR (default data/); sample data if the inbox is empty.
## FULL_REFRESH=1 rebuilds the incremental dbt models from the whole lake.
run: setup
	$(BIN)/python -m orchestration.cli.run $(if $(FULL_REFRESH),--full-refresh)

## Re-run a range of Bangkok days as one run, e.g. `make backfill FROM=2024-11-01 TO=2025-10-31`.
backfill: setup
	$(BIN)/python -m orchestration.cli.run --from $(FROM) --to $(TO)

# Before anything is set up: without its days, a backfill says what to type and stops (exit status 2).
ifneq ($(filter backfill,$(MAKECMDGOALS)),)
ifeq ($(and $(FROM),$(TO)),)
$(error make backfill needs the first and last Bangkok day to re-run, for example: make backfill FROM=2024-11-01 TO=2025-10-31)
endif
endif

# One pytest-xdist worker per core; a test module (or a shared-server folder) stays on one worker
# (tests/conftest.py), so its platform runs and servers start once, longest units first (the conftest
# orders them; xdist would reorder by test count). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --no-loadscope-reorder

## The whole test suite (what CI runs).
test: test-setup
	$(PYTEST)

## The inner-loop subset: everything but the end-to-end materializations.
test-fast: test-setup
	$(PYTEST) -m "not slow"

## The PostgreSQL tests alone: production instance, dbt postgres target, serving (a local throwaway server).
.PHONY: test-postgres
test-postgres: test-setup
	$(BIN)/python -m pytest -q tests/postgres

# Apache Spark for the dbt models (dbt-spark's session method on a local PySpark; Java 17+ on PATH), in
# its own environment: PySpark is large and no other target needs it.
SPARK_VENV := .venv-spark
$(SPARK_VENV)/.synced: tests/spark/spark.lock $(VENV)/.synced
	test -x $(SPARK_VENV)/bin/python || $(PYTHON) -m venv $(SPARK_VENV)
	$(BIN)/uv pip sync --quiet --python $(SPARK_VENV)/bin/python tests/spark/spark.lock
	touch $@

## The service-request models on Spark give DuckDB's indicator values (opt-in: Spark takes minutes to start).
.PHONY: test-spark
test-spark: setup $(SPARK_VENV)/.synced
	CITY_TEST_SPARK=1 $(BIN)/python -m pytest -q tests/spark

## The Dagster UI on http://127.0.0.1:3000
ui: setup
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

## The dbt docs site (models, columns, tests, lineage, exposures) on http://127.0.0.1:8080 (DOCS_PORT=...).
## Built from the project alone (a throwaway warehouse, no catalog query), so it works on a fresh clone
## and never waits on a running build; dbt's page is bundled with dbt, nothing is downloaded.
.PHONY: docs
DOCS_PORT ?= 8080
DOCS_TARGET := $(CURDIR)/dbt_project/target/docs
docs: setup
	mkdir -p $(DOCS_TARGET)/scratch/warehouse
	cd dbt_project && export CITY_DATA_DIR=$(DOCS_TARGET)/scratch && \
		$(BIN)/dbt docs generate --quiet --empty-catalog --static --target-path $(DOCS_TARGET) && \
		echo "dbt docs: http://127.0.0.1:$(DOCS_PORT) (also $(DOCS_TARGET)/static_index.html)" && \
		$(BIN)/dbt docs serve --host 127.0.0.1 --port $(DOCS_PORT) --no-browser --target-path $(DOCS_TARGET)

## Benchmark the platform beside a DuckDB floor and a pandas peer on 100k and 1M tickets (bench/).
## Generated inputs through the platform, a hand-written DuckDB floor and a pandas peer (full run), then
## one more day on top (daily run) and the code location load; fails if their sr_* values differ.
## BENCH_LARGE=1 adds 10M tickets.
## Results: bench/results/tickets_<size>.{md,json}, with a verdict per issue-6 target.
## Scratch space: BENCH_WORK holds one size at a time, about 2.5 GB per 1M tickets (25 GB for 10M),
## plus the generator's DuckDB spill in TMPDIR (a few GB at 10M).
.PHONY: bench
BENCH_TICKETS ?= 100000 1000000 $(if $(filter 1,$(BENCH_LARGE)),10000000)
BENCH_WORK ?= $(or $(TMPDIR),/tmp)/city-bench
bench: setup
	$(BIN)/python -m bench.run --tickets $(BENCH_TICKETS) --work $(BENCH_WORK)

## ruff (lint and format check), dg's check of the definitions and sqlfluff over the dbt models.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/dg check defs
	# sqlfluff's dbt templater opens a warehouse connection: give it a throwaway one.
	scratch=$$(mktemp -d) && mkdir -p $$scratch/warehouse && cd dbt_project && \
		CITY_DATA_DIR=$$scratch $(BIN)/sqlfluff lint models

## Fix what ruff can fix and format the Python code.
format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-resolve requirements.lock from pyproject.toml (after changing a dependency), with hashes.
## Existing pins are kept; `make lock PACKAGE=name` upgrades that one package.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --quiet \
		$(if $(PACKAGE),--upgrade-package $(PACKAGE)) -o requirements.lock

## Re-resolve tests/bi/superset.lock (the Superset test's environment) from tests/bi/superset.in.
superset-lock: setup
	$(BIN)/uv pip compile tests/bi/superset.in --python-version 3.11 --generate-hashes --quiet \
		$(if $(PACKAGE),--upgrade-package $(PACKAGE)) -o tests/bi/superset.lock

## Remove the environments, the repo-local DAGSTER_HOME and dbt's build output (never $CITY_DATA_DIR).
clean:
	rm -rf $(VENV) $(COMPAT_VENV) $(SPARK_VENV) $(SUPERSET_VENV) .dagster_home dbt_project/target
