"""Property-based tests: the date and boilerplate normalizers never raise on any string and are
idempotent; process_page meets no exception on any bytes (it would turn one into a Reject: here
there must be none to turn)."""

import re
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antara_crawler.items import Article, Block, Reject
from antara_crawler.normalize.credits import parse_credits, split_names
from antara_crawler.normalize.dateline import split_dateline
from antara_crawler.normalize.dates import first_datetime, parse_datetime
from antara_crawler.normalize.mentions import find_date_mentions
from antara_crawler.normalize.text import NOTICE, clean_body, clean_text, split_footer, strip_notice
from antara_crawler.parsing.page import PageInput, decode_page
from antara_crawler.process import process_page
from antara_crawler.sites import WIB

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text that looks like ANTARA's: real fragments mixed with arbitrary Unicode
FRAGMENTS = st.sampled_from(
    [
        "Baca juga:",
        "Related news:",
        "Pewarta:",
        "Editor:",
        "Reporter: ",
        "Copyright © ANTARA 2025",
        "COPYRIGHT ©",
        "SavitriEditor:",
        "Jakarta (ANTARA) - ",
        "(ANTARA News) -",
        "Rabu (12/2)",
        "Senin (31/2)",
        "Jumat (6/11) pukul 08.45 WITA",
        "(31/8/2020)",
        ", kata dia, Rabu.",
        "Kamis",
        "\u00a0",
        "\u200b",
        "\n",
        "  ",
        "Ã©",
        "â€œ",
        NOTICE.pattern[:30],
        "Dilarang keras mengambil konten,",
        "'); DROP TABLE articles;--",
        "4-6 November",
        "10 s.d. 12 Februari",
        "on Monday",
        "Jumat lalu",
        "Senin mendatang",
        "setiap Senin",
        "Tuesday (Oct 8)",
        "Rabu malam (4/11)",
        "Senin-Rabu (10-12/2)",
        " 12 Februari 2025",
        "May 16, 2018",
        "Jum’at",
        "<script>",
        "&amp;",
    ]
)
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=12).map("".join)
MOMENTS = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda d: d.replace(tzinfo=timezone(timedelta(hours=7)))
)


@FAST
@given(TEXT)
def test_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@FAST
@given(TEXT)
def test_strip_notice_is_idempotent_and_leaves_no_notice(text):
    once = strip_notice(text)
    assert strip_notice(once) == once
    assert not NOTICE.search(once)


@FAST
@given(TEXT)
def test_split_footer_is_idempotent(text):
    kept, _ = split_footer(clean_text(text))
    assert split_footer(kept) == (kept, "")


@FAST
@given(st.lists(TEXT, max_size=8))
def test_clean_body_is_idempotent(texts):
    page = "https://www.antaranews.com/berita/1/x"
    once = clean_body([Block(t) for t in texts], page).paragraphs
    assert clean_body([Block(p) for p in once], page).paragraphs == once
    assert all(p and p == clean_text(p) for p in once)


@FAST
@given(TEXT, MOMENTS)
def test_date_mentions_never_raise_and_never_guess(text, published):
    for mention in find_date_mentions(text, published):
        assert text[mention["start"] : mention["end"]] == mention["text"]
        assert (mention["date"] is None) == (
            "warning" in mention
            and not mention["warning"].startswith(("impossible time", "time in a zone", "more than"))
        )
        if mention["date"]:
            assert abs(datetime.fromisoformat(mention["date"]).year - published.year) <= 1 or re.search(
                r"\d{4}|/\d{2}\)", mention["text"]
            )


@FAST
@given(TEXT)
def test_date_parsing_never_raises(text):
    parse_datetime(text, WIB)
    found, warnings = first_datetime([text], WIB, datetime(2026, 11, 25, tzinfo=UTC))
    assert found is None or datetime.fromisoformat(found).tzinfo is not None
    assert all(
        w.startswith(("date in the future not trusted", "date before 1996 not trusted", "dates disagree"))
        for w in warnings
    )


@FAST
@given(TEXT)
def test_dateline_and_credits_never_raise(text):
    place, _, rest = split_dateline(text)
    if place is None:
        assert rest == text
    else:  # the dateline is cut from the front: what is left is the paragraph's tail
        assert text.endswith(rest) and len(rest) < len(text) and place in text[: len(text) - len(rest)]
    found = parse_credits([text])
    assert all(n == " ".join(n.split()) for n in found.reporters + found.editors)
    assert split_names(", ".join(split_names(text))) == split_names(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        TEXT.map(
            lambda t: (
                f"<html><body><div class='wrap__article-detail-content post-content'>{t}</div></body></html>".encode()
            )
        ),
    )
)
def test_process_page_meets_no_exception(body):
    result = process_page(PageInput("https://www.antaranews.com/berita/1/x", body, "2026-11-25T00:00:00+00:00"))
    assert isinstance(result, (Article, Reject))
    if isinstance(result, Reject):
        assert result.stage in {"parse", "validate"} and not result.reason.startswith("error"), result.detail


@FAST
@given(
    st.binary(max_size=500),
    st.sampled_from(
        [
            None,
            "text/html",
            "text/html; charset=utf-8",
            "text/html; charset=latin-1",
            "text/html; charset=utf-16",
            "text/html; charset=nonsense",
        ]
    ),
)
def test_decoding_gives_text_without_lone_surrogates(body, content_type):
    text, _ = decode_page(body, content_type)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert isinstance(text.encode("utf-8"), bytes)  # raises on a lone surrogate: the store and exports write UTF-8
