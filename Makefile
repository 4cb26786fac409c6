# Ladder — the targets a newcomer needs. `make run` serves; `make test` proves it works.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install test test-deps lint migrations-check check-content audit lock bench soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every dependency comes from a lock with hashes (requirements/*.lock, `make lock` renews them);
# Ladder itself is then installed without touching the dependencies.
$(VENV)/.installed: pyproject.toml requirements/base.lock | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/base.lock 2>&1 | grep -v '^WARNING: Location' || true
	$(PIP) install --no-deps -e . 2>&1 | grep -v '^WARNING: Location' || true
	$(BIN)/python -c "import django, rest_framework, pydantic" && touch $@

$(VENV)/.installed-dev: pyproject.toml requirements/dev.lock $(VENV)/.installed
	$(PIP) install --require-hashes -r requirements/dev.lock 2>&1 | grep -v '^WARNING: Location' || true
	$(PIP) install --no-deps -e . 2>&1 | grep -v '^WARNING: Location' || true
	$(BIN)/python -c "import pytest, playwright, schemathesis, mypy, pip_audit" && touch $@

install: $(VENV)/.installed

## Create the venv, install, migrate, load the content and serve on http://$(HOST):$(PORT)
run: $(VENV)/.installed
	@mkdir -p staticfiles
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py load_ladder
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## What the tests need beyond Python packages: Debian's Chromium, Java for the HTML checker.
test-deps: $(VENV)/.installed-dev
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; }
	@test -f node_modules/vnu-jar/build/dist/vnu.jar || npm install --no-audit --no-fund --silent

## Run the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set)
test: test-deps
	LADDER_ENV=test $(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy .

migrations-check: $(VENV)/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run

## Known vulnerabilities in every locked dependency (PyPI's advisory data); see SECURITY.md
audit: $(VENV)/.installed-dev
	$(BIN)/pip-audit --strict --require-hashes --disable-pip -r requirements/base.lock -r requirements/dev.lock $(AUDIT_ARGS)

## Renew the locks from pyproject.toml (newest versions its ranges allow)
LOCK := $(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --upgrade
lock: $(VENV)/.installed-dev
	$(LOCK) -o requirements/base.lock pyproject.toml
	$(LOCK) --extra test --extra lint --extra redis --extra audit -o requirements/dev.lock pyproject.toml

check-content: $(VENV)/.installed
	$(BIN)/python manage.py load_ladder --check

clean:
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles

## Benchmark against the server's own ceiling (x1, x10, x100); writes bench/out/results.{md,json}
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## Soak: 5 minutes at 64 connections on a mix of pages and API, watching errors and worker
## memory; writes bench/out/soak.{md,json} (e.g. SOAK_ARGS="--seconds 30")
soak: $(VENV)/.installed
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.soak $(SOAK_ARGS)
