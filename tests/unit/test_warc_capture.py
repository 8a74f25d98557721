"""The WARC capture middleware, built with its crawler: records are written off the reactor thread,
in order, and a record that cannot be written is said and fails the run (never lost silently)."""

from scrapy.http import HtmlResponse, Request
from warcio.archiveiterator import ArchiveIterator

from antara_crawler.crawl.exitcodes import EXIT_FAILED, verdict
from antara_crawler.crawl.warc import WarcCaptureMiddleware
from helpers import make_crawler

URL = "https://www.antaranews.com/berita/{}/artikel"


def capture(tmp_path, count: int, fail: bool = False):
    crawler = make_crawler({"ANTARA_WARC_DIR": str(tmp_path)})
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    if fail:

        def full_disk(*records):
            raise OSError(28, "No space left on device")

        middleware.files.write = full_disk
    for n in range(count):
        request = Request(URL.format(n))
        middleware.process_response(request, HtmlResponse(request.url, body=b"<p>%d</p>" % n, request=request))
    middleware.close()
    return crawler.stats


def test_records_are_written_in_the_order_pages_arrived(tmp_path):
    stats = capture(tmp_path, 50)
    [path] = stats.get_value("antara/warc/files")
    with open(path, "rb") as stream:
        targets = [
            r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream) if r.rec_type == "response"
        ]
    assert targets == [URL.format(n) for n in range(50)]
    assert stats.get_value("antara/warc/records") == 100 and not stats.get_value("antara/warc/failed")


def test_a_record_that_cannot_be_written_fails_the_run(tmp_path, caplog):
    stats = capture(tmp_path, 3, fail=True)
    assert stats.get_value("antara/warc/failed") == 3
    assert "a WARC record could not be written: [Errno 28] No space left on device" in caplog.text
    code, says = verdict({**stats.get_stats(), "finish_reason": "finished"})
    assert code == EXIT_FAILED and says.startswith("3 pages could not be kept as WARC")
