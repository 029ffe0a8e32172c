"""Load: ``newsfuse serve`` over a 10,000-article store, the story page and the search API.

1. A store of ``--articles`` articles is built through the store API (no NER: that
   would take an hour and is not what is measured): the texts of
   ../shared/eval/bbc-news and the GVA articles, replayed under fresh ids and dates
   until there are enough. ``--stories`` stories of 10 BBC articles each (one
   category, so the dossier has related sentences to fuse) get entities mentioned
   in their articles. The store is cached in bench/results/ (``--refresh``
   rebuilds it).
2. ``newsfuse serve`` starts as a subprocess on a free loopback port.
3. Cold: each story page once, in turn: its dossier is built, its sentences encoded
   with MiniLM (the first request also loads the model, reported apart).
4. Warm: for ``--duration`` seconds per endpoint, ``--concurrency`` threads (one
   HTTP connection each) request story pages (``/stories/{id}``, the dossiers now
   memoised) and then the search API (``/api/search?q=...``, a scan of every
   article's title and text) as fast as answers come. Requests/s, p50/p99 latency
   and errors (anything but 200, or no answer) are printed and written as JSON.

    python bench/load.py [--articles N] [--stories N] [--duration S] [--concurrency N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from _common import EVAL, REPO, require
from newsfuse.model import Article, DatePrecision, Entity, Mention, Span, Story, StoryMember
from newsfuse.store import open_store

#: Bump when the store's content changes, so that a cached store is rebuilt.
_STORE_VERSION = 1
STORY_SIZE = 10
#: Names looked for in the story articles: each found becomes an entity with its mentions.
NAMES = {
    "Tony Blair": "person",
    "Gordon Brown": "person",
    "Michael Howard": "person",
    "Labour": "organisation",
    "Conservatives": "organisation",
    "Liberal Democrats": "organisation",
    "London": "city",
    "Britain": "country",
    "UK": "country",
    "Iraq": "country",
}
QUERIES = ("police", "minister", "shooting", "election", "market", "injured", "government", "film")


def _texts() -> Iterator[tuple[str, str, str]]:
    """(title, text, site) of every BBC article, by category and file, then every GVA one."""
    bbc = require(EVAL / "bbc-news")
    for path in sorted(bbc.glob("*/*.txt")):
        title, _, body = path.read_text("utf-8", errors="replace").partition("\n")
        yield title.strip(), body.strip(), "bbc.co.uk"
    with require(EVAL / "gva" / "incidents.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            for article in json.loads(line)["articles"]:
                if article.get("content"):
                    yield article.get("title") or "", article["content"], "gva.example"


def _article(n: int, title: str, text: str, site: str) -> Article:
    article_id = hashlib.sha256(f"load-{n}".encode()).hexdigest()[:16]
    published = date(2020, 1, 1) + timedelta(days=n % 366)
    return Article(
        id=article_id,
        path=f"load/{n}.txt",
        raw_text=text,
        text=text,
        title=title or None,
        site=site,
        published=published.isoformat(),
        date_precision=DatePrecision.DAY,
        language="en",
    )


def _with_mentions(article: Article) -> Article:
    mentions = []
    for name, kind in NAMES.items():
        start = article.text.find(name)
        if start >= 0:
            span = Span(article.id, start, start + len(name))
            mentions.append(Mention(span, name, kind, entity=_entity_id(name)))
    return replace(article, mentions=tuple(mentions))


def _entity_id(name: str) -> str:
    return "e" + hashlib.sha256(name.encode()).hexdigest()[:15]


def build_store(db: Path, size: int, stories: int) -> list[str]:
    """Write the store; returns its story ids."""
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    texts = list(_texts())
    # BBC politics first: the stories are made of it.
    texts.sort(key=lambda t: (t[2] != "bbc.co.uk", "Blair" not in t[1] and "Labour" not in t[1]))
    store = open_store(db)
    try:
        members: list[Article] = []
        for n in range(size):
            title, text, site = texts[n % len(texts)]
            article = _article(n, title, text, site)
            if n < stories * STORY_SIZE:
                article = _with_mentions(replace(article, story=f"sload{n // STORY_SIZE:011d}"))
                members.append(article)
            store.add(article, article.path)
            if n % 1000 == 999:
                print(f"  {n + 1} articles stored", flush=True)
        store.replace_stories(_stories(members))
        store.replace_entities(_entities(members))
        return [story.id for story in store.iter_stories()]
    finally:
        store.close()


def _stories(members: list[Article]) -> list[Story]:
    grouped: dict[str, list[Article]] = {}
    for article in members:
        assert article.story is not None
        grouped.setdefault(article.story, []).append(article)
    return [
        Story(
            id=story_id,
            title=articles[0].title or story_id,
            articles=tuple(a.id for a in articles),
            first_seen=min(a.published or "" for a in articles),
            last_seen=max(a.published or "" for a in articles),
            sources=("bbc.co.uk",),
            independent_sources=len(articles),
            members=tuple(StoryMember(a.id, "original", a.site, a.published) for a in articles),
            entities=tuple(sorted({m.text for a in articles for m in a.mentions})),
        )
        for story_id, articles in grouped.items()
    ]


def _entities(members: list[Article]) -> list[Entity]:
    by_name: dict[str, list[Mention]] = {}
    for article in members:
        for mention in article.mentions:
            by_name.setdefault(mention.text, []).append(mention)
    return [
        Entity(
            id=_entity_id(name),
            name=name,
            type=NAMES[name],
            aliases=(name,),
            mentions=tuple(mentions),
        )
        for name, mentions in by_name.items()
    ]


def cached_store(folder: Path, size: int, stories: int, refresh: bool) -> tuple[Path, list[str]]:
    db = folder / f"load-{size}-{stories}-v{_STORE_VERSION}.db"
    ids_file = db.with_suffix(".stories.json")
    if refresh or not (db.exists() and ids_file.exists()):
        start = time.perf_counter()
        print(f"building {db.name} ({size} articles, {stories} stories) ...", flush=True)
        ids = build_store(db, size, stories)
        ids_file.write_text(json.dumps(ids), "utf-8")
        print(f"  built in {time.perf_counter() - start:.1f} s")
    return db, json.loads(ids_file.read_text("utf-8"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    newsfuse = Path(sys.executable).with_name("newsfuse")
    server = subprocess.Popen(
        [str(newsfuse), "--db", str(db), "--quiet", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if not k.startswith("NEWSFUSE_")},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"newsfuse serve exited with {server.returncode}")
        try:
            if httpx.get(base + "/api/stories", timeout=5).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("newsfuse serve did not answer within 120 s")


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def figures(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        cuts = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99
        return {
            "requests": len(ordered) + self.errors,
            "errors": self.errors,
            "rps": round(len(ordered) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(cuts[49] * 1000, 1),
            "p99_ms": round(cuts[98] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
        }


def load(base: str, urls: list[str], seconds: float, concurrency: int) -> Run:
    """Request ``urls`` round robin from ``concurrency`` threads for ``seconds``."""
    run = Run()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        latencies, errors, n = [], 0, offset
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.perf_counter() < deadline:
                url = urls[n % len(urls)]
                n += concurrency
                start = time.perf_counter()
                try:
                    ok = client.get(url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - start)
                else:
                    errors += 1
        with lock:
            run.latencies.extend(latencies)
            run.errors += errors

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - start
    return run


def cold(base: str, story_ids: list[str]) -> dict[str, Any]:
    """Each story page once, in turn; the first also loads the model."""
    times, errors = [], 0
    with httpx.Client(base_url=base, timeout=300) as client:
        for story_id in story_ids:
            start = time.perf_counter()
            ok = client.get(f"/stories/{story_id}").status_code == 200
            times.append(time.perf_counter() - start)
            errors += not ok
    rest = times[1:] or times
    return {
        "first_s": round(times[0], 2),
        "median_s": round(statistics.median(rest), 2),
        "max_s": round(max(rest), 2),
        "stories": len(story_ids),
        "errors": errors,
    }


def _rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    peak = next((line for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return round(int(peak.split()[1]) / 1024, 1) if peak else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the store")
    parser.add_argument("--stories", type=int, default=20, help="stories of 10 articles")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--refresh", action="store_true", help="rebuild the cached store")
    parser.add_argument(
        "--json",
        type=Path,
        default=REPO / "bench" / "results" / "load.json",
        help="where to write the figures (default bench/results/load.json)",
    )
    args = parser.parse_args()
    db, story_ids = cached_store(
        REPO / "bench" / "results", args.articles, args.stories, args.refresh
    )
    server, base = start_server(db)
    try:
        figures: dict[str, Any] = {
            "articles": args.articles,
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "cpus": os.cpu_count(),
        }
        figures["story_cold"] = cold(base, story_ids)
        search_urls = [f"/api/search?q={q}" for q in QUERIES]
        load(base, search_urls, 1.0, 1)  # warm-up: the connection pool, the regex cache
        story_urls = [f"/stories/{story_id}" for story_id in story_ids]
        figures["story_warm"] = load(base, story_urls, args.duration, args.concurrency).figures()
        figures["search"] = load(base, search_urls, args.duration, args.concurrency).figures()
        figures["server_peak_rss_mb"] = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    c = figures["story_cold"]
    print(
        f"\n{args.articles} articles, {args.concurrency} client threads, "
        f"{args.duration:g} s per endpoint, loopback, {os.cpu_count()} CPUs"
    )
    print(
        f"story page, cold (dossier built): first {c['first_s']:.2f} s (loads MiniLM), then "
        f"median {c['median_s']:.2f} s, max {c['max_s']:.2f} s over {c['stories'] - 1} stories"
    )
    print(f"{'endpoint':<28}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, key in (("/stories/{id} (warm)", "story_warm"), ("/api/search?q=", "search")):
        row = figures[key]
        print(
            f"{name:<28}{row['requests']:>10}{row['rps']:>9.1f}{row['p50_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['errors']:>8}"
        )
    print(f"server peak RSS: {figures['server_peak_rss_mb']} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    errors = c["errors"] + figures["story_warm"]["errors"] + figures["search"]["errors"]
    if errors:
        sys.exit(f"{errors} requests failed")


if __name__ == "__main__":
    main()
