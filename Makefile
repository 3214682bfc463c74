# Tremplin: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Install stamps: `make run` needs the runtime lock only, `make test` and `make lint` the
# development lock, which holds the runtime one (so installing it satisfies both).
INSTALLED := $(VENV)/.installed
INSTALLED_DEV := $(VENV)/.installed-dev
PYTEST_ARGS ?=
# Management commands of the set-up run in development mode (no SECRET_KEY needed).
MANAGE := DEBUG=1 $(BIN)/python manage.py

.PHONY: run test setup lint format messages lock bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(INSTALLED)

$(INSTALLED_DEV): requirements-dev.lock requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(INSTALLED) $(INSTALLED_DEV)

setup: $(INSTALLED)
	mkdir -p var
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) build_places_index --verbosity 0

run: setup
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) runserver 127.0.0.1:8000

test: $(INSTALLED_DEV) setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED_DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the French-to-English catalogue of every app (tremplin/<app>/locale), then compile them.
messages: $(INSTALLED)
	for app in tremplin/*/locale; do \
		(cd $$(dirname $$app) && DEBUG=1 ../../$(BIN)/python ../../manage.py makemessages --locale en --no-obsolete --ignore 'tests/*') || exit 1; \
	done
	$(MANAGE) compilemessages --locale en --ignore .venv

# Re-pin after a change in pyproject.toml, in throwaway environments: requirements-dev.lock from
# `.[dev]`, then requirements.lock from `.` alone, held to the same versions. Today's pins are
# kept; `make lock UPGRADE=1` lets pip choose newer ones (an upgrade is its own pull request).
LOCKENV := var/lockenv
PINNED = $(if $(UPGRADE),,$(foreach lock,$(wildcard requirements.lock requirements-dev.lock),--constraint $(lock)))
WITHOUT_PROJECT = grep -v -e '^-e' -e '^\#'
lock:
	rm -rf $(LOCKENV) && $(PYTHON) -m venv $(LOCKENV)/dev && $(PYTHON) -m venv $(LOCKENV)/runtime
	$(LOCKENV)/dev/bin/pip install --quiet --upgrade pip
	$(LOCKENV)/dev/bin/pip install --quiet $(PINNED) -e '.[dev]'
	$(LOCKENV)/dev/bin/pip freeze --exclude-editable | $(WITHOUT_PROJECT) > $(LOCKENV)/requirements-dev.lock
	$(LOCKENV)/runtime/bin/pip install --quiet --upgrade pip
	$(LOCKENV)/runtime/bin/pip install --quiet --constraint $(LOCKENV)/requirements-dev.lock -e .
	$(LOCKENV)/runtime/bin/pip freeze --exclude-editable | $(WITHOUT_PROJECT) > $(LOCKENV)/requirements.lock
	mv $(LOCKENV)/requirements-dev.lock $(LOCKENV)/requirements.lock .
	rm -rf $(LOCKENV)

bench: setup
	$(BIN)/python bench/http_throughput.py

clean:
	rm -rf $(VENV) var
