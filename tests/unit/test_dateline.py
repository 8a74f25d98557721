"""Table tests for the dateline: the place alone, the date it may carry apart, every agency shape."""

import pytest

from antara_crawler.normalize.dateline import split_dateline


@pytest.mark.parametrize(
    "paragraph, place, date, rest",
    [
        ("Beijing (ANTARA) - Pemerintah China", "Beijing", None, "Pemerintah China"),
        ("Mataram, NTB (ANTARA News) - Sebanyak 29", "Mataram, NTB", None, "Sebanyak 29"),
        ("Jakarta (ANTARA) — Teks", "Jakarta", None, "Teks"),
        ("Jakarta (ANTARA) -- Teks", "Jakarta", None, "Teks"),
        ("Jakarta (Antara) -- Teks", "Jakarta", None, "Teks"),
        ("Jakarta (Antara) - Teks", "Jakarta", None, "Teks"),
        ("ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) - Rilis", "ISTANBUL", "23 Februari 2016", "Rilis"),
        ("Jakarta, 31/12/2021 (ANTARA) - Teks", "Jakarta", "31/12/2021", "Teks"),
        ("Mataram, 7/12 (Antara) - Teks", "Mataram", "7/12", "Teks"),
        ("Jakarta, Oct 18, 2018 (ANTARA) - Text", "Jakarta", "Oct 18, 2018", "Text"),
        ("Ambon (Antara Kalteng) - Teks", "Ambon", None, "Teks"),
        ("Mataram (Antaranews NTB) - Teks", "Mataram", None, "Teks"),
        ("Surabaya (ANTARA News Jatim) - Teks", "Surabaya", None, "Teks"),
        ("New York--(ANTARA/Business Wire)--Perusahaan", "New York", None, "Perusahaan"),
        ("Palu (ANTARA News Sulawesi Tengah) - Teks", "Palu", None, "Teks"),
        ("Tanpa dateline (ANTARA) di tengah - kalimat", None, None, "Tanpa dateline (ANTARA) di tengah - kalimat"),
        ("Pemerintah (ANTARA) menolak", None, None, "Pemerintah (ANTARA) menolak"),
        ("Biasa saja.", None, None, "Biasa saja."),
    ],
)
def test_split_dateline(paragraph, place, date, rest):
    assert split_dateline(paragraph) == (place, date, rest)
