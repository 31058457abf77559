# The one entry point for people and CI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCENARIO ?= scenarios/kernteam-start.yaml
STAMP := $(VENV)/.installed
# The engine's hot modules compiled with mypyc (sim/compiled.py); rebuilt when sim/ changes. Without
# a C compiler the build fails with a message and the engine runs as Python: same results, slower
# (and tried again at the next make). In CI (CI=1) a failed build fails: the tests that compare
# the compiled engine with its source must run there.
ENGINE := sim/engine.digest

.PHONY: run test setup lint bench fuzz mutate mutate-sample docs clean messages

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,dask,bench]"
	touch $(STAMP)

$(ENGINE): $(STAMP) $(wildcard sim/*.py)
	$(BIN)/python -c 'import sys, sim.compiled as c; sys.exit(c.main(["build"]))' || [ -z "$$CI" ]

setup: $(STAMP) $(ENGINE)

run: $(STAMP) $(ENGINE)
	$(BIN)/ambacht run $(SCENARIO) --out out --force --report

test: $(STAMP) $(ENGINE)
	$(BIN)/ruff check .
	$(BIN)/mypy sim analysis cli
	# -n auto: one test worker per core (pytest-xdist); every test keeps its own temporary folder.
	$(BIN)/pytest -q -n auto || [ $$? -eq 5 ]  # 5 = no tests collected
	# The tests that instrument the engine's classes, with the engine as source (tests/conftest.py).
	AMBACHT_ENGINE=python $(BIN)/pytest -q -m source_engine

# Re-extract the English messages into locale/ambacht.pot and merge them into every catalogue
# (new ones arrive untranslated, changed ones fuzzy: make test fails until a translator fixes them).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o locale/ambacht.pot --no-location --sort-output \
	  --add-comments=Translators: --project=Ambacht --copyright-holder="Ambacht contributors" .
	$(BIN)/pybabel update -i locale/ambacht.pot -d locale -D ambacht --ignore-obsolete --update-header-comment

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy sim analysis cli

# A long fuzz campaign over mutated example scenarios (not in CI): prints the number of cases,
# the median and maximum time of a refusal, and every defect. FUZZ_CASES / FUZZ_MINUTES bound it.
FUZZ_CASES ?= 100000
FUZZ_MINUTES ?= 30
fuzz: $(STAMP)
	nice $(BIN)/python -W ignore -m tests.fuzz --cases $(FUZZ_CASES) --minutes $(FUZZ_MINUTES)

# Mutation testing (not in CI): mutmut plants small bugs in the sim/ and analysis/ modules that differ
# from main (or in MODULES="sim/calendar.py ...") and runs the tests that concern each; prints and
# writes out/mutation/report.md (score per module, surviving mutants). MUTATE_MINUTES bounds it.
MUTATE_MINUTES ?= 30
mutate: $(STAMP)
	$(BIN)/pip install --quiet -e ".[mutate]"
	nice $(BIN)/python -m tests.mutate --minutes $(MUTATE_MINUTES) $(MODULES)

# The mutation score of all of sim/ and analysis/, estimated from a two-stage sample (modules drawn
# by size, mutants within them) with its 95 % interval; resumes an interrupted campaign.
# Writes out/mutation-sample/report.md. Not in CI: hours.
SAMPLE_DRAWS ?= 12
SAMPLE_PER_MODULE ?= 12
SAMPLE_SEED ?= 1
mutate-sample: $(STAMP)
	$(BIN)/pip install --quiet -e ".[mutate]"
	nice $(BIN)/python -m tests.mutate_sample --draws $(SAMPLE_DRAWS) --per-module $(SAMPLE_PER_MODULE) \
	  --seed $(SAMPLE_SEED) --minutes $(MUTATE_MINUTES)

docs: $(STAMP)
	$(BIN)/python -m analysis.reporting.metric_docs

bench: $(STAMP) $(ENGINE)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) out sim/*.so $(ENGINE)
