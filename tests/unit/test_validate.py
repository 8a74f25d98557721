"""Validation, and the items' shapes."""

import pytest

from antara_crawler.items import Article
from antara_crawler.validate import problems


def article(**changes) -> Article:
    base = {
        "url": "https://www.antaranews.com/berita/1/x",
        "article_id": "1",
        "site": "www",
        "language": "id",
        "title": "T",
        "summary": None,
        "category": None,
        "tags": [],
        "published_at": "2025-02-12T17:26:00+07:00",
        "modified_at": None,
        "dateline": None,
        "body": "B",
        "reporters": [],
        "editors": [],
        "translators": [],
        "image_credit": None,
        "image_url": None,
        "image_caption": None,
        "related": [],
        "date_mentions": [],
        "copyright_year": None,
        "word_count": 1,
        "content_hash": "h",
        "fetched_at": "f",
        "extraction_method": "m",
        "parser_version": "p",
    }
    return Article(**{**base, **changes})


@pytest.mark.parametrize(
    "changes, found",
    [
        ({}, []),
        ({"title": ""}, ["missing title"]),
        ({"body": "", "published_at": None}, ["missing body", "missing published_at"]),
        ({"article_id": ""}, ["missing article_id"]),
        ({"article_id": "12a"}, ["article_id is not numeric: '12a'"]),
        ({"published_at": "kemarin"}, ["published_at is not ISO 8601: 'kemarin'"]),
        (
            {"published_at": None, "warnings": ["date in the future not trusted: '2099-01-01'"]},
            [],
        ),  # kept, with its warning
    ],
)
def test_validation(changes, found):
    assert problems(article(**changes)) == found


def test_items_work_with_itemadapter():
    from itemadapter import ItemAdapter, is_item

    from antara_crawler.items import ARTICLE_FIELDS, Block, RawPage

    assert is_item(article()) and is_item(RawPage("u", "t"))
    assert list(ItemAdapter(article()).field_names()) == [*ARTICLE_FIELDS, "page"]  # the page is never exported
    raw = ItemAdapter(RawPage("u", "t", body=[Block("x", [("a", "/b")])])).asdict()
    assert raw["body"] == [{"text": "x", "links": [("a", "/b")]}]
