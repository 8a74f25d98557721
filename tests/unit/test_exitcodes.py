"""A run's verdict and exit code, judged from the stats the books wrote."""

import pytest

from antara_crawler.books import EXTRA, SETTLED, TOUCHED, UNACCOUNTED, key, reason_key
from antara_crawler.crawl.exitcodes import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_STORE, STORE_FAILED, verdict


def run(finish="finished", **outcomes: int) -> dict:
    """Stats of a run whose books balance, with these outcomes ('stored_new=3', 'rejected_parse=2')."""
    stats = {"finish_reason": finish}
    for name, number in outcomes.items():
        stats[key(name.replace("__", "/"))] = number
    total = sum(outcomes.values())
    return {**stats, TOUCHED: total, SETTLED: total}


@pytest.mark.parametrize(
    "stats, code, says",
    [
        (run(stored__new=10), EXIT_OK, "ok"),
        (run(), EXIT_OK, "ok"),  # nothing new is a healthy run
        (run(read=2, skipped__known=20), EXIT_OK, "ok"),
        (run("shutdown", stored__new=10), EXIT_INTERRUPTED, "interrupted"),
        (run(STORE_FAILED, stored__new=10), EXIT_STORE, "the store could not be written"),
        (run(rejected__fetch=3), EXIT_FAILED, "every request failed"),
        (run(rejected__fetch=3, ignored=2), EXIT_FAILED, "every request failed"),
        (run(rejected__fetch=3, queued=8), EXIT_FAILED, "every request failed"),  # a distributed worker
        (run(queued=8, sent=5, rejected__fetch=3), EXIT_OK, "ok"),
        ({**run(stored__new=5), "antara/warc/failed": 2}, EXIT_FAILED, "2 pages could not be kept as WARC"),
        (
            run(ignored=5),
            EXIT_FAILED,
            "every request failed or was refused (0 errors, 5 refused",
        ),  # robots.txt forbids all
        (run(ignored=1, stored__new=1), EXIT_OK, "ok"),
        (run(rejected__fetch=3, read=1), EXIT_OK, "ok"),
        (run(rejected__fetch=1, stored__new=9), EXIT_OK, "ok"),
        (
            {**run(stored__new=4, rejected__parse=6), reason_key("parse", "unsupported"): 6},
            EXIT_FAILED,
            "has the layout changed?",
        ),
        (
            {**run(stored__new=4, rejected__parse=6), reason_key("parse", "error: KeyError"): 6},
            EXIT_FAILED,
            "has the layout changed?",
        ),
        (
            {**run(stored__new=5, rejected__validate=3, rejected__parse=2), reason_key("parse", "unsupported"): 2},
            EXIT_OK,
            "ok",
        ),
        ({**run(rejected__parse=4), reason_key("parse", "unsupported"): 4}, EXIT_OK, "ok"),  # too few to judge
        (
            {**run(stored__new=1, rejected__parse=9), reason_key("parse", "video"): 9},
            EXIT_OK,
            "ok",
        ),  # videos are not breakage
        ({**run(stored__new=10), UNACCOUNTED: 2}, EXIT_FAILED, "the books do not balance"),
        ({**run(stored__new=10), EXTRA: 1}, EXIT_FAILED, "the books do not balance"),
        ({**run(stored__new=10), TOUCHED: 11}, EXIT_FAILED, "the books do not balance"),
    ],
)
def test_verdict(stats, code, says):
    found, message = verdict(stats)
    assert found == code and says in message
