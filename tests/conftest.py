"""Two layers: tests/unit (fast, in process) and tests/crawl (real `scrapy crawl` processes against
local servers, marked `crawl`): `pytest -m "not crawl"` runs the fast layer alone."""

import pytest

from helpers import FIXTURES, REAL_PAGES


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/crawl/" in str(item.path):
            item.add_marker(pytest.mark.crawl)


@pytest.fixture
def real_pages():
    if not REAL_PAGES.is_dir():
        pytest.skip(f"the real ANTARA captures are not beside the repository ({REAL_PAGES} is missing)")
    return REAL_PAGES


@pytest.fixture
def site():
    """The local fixture site on a free 127.0.0.1 port, for one test."""
    from antara_crawler.tools.fixture_site import FixtureSite

    server = FixtureSite(FIXTURES)
    server.start_background()
    yield server
    server.shutdown()
    server.server_close()
