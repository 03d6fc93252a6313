# hlderp: `make run` serves the 2006 demo, `make test` runs the suite. Both set everything up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: run test test-clock lint messages install migrate demo backup restore clean help

help:
	@echo "make run    set up, load the 2006 demo and serve on http://$(HOST):$(PORT)/"
	@echo "make test   set up and run the whole test suite"
	@echo "make test-clock  the date- and time-bound tests (marked clock) at a year's end and a leap day"
	@echo "make lint   ruff check"
	@echo "make bench  load test on PostgreSQL (BENCH_ARGS=--scale); make bench-busy: a busy plenary day"
	@echo "make backup  archive the database and uploaded files into var/backups/ (or BACKUP_DIR)"
	@echo "make restore FILE=...  restore an archive into an empty database and verify it"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "hlderp needs Python 3.11 or newer; set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

migrate: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo

# uvicorn, the ASGI server: the live pages' event streams need one (Django's runserver is WSGI).
# HLDERP_DEV_SERVER=1 tells the served process to run the background jobs in a thread of its own.
run: demo
	@echo ""
	@echo "hlderp is starting on http://$(HOST):$(PORT)/  (log in at http://$(HOST):$(PORT)/accounts/login/)"
	@echo "Stop it with Ctrl-C."
	DEBUG=$${DEBUG:-1} HLDERP_DEV_SERVER=1 $(BIN)/uvicorn hlderp.asgi:application --host $(HOST) --port $(PORT) \
		--reload --reload-dir hlderp --reload-dir consultations --reload-dir registry \
		--timeout-graceful-shutdown 2

backup: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py backup $(if $(BACKUP_DIR),--target-dir "$(BACKUP_DIR)")

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/hlderp-YYYYMMDD-HHMMSS.tar.gz"; echo "(into an empty database: the one DATABASE_URL points to)"; exit 2; }
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py restore "$(FILE)"

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The tests marked `clock`, with the clock moved to half an hour before a new year (UTC) and to
# a leap day: a test that holds only in the month, year or UTC offset it was written in fails.
CLOCKS ?= 2027-12-31T23:30:00Z 2028-02-29T12:00:00Z
test-clock: $(STAMP)
	set -e; for instant in $(CLOCKS); do \
		echo "--- tests marked clock at $$instant"; \
		$(BIN)/python -m pytest $(PYTEST_ARGS) -m clock --clock=$$instant; \
	done

# Needs gettext (apt-get install gettext): only to update the catalogues, which are committed.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l es -l ru -l zh_Hans -l ar --ignore=.venv --ignore=static/vendor --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages --ignore=.venv

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache

# Load test on PostgreSQL (DATABASE_URL, default hlderp_bench; hlderp_scale with --scale):
# `make bench`, `make bench BENCH_ARGS="--scale --scale-statements 20000"`. Needs wrk (apt).
# `make bench-busy`: a busy plenary day at the scale data, five minutes (BUSY_ARGS=--short: one).
.PHONY: bench bench-busy
bench: $(STAMP)
	@command -v wrk >/dev/null || echo "wrk not found (Debian: apt-get install -y wrk); using bench/loadgen.py"
	$(BIN)/python bench/run.py $(BENCH_ARGS)
bench-busy: $(STAMP)
	$(BIN)/python bench/load.py --busy $(BUSY_ARGS)
