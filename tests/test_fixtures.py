"""One replay test over every saved page in fixtures/: parse + normalize must give the reviewed output."""

import pytest

from antara_crawler.cli import page_result
from antara_crawler.parsing import parse_page
from conftest import fixture_meta, fixture_pages

PAGES = fixture_pages()


def test_there_are_enough_fixtures():
    kinds = [fixture_meta(p)["expected"].get("rejected", {}).get("reason", "article") for p in PAGES]
    assert kinds.count("article") >= 8
    assert {"video", "not_found", "not_article"} <= set(kinds)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_replays_to_expected_output(page):
    meta = fixture_meta(page)
    result = page_result(parse_page(page.read_bytes(), meta["url"], meta["fetched_at"]))
    assert result == meta["expected"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_text_checks(page):
    """Hand-written per page: text that must survive cleaning and text that must be gone."""
    meta = fixture_meta(page)
    body = meta["expected"].get("body", "")
    for text in meta["checks"].get("body_includes", []):
        assert text in body
    for text in meta["checks"].get("body_excludes", []):
        assert text not in body


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_metadata_says_where_the_page_came_from(page):
    meta = fixture_meta(page)
    assert meta["url"].startswith("https://") and meta["fetched_at"]
    provenance = meta["provenance"]
    assert provenance["reconstructed"] is True  # no capture of the current layout is public
    assert provenance["evidence"] and provenance["notes"]
