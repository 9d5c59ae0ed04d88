# The two commands of README.md: `make run` and `make test`. Everything else is set-up
# that they call; nothing here needs to be installed by hand first.

PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: serve run test test-fast test-prerequisites install migrate data admin translations frontend lint typecheck messages check clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# `--inexact` keeps pip and uv themselves in the environment; `--compile-bytecode`
# compiles the packages once here, not in every process that imports them.
$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --inexact --compile-bytecode --quiet
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --no-input

data: migrate
	$(PY) manage.py load_aarhus

admin: migrate
	PORT=$(PORT) $(PY) manage.py ensure_administrator

# Front-end packages from package-lock.json: DKFDS's JavaScript and icons are copied
# into build/static, its style sheet and fonts built there by scripts/build_fonts.py
# (WOFF2 subsets only), which Django serves as static files (no CDN).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/.built: node_modules/.installed scripts/build_fonts.py | $(VENV)/.installed
	rm -rf build/static
	mkdir -p build/static/dkfds
	cp -R node_modules/dkfds/dist/js node_modules/dkfds/dist/img build/static/dkfds/
	$(PY) scripts/build_fonts.py build/static/dkfds
	touch $@

frontend: build/static/.built

# Compiled with Babel, which needs no system gettext; CI also runs Django's
# compilemessages to check the catalogues with GNU gettext. A face of its own may keep
# its strings in its own catalogue (twinning/<app>/locale), as Django finds them there.
# djangojs holds the scripts' strings (the passkey scripts'), where there are any.
translations: install
	for catalogue in twinning/locale twinning/*/locale; do \
		[ -d $$catalogue ] || continue; \
		for domain in django djangojs; do \
			ls $$catalogue/*/LC_MESSAGES/$$domain.po >/dev/null 2>&1 || continue; \
			$(VENV)/bin/pybabel compile --statistics -d $$catalogue -D $$domain 2>&1 | grep -v "^compiling" || true; \
		done; \
	done

run: data admin translations frontend
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production way to serve: the same set-up as `make run` without the dataset or
# an administrator (production has its own), then Granian, chosen over gunicorn by
# measurement (bench/), with WhiteNoise serving the static files. It reads the
# variables of README.md, and GRANIAN_* for the server itself; with
# TWINNING_ENV=production it stops at the first step unless DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS are set. HOST=0.0.0.0 listens beyond this machine.
HOST ?= 127.0.0.1
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
serve: migrate translations frontend
	$(PY) manage.py check --deploy --fail-level ERROR
	$(PY) manage.py collectstatic --no-input -v 0
	exec $(VENV)/bin/granian --interface wsgi --host $(HOST) --port $(PORT) \
		--workers $(WORKERS) --respawn-failed-workers --workers-kill-timeout 30 \
		twinning.config.wsgi:application

# The suite runs on every core (pytest-xdist); each worker makes its test database
# from the models (`--no-migrations`) and loads the dataset once, and one test
# (core/tests/test_migrations.py) runs every migration on an empty database of the
# same kind. `make test` is the whole suite, browser tests included; `make test-fast`
# leaves out the browser tests and the slow ones: the lane to run while you work. The workers take the
# costliest files first (conftest.py orders them), so that they finish together.
# PYTEST_ARGS adds to either (PYTEST_ARGS="-k boundary").
# The suite keeps Python's compiled modules (and pytest's rewritten tests) even where
# the environment says not to (PYTHONDONTWRITEBYTECODE): each worker, and each program
# a test starts, would otherwise compile every module it imports again.
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n auto --dist loadfile --no-loadscope-reorder --no-migrations

test-prerequisites:
	scripts/test-prerequisites

test: install translations frontend test-prerequisites
	$(PYTEST) $(PYTEST_ARGS)

test-fast: install translations frontend
	TWINNING_FUZZ_EXAMPLES=$${TWINNING_FUZZ_EXAMPLES:-3} \
		$(PYTEST) -m "not browser and not mutation and not slow" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: install
	$(VENV)/bin/mypy

messages: install
	$(PY) manage.py makemessages -l da --no-location --no-obsolete --ignore=.venv --ignore=var --ignore=node_modules --ignore=build

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

clean:
	rm -rf $(VENV) var/static build node_modules
