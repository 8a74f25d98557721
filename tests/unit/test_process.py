"""process_page: the one way through, which never raises: whatever fails inside is a Reject naming
its stage."""

import pytest

import antara_crawler.parsing.page
import antara_crawler.process
from antara_crawler.items import Article, Reject
from antara_crawler.parsing.page import PageInput
from antara_crawler.process import process_page
from helpers import SEED, SEED_URL, fixture

STAGES = {
    "decode": (antara_crawler.parsing.page, "decode_page"),
    "parse": (antara_crawler.process, "parse_page"),
    "normalize": (antara_crawler.process, "build_article"),
    "validate": (antara_crawler.process, "problems"),
}


def seed_page() -> PageInput:
    return fixture(SEED).page_input()


@pytest.mark.parametrize("stage", STAGES)
def test_an_exception_in_any_stage_is_a_reject_of_that_stage(stage, monkeypatch):
    module, name = STAGES[stage]

    def broken(*args, **kwargs):
        raise RuntimeError(f"injected into {stage}")

    monkeypatch.setattr(module, name, broken)
    result = process_page(seed_page())
    assert isinstance(result, Reject)
    assert (result.stage, result.reason, result.url) == (stage, "error: RuntimeError", SEED_URL)
    assert result.detail.startswith(f"RuntimeError: injected into {stage} at ")
    assert "process.py:" in result.detail or "parsing/page.py:" in result.detail
    assert result.page is not None and result.page.body  # the page is kept for a later reparse


def test_a_good_page_is_an_article_carrying_its_page():
    page = seed_page()
    result = process_page(page)
    assert isinstance(result, Article) and result.page is page and result.article_id == "4645921"


def test_a_non_article_is_a_parse_reject_under_the_url_asked_for():
    page = PageInput(
        "https://www.antaranews.com/",
        b"<html><head><title>ANTARA</title></head><body><p>Beranda</p></body></html>",
        "2026-01-01T00:00:00+00:00",
        requested_url="https://www.antaranews.com/berita/9010/x",
    )
    result = process_page(page)
    assert isinstance(result, Reject)
    assert (result.url, result.stage, result.reason) == (
        "https://www.antaranews.com/berita/9010/x",
        "parse",
        "not_article",
    )
    assert result.detail.endswith("(redirected from https://www.antaranews.com/berita/9010/x)")


def test_a_page_that_fails_validation_carries_the_article_as_far_as_it_went():
    html = (
        fixture(SEED)
        .path.read_bytes()
        .replace(b"China tanggapi penolakan Inggris-AS dalam kesepakatan global soal AI", b"")
    )
    result = process_page(PageInput("https://www.antaranews.com/berita/4645921/x", html, "2026-01-01T00:00:00+00:00"))
    assert isinstance(result, Reject) and (result.stage, result.reason) == ("validate", "missing title")
    assert result.article is not None and result.article.dateline == "Beijing"


def test_the_same_bytes_give_the_same_item_through_every_door(tmp_path):
    """Decoding happens once, in PageInput: a cp1252 page declared UTF-8 reads the same from a saved
    page (parse, replay) and from a kept page (reparse)."""
    from antara_crawler.saved_pages import SavedPage
    from antara_crawler.store import ArticleStore

    html = (
        fixture(SEED)
        .path.read_text(encoding="utf-8")
        .replace("China tanggapi", "Kafé “kutip” China tanggapi")
        .encode("cp1252", "replace")
    )
    saved_path = tmp_path / "page.html"
    saved_path.write_bytes(html)
    meta = {
        "url": SEED_URL,
        "fetched_at": "2026-01-01T00:00:00+00:00",
        "headers": {"Content-Type": "text/html; charset=utf-8"},
    }
    from_saved = process_page(SavedPage(meta, saved_path).page_input())
    store = ArticleStore(str(tmp_path / "a.db"))
    store.add_reject(Reject(SEED_URL, "parse", "unsupported", None, SavedPage(meta, saved_path).page_input()))
    [(_, kept)] = list(store.kept_pages("rejects"))
    kept.fetched_at = meta["fetched_at"]
    from_store = process_page(kept)
    assert isinstance(from_saved, Article) and from_saved.title.startswith("Kafé “kutip” China")
    assert from_saved == from_store
