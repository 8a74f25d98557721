"""WARC capture and import: a crawl keeping every request/response as WARC beside the same crawl
without, and `antara-crawler import` of the WARC it wrote beside warcio reading the same file
(every record's payload, nothing parsed: the floor of any WARC reader)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from .common import BIN, Row, median, run_child
from .crawl import Server, ours

WARCIO_READ = """
import sys
from warcio.archiveiterator import ArchiveIterator
for name in sys.argv[1:]:
    with open(name, "rb") as stream:
        for record in ArchiveIterator(stream):
            record.content_stream().read()
"""


def rows(quick: bool = False) -> list[Row]:
    count = 300 if quick else 2000
    rounds = 2 if quick else 3
    capture: list[float] = []
    imports: list[float] = []
    rates: dict[str, list[float]] = {"plain": [], "warc": [], "import": [], "warcio": []}
    size = 0.0
    with Server() as mirror, tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n in range(rounds):
            warc = folder / f"warc-{n}"
            runs = {}
            for kind in ("plain", "warc") if n % 2 == 0 else ("warc", "plain"):
                extra = ["--warc-dir", str(warc)] if kind == "warc" else []
                runs[kind] = ours(folder, mirror, count, n, extra)
                rates[kind].append(count / runs[kind].seconds)
            capture.append(rates["warc"][-1] / rates["plain"][-1])
            files = sorted(str(p) for p in warc.glob("*.warc.gz"))
            size = sum(Path(f).stat().st_size for f in files) / 2**20
            db = folder / f"import-{n}.db"
            imported = run_child(
                [str(BIN / "antara-crawler"), "import", *files, "--db", str(db), "--quiet"], cwd=folder
            )
            if imported.returncode != 0:
                raise SystemExit(f"the import failed:\n{imported.stderr[-3000:]}")
            read = run_child([sys.executable, "-c", WARCIO_READ, *files], cwd=folder)
            if read.returncode != 0:
                raise SystemExit(f"warcio failed to read the files:\n{read.stderr[-3000:]}")
            rates["import"].append(count / imported.seconds)
            rates["warcio"].append(count / read.seconds)
            imports.append(rates["import"][-1] / rates["plain"][-1])
            subprocess.run(["rm", "-rf", str(warc), str(db)], check=True)
    return [
        Row(
            f"crawl + store + WARC capture, {count} pages (pages/s)",
            f"{median(rates['warc']):.0f} pages/s; {size:.1f} MB of WARC",
            f"the same crawl without WARC {median(rates['plain']):.0f} pages/s",
            capture,
            ">= 0.9x without",
            median(capture) >= 0.9,
        ),
        Row(
            f"import of that WARC, {count} articles (pages/s, whole command)",
            f"{median(rates['import']):.0f} pages/s",
            f"the crawl that fetched them {median(rates['plain']):.0f} pages/s; "
            f"warcio reading every record {median(rates['warcio']):.0f}",
            imports,
            ">= 1x the crawl",
            median(imports) >= 1,
        ),
    ]
