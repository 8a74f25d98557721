"""Table tests for the dateline, credits and validation normalizers."""

import pytest

from antara_crawler.normalize.dateline import split_dateline
from antara_crawler.normalize.people import copyright_year, parse_credits, split_names


@pytest.mark.parametrize(
    "paragraph, place, rest",
    [
        ("Beijing (ANTARA) - Pemerintah China", "Beijing", "Pemerintah China"),
        ("Mataram, NTB (ANTARA News) - Sebanyak 29", "Mataram, NTB", "Sebanyak 29"),
        ("Jakarta (ANTARA) — Teks", "Jakarta", "Teks"),
        ("Jakarta (ANTARA) -- Teks", "Jakarta", "Teks"),
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) - Rilis", "ISTANBUL", "Rilis"),
        ("Jakarta (Antara) - Teks", "Jakarta", "Teks"),
        ("Tanpa dateline (ANTARA) di tengah - kalimat", None, "Tanpa dateline (ANTARA) di tengah - kalimat"),
        ("Pemerintah (ANTARA) menolak", None, "Pemerintah (ANTARA) menolak"),
        ("Biasa saja.", None, "Biasa saja."),
    ],
)
def test_split_dateline(paragraph, place, rest):
    assert split_dateline(paragraph) == (place, rest)


@pytest.mark.parametrize(
    "texts, reporters, editors, year",
    [
        (["Pewarta: Desca Lidya Natalia\nEditor: Primayanti\nCopyright © ANTARA 2025"], ["Desca Lidya Natalia"], ["Primayanti"], 2025),
        (["Pewarta: Putu Indah SavitriEditor: Agus Salim Copyright © ANTARA 2026"], ["Putu Indah Savitri"], ["Agus Salim"], 2026),
        (["Pewarta : A, B\nEditor : C\nCOPYRIGHT © ANTARA 2025"], ["A", "B"], ["C"], 2025),
        (["Pewarta: A dan B"], ["A", "B"], [], None),
        (["Reporter: Yashinta Difa\nEditor: Rahmad Nasution\nCopyright © ANTARA 2025"], ["Yashinta Difa"], ["Rahmad Nasution"], 2025),
        (["Pewarta: Nur Imansyah", "Editor: Ade Marboen", "COPYRIGHT © ANTARA 2015"], ["Nur Imansyah"], ["Ade Marboen"], 2015),
        (["Copyright © ANTARA 20253503"], [], [], 2025),
        (["COPYRIGHT © 2016"], [], [], 2016),
        (["Pewarta: ANTARA"], [], [], None),  # the agency is not a person
        (["Pewarta: A\nEditor: A"], ["A"], ["A"], None),
        (["Tidak ada kredit."], [], [], None),
    ],
)
def test_parse_credits(texts, reporters, editors, year):
    credits = parse_credits(texts)
    assert (credits.reporters, credits.editors, credits.copyright_year) == (reporters, editors, year)


@pytest.mark.parametrize(
    "text, names",
    [("A, B dan C", ["A", "B", "C"]), ("A / B", ["A", "B"]), ("A & B", ["A", "B"]), ("  ", []), ("Danu Dananjaya", ["Danu Dananjaya"])],
)
def test_split_names(text, names):
    assert split_names(text) == names


@pytest.mark.parametrize(
    "text, year",
    [("Copyright © ANTARA 2025", 2025), ("Copyright © ANTARA 20253503", 2025), ("COPYRIGHT © 1234", None), ("no year", None)],
)
def test_copyright_year(text, year):
    assert copyright_year(text) == year
