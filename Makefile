# `make run` starts the tray app, `make test` runs every check CI runs.
# Both create .venv and install what they need on first use.
# `make run ARGS="check --json"` passes arguments to the command line.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench docs package clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/trayapp $(ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python -m bench

# Renew what is made from the config model: README's config reference and the JSON Schema.
docs: $(BIN)/.installed
	$(BIN)/python -m trayapp.core.reference --write README.md
	$(BIN)/python -m trayapp.core.schema --write resources/config.schema.json

# Build the wheel, sdist and PyInstaller bundle and try them; validate the desktop files.
package: $(BIN)/.installed
	bash packaging/check

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
