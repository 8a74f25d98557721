"""Exports of the archive: JSON Lines (one published item a line) or CSV (one column per field, lists
and objects as JSON in their cell). A file is written beside its name and renamed into place at
the end, so a reader never sees half an export and a failed export leaves the old one."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from .items import ARTICLE_FIELDS, json_line
from .store import ArticleStore
from .window import Window

FORMATS = ("jsonl", "csv")


def format_for(path: str, given: str | None = None) -> str:
    """The format asked for, else the file's ending (.csv), else JSON Lines."""
    if given:
        return given
    return "csv" if path.lower().endswith(".csv") else "jsonl"


def csv_cell(value: Any) -> Any:
    """A field as a CSV cell: lists and objects as JSON (never Python's repr), None as empty."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def write(records: Iterable[dict], out: IO[str], fmt: str, fields: list[str] = ARTICLE_FIELDS) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow({k: csv_cell(record.get(k)) for k in fields})
            count += 1
        return count
    for record in records:
        out.write(json_line(record) + "\n")
        count += 1
    return count


def export(
    store: ArticleStore,
    path: str,
    fmt: str | None = None,
    window: Window | None = None,
    site: str | None = None,
    limit: int | None = None,
    progress: Callable[[Iterable[dict], int], Any] | None = None,
) -> int:
    """Write stored articles (in publication order) to path ('-': standard output); the count written."""
    fmt = format_for(path, fmt)
    records: Iterable[dict] = store.articles(window, site=site, limit=limit)
    if progress:
        total = store.count_articles(window, site=site)
        records = progress(records, min(total, limit) if limit is not None else total)
    if path == "-":
        return write(records, sys.stdout, fmt)
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    with partial.open("w", encoding="utf-8", newline="") as out:
        count = write(records, out, fmt)
    os.replace(partial, target)
    return count
