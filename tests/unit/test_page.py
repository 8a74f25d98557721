"""The page at the door: one decoding for every entry point, and the shared page helpers."""

import pytest

from antara_crawler.parsing.page import Page, PageInput, decode_page, ld_list, ld_text, ld_types, load_tree

KAFE = "Kafé “kutip” — naïve"
META_UTF8 = '<html><head><meta charset="utf-8"></head><body>{}</body></html>'


@pytest.mark.parametrize(
    "body, content_type, text, encoding",
    [
        (KAFE.encode("utf-8"), "text/html; charset=utf-8", KAFE, "utf-8"),
        (KAFE.encode("cp1252"), "text/html; charset=utf-8", KAFE, "utf-8"),  # cp1252 bytes declared UTF-8
        (KAFE.encode("utf-8") + b" " + KAFE.encode("cp1252"), None, f"{KAFE} {KAFE}", "utf-8"),  # mixed, byte by byte
        (KAFE.encode("utf-8"), "text/html; charset=iso-8859-1", KAFE, "utf-8"),  # UTF-8 declared latin-1
        (KAFE.encode("cp1252"), "text/html; charset=iso-8859-1", KAFE, "cp1252"),  # what it says it is
        ("abc".encode("cp1252"), "text/html; charset=iso-8859-1", "abc", "cp1252"),
        (
            "\ufeff".encode("utf-16-le") + "Kafé".encode("utf-16-le"),
            "text/html; charset=utf-8",
            "Kafé",
            "utf-16-le",
        ),  # BOM first
        (b"\xef\xbb\xbfKaf\xc3\xa9", None, "Kafé", "utf-8"),
        (
            "<meta charset='gbk'>中文".encode("gbk"),
            None,
            "<meta charset='gbk'>中文",
            "gb18030",
        ),  # the page's own declaration
        (
            "<meta charset='gbk'>Kafé".encode(),
            "text/html; charset=utf-8",
            "<meta charset='gbk'>Kafé",
            "utf-8",
        ),  # header over meta
        (b"plain ascii", None, "plain ascii", "utf-8"),
        (b"", None, "", "utf-8"),
        (b"\x81\x8d", "text/html; charset=utf-8", "\ufffd\ufffd", "utf-8"),  # bytes cp1252 has no character for
    ],
)
def test_decode_page(body, content_type, text, encoding):
    assert decode_page(body, content_type) == (text, encoding)


def test_page_input_decodes_once_and_knows_what_was_asked_for():
    page = PageInput(
        "https://www.antaranews.com/berita/2/b",
        META_UTF8.format(KAFE).encode("cp1252"),
        "2026-01-01T00:00:00+00:00",
        {"content-type": "text/html; charset=utf-8"},
        requested_url="https://www.antaranews.com/berita/1/a",
    )
    assert page.text is page.text and KAFE in page.text
    assert page.asked_for == "https://www.antaranews.com/berita/1/a"
    assert PageInput("u", b"", "t").asked_for == "u"


def test_load_tree_reads_text_with_an_xml_declaration():
    root = load_tree('<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>')
    assert root is not None and root.findtext(".//p") == "x"
    assert load_tree("   ") is None


def test_json_ld_and_meta_are_read_once_and_survive_breakage():
    html = """<html><head>
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "A"}</script>
    <script type="application/ld+json">{ broken</script>
    <script type="application/ld+json">{"@graph": [{"@type": ["WebPage"]}, {"@type": {"x": 1}}]}</script>
    <meta property="og:title" content="T1"><meta property="og:title" content="T2"><meta name="Description" content="D">
    <link rel="canonical" href=" https://www.antaranews.com/berita/1/x ">
    </head><body></body></html>"""
    page = Page(load_tree(html), "https://www.antaranews.com/berita/1/x")
    assert page.news_article["headline"] == "A"
    assert page.ld_types == {"NewsArticle", "WebPage"}  # an object as @type names no type
    assert page.meta["og:title"] == "T1" and page.meta["description"] == "D"
    assert page.canonical == "https://www.antaranews.com/berita/1/x"


@pytest.mark.parametrize(
    "value, text, listed",
    [
        ("A, B", "A, B", ["A", "B"]),
        ({"name": "ANTARA"}, "ANTARA", ["ANTARA"]),
        ([{"@id": "x"}, "y"], "x", ["x", "y"]),
        (None, None, []),
        (12, "12", ["12"]),
    ],
)
def test_ld_values(value, text, listed):
    assert ld_text(value) == text and ld_list(value) == listed


def test_ld_types_reads_names_only():
    assert ld_types({"@type": ["NewsArticle", {"a": 1}, 3]}) == {"NewsArticle"}
    assert ld_types({}) == set()
