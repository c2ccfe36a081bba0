# The two commands of the README:
#   make run   set up, build a demo release from synthetic extracts, serve the dashboard on http://127.0.0.1:8050
#   make test  install what the tests need (PostgreSQL server, Chromium, axe-core) and run them
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_EXTRACTS := data/demo-extracts
STAMP := $(VENV)/.installed
PLOTLY_BUNDLE := dashboard/vendor/plotly-vru.min.js

.PHONY: run demo-release demo-returns test test-fast lint install bench bench-dashboard bench-spike loadtest lighthouse snapshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

# A smaller plotly.js with only the trace types the dashboard draws; skipped (with a
# note) where npm is not installed, and the app then serves plotly's full bundle.
$(PLOTLY_BUNDLE): scripts/build_plotly_bundle.sh | $(STAMP)
	@if command -v npm >/dev/null 2>&1; then bash scripts/build_plotly_bundle.sh; \
	else echo "npm not found: serving plotly.js's full bundle (first page loads are larger)"; fi

install: $(STAMP)

# The public site needs the CSV extracts only; `make demo-returns` writes the same data as providers' returns.
$(DEMO_EXTRACTS)/participants.csv: | $(STAMP)
	$(BIN)/vru-etl generate --out $(DEMO_EXTRACTS) --no-returns

# A demo release is built once; `make demo-release` builds another.
data/public.db: | $(DEMO_EXTRACTS)/participants.csv
	$(BIN)/vru-etl run --input $(DEMO_EXTRACTS) --demo

demo-release: $(STAMP) $(DEMO_EXTRACTS)/participants.csv
	$(BIN)/vru-etl run --input $(DEMO_EXTRACTS) --demo

# The public site as production serves it (the Procfile's gunicorn, not Flask's development server), on this
# machine only, with its address as the public base URL, so that share previews and embed codes work here too. On a
# real host, VRU_PUBLIC_BASE_URL is the address readers use (README.md); `make run VRU_PUBLIC_BASE_URL=...` sets it.
RUN_HOST ?= 127.0.0.1
RUN_PORT ?= 8050
VRU_PUBLIC_BASE_URL ?= http://$(RUN_HOST):$(RUN_PORT)

# The whole cycle of providers' returns on the demo data: the demo extracts written again with every provider's
# filled-in returns (a few faulty), this quarter's templates, every return checked (findings and annotated copies
# in data/demo-returns/checked), the clean ones imported into a copy of the extracts, and a release made from it.
# Check and import may exit 2 (a few demo returns are faulty on purpose and refused); any other failure stops it.
DEMO_RETURNS := data/demo-returns
LAST_QUARTER := 2025-26 Q4
LAST_QUARTER_IN_NAMES := 2025-26-Q4
demo-returns: $(STAMP)
	rm -rf $(DEMO_RETURNS)
	$(BIN)/vru-etl generate --out $(DEMO_RETURNS)/sent
	mkdir -p $(DEMO_RETURNS)/extracts $(DEMO_RETURNS)/inbox
	cp $(DEMO_RETURNS)/sent/*.csv $(DEMO_RETURNS)/extracts/
	cp $(DEMO_RETURNS)/sent/returns/* $(DEMO_RETURNS)/inbox/
	$(BIN)/vru-etl returns template --period "$(LAST_QUARTER)" --out $(DEMO_RETURNS)/templates --extracts $(DEMO_RETURNS)/extracts
	$(BIN)/vru-etl returns check $(DEMO_RETURNS)/inbox/*-$(LAST_QUARTER_IN_NAMES)*.xlsx --extracts $(DEMO_RETURNS)/extracts --out $(DEMO_RETURNS)/checked || test $$? -eq 2
	$(BIN)/vru-etl returns import $(DEMO_RETURNS)/inbox --extracts $(DEMO_RETURNS)/extracts || test $$? -eq 2
	$(BIN)/vru-etl run --input $(DEMO_RETURNS)/extracts --demo --note "Demo: built from providers' returns"

run: $(STAMP) $(PLOTLY_BUNDLE) data/public.db
	VRU_MODE=public VRU_PUBLIC_BASE_URL=$(VRU_PUBLIC_BASE_URL) $(BIN)/gunicorn --worker-class gthread \
		--workers $${WEB_CONCURRENCY:-2} --threads $${GUNICORN_THREADS:-8} --bind $(RUN_HOST):$(RUN_PORT) \
		dashboard.app:server

# One pytest worker per core (pytest-xdist); each test module stays in one worker, so its
# module-scoped servers and releases are built once. TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

test: $(STAMP) $(PLOTLY_BUNDLE) lint
	bash scripts/test-system-deps.sh
	bash scripts/test-browser-deps.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope

# The fast loop: the unit tier, tests/unit (functions on small inline frames and extracts; no release, HTTP,
# browser, PostgreSQL or Redis), under a minute on 2 cores. The markers leave out what there is marked slower
# (tests/README.md).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit -m "not slow and not postgres and not integration"

# The visual snapshots' references written anew (tests/browser/visual/references/), after a page changed how it looks
# on purpose: look at the new pictures before committing them (tests/README.md).
snapshots: $(STAMP) $(PLOTLY_BUNDLE)
	bash scripts/test-browser-deps.sh
	VRU_UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q -n 0 -p no:cacheprovider tests/browser/visual

# ruff's checks and its formatter (pyproject's [tool.ruff]), import-linter's layer contracts
# (pyproject's [tool.importlinter]), and mypy's type check of the pure layers (pyproject's [tool.mypy];
# its cache in .mypy_cache/ keeps a run with few changed files short).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python scripts/bench_etl.py

bench-dashboard: $(STAMP) $(PLOTLY_BUNDLE)
	$(BIN)/python scripts/bench_dashboard.py

# 50 users against gunicorn (2 workers) on a throwaway PostgreSQL and Redis, on loopback;
# e.g. `make loadtest LOADTEST_ARGS=--no-redis` to compare without the shared cache.
loadtest: $(STAMP)
	bash scripts/test-system-deps.sh
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

# A news day: a fixed, stepped rate of what shared links bring (pages with filters, share previews, chart pictures,
# CSVs), through the caching proxy (deploy/nginx/, Debian's nginx) and straight at gunicorn, on loopback; e.g.
# `make bench-spike SPIKE_ARGS="--step 20"` for shorter steps (scripts/bench_spike.py --help).
bench-spike: $(STAMP)
	bash scripts/test-system-deps.sh
	$(BIN)/python scripts/bench_spike.py $(SPIKE_ARGS)

# Lighthouse (pinned, installed into .cache/lighthouse) on the public pages of the demo release,
# desktop and mobile presets; fails when a page misses its targets (docs/performance.md, scripts/lighthouse.py).
# e.g. `make lighthouse LIGHTHOUSE_ARGS="--runs 3"` for the median of 3 runs.
lighthouse: $(STAMP) $(PLOTLY_BUNDLE) data/public.db
	$(BIN)/python scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

clean:
	rm -rf data .pytest_cache .hypothesis
