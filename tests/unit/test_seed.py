"""The reference case: the real 2025 article in ../shared/seed, as a reconstructed page."""

import pytest

from antara_crawler.tools.fixtures import expectation
from helpers import ROOT, SEED, fixture


def seed_item() -> dict:
    return expectation(fixture(SEED).page_input())


def test_seed_article_normalizes_as_a_reader_expects():
    item = seed_item()
    assert "rejected" not in item
    body = item["body"]
    for furniture in ("Baca juga", "Pewarta", "Editor:", "Copyright", "Dilarang keras", "(ANTARA)"):
        assert furniture not in body
    assert item["dateline"] == "Beijing"
    assert body.startswith("Pemerintah China menanggapi penolakan Inggris")
    assert item["published_at"].startswith("2025-02-12T") and item["published_at"].endswith("+07:00")
    assert {"text": "Rabu (12/2)", "date": "2025-02-12"}.items() <= item["date_mentions"][0].items()
    assert item["reporters"] == ["Desca Lidya Natalia"]
    assert item["editors"] == ["Primayanti"]
    assert item["copyright_year"] == 2025
    assert item["body"].endswith("India akan menjadi tuan rumah acara KTT berikutnya.")
    assert len(item["body"].split("\n\n")) == 15


def test_seed_body_is_the_seed_text():
    """Every body paragraph of the seed text survives, in order, and nothing else is added."""
    seed = ROOT.parent / "shared" / "seed" / "antara-2025-02-12-china-ai-summit.txt"
    if not seed.is_file():
        pytest.skip(f"the seed text is not beside the repository ({seed} is missing)")
    paragraphs = seed.read_text(encoding="utf-8").split("\n\n")[3:18]
    paragraphs[0] = paragraphs[0].removeprefix("Beijing (ANTARA) - ")
    assert seed_item()["body"] == "\n\n".join(paragraphs)
