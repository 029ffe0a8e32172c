# newsfuse: the usual targets. `make run` and `make test` are the README's two set-up commands.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/karabakh-2020
OUT ?= build
DB ?= $(OUT)/newsfuse.db

.PHONY: install run test test-fast lint fmt docs bench lock clean browser-deps fuzz

# Every package from requirements/ci.txt, each file checked against its sha256; then
# newsfuse itself, with the setuptools pinned there. pip check fails when pyproject.toml
# names a dependency the lock lacks: run `make lock`.
$(BIN)/newsfuse: pyproject.toml constraints.txt requirements/ci.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --requirement requirements/ci.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .
	$(BIN)/pip check
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
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/ruff format --check src tests bench fuzz
	$(BIN)/mypy

fmt: install
	$(BIN)/ruff check --fix src tests bench fuzz
	$(BIN)/ruff format src tests bench fuzz

docs: install  ## Regenerate docs/cli.md from the commands.
	$(BIN)/python -m newsfuse.cli._reference > docs/cli.md

bench: install  ## Every benchmark, figures printed and saved under bench/results/.
	@mkdir -p bench/results
	$(BIN)/python bench/suite.py --json bench/results/suite.json
	$(BIN)/python bench/scale.py --fast --json bench/results/scale.json
	$(BIN)/python bench/extraction.py --json bench/results/extraction.json
	$(BIN)/python bench/ingest.py --json bench/results/ingest.json
	$(BIN)/python bench/entities.py --json bench/results/entities.json
	$(BIN)/python bench/copies.py --json bench/results/copies.json
	$(BIN)/python bench/stories.py --json bench/results/stories.json
	$(BIN)/python bench/quotes.py --json bench/results/quotes.json
	$(BIN)/python bench/figures.py --json bench/results/figures.json
	$(BIN)/python bench/displacement.py --json bench/results/displacement.json
	$(BIN)/python bench/summary.py --json bench/results/summary.json
	$(BIN)/python bench/load.py --json bench/results/load.json

FUZZ_SECONDS ?= 60

fuzz: install  ## Fuzz HTML ingest with atheris for FUZZ_SECONDS; the corpus it learns stays in build/fuzz-corpus.
	$(BIN)/python fuzz/html_ingest.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=1 $(OUT)/fuzz-corpus

lock:  ## After changing pyproject.toml: refresh constraints.txt and the hashes of requirements/ci.txt.
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev,postgres,spark]'
	@head -3 constraints.txt > constraints.new
	$(BIN)/pip freeze --exclude-editable | grep -v '^newsfuse' >> constraints.new
	mv constraints.new constraints.txt
	$(BIN)/python requirements/lock.py

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis bench/results

browser-deps:  ## playwright-core for the browser tests; they drive the system Chromium, never a downloaded one.
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
