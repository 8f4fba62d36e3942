# Session briefs. `make help` lists what each target makes.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed  # the package and what the briefs need
TEST_INSTALLED := $(VENV)/.installed-test  # and what the tests need on top
# Debian packages, apt-get names (the README's table says why each is there). The briefs need
# Python with venv, and WeasyPrint's Pango, HarfBuzz subsetting, fontconfig and a font for PDFs.
# Only the tests need poppler-utils (reads the PDFs) and Debian's chromium (opens the HTML;
# Playwright drives it and never downloads a browser): `make briefs` never installs them.
PYTHON_PACKAGES := python3 python3-venv
BRIEF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core
TEST_PACKAGES := poppler-utils chromium

# `make lab`: where JupyterLab listens. Localhost by default: reach it from another machine
# with an SSH tunnel, or ask for LAB_IP=0.0.0.0 (a token is required either way).
LAB_IP ?= localhost
LAB_PORT ?= 8888
# JupyterLab refuses root unless told; allow it only when make itself runs as root.
LAB_ALLOW_ROOT = $(if $(filter 0,$(shell id -u)),--allow-root)
# Open a browser only where there is a display; headless, the server prints its URL and token.
LAB_OPEN_BROWSER = $(if $(DISPLAY)$(WAYLAND_DISPLAY),True,False)

.PHONY: help setup system-packages briefs test mutants lab bench ingest-accuracy clean

help: ## list the targets
	@awk -F ':.*## ' '/^[a-z-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

system-packages: ## install the Debian packages the briefs need (as root), or say which to install
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || tools/ensure-debian-packages $(PYTHON_PACKAGES)
	@tools/ensure-debian-packages $(BRIEF_PACKAGES)

.PHONY: test-packages
test-packages: ## install the Debian packages only the tests need (as root), or say which to install
	@tools/ensure-debian-packages $(TEST_PACKAGES)

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable .
	touch $@

# The tests' Python packages (pytest, Playwright, mutmut, ...) on top: `make briefs` never installs them.
$(TEST_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

setup: system-packages $(INSTALLED) ## create .venv with the package and its pinned dependencies

.PHONY: test-setup
test-setup: setup test-packages $(TEST_INSTALLED) ## add what the tests need: their Debian packages and Python packages

briefs: setup ## validate the data and render every brief that changed: reports/<session_id>/, reports/corpus/, reports/index.html
	$(BIN)/briefs validate
	$(BIN)/briefs render --all

# make test sets up what the briefs need, then what the tests need on top (CI runs nothing before).
test: test-setup ## run the whole test suite in random order (the seed is printed: replay an order with --randomly-seed=N), with coverage of src/helpers
	$(BIN)/python -m pytest --cov=helpers --cov-report=term:skip-covered

mutants: test-setup ## mutation testing of the promise-keeping modules against their unit tests (slow; not in CI): score per module, then the survivors
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python tools/mutation_scores.py

bench: test-setup ## time briefs render against papermill + jupyter nbconvert (medians and ratios), briefs ingest of a 50-page PDF, and the corpus brief and validate over 1,000 generated sessions (BENCH_ARGS="--cases corpus")
	$(BIN)/python tools/benchmark.py $(BENCH_ARGS)

ingest-accuracy: setup ## score briefs ingest on the record corpus (tests/records): per field share right, n, target, and the misses
	$(BIN)/python tools/ingest_accuracy.py

lab: setup ## serve the notebooks in JupyterLab on LAB_IP:LAB_PORT (default localhost:8888), with a token
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --ServerApp.ip=$(LAB_IP) --ServerApp.port=$(LAB_PORT) \
	  --ServerApp.port_retries=0 --ServerApp.open_browser=$(LAB_OPEN_BROWSER) $(LAB_ALLOW_ROOT)

clean: ## remove rendered briefs and caches (keeps .venv)
	rm -rf reports/* .pytest_cache mutants .coverage
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
