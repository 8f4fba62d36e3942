# Session briefs. `make help` lists what each target makes.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Debian packages, apt-get names (the README's table says why each is there). The briefs need
# Python with venv, and WeasyPrint's Pango, HarfBuzz subsetting, fontconfig and a font for PDFs.
# Only the tests need poppler-utils (reads the PDFs) and Debian's chromium (opens the HTML;
# Playwright drives it and never downloads a browser): `make briefs` never installs them.
PYTHON_PACKAGES := python3 python3-venv
BRIEF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core
TEST_PACKAGES := poppler-utils chromium

.PHONY: help setup system-packages test-packages briefs test lab bench clean

help: ## list the targets
	@awk -F ':.*## ' '/^[a-z-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

system-packages: ## install the Debian packages the briefs need (as root), or say which to install
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || tools/ensure-debian-packages $(PYTHON_PACKAGES)
	@tools/ensure-debian-packages $(BRIEF_PACKAGES)

test-packages: ## install the Debian packages only the tests need (as root), or say which to install
	@tools/ensure-debian-packages $(TEST_PACKAGES)

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

setup: system-packages $(INSTALLED) ## create .venv with the package and its pinned dependencies

# make test sets up what the briefs need, then what the tests need on top (CI runs nothing before).
test: test-packages

briefs: setup ## validate the data and render every brief that changed: reports/<session_id>/, reports/corpus/, reports/index.html
	$(BIN)/briefs validate
	$(BIN)/briefs render --all

test: setup ## run the whole test suite (unit, notebook end to end, PDF checks)
	$(BIN)/python -m pytest

bench: setup ## time briefs render against papermill + jupyter nbconvert (medians and ratios)
	$(BIN)/python tools/benchmark.py

lab: setup ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/

clean: ## remove rendered briefs and caches (keeps .venv)
	rm -rf reports/* .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
