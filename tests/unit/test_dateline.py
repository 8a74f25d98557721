"""Table tests for the dateline normalizer."""

import pytest

from antara_crawler.normalize.dateline import split_dateline


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
