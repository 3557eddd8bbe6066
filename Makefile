# Two commands take a fresh clone to a running site (`make run`) or a green suite (`make test`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DJANGO_SETTINGS_MODULE=config.settings.dev
EVENTS ?= 10000
NEWS ?= 3000
# The newest Lighthouse release whose engines field accepts Node 20 (13.x wants Node 22.19+).
LIGHTHOUSE_VERSION := 12.8.2
AUDIT := .audit
CHROME_PATH ?= /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help install run worker test lint format migrate demo check clean messages bench audit backup restore

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its test dependencies

migrate: install ## Apply database migrations
	$(DEV) $(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo content (idempotent)
	$(DEV) $(BIN)/python manage.py load_demo_content --address $(HOST):$(PORT)

run: demo ## Install, migrate, load the demo content and serve on http://127.0.0.1:8000 (SQLite)
	@echo ""
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  login: admin / $${DEMO_ADMIN_PASSWORD:-changeme}"
	@echo "  Tasks: $${TASKS:-immediate} (immediate: run in the request, no worker to start; TASKS=database needs make worker)"
	@echo ""
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: migrate ## Run the background worker: tasks queued with TASKS=database, CDN purge retries, scheduled publishing
	TASKS=$${TASKS:-database} $(DEV) $(BIN)/python manage.py run_worker

test: install ## Install and run the whole test suite (PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m pytest

lint: install ## Lint, check formatting (ruff) and the layering of the apps (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django checks: migrations up to date, deploy checklist on production settings
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789abcdef ALLOWED_HOSTS=example.org \
		REDIS_URL=redis://127.0.0.1:6379/0 $(BIN)/python manage.py check --deploy --fail-level WARNING

clean: ## Remove the virtualenv, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache

messages: install ## Update and compile the interface translations (locale/*/LC_MESSAGES)
	$(DEV) $(BIN)/python manage.py makemessages --all --ignore=.venv --ignore=tests --ignore=staticfiles --no-location
	$(DEV) $(BIN)/python manage.py compilemessages --ignore=.venv

bench: install ## Benchmark a large site on PostgreSQL and Redis (EVENTS=10000 NEWS=3000); writes docs/benchmarks.md
	BENCH_EVENTS=$(EVENTS) BENCH_NEWS=$(NEWS) $(BIN)/python scripts/bench.py

$(AUDIT)/.lighthouse-$(LIGHTHOUSE_VERSION):
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix $(AUDIT) --no-audit --no-fund --save-exact lighthouse@$(LIGHTHOUSE_VERSION)
	@touch $@

audit: install $(AUDIT)/.lighthouse-$(LIGHTHOUSE_VERSION) ## Lighthouse (pinned, from npm; Debian's Chromium) on key pages under gunicorn (AUDIT_RUNS=3); writes docs/audit.md
	CHROME_PATH=$(CHROME_PATH) AUDIT_RUNS="$(AUDIT_RUNS)" $(BIN)/python scripts/audit.py

backup: ## Back up the PostgreSQL database (DATABASE_URL) and MEDIA_ROOT into backups/<UTC time>/ (BACKUP_DIR=...)
	BACKUP_DIR="$(BACKUP_DIR)" scripts/backup.sh

restore: ## Restore a backup into DATABASE_URL and MEDIA_ROOT, replacing them: make restore BACKUP=backups/<time>
	BACKUP="$(BACKUP)" scripts/restore.sh
