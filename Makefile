# Tremplin: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PYTEST_ARGS ?=
# Management commands of the set-up run in development mode (no SECRET_KEY needed).
MANAGE := DEBUG=1 $(BIN)/python manage.py

.PHONY: run test setup lint format messages lock bench clean

$(INSTALLED): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(INSTALLED)

setup: $(INSTALLED)
	mkdir -p var
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --noinput --verbosity 0

run: setup
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) runserver 127.0.0.1:8000

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the French-to-English catalogue of every app (tremplin/<app>/locale), then compile them.
messages: $(INSTALLED)
	for app in tremplin/*/locale; do \
		(cd $$(dirname $$app) && DEBUG=1 ../../$(BIN)/python ../../manage.py makemessages --locale en --no-obsolete --ignore 'tests/*') || exit 1; \
	done
	$(MANAGE) compilemessages --locale en --ignore .venv

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
