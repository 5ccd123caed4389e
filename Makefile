# Python Packages course. Two commands do everything:
#   make lab    set up (or update) .venv, make or update your copy of the course, open it in JupyterLab
#   make test   run the whole test suite: strict nbval over every notebook, plus tests/
# Run `make help` for the rest.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements.txt
TEST_STAMP := $(VENV)/.requirements-tests.txt
ASSETS := build/.cache/.fetched
PORT   ?= 8888
NB     ?=
export IPYKERNEL_CELL_NAME := <IPY-INPUT>
# Notebooks run commands as a learner types them (`!python -m pip ...`): with .venv/bin first
# on PATH, `python`, `pip` and `scrapy` are this environment's, as in an activated venv.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: help setup lock canary lab lab-reference reset status test check lint format sync run build lite lite-setup test-lite benchmark images pythons test-pythons classroom-setup test-classroom classroom-load clean-workspace clean

help:
	@echo "make lab              set up .venv (quick when done), update your copy my_notebooks/, open it in JupyterLab"
	@echo "make setup            only set up .venv from requirements.txt (make lab and make test do it too)"
	@echo "make reset NB=01      a fresh copy of notebook 01 in my_notebooks/ (yours goes to backups/); no NB: all"
	@echo "make status           which notebooks of my_notebooks/ you changed"
	@echo "make lab-reference    JupyterLab on the committed notebooks (instructors and maintainers)"
	@echo "make test             the whole test suite (nbval on every notebook + tests/)"
	@echo "make check            the edit loop: lint, unit tests, nbval of the notebooks changed since main"
	@echo "make lint             ruff (lint + format check); notebooks and text sources in sync"
	@echo "make format           apply ruff's fixes and formatting"
	@echo "make sync             regenerate notebook headers/footers and the README syllabus"
	@echo "make run NB=notebooks/01_modules.ipynb   re-run and save notebooks (all when NB is empty)"
	@echo "make build            slides, HTML edition, index and learner edition into build/ (for instructors)"
	@echo "make lite             the browser edition (JupyterLite, no installation) into build/lite/"
	@echo "make lite-setup       only fetch what make lite needs (its venv, Pyodide, wheels): once, online"
	@echo "make test-lite        build the browser edition and run every notebook of it in headless Chromium"
	@echo "make pythons          set up the small venvs of Python 3.12 and 3.13 under build/pythons/"
	@echo "make test-pythons     run the start page and the packages track on Python 3.12 and 3.13"
	@echo "make classroom-setup  as root: the classroom hub's environment and proxy in $(CLASSROOM_TEST_HOME): once, online"
	@echo "make test-classroom   as root: a real JupyterHub with classroom/'s configuration, learners, isolation"
	@echo "make classroom-load   as root: the load test, N=\"5 10 20\" learners at once (~10 min): the README's sizing table"
	@echo "make benchmark        time every notebook against its import floor, the suite, the env size"
	@echo "make images           redraw the diagrams in images/"
	@echo "make lock             re-resolve requirements.in (and tests/requirements.in) into the locks"
	@echo "make canary           the newest releases in build/canary/, and the whole suite there"
	@echo "make clean-workspace  delete the scratch workspace (notebooks/workspace)"
	@echo "make clean            delete the scratch workspace, .venv and build/ (not my_notebooks/)"

# Set-up fetches everything the course, its tests and its builds need, so that `make test`
# and `make build` then run offline. Quick when done: the venv is reinstalled only when
# requirements.txt, tests/requirements.txt or pyproject.toml changed since the last install;
# coursekit (pyproject.toml) is installed editable, so edits show at once.
setup: $(STAMP) $(TEST_STAMP) $(ASSETS)
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s); run: make PYTHON=python3.11 ..." % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check --disable-pip-version-check
	cat requirements.txt pyproject.toml > $(STAMP)

# The test and lint extras (Playwright, ruff) go into the same .venv.
$(TEST_STAMP): tests/requirements.txt $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -r tests/requirements.txt
	cp tests/requirements.txt $(TEST_STAMP)

# The static editions' front-end files (npm packages, pinned and checked by SHA-256), fetched
# once with npm. Learners do not need them: without Node.js, set-up says so and goes on.
$(ASSETS): tools/build_editions.py
	@if command -v npm >/dev/null 2>&1; then \
		$(BIN)/python tools/build_editions.py --assets-only && touch $(ASSETS); \
	else \
		echo "note: npm (Node.js) not found: the static editions (make build) and their test need it once."; \
	fi

# Jupyter refuses to start as root unless told to (containers, some cloud machines).
AS_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

# Lab serves the repository's root (so notebooks can show ../images/). Learners work in their own
# git-ignored copy, my_notebooks/ (tools/learner_copy.py: new notebooks arrive, your changes are
# never overwritten); instructors and maintainers open the committed notebooks with lab-reference.
LAB := $(BIN)/jupyter lab --config=jupyter_lab_config.py --ip=127.0.0.1 --port=$(PORT) $(AS_ROOT) --ServerApp.root_dir=.

lab: setup
	$(BIN)/python tools/learner_copy.py update
	$(LAB) --LabApp.default_url=/lab/tree/my_notebooks/00_start_here.ipynb

lab-reference: setup
	$(LAB) --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

reset: setup
	$(BIN)/python tools/learner_copy.py reset $(NB)

status: setup
	$(BIN)/python tools/learner_copy.py status

# One OpenMP thread per test process: the suite runs two workers on two cores, and
# torch's own threads would otherwise fight them (tests of notebook 12: 88 s -> 14 s).
test: setup
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest

# The edit loop (not a substitute for `make test`): lint, the unit tests and doctests, and
# strict nbval of the notebooks that differ from main. The browser test, the learner-edition
# runs and the editions build are left to `make test`.
check: lint
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest tests notebooks/coursekit \
		--ignore=tests/test_browser.py --ignore=tests/test_notebooks_execute.py --ignore=tests/test_editions.py \
		$$($(BIN)/python tools/course_tools.py changed)

# ruff over coursekit, tools, tests and the notebooks' code; notebooks and text sources in sync.
lint: setup
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .
	$(BIN)/python tools/course_tools.py sync --check

# Apply ruff's safe fixes and its formatting (review the diff before committing).
format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sync: setup
	$(BIN)/python tools/course_tools.py sync

run: setup
	$(BIN)/python tools/course_tools.py run $(NB)

# The packages track on the other Pythons a learner may have (3.12, 3.13; found on PATH or
# under pyenv): a small venv each under build/pythons/ (`make pythons` fetches it, quick when
# done), then every notebook of the track executes there without an error.
pythons: setup
	$(BIN)/python tools/other_pythons.py setup

test-pythons: pythons
	$(BIN)/python tools/other_pythons.py run

build: setup
	$(BIN)/python tools/build_editions.py

# The browser edition (JupyterLite + Pyodide, nothing to install, no network): a static site in
# build/lite/ (tools/build_lite.py). Its build tools live in a venv of their own, build/lite-venv,
# from the lock tools/lite/requirements.txt; lite-setup fetches them, Pyodide (npm) and the
# kernel's wheels (PyPI) once, so that `make lite` and `make test-lite` then run offline.
# Serve the site with:  python -m http.server -d build/lite 8000 --bind 127.0.0.1
LITE_VENV := build/lite-venv
LITE_STAMP := $(LITE_VENV)/.requirements.txt
lite-setup: $(LITE_STAMP)
	$(LITE_VENV)/bin/python tools/build_lite.py --fetch-only
$(LITE_STAMP): tools/lite/requirements.txt
	@test -x $(LITE_VENV)/bin/python || $(PYTHON) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python -m pip install --disable-pip-version-check -r tools/lite/requirements.txt
	cp tools/lite/requirements.txt $(LITE_STAMP)

lite: lite-setup
	$(LITE_VENV)/bin/python tools/build_lite.py

# The browser edition in headless Chromium (tests/test_lite.py), from a 127.0.0.1 static server:
# its own command, as test-pythons is, because it is another Python (Pyodide's) in another
# runtime, and a Pyodide kernel takes a core for a quarter of a minute to start. .ci/run runs it.
test-lite: setup lite
	COURSE_TEST_LITE=1 $(BIN)/python -m pytest tests/test_lite.py -n 0

# requirements.txt is a lock made from requirements.in (what people edit) by pip-compile, in a
# venv of its own (build/lock-venv); the canary installs the newest releases and runs the suite.
lock:
	$(PYTHON) tools/lock.py lock

canary: setup
	$(BIN)/python tools/lock.py canary

benchmark: setup
	$(BIN)/python tools/benchmark.py --update-readme

images: setup
	$(BIN)/python tools/make_images.py

clean-workspace:
	rm -rf notebooks/workspace

clean: clean-workspace
	rm -rf $(VENV) build

# A class on JupyterHub (classroom/, README "A whole class on JupyterHub"). The hub test and the
# load test run as root (they create Unix accounts) against the hub's own environment, which
# classroom-setup installs once, online, with the instructor's own command; afterwards both run
# offline, on 127.0.0.1 only, and remove the accounts they made.
CLASSROOM_TEST_HOME ?= /srv/python-packages-test
N ?= 5 10 20
classroom-setup:
	python3 classroom/classroom.py install --home $(CLASSROOM_TEST_HOME)

test-classroom: setup
	COURSE_TEST_HUB=1 CLASSROOM_TEST_HOME=$(CLASSROOM_TEST_HOME) $(BIN)/python -m pytest tests/test_classroom.py -n 0

classroom-load:
	$(CLASSROOM_TEST_HOME)/venv/bin/python classroom/loadtest.py --home $(CLASSROOM_TEST_HOME) --profile --update-readme $(N)
