# Session briefs. `make help` lists what each target makes.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# WeasyPrint lays out PDFs with Pango and system fonts; poppler-utils checks PDFs and Debian's
# chromium opens the HTML in the tests (Playwright drives it; it never downloads a browser).
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core
TEST_PACKAGES := poppler-utils chromium

.PHONY: help setup system-packages briefs test mutants lab bench clean

help: ## list the targets
	@awk -F ':.*## ' '/^[a-z-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

system-packages: ## install missing Debian packages (as root), or say which to install
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || tools/ensure-debian-packages python3 python3-venv python3-pip
	@tools/ensure-debian-packages $(RUNTIME_PACKAGES) $(TEST_PACKAGES)

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

setup: system-packages $(INSTALLED) ## create .venv with the package and its pinned dependencies

briefs: setup ## validate the data and render every brief that changed: reports/<session_id>/, reports/corpus/, reports/index.html
	$(BIN)/briefs validate
	$(BIN)/briefs render --all

test: setup ## run the whole test suite in random order (the seed is printed: replay an order with --randomly-seed=N), with coverage of src/helpers
	$(BIN)/python -m pytest --cov=helpers --cov-report=term:skip-covered

mutants: setup ## mutation testing of the promise-keeping modules against their unit tests (slow; not in CI): score per module, then the survivors
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python tools/mutation_scores.py

bench: setup ## time briefs render against papermill + jupyter nbconvert (medians and ratios)
	$(BIN)/python tools/benchmark.py

lab: setup ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/

clean: ## remove rendered briefs and caches (keeps .venv)
	rm -rf reports/* .pytest_cache mutants .coverage
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
