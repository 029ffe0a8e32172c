"""The web app in a real browser: `newsfuse serve` over the Karabakh corpus and a hostile page.

``tests/browser/dossier.mjs`` drives the system Chromium with playwright-core:
the first citation of the dossier must open its article with the cited
sentence highlighted, and an article whose title and text carry script must
show it as text without running it. Screenshots go to ``test-output/browser/``
at the repository root, or ``$NEWSFUSE_TEST_OUTPUT/browser/``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsfuse.config import load_settings
from newsfuse.ingest import ingest
from newsfuse.store import open_store

from .helpers import newsfuse_executable, write_article
from .small_store import PAYLOADS

pytestmark = [pytest.mark.slow, pytest.mark.shared]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "browser" / "dossier.mjs"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Read at import: the tests' clean environment drops NEWSFUSE_* variables before each test.
OUTPUT = Path(os.environ.get("NEWSFUSE_TEST_OUTPUT", ROOT / "test-output")).resolve() / "browser"

HOSTILE_TITLE = f"Hostile page {PAYLOADS[0]} {PAYLOADS[1]}"
HOSTILE_PARAGRAPHS = (
    f"A museum page about antique clocks carried {PAYLOADS[0]} in its first paragraph, "
    "where a careless site would run it.",
    f"The same page closed an attribute early with {PAYLOADS[1]} to plant an image "
    "that calls home.",
    # The browser script checks window.__xss: a payload that would set it quietly.
    "Collectors said the clocks <svg onload=window.__xss=1> were restored by hand over "
    "three winters.",
)


@pytest.fixture(scope="module")
def node() -> str:
    """The node program, or a skip naming what is missing (checked before the slow set-up)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: apt-get install nodejs (see CONTRIBUTING.md)")
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium (see CONTRIBUTING.md)")
    if not (ROOT / "node_modules" / "playwright-core").is_dir():
        pytest.skip("node_modules/playwright-core is missing: make browser-deps")
    return node


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served(
    node: str, tmp_path_factory: pytest.TempPathFactory, karabakh_dir: Path
) -> Iterator[tuple[str, str, str, str]]:
    """A running server: (base URL, Karabakh story id, hostile article id, its story id)."""
    folder = tmp_path_factory.mktemp("browser")
    hostile = write_article(folder / "hostile" / "clocks.txt", HOSTILE_TITLE, *HOSTILE_PARAGRAPHS)
    db = folder / "newsfuse.db"
    store = open_store(db)
    try:
        report = ingest([karabakh_dir, hostile], store, load_settings(environ={}))
        assert report.ok and len(report.added) == 6, report
        (article,) = (a for a in store.iter_articles() if a.path == str(hostile))
        assert article.title == HOSTILE_TITLE and article.story is not None
        (karabakh,) = (s for s in store.iter_stories() if article.id not in s.articles)
        hostile_ids = (article.id, article.story)
    finally:
        store.close()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {name: value for name, value in os.environ.items() if not name.startswith("NEWSFUSE_")}
    log = folder / "serve.log"
    # A file, not a pipe: nobody reads the server's log while it runs, and a full pipe
    # would stall it.
    with log.open("w") as sink:
        server = subprocess.Popen(
            [
                newsfuse_executable(),
                "--db",
                db,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                f"{port}",
            ],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"newsfuse serve exited with {server.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("newsfuse serve did not answer within 60 s")
            time.sleep(0.2)
        # The first dossier loads the summary's embedding model; a browser's page-load
        # timeout should not have to cover that.
        assert httpx.get(f"{base}/stories/{karabakh.id}", timeout=300).status_code == 200
        yield base, karabakh.id, *hostile_ids
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_citation_opens_its_evidence_and_hostile_text_never_runs(
    node: str, served: tuple[str, str, str, str]
) -> None:
    base, story, hostile, hostile_story = served
    shutil.rmtree(OUTPUT, ignore_errors=True)
    result = subprocess.run(
        [
            node,
            str(SCRIPT),
            "--dossier",
            f"{base}/stories/{story}",
            "--xss-article",
            f"{base}/articles/{hostile}",
            "--xss-dossier",
            f"{base}/stories/{hostile_story}",
            "--out",
            str(OUTPUT),
            "--chromium",
            str(CHROMIUM),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.stdout, result.stderr
    outcome = json.loads(result.stdout)
    failed = [check for check in outcome["checks"] if not check["ok"]]
    assert result.returncode == 0 and outcome["ok"], json.dumps(failed, indent=2)
    names = {Path(path).name for path in outcome["screenshots"]}
    assert {"dossier.png", "evidence.png", "xss-article.png", "xss-dossier.png"} <= names
    assert all((OUTPUT / name).stat().st_size > 0 for name in names)
