"""The hostile-input corpus (tests/hostile/build.py): each case alone, then all in one batch.

Each case must come out as its row of the table says (ingested, warned, partial or
refused, with one line per failure naming the file, the reason and the code),
within a memory ceiling, and a batch of all of them must store every good file.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile.build import CASES, Case, build, good_articles
from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.ingest import ingest
from newsfuse.model import Article
from newsfuse.store import open_store

from .helpers import error_lines, newsfuse_executable

#: Peak RSS of reading, decoding, extracting and cleaning any one hostile input
#: (README, "Hostile input"), measured in a child forked after the imports: a
#: 200 MB page read whole would exceed it on its own.
READ_CEILING_MB = 200
#: Peak RSS of one `newsfuse ingest` over the whole corpus; the language and
#: embedding models are about 750 MB of it.
INGEST_CEILING_MB = 1_500


@dataclass(frozen=True)
class Alone:
    """What ingesting one case by itself did."""

    stored: list[Article]
    errors: list[InputError]
    warnings: list[str]


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Case]]]:
    folder = tmp_path_factory.mktemp("hostile")
    yield folder, build(folder)
    # chmod 000 files would stop pytest from cleaning up the folder.
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture(scope="module")
def alone(corpus: tuple[Path, list[Case]]) -> dict[str, Alone]:
    """Every case that could be built, ingested alone through the public API."""
    folder, cases = corpus
    results = {}
    handler = _Warnings()
    logging.getLogger("newsfuse").addHandler(handler)
    try:
        for case in cases:
            if case.skip:
                continue
            handler.lines.clear()
            store = open_store(":memory:")
            try:
                report = ingest([folder / case.name], store, Settings())
                stored = list(store.iter_articles())
            finally:
                store.close()
            results[case.name] = Alone(stored, report.errors, list(handler.lines))
    finally:
        logging.getLogger("newsfuse").removeHandler(handler)
    return results


def _expected_line(folder: Path, origin: str, code: str) -> tuple[str, str]:
    """The start and end of the one line an error on ``origin`` must print as."""
    file, _, where = origin.partition(":")
    place = str(folder / file) + (f":{where}" if where else "")
    printable = str(InputError(place, code, "REASON")).removesuffix(f" REASON [{code}]")
    return printable, f" [{code}]"


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_each_case_alone_has_its_documented_outcome(
    corpus: tuple[Path, list[Case]], alone: dict[str, Alone], name: str
) -> None:
    folder, cases = corpus
    (case,) = [c for c in cases if c.name == name]
    if case.skip:
        pytest.skip(case.skip)
    result = alone[name]
    assert len(result.stored) == case.articles
    lines = [str(error) for error in result.errors]
    assert len(lines) == len(case.errors), lines
    for line, (origin, code) in zip(lines, case.errors, strict=True):
        start, end = _expected_line(folder, origin, code)
        assert line.startswith(start) and line.endswith(end), line
        assert line.removeprefix(start).removesuffix(end).strip()
        assert "\n" not in line and line.isprintable()
    assert [w.rsplit(" [", 1)[-1].rstrip("]") for w in result.warnings] == list(case.warnings)
    for warning in result.warnings:
        assert warning.startswith(str(folder / case.name))
    if case.says:
        assert any(case.says in article.text for article in result.stored)
    for article in result.stored:
        assert "\x00" not in article.text


def test_outcomes_match_what_they_report(alone: dict[str, Alone]) -> None:
    for case in CASES:
        if case.name not in alone:
            continue
        stored, failed = case.articles > 0, bool(case.errors)
        expected = {
            (True, False): "warned" if case.warnings else "ingested",
            (True, True): "partial",
            (False, True): "refused",
        }[(stored, failed)]
        assert case.outcome == expected, case.name


_PEAK = """
import json, os, resource, sys
from pathlib import Path
from newsfuse.config import Settings
from newsfuse.pipeline import build_extractor, build_stages, extract_all
from newsfuse.sources import read_paths
from newsfuse.stages.clean import Cleaner

settings = Settings()
extractor = build_extractor(settings)
cleaner = next(s for s in build_stages(settings, ["clean"]) if isinstance(s, Cleaner))
peaks = {}
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        items = extract_all(extractor, read_paths([Path(name)], settings.ingest.max_article_bytes))
        list(cleaner(a for a in items if not isinstance(a, Exception)))
        os._exit(0)
    _, status, usage = os.wait4(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, name
    peaks[name] = usage.ru_maxrss // 1024
print(json.dumps(peaks))
"""


def peak_read_mb(folder: Path, names: list[str]) -> dict[str, int]:
    """Peak RSS in MB of reading, extracting and cleaning each input, each in its own process."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *names],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    peaks: dict[str, int] = json.loads(done.stdout)
    return peaks


def test_reading_any_case_stays_under_the_ceiling(corpus: tuple[Path, list[Case]]) -> None:
    folder, cases = corpus
    names = [case.name for case in cases if not case.skip]
    peaks = peak_read_mb(folder, names)
    over = {name: peak for name, peak in peaks.items() if peak > READ_CEILING_MB}
    assert not over, peaks


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: int


# Linux counts what a process held before exec in its peak RSS, so a child
# forked straight from this test process (spaCy loaded by earlier tests)
# would report this process's peak. A small launcher in between forks from a
# few megabytes instead, and reports its own child's peak.
_LAUNCHER = """
import os, subprocess, sys
with open(sys.argv[1], "wb") as stdout, open(sys.argv[2], "wb") as stderr:
    process = subprocess.Popen(sys.argv[3:], stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(process.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def run_measured(db: Path, *paths: Path) -> Run:
    """``newsfuse --db DB ingest PATHS`` as a separate program, with its peak RSS."""
    out, err = db.with_suffix(".out"), db.with_suffix(".err")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFUSE_")}
    command = [str(newsfuse_executable()), "--db", str(db), "ingest", *map(str, paths)]
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(out), str(err), *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    returncode, peak_kib = map(int, launched.stdout.split())
    return Run(returncode, out.read_text("utf-8"), err.read_text("utf-8"), peak_kib // 1024)


@dataclass(frozen=True)
class Batch:
    folder: Path
    good: list[Path]
    db: Path
    cases: list[Case]
    first: Run
    second: Run


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Batch]:
    """Every buildable case and a few good articles, ingested twice by the real program."""
    root = tmp_path_factory.mktemp("hostile-batch")
    folder = root / "corpus"
    cases = build(folder)
    good = good_articles(root / "good")
    db = root / "newsfuse.db"
    first = run_measured(db, folder, root / "good")
    second = run_measured(db, folder, root / "good")
    yield Batch(folder, good, db, [c for c in cases if not c.skip], first, second)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_the_batch_fails_but_stores_every_good_file(batch: Batch) -> None:
    assert batch.first.returncode == 1
    expected = sum(case.articles for case in batch.cases) + len(batch.good)
    assert batch.first.stdout.startswith(f"added {expected}, already stored 0, ")
    store = open_store(batch.db)
    try:
        paths = [article.path for article in store.iter_articles()]
    finally:
        store.close()
    assert len(paths) == len(set(paths)) == expected
    assert {str(path) for path in batch.good} <= set(paths)


def test_the_batch_reports_each_failure_on_one_line(batch: Batch) -> None:
    lines = error_lines(batch.first.stderr)
    wanted = [
        _expected_line(batch.folder, origin, code)
        for case in batch.cases
        for origin, code in case.errors
    ]
    assert len(lines) == len(wanted)
    for start, end in wanted:
        assert any(line.startswith(f"error: {start}") and line.endswith(end) for line in lines)


def test_a_rerun_adds_nothing(batch: Batch) -> None:
    assert batch.second.returncode == 1
    assert batch.second.stdout.startswith("added 0, ")
    assert error_lines(batch.second.stderr) == error_lines(batch.first.stderr)


def test_the_batch_stays_under_the_memory_ceiling(batch: Batch) -> None:
    assert batch.first.peak_mb < INGEST_CEILING_MB


@pytest.mark.slow
@pytest.mark.parametrize("name", [case.name for case in CASES if case.big])
def test_big_cases_are_refused_cheaply(tmp_path: Path, name: str) -> None:
    (case,) = [c for c in build(tmp_path, big=True) if c.name == name]
    try:
        peak = peak_read_mb(tmp_path, [name])[name]
        store = open_store(":memory:")
        try:
            report = ingest([tmp_path / name], store, Settings())
        finally:
            store.close()
    finally:
        # Hundreds of megabytes: gone before the next test, not at session end.
        (tmp_path / name).unlink()
    assert peak < READ_CEILING_MB
    ((origin, code),) = case.errors
    (error,) = report.errors
    start, end = _expected_line(tmp_path, origin, code)
    assert str(error).startswith(start) and str(error).endswith(end)
