# The two commands of the README: `make run` (install and start everything) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run fresh demo test bench bench-directory clean

install: $(STAMP)

$(STAMP): requirements-dev.txt constraints.txt contracts/pyproject.toml gateway/pyproject.toml $(wildcard services/*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -r requirements-dev.txt
	touch $(STAMP)

run: install
	$(BIN)/python -m etwinning_contracts.runtime.devstack

fresh: install  # the same, from empty data (drops the local databases and mail)
	$(BIN)/python -m etwinning_contracts.runtime.devstack --fresh

demo: install  # with `make run` going: teachers, schools and validations through the API
	$(BIN)/python bench/demo_data.py --teachers $(or $(TEACHERS),120)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/gateway_bench.py

bench-directory: install
	$(BIN)/python bench/directory_bench.py

clean:
	rm -rf $(VENV) .local
