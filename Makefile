# One entry point for the book and its tests. Every target sets itself up:
# on a fresh machine it creates .venv and installs requirements.txt into it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NBVAL_RUNS ?= 3
CHAPTERS := $(shell $(PYTHON) tools/list_chapters.py)
# Each chapter listed NBVAL_RUNS times: nbval executes it afresh each time, so an
# output that is not reproducible fails (pytest --keep-duplicates keeps the copies).
CHAPTER_RUNS := $(shell $(PYTHON) tools/list_chapters.py $(NBVAL_RUNS))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: book test unit nbval browser-deps refresh lab clean bench

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

## book: build the HTML book into _build/html (executes chapters, cached; warnings are errors)
book: $(STAMP)
	$(BIN)/jupyter-book build . --warningiserror --keep-going

## test: unit tests, nbval over every chapter ($(NBVAL_RUNS) runs), built-book browser checks
test: $(STAMP) browser-deps book
	MLCOURSE_REQUIRE_BOOK=1 $(BIN)/python -m pytest -n 2 --dist loadfile --keep-duplicates -rs \
	    $(NBVAL) tests $(CHAPTER_RUNS)

## unit: the library's unit tests only (fast)
unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 tests

## nbval: the chapters only, each NBVAL_RUNS times
nbval: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --keep-duplicates $(NBVAL) $(CHAPTER_RUNS)

## browser-deps: install Debian's chromium + chromedriver when possible (root, apt), else skip
browser-deps:
	@bash tools/install_browser.sh

## refresh: re-execute every chapter in place, storing fresh outputs (after a library change)
refresh: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py $(CHAPTERS)

## lab: open the chapters in JupyterLab with live widgets
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	$(BIN)/jupyter lab book/

## bench: print the speed measurements
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf _build
