import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REAL_PAGES = ROOT.parent / "shared" / "antara-real"


def fixture_pages() -> list[Path]:
    return sorted(FIXTURES.rglob("*.html"))


def fixture_meta(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture
def real_pages() -> Path:
    if not REAL_PAGES.is_dir():
        pytest.skip(f"the real ANTARA captures are not beside the repository ({REAL_PAGES} is missing)")
    return REAL_PAGES


@pytest.fixture
def site():
    """The local fixture site on a free 127.0.0.1 port, for one test."""
    from antara_crawler.fixture_site import FixtureSite

    server = FixtureSite(FIXTURES)
    server.start_background()
    yield server
    server.shutdown()
    server.server_close()
