# newsfuse: the usual targets. `make run` and `make test` are the README's two set-up commands.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/karabakh-2020
OUT ?= build
DB ?= $(OUT)/newsfuse.db

.PHONY: install run test test-fast lint fmt docs bench lock clean browser-deps

$(BIN)/newsfuse: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev,postgres,spark]'
	@touch $@

install: $(BIN)/newsfuse  ## Create .venv and install newsfuse with its pinned dependencies.

run: install  ## The main job: ingest the Karabakh corpus, export it, write its dossier, print where.
	@mkdir -p $(OUT)
	$(BIN)/newsfuse --db $(DB) ingest $(CORPUS)
	$(BIN)/newsfuse --db $(DB) --quiet export --format json --output $(OUT)/karabakh.json
	$(BIN)/newsfuse --db $(DB) --quiet report --format html -o $(OUT)/karabakh.html
	$(BIN)/newsfuse --db $(DB) --quiet report --format md -o $(OUT)/karabakh.md
	@echo
	@echo "store:  $(DB)"
	@echo "export: $(OUT)/karabakh.json"
	@echo "report: $(OUT)/karabakh.html   (and $(OUT)/karabakh.md)"
	@echo "serve:  $(BIN)/newsfuse --db $(DB) serve   (then open http://127.0.0.1:8000/)"
	@echo "browse: $(BIN)/newsfuse --db $(DB) articles   (then: $(BIN)/newsfuse --db $(DB) show ID)"
	@echo "        $(BIN)/newsfuse --db $(DB) entities   (then: $(BIN)/newsfuse --db $(DB) entity NAME)"
	@echo "        $(BIN)/newsfuse --db $(DB) stories    (then: $(BIN)/newsfuse --db $(DB) story ID)"
	@echo "        $(BIN)/newsfuse --db $(DB) figures    (and: quotes, events)"

test: install lint  ## Lint, type-check and run every test (what CI runs).
	$(BIN)/pytest

test-fast: install  ## Tests without the slow ones, for the inner loop.
	$(BIN)/pytest -m 'not slow' -q

lint: install  ## ruff, ruff format --check, mypy --strict.
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

fmt: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

docs: install  ## Regenerate docs/cli.md from the commands.
	$(BIN)/python -m newsfuse.cli._reference > docs/cli.md

bench: install  ## Every benchmark, figures printed and saved under bench/results/.
	@mkdir -p bench/results
	$(BIN)/python bench/extraction.py --json bench/results/extraction.json
	$(BIN)/python bench/ingest.py --json bench/results/ingest.json
	$(BIN)/python bench/entities.py --json bench/results/entities.json
	$(BIN)/python bench/copies.py --json bench/results/copies.json
	$(BIN)/python bench/stories.py --json bench/results/stories.json
	$(BIN)/python bench/quotes.py --json bench/results/quotes.json
	$(BIN)/python bench/figures.py --json bench/results/figures.json
	$(BIN)/python bench/displacement.py --json bench/results/displacement.json
	$(BIN)/python bench/summary.py --json bench/results/summary.json

lock: install  ## Refresh constraints.txt after changing pyproject.toml.
	@head -3 constraints.txt > constraints.new
	$(BIN)/pip freeze --exclude-editable | grep -v '^newsfuse' >> constraints.new
	mv constraints.new constraints.txt

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis bench/results

browser-deps:  ## playwright-core for the browser tests; they drive the system Chromium, never a downloaded one.
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
