# Critical Friend: `make run` opens the app, `make test` runs the whole suite.
# Both create .venv when missing and install the project into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SRC := desktop_app forms audit_tool tests

.PHONY: run test lint format bench screenshots installer installer-check clean system-packages qt-runtime schema-sql

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/critical-friend

test: $(STAMP) system-packages
	$(MAKE) --no-print-directory lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2 --timeout=300

lint: $(STAMP)
	$(VENV)/bin/ruff check $(SRC)
	$(VENV)/bin/ruff format --check $(SRC)
	$(VENV)/bin/mypy desktop_app forms audit_tool

format: $(STAMP)
	$(VENV)/bin/ruff format $(SRC)
	$(VENV)/bin/ruff check --fix $(SRC)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/run_all.py

# After adding an Alembic migration: rebuild the head schema's SQL that new homes are made from.
schema-sql: $(STAMP)
	$(PY) -m desktop_app.store.schema_sql --write

screenshots: $(STAMP)
	rm -rf /tmp/critical-friend-shots-home
	$(VENV)/bin/critical-friend --home /tmp/critical-friend-shots-home demo
	$(VENV)/bin/critical-friend --home /tmp/critical-friend-shots-home screenshots docs/screenshots

# The frozen program in dist/critical-friend/ and, where dpkg-deb exists, dist/critical-friend_*.deb.
installer: $(STAMP)
	$(PY) -m pip install --quiet "pyinstaller>=6"
	QT_QPA_PLATFORM=offscreen $(PY) installer/make_icons.py build/icons
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build installer/critical-friend.spec
	@if command -v dpkg-deb >/dev/null; then \
	  installer/build-deb.sh "$$($(PY) -c 'import desktop_app; print(desktop_app.__version__)')"; fi

# CI: build the Linux package, install it (as root) and run the smoke checks from where it landed.
installer-check: installer
	installer/check-installed.sh

# Tools the interoperability tests call (ssh-keygen, age, pdftoppm). Installed when missing and
# when we may (root with apt-get, as on CI); otherwise the tests say which one is missing.
system-packages:
	@missing=""; \
	command -v ssh-keygen >/dev/null || missing="$$missing openssh-client"; \
	command -v age >/dev/null || missing="$$missing age"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (the tests that need them will say so)"; fi; \
	fi

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
