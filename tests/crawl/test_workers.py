"""The parse workers (crawl/workers.py): real worker processes from a fork server. What they return
is what process_page returns in this process; a worker that dies loses no page."""

import asyncio
import os
import signal
import subprocess
import sys
import time

from antara_crawler.crawl.workers import ParseWorkers
from antara_crawler.items import Article, Reject, article_record
from antara_crawler.process import process_page
from helpers import ROOT, fixtures
from worker_faults import MARK, dies_on_marked_page


def pages():
    return [s.page_input() for s in fixtures()]


def outcome(result):
    if isinstance(result, Article):
        return article_record(result)
    return (result.url, result.stage, result.reason)


def run_all(workers, inputs):
    async def main():
        return await asyncio.gather(*(workers.process(p) for p in inputs))

    try:
        return asyncio.run(main())
    finally:
        workers.close()


def test_a_worker_returns_what_process_page_returns_with_the_page_put_back():
    inputs = pages()
    got = run_all(ParseWorkers(2), inputs)
    assert [outcome(r) for r in got] == [outcome(process_page(p)) for p in inputs]
    assert all(r.page is p for r, p in zip(got, inputs, strict=True))  # the page never made the round trip
    assert any(isinstance(r, Reject) for r in got) and any(isinstance(r, Article) for r in got)


def big_page(page):
    """The page with its body's first paragraph repeated until parsing it takes a while."""
    head, _, tail = page.body.partition(b"</p>")
    page.body = head + b"</p>" + b"<p>Jakarta (ANTARA) - Paragraf yang sangat panjang lagi.</p>" * 60000 + tail
    return page


def test_a_worker_killed_from_outside_loses_no_page():
    inputs = pages()
    slow = big_page(inputs[0])
    workers = ParseWorkers(1)

    async def main():
        tasks = [asyncio.ensure_future(workers.process(p)) for p in inputs]
        while not workers.pool or not workers.pool._processes:  # the executor's own record of its workers
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # the slow page is in the worker now
        for pid in list(workers.pool._processes):
            os.kill(pid, signal.SIGKILL)
        return await asyncio.gather(*tasks)

    start = time.monotonic()
    try:
        got = asyncio.run(main())
    finally:
        workers.close()
    assert workers.restarts == 1, time.monotonic() - start
    assert [outcome(r) for r in got] == [outcome(process_page(p)) for p in inputs]
    assert isinstance(got[0], Article) and got[0].page is slow


def test_a_page_that_kills_its_worker_is_a_reject_and_costs_no_other_page():
    inputs = pages()
    victim = inputs[3]
    victim.body += MARK
    got = run_all(ParseWorkers(1, work=dies_on_marked_page), inputs)
    assert outcome(got[3]) == (victim.asked_for, "parse", "error: parse worker died")
    assert got[3].page is victim  # kept for reparse, as every reject's page is
    others = [outcome(r) for i, r in enumerate(got) if i != 3]
    assert others == [outcome(process_page(p)) for i, p in enumerate(inputs) if i != 3]


SCRIPT = """
import asyncio, multiprocessing, sys
from antara_crawler.crawl.workers import ParseWorkers
from antara_crawler.items import Article
from antara_crawler.saved_pages import saved_pages
print("STARTED", flush=True)
if len(sys.argv) > 1:
    multiprocessing.set_executable(sys.argv[1])
pages = [s.page_input() for s in saved_pages("fixtures") if "expected" in s.meta]
workers = ParseWorkers(1)
async def main():
    return await asyncio.gather(*(workers.process(p) for p in pages))
got = asyncio.run(main())
workers.close()
print(sum(isinstance(r, Article) for r in got), len(got), workers.count)
"""


def run_script(tmp_path, *args):
    """SCRIPT as a user's own program: a file with no `if __name__ == "__main__"` guard."""
    script = tmp_path / "crawl_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = done.stdout.split("\n")
    assert done.returncode == 0, done.stderr[-3000:]  # the program ran to its end
    return lines.count("STARTED"), [int(n) for n in lines[-2].split()], done.stderr


def expected_articles():
    return sum(isinstance(process_page(p), Article) for p in pages())


def test_a_workers_never_runs_the_program_that_started_the_crawl(tmp_path):
    started, (articles, total, count), log = run_script(tmp_path)
    assert started == 1, log[-2000:]  # not once more in the worker
    assert (articles, total, count) == (expected_articles(), len(pages()), 1), log[-2000:]


def test_when_no_worker_can_start_pages_are_parsed_in_the_crawls_thread(tmp_path):
    """Worker processes that cannot be started (here: their interpreter cannot run) cost speed, not pages."""
    _, (articles, total, count), log = run_script(tmp_path, "/bin/false")
    assert (articles, total, count) == (expected_articles(), len(pages()), 0), log[-2000:]
    assert "the parse workers cannot start" in log
