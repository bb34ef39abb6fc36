# The two commands: `make run` (serve the demo) and `make test` (run the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
LOCAL_SETTINGS := DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-wecd_portal.settings.local}
WEASYPRINT_APT := apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install install-dev syscheck messages migrate seed lint worker beat redis-required serve-production bench

run: install syscheck messages
	$(LOCAL_SETTINGS) $(BIN)/python manage.py migrate --no-input
	$(LOCAL_SETTINGS) $(BIN)/python manage.py seed_demo
	@echo "Serving the portal on http://$(HOST):$(PORT)/ (French) and http://$(HOST):$(PORT)/en/ (English)"
	$(LOCAL_SETTINGS) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs in TEST_WORKERS processes (pytest-xdist): its time is mostly PDFs,
# the browser and waits on real services, so three overlap well even on two cores;
# each process takes the next test when it is free (loadgroup: one test at a time,
# the long ones first, see conftest.py).
TEST_WORKERS ?= 3

test: install-dev syscheck messages lint
	scripts/clamd-start
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What production runs (requirements.txt), and on top of it the tests, benchmarks
# and linters (requirements-dev.txt): make run and make serve-production install
# the first alone.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# WeasyPrint needs Pango from the system: say exactly what to install if it is missing.
syscheck: install
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || { \
	  echo "WeasyPrint cannot load its system libraries (Pango). Install them with:"; \
	  echo "  sudo $(WEASYPRINT_APT)"; exit 1; }

# Translations are compiled with Babel, so no system gettext is needed.
messages: install
	$(BIN)/pybabel compile --domain=django --directory=locale --statistics

migrate: install
	$(LOCAL_SETTINGS) $(BIN)/python manage.py migrate --no-input

seed: migrate
	$(LOCAL_SETTINGS) $(BIN)/python manage.py seed_demo

# Speed is measured here, not in timed tests: prints times and query counts.
bench: install-dev migrate
	$(LOCAL_SETTINGS) $(BIN)/python bench/ranking.py 1000 3 5
	$(LOCAL_SETTINGS) $(BIN)/python bench/ranking.py 100 3 5
	$(LOCAL_SETTINGS) $(BIN)/python bench/letters.py 10
	$(LOCAL_SETTINGS) $(BIN)/python bench/forms.py
	@command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; } \
	  || { echo "The benchmark needs wrk: sudo apt-get install wrk"; exit 1; }
	@[ -x /usr/sbin/clamd ] || { apt-get update -q && apt-get install -y -q clamav-daemon; } \
	  || { echo "The benchmark needs ClamAV's daemon: sudo apt-get install clamav-daemon"; exit 1; }
	$(BIN)/python bench/rush.py 100 10

lint: install-dev
	$(BIN)/ruff check .
	PYTHONPATH=. $(BIN)/lint-imports

# Background work; with REDIS_URL unset, tasks already run eagerly in the web process.
worker: install redis-required
	$(LOCAL_SETTINGS) $(BIN)/celery -A wecd_portal worker --loglevel=INFO --concurrency=2

beat: install redis-required
	$(LOCAL_SETTINGS) $(BIN)/celery -A wecd_portal beat --loglevel=INFO --schedule=var/celerybeat-schedule

redis-required:
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0): without it tasks run eagerly in the web process and there is nothing for a worker or beat to do."; exit 1; }

# Production-like: gunicorn on the production settings (needs the variables in the README).
serve-production: install syscheck messages
	DJANGO_SETTINGS_MODULE=wecd_portal.settings.production $(BIN)/python manage.py collectstatic --no-input
	DJANGO_SETTINGS_MODULE=wecd_portal.settings.production $(BIN)/python manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=wecd_portal.settings.production $(BIN)/gunicorn wecd_portal.wsgi \
	  --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -
