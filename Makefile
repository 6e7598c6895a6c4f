# Two commands for a newcomer: `make build` and `make test`. Both create .venv when it is
# missing or when requirements.txt / python/pyproject.toml changed, and skip the install otherwise.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint docs sample bench clean

# Where `dbt build` publishes the BI file: the default must match the one in
# models/marts/verification/_verification__models.yml (config bi_path of verified_bi_publication).
BI_FILE := $(or $(TIKTOK_BI_PATH),target/tiktok_verified_bi.duckdb)
REPORT_DIR := target/report

$(STAMP): requirements.txt python/pyproject.toml
	@echo "==> installing the pinned stack into $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e python
	@touch $(STAMP)

## build: install (if needed), `dbt build` on the default input (the shipped sample), then the report
build: $(STAMP)
	$(BIN)/dbt build
	$(BIN)/python -m tiktok_verified.report --database "$(BI_FILE)" --out $(REPORT_DIR)
	@echo "BI file (connect your BI tool here): $(BI_FILE)"

## test: install (if needed), then the whole suite: package tests and end-to-end dbt builds
test: $(STAMP)
	$(BIN)/pytest

## lint: ruff for Python, sqlfluff (dbt templater) for SQL; CI runs this too. Run `make build`
## first: sqlfluff renders the models against the built warehouse (seed levels, feature columns).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint models tests/dbt

## docs: dbt's documentation site (target/index.html), with exposures
docs: $(STAMP)
	$(BIN)/dbt docs generate

## bench: `dbt build` vs the plain pandas script on 19k, 1M and 5M videos (bench/RESULTS.md)
bench: $(STAMP)
	$(BIN)/python bench/run_bench.py

## sample: regenerate the shipped sample input (byte-identical to the committed file)
sample: $(STAMP)
	$(BIN)/python -m tiktok_verified.generate --rows 5000 --seed 42 --out data/tiktok_sample.csv

clean:
	rm -rf target logs
