"""Table tests for the body normalizers: paragraphs, Unicode cleanup, furniture out."""

import pytest

from antara_crawler.items import Block
from antara_crawler.normalize.text import clean_body, clean_text, split_footer, strip_notice
from antara_crawler.parsing.blocks import split_blocks

NOTICE = (
    "Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI "
    "di situs web ini tanpa izin tertulis dari Kantor Berita ANTARA."
)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("  a \n\t b  ", "a\nb"),
        ("a\u00a0b", "a b"),  # no-break space
        ("a\u202fb", "a b"),  # narrow no-break space
        ("War\u200bga", "Warga"),  # zero-width space
        ("\ufeffJakarta", "Jakarta"),  # BOM
        ("peng\u00adindeksan", "pengindeksan"),  # soft hyphen
        ("Cafe\u0301", "Café"),  # NFC
        ("", ""),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "html, paragraphs",
    [
        ("<div>a<br><br>b</div>", ["a", "b"]),
        ("<div>a<br>b</div>", ["a\nb"]),  # one <br> is a line break, not a paragraph
        ("<div>a<br/>\n<br />\n<br>b</div>", ["a", "b"]),  # a run of <br>s with whitespace between
        ("<div><p>a</p><p>b</p></div>", ["a", "b"]),
        ("<div>a<p>b</p>c</div>", ["a", "b", "c"]),  # bare text around a <p>
        ("<div><p>x <b>bold</b> y</p></div>", ["x bold y"]),
        ("<div>a<script>var x=1;</script><style>p{}</style>b</div>", ["ab"]),
        ("<div>a<!-- comment -->b</div>", ["ab"]),
        ("<div><div><br></div><div>a</div></div>", ["a"]),  # empty blocks vanish
        ("<div></div>", []),
    ],
)
def test_split_blocks(html, paragraphs):
    assert [b.text.strip() for b in split_blocks(html)] == paragraphs


def test_split_blocks_keeps_links():
    [block] = split_blocks('<p><b>Baca juga:</b> <a href="/berita/1/x">Judul</a></p>')
    assert block.links == [("Judul", "/berita/1/x")]


@pytest.mark.parametrize(
    "text, kept, footer",
    [
        ("Pewarta: A\nEditor: B\nCopyright © ANTARA 2025", "", "Pewarta: A\nEditor: B\nCopyright © ANTARA 2025"),
        (
            "Pewarta: Putu Indah SavitriEditor: Agus Salim Copyright © ANTARA 2026",
            "",
            "Pewarta: Putu Indah SavitriEditor: Agus Salim Copyright © ANTARA 2026",
        ),
        ("isi berita.Pewarta: A Editor: B", "isi berita.", "Pewarta: A Editor: B"),  # glued to the last sentence
        ("katanya. COPYRIGHT © ANTARA 2015", "katanya.", "COPYRIGHT © ANTARA 2015"),
        ("Editor: X", "", "Editor: X"),
        (
            "Ia bekerja sebagai Editor: majalah itu terbit bulanan.",
            "Ia bekerja sebagai Editor: majalah itu terbit bulanan.",
            "",
        ),  # one label mid-text: not a footer
        ("Biasa saja.", "Biasa saja.", ""),
    ],
)
def test_split_footer(text, kept, footer):
    assert split_footer(text) == (kept, footer)


@pytest.mark.parametrize(
    "text, clean",
    [
        (NOTICE, ""),
        ("Paragraf terakhir. " + NOTICE, "Paragraf terakhir."),
        (NOTICE.replace(" ", "\n", 3).upper(), ""),  # line breaks and case do not hide it
        ("Tanpa pemberitahuan.", "Tanpa pemberitahuan."),
    ],
)
def test_strip_notice(text, clean):
    assert strip_notice(text) == clean


PAGE = "https://www.antaranews.com/berita/1/x"


@pytest.mark.parametrize(
    "blocks, paragraphs, related",
    [
        ([Block("Baca juga:"), Block("Isi.")], ["Isi."], []),  # empty read-also line: gone
        ([Block("Baca juga :  ")], [], []),
        ([Block("BACA JUGA:")], [], []),
        (
            [Block("Baca juga: Judul", [("Judul", "/berita/2/y")])],
            [],
            [{"title": "Judul", "url": "https://www.antaranews.com/berita/2/y"}],
        ),
        (
            [Block("Related news: Title", [("Title", "https://en.antaranews.com/news/3/z")])],
            [],
            [{"title": "Title", "url": "https://en.antaranews.com/news/3/z"}],
        ),
        ([Block("Baca juga: Judul tanpa tautan")], [], [{"title": "Judul tanpa tautan", "url": None}]),
        ([Block("Baca juga: J", [("J", "javascript:void(0)")])], [], []),  # no script URLs
        ([Block("Isi."), Block(NOTICE), Block("Pewarta: A\nEditor: B")], ["Isi."], []),
        ([Block("Satu\ndua.")], ["Satu dua."], []),  # a line break inside a paragraph becomes a space
    ],
)
def test_clean_body(blocks, paragraphs, related):
    body = clean_body(blocks, PAGE)
    assert body.paragraphs == paragraphs
    assert body.related == related


def test_clean_body_hands_back_the_footer():
    body = clean_body([Block("Isi."), Block("Pewarta: A\nEditor: B\nCopyright © ANTARA 2025")], PAGE)
    assert body.footer == ["Pewarta: A\nEditor: B\nCopyright © ANTARA 2025"]


@pytest.mark.parametrize(
    "block, related",
    [
        (
            Block("Berita ini telah tayang di Antaranews.com dengan judul: Banjir surut di Sampit"),
            [{"title": "Banjir surut di Sampit", "url": None}],
        ),
        (
            Block(
                "Berita ini telah tayang di Antaranews.com dengan judul: Banjir surut",
                [("Banjir surut", "https://www.antaranews.com/berita/5/banjir")],
            ),
            [{"title": "Banjir surut", "url": "https://www.antaranews.com/berita/5/banjir"}],
        ),
        (
            Block('Artikel ini sudah terbit di antaranews.com dengan judul "Harga cabai turun".'),
            [{"title": "Harga cabai turun", "url": None}],
        ),
        (
            Block("Baca berita lainnya di antaranews.com", [("antaranews.com", "https://www.antaranews.com/")]),
            [],
        ),  # not an article
        (Block("Baca juga berita terkait di laman kami"), []),
    ],
)
def test_republication_lines_are_furniture_kept_as_related(block, related):
    body = clean_body([Block("Isi."), block], PAGE)
    assert body.paragraphs == ["Isi."] and body.related == related


def test_a_sentence_about_news_stays():
    text = "Berita itu dibaca jutaan orang di seluruh negeri."
    assert clean_body([Block(text)], PAGE).paragraphs == [text]
