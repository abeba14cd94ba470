# Two commands matter: `make html` builds the site, `make test` runs the tests.
# Each creates the virtualenv from the pinned lock files on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SOURCE := source
BUILD  := build
SPHINXOPTS ?=
STRICT := -W --keep-going -n
export TZ := UTC

# Drafts are built into a folder of their own, so they never reach build/html.
ifeq ($(DRAFTS),1)
export WRITING_DRAFTS := 1
BUILD := build/drafts
endif

.PHONY: html test test-range livehtml linkcheck clean minutes post bench lighthouse lock help

help:
	@echo "make html       build the site into $(BUILD)/html (strict: warnings fail)"
	@echo "make test       run the test suite (builds the site, browser and validator checks)"
	@echo "make livehtml   serve the site on http://127.0.0.1:8000 and rebuild on save"
	@echo "make post TITLE=\"...\" SECTION=<slug>   start a new post"
	@echo "make minutes    print each post's reading time"
	@echo "make linkcheck  check external links"
	@echo "make bench      benchmark build times against plain Sphinx"
	@echo "make test-range the extension's tests under the oldest and newest Sphinx it supports"
	@echo "make lighthouse Lighthouse scores of home, an essay and a section page (mobile, desktop)"
	@echo "make clean      remove the build output"
	@echo "make DRAFTS=1 html   include drafts and future-dated posts, marked Draft (build/drafts/html)"

$(VENV)/.installed: requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

html: $(VENV)/.installed
	$(PY) -m sphinx -b html $(STRICT) -d $(BUILD)/doctrees $(SPHINXOPTS) $(SOURCE) $(BUILD)/html

test: $(VENV)/.installed
	$(PY) -m tests.setup_tools
	$(PY) -m pytest $(PYTEST_ARGS)

# The extension under the oldest and the newest Sphinx it supports (9.1 needs Python 3.12).
PYTHON312 ?= $(firstword $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12; \
	do "$$p" -c "" 2>/dev/null && echo "$$p"; done))
RANGE_TESTS := -m "not browser and not validators and not listings" \
	-o "filterwarnings=ignore::DeprecationWarning"

.venv-sphinx82/.installed: requirements/range-sphinx82.txt
	$(PYTHON) -m venv .venv-sphinx82
	.venv-sphinx82/bin/python -m pip install --quiet --require-hashes -r $<
	touch $@

.venv-sphinx91/.installed: requirements/range-sphinx91.txt
	@test -n "$(PYTHON312)" || { echo "test-range needs Python 3.12 (for Sphinx 9.1): set PYTHON312"; exit 1; }
	$(PYTHON312) -m venv .venv-sphinx91
	.venv-sphinx91/bin/python -m pip install --quiet --require-hashes -r $<
	touch $@

test-range: .venv-sphinx82/.installed .venv-sphinx91/.installed
	.venv-sphinx82/bin/python -m pytest $(RANGE_TESTS) $(PYTEST_ARGS)
	.venv-sphinx91/bin/python -m pytest $(RANGE_TESTS) $(PYTEST_ARGS)

livehtml: $(VENV)/.installed
	$(VENV)/bin/sphinx-autobuild -b html -d $(BUILD)/doctrees --host 127.0.0.1 --port 8000 \
		--watch ext $(SPHINXOPTS) $(SOURCE) $(BUILD)/html

linkcheck: $(VENV)/.installed
	$(PY) -m sphinx -b linkcheck -d $(BUILD)/doctrees $(SOURCE) $(BUILD)/linkcheck

minutes: $(VENV)/.installed
	$(PY) scripts/minutes.py

post: $(VENV)/.installed
	$(PY) scripts/new_post.py --title "$(TITLE)" --section "$(SECTION)"

bench: $(VENV)/.installed
	$(PY) -m bench $(BENCH_ARGS)

# Serves build/html on 127.0.0.1 and prints a table of scores; fails if a target is missed.
# LIGHTHOUSE_ARGS="--runs 3" reports the median of three runs.
lighthouse: html
	@test -f node_modules/lighthouse/cli/index.js || npm ci --no-audit --no-fund --loglevel=error
	$(PY) -m tests.lighthouse $(LIGHTHOUSE_ARGS)

# Re-pin after editing pyproject.toml (needs network access to PyPI).
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml -p 3.11 --extra site --generate-hashes -o requirements/docs.txt
	$(VENV)/bin/uv pip compile pyproject.toml -p 3.11 --extra site --extra dev --extra test --extra bench \
		--generate-hashes -o requirements/dev.txt
	$(VENV)/bin/uv pip compile pyproject.toml -p 3.11 --extra site --extra test --generate-hashes \
		--override requirements/range-sphinx82.overrides -o requirements/range-sphinx82.txt
	$(VENV)/bin/uv pip compile pyproject.toml -p 3.12 --extra site --extra test --generate-hashes \
		--override requirements/range-sphinx91.overrides -o requirements/range-sphinx91.txt

clean:
	rm -rf $(BUILD)
