# Career Match: every command a developer or CI needs. Only Python 3.11+ is assumed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
WORKERS ?= 2
QUIZ_PORT ?= 8000
CATALOG_PORT ?= 8001
PYTEST_ARGS ?=
QUICK ?=


.PHONY: install up test test-compose test-slow lint format docs catalog eval bench golden clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || \
	  { echo "could not create $(VENV): on Debian/Ubuntu install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

up: install
	@# O*NET's descriptions are not committed: get them once (a short try without network)
	-@$(PY) -m services.catalog descriptions --if-missing --timeout 10
	$(PY) -m scripts.up --workers $(WORKERS) --quiz-port $(QUIZ_PORT) --catalog-port $(CATALOG_PORT)

test: install lint docs
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

test-slow: install
	$(PY) -m pytest -m slow $(PYTEST_ARGS)

# Builds the images and runs the compose stack for real (a Docker engine; see docs/operations.md).
test-compose: install
	$(PY) -m scripts.compose_smoke

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# The documentation site (docs/, mkdocs.yml) into artifacts/site; strict: a broken link fails.
docs: install
	$(PY) -m mkdocs build --strict --quiet --site-dir artifacts/site

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

catalog: install
	$(PY) -m services.catalog build

eval: install
	$(PY) -m scripts.evaluate
	$(PY) -m scripts.evaluate_adaptive

bench: install
	$(PY) -m bench $(if $(filter 1 true yes,$(QUICK)),--quick,)

# Regenerate the golden result files (tests/golden) after a deliberate change; review the diff.
golden: install
	$(PY) -m tests.golden_results

clean:
	rm -rf $(VENV) artifacts .pytest_cache .mypy_cache .ruff_cache
