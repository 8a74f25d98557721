"""The only public real captures (old layout, 2015-16), read in place from ../shared/antara-real/."""

import json

from click.testing import CliRunner

from antara_crawler.tools.cli import cli


def parse_cli(*args) -> list[dict]:
    result = CliRunner().invoke(cli, ["parse", *map(str, args)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_old_www_article_gives_its_real_title_and_time(real_pages):
    [item] = parse_cli(real_pages / "www-berita-527615-2015-11-05.html")
    assert "rejected" not in item
    assert item["title"] == "29 penerbangan Bandara Internasional Lombok dibatalkan"
    assert item["published_at"] == "2015-11-05T14:56:43+07:00"
    assert (
        item["url"] == "https://www.antaranews.com/berita/527615/29-penerbangan-bandara-internasional-lombok-dibatalkan"
    )
    assert item["dateline"] == "Mataram, NTB"
    assert item["reporters"] == ["Nur Imansyah"] and item["editors"] == ["Ade Marboen"]
    assert item["copyright_year"] == 2015
    assert item["extraction_method"] == "dom:old-2015"
    # the article's own image at full size, not og:image's /small/ thumbnail; the caption's credit apart
    assert (
        item["image_url"]
        == "http://img.antaranews.com/new/2015/11/ori/20151105antarafoto-pantau-semburan-gunung-rinjani-051115-bcs-2.jpg"
    )
    assert item["image_credit"] == "ANTARA FOTO/Budi Setya"
    assert "Editor" not in item["body"] and "COPYRIGHT" not in item["body"] and "adsbygoogle" not in item["body"]
    assert item["body"].endswith('keberangkatannya di BIL," katanya.')
    mentions = {m["text"]: m["date"] for m in item["date_mentions"]}
    assert mentions == {"Kamis": "2015-11-05", "Jumat (6/11) pukul 08.45 WITA": "2015-11-06"}


def test_old_otomotif_article_with_its_url(real_pages):
    [item] = parse_cli(
        real_pages / "otomotif-berita-546646-2016-02-23.html",
        "--url",
        "http://otomotif.antaranews.com/berita/546646/prototype",
    )
    assert "rejected" not in item
    assert item["title"] == "Astra Otoparts luncurkan ban motor terbaru Aspira Premio"
    assert item["published_at"] == "2016-02-23T15:06:00+07:00"
    assert (item["site"], item["article_id"]) == ("otomotif", "546646")
    assert item["reporters"] == ["Monalisa"] and item["editors"] == ["B Kunto Wibisono"]
    assert item["dateline"] == "Jakarta"


def test_old_otomotif_article_without_a_url_says_what_is_missing(real_pages):
    """The page carries no canonical URL: the title and time still come out, and the record says
    why it could not be stored."""
    [item] = parse_cli(real_pages / "otomotif-berita-546646-2016-02-23.html")
    assert item["title"] == "Astra Otoparts luncurkan ban motor terbaru Aspira Premio"
    assert item["published_at"] == "2016-02-23T15:06:00+07:00"
    assert item["rejected"] == {"stage": "validate", "reason": "missing article_id", "detail": None}


def test_every_real_capture_gives_a_result_never_a_crash(real_pages):
    files = sorted(real_pages.iterdir())
    records = parse_cli(*files)
    assert len(records) == len(files)
    assert [r["file"] for r in records] == [str(f) for f in files]  # every record names its input
    rss = next(r for r in records if r["file"].endswith(".xml"))
    assert rss["rejected"]["reason"] == "unsupported"
