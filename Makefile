# Cairn: `make run` serves the site with demo content; `make test` runs the suite.
PYTHON ?= python3.13
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint setup migrate seed worker clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.13 is needed (pyenv reads .python-version)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The task worker (it sends the mail) runs in the background beside the web
# server; the traps stop it whenever the server stops, Ctrl-C included.
# Guest comments are on in the demo (CAIRN_GUEST_COMMENTS=false turns them off).
run: seed
	@echo ""
	@echo "Cairn is starting on http://$(HOST):$(PORT)/ with its task worker (Ctrl-C stops both)."
	@echo "Demo accounts:"
	@$(PY) manage.py seed_demo --list-accounts
	@echo ""
	@# Guest comments are on in the demo (off by default elsewhere).
	@export CAIRN_GUEST_COMMENTS=$${CAIRN_GUEST_COMMENTS:-true}; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) manage.py makemigrations --check --dry-run >/dev/null
	$(PY) -m pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

bench: setup
	$(PY) -m tests.perf.bench $(BENCH_ARGS)

worker: migrate
	$(PY) manage.py db_worker

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
