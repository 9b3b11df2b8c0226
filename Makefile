# IntraSphere — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=true
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: mutants install install-prod lock lock-upgrade lock-check browsers directory-server run test screenshots lint format messages check clean serve migrate worker soak bench bench-data api-schema bench-markdown

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Development: the locked runtime and test tools (requirements-dev.txt), re-installed only when
# the lock or pyproject.toml changes; fails with the fix to apply when the two disagree.
# python-ldap (django-auth-ldap) has no wheels: it builds against Debian's libldap2-dev and
# libsasl2-dev, installed with apt-get when missing (needs root, as in CI).
LDAP_BUILD_PACKAGES := libldap2-dev libsasl2-dev
$(VENV)/.installed: requirements-dev.txt pyproject.toml | $(BIN)/python
	bash .ci/apt-ensure.sh $(LDAP_BUILD_PACKAGES)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python .ci/lockfile.py check
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Production: the locked runtime only (requirements.txt: no test tools, no Playwright), in a
# fresh virtualenv per release (docs/production.md).
install-prod: | $(BIN)/python
	bash .ci/apt-ensure.sh $(LDAP_BUILD_PACKAGES)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .

# The lockfiles from pyproject.toml (uv pip compile): run after changing a dependency, or to
# settle a merge of both files. Versions already locked are kept when they still fit;
# `make lock-upgrade` moves everything to the newest allowed versions.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt  # uv and packaging
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(UPGRADE) -o requirements.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev -c requirements.txt $(LOCK_FLAGS) $(UPGRADE) \
		-o requirements-dev.txt
	$(BIN)/python .ci/lockfile.py stamp
	$(BIN)/python .ci/lockfile.py check

lock-upgrade:
	$(MAKE) lock UPGRADE=--upgrade

lock-check: install
	$(BIN)/python .ci/lockfile.py check

# The browser tests drive Debian's Chromium (/usr/bin/chromium): installed with apt-get when
# missing (needs root, as in CI); Playwright cannot download its own browsers here.
browsers: install
	$(BIN)/python -m tests.e2e.chromium

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-style serving: DEBUG off, static files collected, gunicorn. It never migrates:
# instances started together would migrate concurrently. Run `make migrate` once per release
# first (it refuses to start while migrations are pending).
# Needs SECRET_KEY: one is generated into .env (never committed) on the first run.
# Over plain http on your own machine: see docs/production.md (SECURE_SSL_REDIRECT=false …).
serve: install
	@if ! grep -qs '^SECRET_KEY=' .env && [ -z "$$SECRET_KEY" ]; then \
		echo "SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env; \
		chmod 600 .env; echo "Generated a SECRET_KEY into .env"; fi
	@DEBUG=false $(BIN)/python manage.py migrate --check >/dev/null 2>&1 || { \
		echo "Migrations are pending (or the database is unreachable): run \`make migrate\` once, then \`make serve\`."; exit 1; }
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput -v 0
	DEBUG=false HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py intrasphere.wsgi

# Migrations: once per release, on one machine, before the new code serves (docs/operations.md,
# "Upgrade and rollback"; in production deploy/systemd/intrasphere-migrate.service).
migrate: install
	DEBUG=false $(BIN)/python manage.py migrate --noinput

# Background jobs for one machine: a Celery worker with the scheduler (beat) inside it, on the
# Redis of REDIS_URL. With several machines, run workers and ONE beat as separate services
# (deploy/systemd/). Without REDIS_URL there is no broker: tasks run in the web process, and
# this runs the mail queue's own loop instead (Ctrl-C stops it).
worker: install
	@if [ -n "$$REDIS_URL$$CELERY_BROKER_URL" ] || grep -qs '^\(REDIS_URL\|CELERY_BROKER_URL\)=' .env; then \
		$(BIN)/celery -A intrasphere --quiet worker --beat --concurrency 2; \
	else \
		echo "No REDIS_URL: no Celery broker; running the mail queue loop only (mail_worker --loop)."; \
		$(BIN)/python manage.py mail_worker --loop; \
	fi

# The directory tests start Debian's OpenLDAP server (slapd, with ldap-utils): installed with
# apt-get when missing, like Chromium; without it those tests fail, they never skip.
directory-server:
	bash .ci/apt-ensure.sh slapd ldap-utils

test: install browsers directory-server
	$(BIN)/python -m pytest

# Full-page PNGs of every main page, per demo role, at 1366 px and 390 px: docs/screenshots/.
screenshots: install browsers
	$(BIN)/python -m tests.e2e.screenshots

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Needs GNU gettext (apt-get install gettext); the compiled catalogs are committed.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l fr --no-location --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l fr --ignore=.venv

# The API's OpenAPI contract (docs/api/openapi.yaml), checked by tests/api/test_schema.py.
api-schema: install
	$(DEV_ENV) $(BIN)/python manage.py spectacular --file docs/api/openapi.yaml --validate --fail-on-warn

check: install
	$(DEV_ENV) $(BIN)/python manage.py check
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles mutants

# Mutation testing of the rule modules (mutmut 3; docs/testing.md): every module of
# tests/mutation/modules.py, or one with MODULE=name. One mutant at a time (MUTMUT_CHILDREN=1);
# scratch output in the git-ignored mutants/. Not part of `make test` nor CI (too slow).
mutants: install
	$(BIN)/python -m tests.mutation.run $(MODULE)

# Load and faults (not part of `make test`): SOAK_CLIENTS clients for SOAK_DURATION seconds against
# gunicorn + PostgreSQL, PostgreSQL restarted and SMTP down on the way; see tests/reliability/soak.py.
# Needs DATABASE_URL=postgres://…/<a database of its own> and the right to restart PostgreSQL.
soak: install
	$(BIN)/python tests/reliability/soak.py

# Performance (docs/performance.md): fill a PostgreSQL database once, then measure.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/intrasphere_bench make bench-data bench
# BENCH_DURATION (open-loop seconds, default 60) and BENCH_SATURATION (seconds per page, 8)
# shorten or lengthen a run; `apt-get install wrk` for the saturation phase (else Python threads).
bench-data: install
	DEBUG=false SECRET_KEY=bench $(BIN)/python manage.py migrate --noinput -v 0
	DEBUG=false SECRET_KEY=bench $(BIN)/python manage.py seed_bulk

bench: install
	$(BIN)/python -m bench.run

# Markdown rendering over hostile texts at the forms' limits (issue 19): figures into
# bench/RESULTS.md ("Markdown rendering"). `BENCH_MARKDOWN_ARGS=--compare` also times the other
# parsers measured for the choice, when installed (pip install Markdown markdown-it-py cmarkgfm).
bench-markdown: install
	$(BIN)/python -m bench.markdown --write $(BENCH_MARKDOWN_ARGS)
