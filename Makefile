# Heldenhelfer — one entry point. `make help` lists the targets.
# Everything runs from .venv; the embedded PostgreSQL starts by itself when DATABASE_URL is unset.
# PORT is the port `make run` serves on; commands that print or store addresses get it too.

PYTHON_SYSTEM ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=
# Two test processes (pytest-xdist): each has its own test database, the suite takes half as long on 2 cores.
PYTEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install run serve setup demo test test-fast test-caches lint format check e2e bench messages clean-db

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) messages ## Create .venv and install the project with its development tools

messages: $(STAMP) ## Compile the translation catalogues (locale/*/LC_MESSAGES/*.po -> .mo)
	@$(PY) -m cms.i18n_compile

setup: install ## Start the database, migrate every schema, make portal and club template
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py migrate_schemas --noinput -v 0
	HH_PUBLIC_PORT=$(PORT) DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py platform_setup

demo: setup ## Load the demo region "Musterstadt und Landkreis Musterland" (idempotent)
	HH_PUBLIC_PORT=$(PORT) DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py load_demo

run: demo ## Install, migrate, load the demo region and serve on http://localhost:8000/
	HH_PUBLIC_PORT=$(PORT) DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py serve --port $(PORT)

lint: $(STAMP) ## Ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## Format and auto-fix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: $(STAMP) messages ## Django system checks and a check for missing migrations
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

test: lint check ## The whole suite: lint, checks, pytest (browser tests too when chromium is installed), then the tenancy tests with production caches
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory test-caches

test-fast: $(STAMP) ## pytest only, without lint and checks
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-caches: $(STAMP) ## The tenancy tests with every cache on as in production (Redis when redis-server is installed)
	@set -e; if [ -z "$$REDIS_URL" ] && command -v redis-server >/dev/null 2>&1; then \
	  port=$$($(PY) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	  redis-server --port $$port --bind 127.0.0.1 --save "" --appendonly no >/dev/null & pid=$$!; \
	  trap "kill $$pid" EXIT; export REDIS_URL=redis://127.0.0.1:$$port/0; sleep 0.5; \
	  echo "test-caches: redis-server on port $$port"; \
	else echo "test-caches: REDIS_URL=$${REDIS_URL:-(none: the process's memory)}"; fi; \
	HH_TEST_CACHES=production $(PY) -m pytest -n $(PYTEST_WORKERS) tests/tenancy $(PYTEST_ARGS)

e2e: $(STAMP) ## Only the browser tests
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

bench: setup ## Run every benchmark in bench/ (one JSON object per line and figure)
	@for b in bench/*.py; do case $$b in */_*) continue;; esac; $(PY) $$b || exit 1; done

clean-db: ## Stop and delete the embedded database and media (asks first)
	@read -p "Delete .data/ and media/? [y/N] " a && [ "$$a" = y ] && rm -rf .data media || true
