"""Crash safety and storage failures: a crawl killed mid-write, a full disk, a store that cannot be
opened — each leaves what was committed intact and ends with a clear message and exit code."""

import os
import resource
import signal
import sqlite3
import subprocess
import time

from antara_crawler.crawl.exitcodes import EXIT_INTERRUPTED, EXIT_STORE
from antara_crawler.store import ArticleStore
from crawling import crawl, descendants, fixture_articles, keys, scrapy_command, store_state, wait_gone
from helpers import ROOT

SITES = "www,en,jatim,mataram"


def committed_so_far(db) -> int:
    if not db.exists():
        return 0
    try:
        return store_state(db)[1]
    except sqlite3.OperationalError:  # the crawl has not created its tables yet
        return 0


def test_killed_mid_crawl_then_the_next_run_completes(site, tmp_path):
    db = tmp_path / "a.db"
    args = [
        "-a",
        f"sites={SITES}",
        "-a",
        f"mirror={site.base_url}",
        "-s",
        "ANTARA_DB_BATCH_SIZE=1",
        "-s",
        "CONCURRENT_REQUESTS=4",
    ]
    expected = keys(fixture_articles({"www", "en", "jatim", "mataram"}))
    site.delay = 0.05
    process = subprocess.Popen(
        scrapy_command(db, *args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if committed_so_far(db) >= 8:  # writes are under way, one transaction per article
            break
        time.sleep(0.02)
    assert process.poll() is None, "the crawl ended before it could be killed"
    workers = descendants(process.pid)  # its parse workers and their fork server
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert workers and not wait_gone(workers), "a parse worker outlived the killed crawl"
    integrity, committed = store_state(db)
    assert integrity == "ok" and 8 <= committed < len(expected)
    with sqlite3.connect(db) as conn:  # the killed run's record says it never finished
        assert conn.execute("select finished_at from crawl_runs").fetchall() == [(None,)]

    site.delay = 0
    again = crawl(db, *args)
    assert again.stored() == expected
    assert again.query("select count(*) from articles") == [(len(expected),)]
    assert again.query("select count(*) from article_versions") == [(0,)]  # nothing stored twice or rewritten


def test_killed_at_the_default_batch_size_loses_nothing_committed(site, tmp_path):
    """SIGKILL while batches of 50 are being written: every committed batch is whole (FTS in step with
    the articles), the killed run's books never balanced, and the next run stores the rest once."""
    from datetime import UTC, datetime, timedelta

    from crawling import article_page, url

    site.page_size = 30
    site.articles["www.antaranews.com"] = []
    ids = range(6001, 6161)
    for n, i in enumerate(ids):
        site.publish(
            url(i),
            f"Berita {i}",
            datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=n),
            article_page(i, title=f"Berita {i}"),
        )
    db = tmp_path / "a.db"
    args = ["-a", "sites=www", "-a", "sources=listing", "-a", f"mirror={site.base_url}", "-s", "CONCURRENT_REQUESTS=4"]
    site.delay = 0.01
    process = subprocess.Popen(
        scrapy_command(db, *args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None and committed_so_far(db) < 50:
        time.sleep(0.02)
    assert process.poll() is None, "the crawl ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    integrity, committed = store_state(db)
    assert integrity == "ok" and committed % 50 == 0 and 50 <= committed < len(ids)  # whole batches only
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles_fts").fetchone()[0] == committed
    site.delay = 0
    again = crawl(db, *args)
    assert again.stored() == {("www", str(i)) for i in ids}
    assert again.query("select count(*) from article_versions") == [(0,)]
    assert again.query("select count(*) from articles_fts") == [(len(ids),)]


def test_a_full_disk_stops_the_crawl_with_a_clear_error(site, tmp_path):
    db = tmp_path / "a.db"
    ArticleStore(str(db)).close()  # the schema fits; the articles will not
    limit = db.stat().st_size + 64 * 1024

    def small_disk():  # files may not grow past `limit` bytes (Python ignores SIGXFSZ: writes fail with EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        scrapy_command(db, "-a", f"sites={SITES}", "-a", f"mirror={site.base_url}", "-s", "ANTARA_DB_BATCH_SIZE=5"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=small_disk,
    )
    assert done.returncode == EXIT_STORE, done.stderr[-3000:]
    errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert any("cannot write to the article store" in line and "stopping the crawl" in line for line in errors)
    assert "Traceback" not in done.stderr
    integrity, committed = store_state(db)
    assert integrity == "ok"
    assert committed < len(fixture_articles({"www", "en", "jatim", "mataram"}))

    again = crawl(db, "-a", f"sites={SITES}", "-a", f"mirror={site.base_url}")  # room again: the next run carries on
    assert again.stored() == keys(fixture_articles({"www", "en", "jatim", "mataram"}))


def test_a_store_that_cannot_be_opened_is_a_clear_error(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    not_a_db = tmp_path / "garbage.db"
    not_a_db.write_bytes(b"this is not a database" * 200)
    for path, message in [
        (not_a_dir / "antara.db", "cannot create the lock file"),
        ("/proc/antara.db", "cannot create the lock file"),  # a read-only file system
        (not_a_db, "cannot open the article store"),
    ]:
        done = subprocess.run(
            scrapy_command(path, "-a", "url=https://www.antaranews.com/berita/1/x"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == EXIT_STORE, (path, done.stderr[-2000:])
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith("antara_crawler: ") and message in last and str(path) in last
        assert "Traceback" not in done.stderr


def test_sigterm_to_the_whole_process_group_stops_the_crawl_cleanly(site, tmp_path):
    """A service manager stops a unit by signalling every process in it (systemd's default
    KillMode=control-group), the parse workers included: the crawl stops as interrupted, no page it
    fetched is lost or rejected for it, and the next run completes."""
    db = tmp_path / "a.db"
    args = ["-a", f"sites={SITES}", "-a", f"mirror={site.base_url}", "-s", "ANTARA_DB_BATCH_SIZE=1"]
    expected = keys(fixture_articles({"www", "en", "jatim", "mataram"}))
    site.delay = 0.05
    process = subprocess.Popen(
        scrapy_command(db, *args),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and committed_so_far(db) < 4:
        time.sleep(0.02)
    workers = descendants(process.pid)
    os.killpg(process.pid, signal.SIGTERM)
    _, log = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED, log[-3000:]
    assert "parse worker died" not in log and not wait_gone(workers)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from rejects").fetchone() == (0,)
        assert conn.execute("select finish_reason from crawl_runs").fetchall() == [("shutdown",)]
    site.delay = 0
    assert crawl(db, *args).stored() == expected
