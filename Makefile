# Tremplin: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test setup lint format messages lock bench clean

$(INSTALLED): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(INSTALLED)

setup: $(INSTALLED)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: setup
	DEBUG=1 $(BIN)/python manage.py seed_demo --if-empty
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: setup
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the French-to-English catalogue of every app (tremplin/<app>/locale), then compile them.
messages: $(INSTALLED)
	for app in tremplin/*/locale; do \
		(cd $$(dirname $$app) && ../../$(BIN)/python ../../manage.py makemessages --locale en --no-obsolete --ignore 'tests/*') || exit 1; \
	done
	$(BIN)/python manage.py compilemessages --locale en --ignore .venv

# Re-pin every dependency after a change in pyproject.toml (its own pull request).
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --upgrade pip
	var/lockenv/bin/pip install --quiet -e '.[dev]'
	var/lockenv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

bench: setup
	$(BIN)/python bench/http_throughput.py

clean:
	rm -rf $(VENV) var
