"""The lead image at its largest rendition (only URLs the page gives), and the caption's credit."""

import pytest

from antara_crawler.normalize.images import image_credit, lead_image

OLD = "http://img.antaranews.com/new/2015/11/{}/20151105antarafoto-pantau.jpg"


@pytest.mark.parametrize(
    "structured, body, chosen",
    [
        (OLD.format("small"), OLD.format("ori"), OLD.format("ori")),  # the real 2015-17 pages
        (OLD.format("big"), OLD.format("ori"), OLD.format("ori")),
        (OLD.format("ori"), OLD.format("small"), OLD.format("ori")),
        (
            "https://img.antaranews.com/cache/1200x800/a.jpg",
            "https://img.antaranews.com/cache/800x533/a.jpg",
            "https://img.antaranews.com/cache/1200x800/a.jpg",
        ),
        (
            "https://img.antaranews.com/cache/270x180/a.jpg",
            "https://img.antaranews.com/cache/1200x800/a.jpg",
            "https://img.antaranews.com/cache/1200x800/a.jpg",
        ),
        (
            "https://example.org/a.jpg",
            "https://example.org/b.jpg",
            "https://example.org/a.jpg",
        ),  # no rendition known: structured data
        (None, OLD.format("ori"), OLD.format("ori")),
        (OLD.format("small"), None, OLD.format("small")),
        (None, None, None),
    ],
)
def test_lead_image(structured, body, chosen):
    assert lead_image(structured, body) == chosen


@pytest.mark.parametrize(
    "caption, credit",
    [
        ("Petugas mengawasi sebaran abu vulkanik, Kamis (5/11). (ANTARA FOTO/Budi Setya)", "ANTARA FOTO/Budi Setya"),
        ("Ban terbaru diluncurkan. (Antaranews/Monalisa)", "Antaranews/Monalisa"),
        ("Warga berolahraga, Minggu (6/4/2025). ANTARA FOTO/Fotografer Kami", "ANTARA FOTO/Fotografer Kami"),
        ("Rapat kabinet (ANTARA/HO-Biro Pers)", "ANTARA/HO-Biro Pers"),
        ("Rapat digelar Rabu (12/2).", None),  # a date is not a credit
        ("Foto tanpa kredit.", None),
        (None, None),
    ],
)
def test_image_credit(caption, credit):
    assert image_credit(caption) == credit
