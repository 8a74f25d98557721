"""Parse + normalize in process, beside trafilatura (json with metadata) and bare lxml, on real-size
pages; and the same through `antara-crawler parse`, marginal per page."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import lxml.html
import trafilatura

from antara_crawler.parsing.page import PageInput
from antara_crawler.process import process_page

from .common import BIN, Row, interleaved, median, run_child
from .pages import Generator, Page, fixture_pages, real_pages


def ours(page: Page) -> object:
    return process_page(PageInput(page.url, page.html, page.fetched_at))


def theirs(page: Page) -> object:
    return trafilatura.extract(page.html, url=page.url, with_metadata=True, output_format="json")


def bare(page: Page) -> object:
    return lxml.html.fromstring(page.html)


def slice_of(fn, pages: list[Page], passes: int):
    def run() -> int:
        for _ in range(passes):
            for page in pages:
                fn(page)
        return passes * len(pages)

    return run


def in_process(label: str, pages: list[Page], rounds: int, passes: int, goals: bool = True) -> list[Row]:
    for fn in (ours, theirs, bare):  # imports, caches and first-call set-up are not throughput
        fn(pages[0])
    contenders = {
        "ours": slice_of(ours, pages, passes),
        "trafilatura": slice_of(theirs, pages, max(1, passes // 4)),  # ~10x slower: fewer passes, same slice time
        "lxml": slice_of(bare, pages, passes * 2),
    }
    times = interleaved(contenders, rounds)
    ms = {name: median(values) * 1000 for name, values in times.items()}
    size = sum(len(p.html) for p in pages) // len(pages) // 1024
    what = f"parse+normalize, {label} (~{size} KB)"
    speedup = [t / o for o, t in zip(times["ours"], times["trafilatura"], strict=True)]
    over = [o / b for o, b in zip(times["ours"], times["lxml"], strict=True)]
    return [
        Row(what, f"{ms['ours']:.2f} ms/page", f"trafilatura {ms['trafilatura']:.1f} ms", speedup,
            ">= 12x faster" if goals else "(small pages: no goal)", median(speedup) >= 12 if goals else None),
        Row(what, f"{ms['ours']:.2f} ms/page", f"bare lxml.html.fromstring {ms['lxml']:.2f} ms", over,
            "<= 2.5x lxml" if goals else "(small pages: no goal)", median(over) <= 2.5 if goals else None),
    ]  # fmt: skip


def through_cli(pages: list[Page], rounds: int) -> Row:
    """`antara-crawler parse` on few and on many pages: the difference is the per-page cost, without
    the start-up (measured apart in the scheduled-run row)."""
    with tempfile.TemporaryDirectory() as folder:
        few, many = Path(folder, "few"), Path(folder, "many")
        for target, count in ((few, 20), (many, 220)):
            target.mkdir()
            for n in range(count):
                page = pages[n % len(pages)]
                (target / f"p{n}.html").write_bytes(page.html)
                (target / f"p{n}.json").write_text(json.dumps({"url": page.url, "fetched_at": page.fetched_at}))
        command = [str(BIN / "antara-crawler"), "parse"]
        marginal, anchor = [], []
        for _ in range(rounds):
            short = run_child([*command, str(few)]).seconds
            long = run_child([*command, str(many)]).seconds
            marginal.append((long - short) / 200)
            anchor.append(interleaved({"trafilatura": slice_of(theirs, pages, 1)}, 1)["trafilatura"][0])
    ratios = [t / m for m, t in zip(marginal, anchor, strict=True)]
    return Row(
        "the same through `antara-crawler parse`, marginal per page", f"{median(marginal) * 1000:.2f} ms/page",
        f"trafilatura in process {median(anchor) * 1000:.1f} ms", ratios, ">= 12x faster", median(ratios) >= 12,
    )  # fmt: skip


def rows(quick: bool = False) -> list[Row]:
    rounds = 3 if quick else 7
    generated = Generator().pages(40)
    real = real_pages()
    found = in_process("the 2 real captures", real, rounds, 10 if quick else 40)
    found += in_process("real-size pages made from the real capture", generated, rounds, 1 if quick else 3)
    found += in_process("reconstructed current-layout fixtures", fixture_pages(), rounds, 2 if quick else 8, False)
    found.append(through_cli(real + generated, 3 if quick else 5))
    return found
