"""Fixtures: a saved page, its URL, fetch time and response headers, its provenance, and the output
expected of it field by field, grouped by the layout that reads it:

    fixtures/<layout>/<site>-<date>-<name>.html   the page as fetched (or reconstructed)
    fixtures/<layout>/<site>-<date>-<name>.json   url, fetched_at, headers, provenance, checks, expected

`save` writes a new one with the current output for review; `update` regenerates the expectations
after a deliberate change and says field by field what changed. fixtures/layouts.json records each
layout's version and a fingerprint of its code: a layout whose code changed while its version did
not is refused (see CONTRIBUTING.md).
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

from ..items import Article, Reject, article_record
from ..parsing.layouts import LAYOUTS, generic
from ..parsing.page import PageInput
from ..process import process_page
from ..saved_pages import SavedPage, saved_pages
from ..sites import article_id_from_url, site_name

# Derived from fields the expectation already names (title and body): not part of an expectation
DERIVED = ("content_hash",)
LOCK_FILE = "layouts.json"


def result_record(result: Article | Reject) -> dict[str, Any]:
    """What `antara-crawler parse` prints: the published item; for a reject, why it would not be
    stored under "rejected" (with the item as far as it went, when it failed validation)."""
    if isinstance(result, Article):
        return article_record(result)
    record: dict[str, Any] = article_record(result.article) if result.article else {"url": result.url}
    record["rejected"] = {"stage": result.stage, "reason": result.reason, "detail": result.detail}
    return record


def expectation(page: PageInput) -> dict[str, Any]:
    """The output a fixture expects of a page: its record, without derived fields."""
    record = result_record(process_page(page))
    return {k: v for k, v in record.items() if k not in DERIVED}


def field_diff(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """One line per field that differs: 'title: expected '…', got '…''."""
    return [
        f"{name}: expected {expected.get(name)!r}, got {actual.get(name)!r}"
        for name in dict.fromkeys([*expected, *actual])
        if expected.get(name) != actual.get(name)
    ]


def layout_folder(expected: dict[str, Any]) -> str:
    """The group a fixture belongs to: the layout that read it, or what it is when it is not an article."""
    rejected = expected.get("rejected")
    if rejected and rejected["stage"] == "parse":
        return "not-article"
    version = expected.get("parser_version") or "unknown"
    return version.split("+")[0].split("/")[0]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "page"


def save(
    body: bytes,
    url: str,
    fetched_at: str,
    headers: dict[str, str],
    folder: Path,
    name: str | None = None,
    provenance: dict[str, Any] | None = None,
) -> Path:
    """Write body and its metadata (with the current output as the expectation, for review) under
    folder/<layout>/; return the path of the saved page."""
    page = PageInput(url, body, fetched_at, {k.lower(): v for k, v in headers.items()})
    expected = expectation(page)
    day = (expected.get("published_at") or fetched_at)[:10]
    name = name or article_id_from_url(url) or _slug(url.rstrip("/").rsplit("/", 1)[-1])
    target = folder / layout_folder(expected) / f"{site_name(url) or 'page'}-{day}-{_slug(name)}.html"
    if target.exists():
        raise FileExistsError(f"{target} exists: choose another --name")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    meta = {
        "url": url, "fetched_at": fetched_at, "headers": headers,
        "provenance": provenance or {"reconstructed": False, "evidence": [], "notes": ""},
        "checks": {"body_includes": [], "body_excludes": []},
        "expected": expected,
    }  # fmt: skip
    write_meta(target, meta)
    return target


def write_meta(page_path: Path, meta: dict[str, Any]) -> None:
    page_path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def update(folder: Path, only: list[Path] | None = None, write: bool = True) -> list[tuple[Path, list[str]]]:
    """Regenerate the expectations of the fixtures under folder (or of `only`); return, for each
    fixture whose output changed, the field-level differences."""
    wanted = {p.resolve().with_suffix("") for p in only} if only else None
    changed = []
    for saved in saved_pages(folder):
        if "expected" not in saved.meta or (wanted and saved.path.resolve().with_suffix("") not in wanted):
            continue
        actual = expectation(saved.page_input())
        diff = field_diff(saved.meta["expected"], actual)
        if diff:
            changed.append((saved.path, diff))
            if write:
                write_meta(saved.path, {**saved.meta, "expected": actual})
    return changed


def fixtures(folder: Path) -> list[SavedPage]:
    """Every fixture (a saved page with an expectation) under folder."""
    return [saved for saved in saved_pages(folder) if "expected" in saved.meta]


# Frozen layouts ------------------------------------------------------------------------------


def _fingerprint(module_name: str) -> str:
    """A layout module's code (its selectors and rules) as Python sees it: comments, formatting and
    the order of imports do not count."""
    tree = ast.parse(inspect.getsource(sys.modules[module_name]))
    tree.body = [node for node in tree.body if not isinstance(node, ast.Import | ast.ImportFrom)]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()[:16]


def layout_versions() -> dict[str, dict[str, Any]]:
    """Each layout's name → its version and the fingerprint of its code, as they are now."""
    found = {cls.NAME: {"version": cls.VERSION, "fingerprint": _fingerprint(cls.__module__)} for cls in LAYOUTS}
    found[generic.NAME] = {"version": generic.VERSION, "fingerprint": _fingerprint(generic.__name__)}
    return found


def frozen_problems(recorded: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Layouts whose code changed while their version did not, and layouts not recorded as they are."""
    current = current or layout_versions()
    problems = []
    for name, now in current.items():
        then = recorded.get(name)
        if then is None:
            problems.append(f"{name}: not in {LOCK_FILE}: record it with `antara-crawler fixture update`")
        elif then["version"] == now["version"] and then["fingerprint"] != now["fingerprint"]:
            problems.append(
                f"{name}: its code changed but its VERSION is still {now['version']}: bump it (CONTRIBUTING.md)"
            )
        elif then != now:
            problems.append(
                f"{name}: version {now['version']} is not recorded: run `antara-crawler fixture update` and review the diff"
            )
    return problems


def read_lock(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / LOCK_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_lock(folder: Path) -> list[str]:
    """Record the layouts as they are, unless one changed without a version bump (then say so)."""
    refused = [p for p in frozen_problems(read_lock(folder)) if "VERSION is still" in p]
    if not refused:
        (folder / LOCK_FILE).write_text(
            json.dumps(layout_versions(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    return refused
