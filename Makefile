# Two commands do all the set-up on a fresh machine (Python >= 3.11 and make):
#   make site   build the site from the entries (into site/)
#   make test   run the tests
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: site serve validate test mutants clean

site: $(STAMP)
	$(BIN)/buzzvalue validate --format summary
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

validate: $(STAMP)
	$(BIN)/buzzvalue validate

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

# Mutation testing (not part of `make test`; hours on 2 cores, see mutation/run.py), e.g.
#   make mutants MUTANTS_ARGS="--group model"   or   MUTANTS_ARGS="--sample 0.1"
mutants: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	$(BIN)/python mutation/run.py $(MUTANTS_ARGS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf site .cache .pytest_cache .ruff_cache .mutants
