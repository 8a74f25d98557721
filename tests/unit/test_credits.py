"""Table tests for credits: the one rule that reads reporters, editors and the copyright year, and
finds where a footer starts in the body."""

import pytest

from antara_crawler.items import Block
from antara_crawler.normalize.credits import copyright_year, parse_credits, split_names
from antara_crawler.normalize.text import clean_body, split_footer


@pytest.mark.parametrize(
    "texts, reporters, editors, year",
    [
        (
            ["Pewarta: Desca Lidya Natalia\nEditor: Primayanti\nCopyright © ANTARA 2025"],
            ["Desca Lidya Natalia"],
            ["Primayanti"],
            2025,
        ),
        (
            ["Pewarta: Putu Indah SavitriEditor: Agus Salim Copyright © ANTARA 2026"],
            ["Putu Indah Savitri"],
            ["Agus Salim"],
            2026,
        ),
        (["Pewarta : A, B\nEditor : C\nCOPYRIGHT © ANTARA 2025"], ["A", "B"], ["C"], 2025),
        (["Pewarta: A dan B"], ["A", "B"], [], None),
        (
            ["Reporter: Yashinta Difa\nEditor: Rahmad Nasution\nCopyright © ANTARA 2025"],
            ["Yashinta Difa"],
            ["Rahmad Nasution"],
            2025,
        ),
        (
            ["Pewarta: Nur Imansyah", "Editor: Ade Marboen", "COPYRIGHT © ANTARA 2015"],
            ["Nur Imansyah"],
            ["Ade Marboen"],
            2015,
        ),
        (["Copyright © ANTARA 20253503"], [], [], 2025),
        (["COPYRIGHT © 2016"], [], [], 2016),
        (["Pewarta: ANTARA"], [], [], None),  # the agency is not a person
        (["Pewarta: A\nEditor: A"], ["A"], ["A"], None),
        (["Tidak ada kredit."], [], [], None),
        (["PENULIS: Ani PENYUNTING: Budi"], ["Ani"], ["Budi"], None),  # upper-case labels, one line
        (["Penulis: Ani\nPenyunting: Budi\nCOPYRIGHT © ANTARA 2024"], ["Ani"], ["Budi"], 2024),
        (["REPORTER : X\nEDITOR : Y"], ["X"], ["Y"], None),
    ],
)
def test_parse_credits(texts, reporters, editors, year):
    found = parse_credits(texts)
    assert (found.reporters, found.editors, found.copyright_year) == (reporters, editors, year)


@pytest.mark.parametrize(
    "text, names",
    [
        ("A, B dan C", ["A", "B", "C"]),
        ("A / B", ["A", "B"]),
        ("A & B", ["A", "B"]),
        ("  ", []),
        ("Danu Dananjaya", ["Danu Dananjaya"]),
    ],
)
def test_split_names(text, names):
    assert split_names(text) == names


@pytest.mark.parametrize(
    "text, year",
    [
        ("Copyright © ANTARA 2025", 2025),
        ("Copyright © ANTARA 20253503", 2025),
        ("COPYRIGHT © 1234", None),
        ("no year", None),
    ],
)
def test_copyright_year(text, year):
    assert copyright_year(text) == year


@pytest.mark.parametrize(
    "paragraph",
    [
        "PENULIS: Ani PENYUNTING: Budi",
        "Isi berita terakhir.PENULIS: Ani PENYUNTING: Budi",
        "Penulis: Ani\nPenyunting: Budi",
    ],
)
def test_every_credit_label_ends_the_body_and_is_read(paragraph):
    """The body normalizer and the credits reader share one definition of a credit label."""
    kept, footer = split_footer(paragraph)
    assert "Ani" not in kept and "Budi" not in kept
    found = parse_credits([footer])
    assert (found.reporters, found.editors) == (["Ani"], ["Budi"])
    body = clean_body([Block("Isi."), Block(paragraph)], "https://www.antaranews.com/berita/1/x")
    assert body.paragraphs in (["Isi."], ["Isi.", "Isi berita terakhir."])


@pytest.mark.parametrize(
    "texts, reporters, editors, translators, year",
    [
        (
            ["Pewarta : A\nEditor : B\nUploader : Admin 1\nCOPYRIGHT © ANTARA News Kalimantan Barat 2019"],
            ["A"],
            ["B"],
            [],
            2019,
        ),
        (["Uploader : Admin 1"], [], [], [], None),  # the CMS account, not a person
        (
            ["Reporter: Yashinta Difa\nEditor: Rahmad Nasution\nTranslator: Aditya Eko\nCopyright © ANTARA 2025"],
            ["Yashinta Difa"],
            ["Rahmad Nasution"],
            ["Aditya Eko"],
            2025,
        ),
        (["Penerjemah: Budi\nEditor: C"], [], ["C"], ["Budi"], None),
        (["COPYRIGHT © ANTARA News Jatim 2021"], [], [], [], 2021),
        (["Copyright © ANTARA News Sulawesi Tenggara 2023"], [], [], [], 2023),
    ],
)
def test_regional_and_english_footers(texts, reporters, editors, translators, year):
    found = parse_credits(texts)
    assert (found.reporters, found.editors, found.translators, found.copyright_year) == (
        reporters,
        editors,
        translators,
        year,
    )


@pytest.mark.parametrize(
    "blocks, paragraphs, reporters",
    [
        (["Isi berita.", "(*) Reporting by Yashinta Difa"], ["Isi berita."], ["Yashinta Difa"]),
        (["Isi berita.", "Reporting by Andi and Budi; editing by Citra."], ["Isi berita."], ["Andi", "Budi"]),
        (["Isi berita.", "Uploader : Admin 1"], ["Isi berita."], []),
        (["The report, by contrast, found nothing."], ["The report, by contrast, found nothing."], []),
    ],
)
def test_english_reporting_lines_and_uploader_leave_the_body(blocks, paragraphs, reporters):
    body = clean_body([Block(t) for t in blocks], "https://en.antaranews.com/news/1/x")
    assert body.paragraphs == paragraphs
    assert parse_credits(body.footer).reporters == reporters
