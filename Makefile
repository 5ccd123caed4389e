# Python Packages course. Two commands do everything:
#   make lab    set up (or update) .venv from requirements.txt and open JupyterLab on the start page
#   make test   run the whole test suite: strict nbval over every notebook, plus tests/
# Run `make help` for the rest.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements.txt
TEST_STAMP := $(VENV)/.requirements-tests.txt
PORT   ?= 8888
NB     ?=
export IPYKERNEL_CELL_NAME := <IPY-INPUT>

.PHONY: help setup test-deps lab test lint format sync run build benchmark images clean-workspace clean

help:
	@echo "make lab              set up .venv (quick when done) and open JupyterLab on the start page"
	@echo "make test             the whole test suite (nbval on every notebook + tests/)"
	@echo "make lint             ruff (lint + format check); notebooks and text sources in sync"
	@echo "make format           apply ruff's fixes and formatting"
	@echo "make sync             regenerate notebook headers/footers and the README syllabus"
	@echo "make run NB=notebooks/01_modules.ipynb   re-run and save notebooks (all when NB is empty)"
	@echo "make build            slides, HTML edition, index and learner edition into build/ (for instructors)"
	@echo "make benchmark        time every notebook against its import floor, the suite, the env size"
	@echo "make images           redraw the diagrams in images/"
	@echo "make clean-workspace  delete the scratch workspace (notebooks/workspace)"

# The venv is rebuilt only when requirements.txt or pyproject.toml changed since the last
# successful install. coursekit (pyproject.toml) is installed editable: edits show at once.
setup: $(STAMP)
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s); run: make PYTHON=python3.11 ..." % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e .
	cat requirements.txt pyproject.toml > $(STAMP)

# Jupyter refuses to start as root unless told to (containers, some cloud machines).
AS_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

# Lab serves the repository's root (so notebooks can show ../images/) and opens the start page.
lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(AS_ROOT) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

# The test and lint extras (Playwright, ruff) go into the same .venv, only for maintainers.
$(TEST_STAMP): tests/requirements.txt $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -r tests/requirements.txt
	cp tests/requirements.txt $(TEST_STAMP)

# Everything the suite fetches from a registry, so that the tests themselves can run offline.
test-deps: setup $(TEST_STAMP)
	$(BIN)/python tools/build_editions.py --assets-only

# One OpenMP thread per test process: the suite runs two workers on two cores, and
# torch's own threads would otherwise fight them (tests of notebook 7: 88 s -> 14 s).
test: setup $(TEST_STAMP)
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest

# ruff over coursekit, tools, tests and the notebooks' code; notebooks and text sources in sync.
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/course_tools.py sync --check

# Apply ruff's safe fixes and its formatting (review the diff before committing).
format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sync: setup
	$(BIN)/python tools/course_tools.py sync

run: setup
	$(BIN)/python tools/course_tools.py run $(NB)

build: setup
	$(BIN)/python tools/build_editions.py

benchmark: setup
	$(BIN)/python tools/benchmark.py --update-readme

images: setup
	$(BIN)/python tools/make_images.py

clean-workspace:
	rm -rf notebooks/workspace

clean: clean-workspace
	rm -rf $(VENV) build
