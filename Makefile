# The two commands: `make demo` runs the product, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench chromium mutation

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[test]"
	touch $(STAMP)

## make demo: install, migrate, load the seeds' demo data, serve :8000 with a Celery worker and beat.
demo: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py create_demo_users
	DEBUG=1 $(BIN)/python manage.py loaddemo
	DEBUG=1 PATH="$(BIN):$$PATH" $(BIN)/honcho -f Procfile start

## make test: install what the tests need (Debian's chromium included) and run the whole suite.
test: $(STAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

## make lint: ruff, and the layering contracts in pyproject.toml ([tool.importlinter]).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## make bench: the benchmarks (figures and ratios against a baseline run in the same process).
bench: $(STAMP)
	$(BIN)/python -m benchmarks $(or $(BENCH),all)

## make mutation: mutmut on the pure calculation modules, then the score per module (slow; not in CI).
## MUTATE="performance/calc.py*" (or mutmut's own "performance.calc*") limits it to one module's mutants.
mutation: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE HYPOTHESIS_PROFILE=mutation $(BIN)/mutmut run $(subst .py,,$(subst /,.,$(MUTATE))) || true
	$(BIN)/python tools/mutation_score.py
