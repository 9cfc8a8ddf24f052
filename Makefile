# One entry point for the book and its tests. Every target sets itself up:
# on a fresh machine it creates .venv and installs requirements.txt into it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_STAMP := $(VENV)/.installed-lab
NBVAL_RUNS ?= 3
CHAPTERS := $(shell $(PYTHON) tools/list_chapters.py)
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# One BLAS thread per process when chapters execute: the build and the tests run two
# processes on two cores, and a two-thread matrix product sharing its cores with another
# process stalls (a cell of chapter 10 went from 2 s to 27 s). Printed results do not
# depend on it (nbval passes with either). `make lab` and `make bench` keep the default.
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
RUN_NBVAL := $(ONE_THREAD) $(BIN)/python -m pytest -n 2 --dist loadfile $(NBVAL) $(CHAPTERS)

.PHONY: book test lint unit nbval nbval-portable browser-deps refresh lab clean bench lock

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mlcourse needs Python 3.11 to 3.13, found " + sys.version.split()[0] + ": make PYTHON=python3.12 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# JupyterLab, jupyterlab-myst and the widgets' front end (make lab, and the JupyterLab test of make test)
$(LAB_STAMP): $(STAMP) requirements-lab.txt tools/lab_config.py
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	$(BIN)/python tools/lab_config.py
	touch $(LAB_STAMP)

## book: build the HTML book into _build/html (executes chapters, cached; warnings are errors)
# The cache is cleared whenever mlcourse/ changed since the last build (tools/book_cache.py).
book: $(STAMP)
	$(BIN)/python tools/book_cache.py
	$(ONE_THREAD) $(BIN)/jupyter-book build . --warningiserror --keep-going

## test: unit tests, nbval over every chapter ($(NBVAL_RUNS) runs), built-book browser checks
# The first pytest session runs the unit tests and nbval once; each further run is a
# session of its own. (Listing a notebook twice in one session does not work: xdist
# schedules by test id, so the copies collapse into one run.) A chapter whose output
# is not reproducible fails one of the runs.
test: $(STAMP) $(LAB_STAMP) browser-deps book lint
	MLCOURSE_REQUIRE_BOOK=1 $(ONE_THREAD) $(BIN)/python -m pytest -n 2 --dist loadfile -rs $(NBVAL) tests mlcourse $(CHAPTERS)
	@for run in $$(seq 2 $(NBVAL_RUNS)); do \
	    echo "== nbval run $$run of $(NBVAL_RUNS) =="; \
	    $(RUN_NBVAL) || exit 1; \
	done

## lint: ruff over the library, tests, tools, benchmarks and the chapter notebooks (check, then format check)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## unit: the unit tests and the docstring examples of mlcourse (fast; no notebooks)
unit: $(STAMP)
	$(ONE_THREAD) $(BIN)/python -m pytest -n 2 tests mlcourse

## nbval: the chapters only, NBVAL_RUNS sessions in a row
nbval: $(STAMP)
	@for run in $$(seq 1 $(NBVAL_RUNS)); do \
	    echo "== nbval run $$run of $(NBVAL_RUNS) =="; \
	    $(RUN_NBVAL) || exit 1; \
	done

## nbval-portable: the chapters under numpy's generic (non-AVX2) kernels, then under OpenBLAS's
## Sandybridge kernels (no fused multiply-add: SGD's axpy rounds twice, the matrix products sum in
## another order), stand-ins for another processor: a cell whose printed digits change here will
## change on other machines too (a maintainer's check, x86-64 only, not part of `make test`)
nbval-portable: $(STAMP)
	NPY_DISABLE_CPU_FEATURES=X86_V3 $(RUN_NBVAL)
	OPENBLAS_CORETYPE=Sandybridge $(RUN_NBVAL)

## browser-deps: install Debian's chromium + chromedriver when possible (root, apt), else skip
browser-deps:
	@bash tools/install_browser.sh

## refresh: re-execute every chapter in place, storing fresh outputs (after a library change)
refresh: $(STAMP)
	$(ONE_THREAD) $(BIN)/python tools/refresh_notebooks.py $(CHAPTERS)

## lab: open the chapters in JupyterLab with live widgets (as root too: containers and cloud notebooks run as root)
lab: $(LAB_STAMP)
	JUPYTER_CONFIG_DIR=$(CURDIR)/.jupyter-lab $(BIN)/jupyter lab --LabApp.custom_css=True \
	    $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) book/

## lock: regenerate the pinned requirements*.txt from pyproject.toml's dependencies and extras
## (pip-tools, in its own .lock-venv); `make lock UPGRADE=1` moves every pin to its newest release
LOCK := .lock-venv/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:
	test -x .lock-venv/bin/pip-compile || ($(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet pip-tools)
	$(LOCK) --extra book --extra test -o requirements.txt pyproject.toml
	$(LOCK) --extra lab -c requirements.txt -o requirements-lab.txt pyproject.toml

## bench: print the speed measurements
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf _build
