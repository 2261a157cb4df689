# Two commands on a fresh machine: `make run` and `make test`.
# Each creates .venv and installs what it needs when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit integration bench compose-check clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@bash deploy/local/system-packages.sh run
	$(BIN)/kezek up

test: $(STAMP)
	bash deploy/local/system-packages.sh test
	$(BIN)/ruff check shared services tests
	$(BIN)/ruff format --check shared services tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider --durations=25

# The layers are markers that tests/conftest.py sets: e2e (tests/e2e) and
# integration (tests/integration, tests/bench, and any test using the real
# store or broker); the rest are unit tests, wherever they are. KEZEK_UNIT_RUN
# makes the store and broker fixtures refuse.
unit: $(STAMP)
	KEZEK_UNIT_RUN=1 $(BIN)/python -m pytest -q -m "not integration and not e2e"

integration: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m integration

lint: $(STAMP)
	$(BIN)/ruff check shared services tests
	$(BIN)/ruff format --check shared services tests
	$(BIN)/mypy

bench: $(STAMP)
	bash deploy/local/system-packages.sh bench
	$(BIN)/python -m tests.bench.queue_bench

compose-check:
	docker-compose -f docker-compose.yml config -q

clean:
	rm -rf $(VENV) .kezek test-output
