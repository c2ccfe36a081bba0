# The two commands of the README:
#   make run   set up, build a demo release from synthetic extracts, serve the dashboard
#   make test  install what the tests need (PostgreSQL server, Chromium) and run them
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_EXTRACTS := data/demo-extracts
STAMP := $(VENV)/.installed

.PHONY: run demo-release test install bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

$(DEMO_EXTRACTS)/participants.csv: | $(STAMP)
	$(BIN)/vru-etl generate --out $(DEMO_EXTRACTS)

demo-release: $(STAMP) $(DEMO_EXTRACTS)/participants.csv
	$(BIN)/vru-etl run --input $(DEMO_EXTRACTS) --demo

run: demo-release
	@if [ -f dashboard/app.py ]; then $(BIN)/vru-dashboard serve; \
	else echo "Demo release built in data/ (the dashboard is not built yet)."; fi

test: $(STAMP)
	bash scripts/test-system-deps.sh
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench_etl.py

clean:
	rm -rf data .pytest_cache .hypothesis
