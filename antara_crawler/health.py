"""Drift alarms: after every run, how its articles read, per site, beside the runs before it.

A layout change on the site rarely breaks a crawl outright: the body container is renamed and the
generic extractor takes over, a byline moves and `reporters` empties, a feed starts answering with
no items. The run still ends "ok". So after each run that ended well, its articles (those it stored
or saw unchanged) are measured per site:

- pages, and the share read by each extraction method (a layout, or the generic extractor);
- field coverage: title, published_at, reporters, editors, category, image, dateline, date mentions;
- the median body length in words, and how many bodies carry site furniture ("Baca juga",
  "Pewarta:", the anti-crawling notice) that should have been taken out;
- links found on each discovery source (feeds, listing first pages, sitemaps);

and compared with the median of the last healthy runs. A significant change is an alarm; a run with
an alarm is "degraded" (exit code 6) and says why in one line; `antara-crawler health` shows the
whole report. The measures and alarms are kept with the run (`crawl_runs.health`).
"""

from __future__ import annotations

import json
import statistics
from typing import Any

FIELDS = {
    "title": "title != ''",
    "published_at": "published_at is not null",
    "reporters": "reporters != '[]'",
    "editors": "editors != '[]'",
    "category": "coalesce(category, '') != ''",
    "image": "image_url is not null",
    "dateline": "dateline is not null",
    "mentions": "date_mentions != '[]'",
}
FURNITURE = {
    "Baca juga": "%Baca juga%",
    "Pewarta:": "%Pewarta:%",
    "crawling notice": "%Dilarang keras mengambil konten%",
}
GENERIC = "trafilatura"  # the extraction method when no layout found the body (parsing/layouts/generic.py)
MIN_PAGES = 3  # fewer pages of a site in a run: too few to judge the extraction method or furniture
MIN_COMPARED = 10  # fewer: too few to compare field coverage and body length with other runs
MIN_BASELINE = 2  # runs that had that many pages of the site: fewer, nothing to compare with
GENERIC_SHARE = 0.5  # at least this share read by the generic extractor: a layout stopped matching
COVERAGE_DROP = 0.3  # a field's coverage this much below the recent runs' median
WORDS_SHARE = 0.5  # a median body shorter than this share of the recent runs'
FURNITURE_SHARE = 0.2  # at least this share of bodies carry furniture
BASELINE_RUNS = 5  # healthy runs the comparison is made with


def measure(db: Any, since: str) -> dict[str, dict[str, Any]]:
    """Per site: the measures of the articles a run stored or saw (last_seen from `since` on)."""
    coverage = ", ".join(f"sum({sql}) as {name}" for name, sql in FIELDS.items())
    furniture = ", ".join(f"sum(body like ?) as furniture_{n}" for n in range(len(FURNITURE)))
    sql = f"""select site, extraction_method, count(*) as pages, {coverage}, {furniture}
              from articles where last_seen >= ? group by site, extraction_method"""
    sites: dict[str, dict[str, Any]] = {}
    for row in db.execute(sql, [*FURNITURE.values(), since]).fetchall():
        site, method, pages, *counts = row
        found = sites.setdefault(
            site,
            {"pages": 0, "methods": {}, "fields": dict.fromkeys(FIELDS, 0), "furniture": dict.fromkeys(FURNITURE, 0)},
        )
        found["pages"] += pages
        found["methods"][method] = pages
        for name, value in zip(FIELDS, counts[: len(FIELDS)], strict=True):
            found["fields"][name] += value or 0
        for name, value in zip(FURNITURE, counts[len(FIELDS) :], strict=True):
            found["furniture"][name] += value or 0
    for site, found in sites.items():
        words = [
            w for (w,) in db.execute("select word_count from articles where last_seen >= ? and site = ?", [since, site])
        ]
        found["median_words"] = statistics.median(words) if words else 0
        found["coverage"] = {name: round(n / found["pages"], 3) for name, n in found["fields"].items()}
        del found["fields"]
    return sites


def generic_share(site: dict[str, Any]) -> float:
    generic = sum(n for method, n in site["methods"].items() if method == GENERIC)
    return generic / site["pages"] if site["pages"] else 0.0


def alarms(sites: dict[str, dict[str, Any]], sources: dict[str, int], baseline: list[dict[str, Any]]) -> list[str]:
    """The significant changes of one run, one sentence each. `baseline`: the health of recent healthy
    runs (newest first), each as `measure` gave it under "sites"."""
    found = []
    for source, links in sorted(sources.items()):
        if links == 0:
            found.append(f"{source} gave no links: has the feed or listing changed?")
    for name, site in sorted(sites.items()):
        if site["pages"] < MIN_PAGES:
            continue
        share = generic_share(site)
        before = [b["sites"][name] for b in baseline if b.get("sites", {}).get(name, {}).get("pages", 0) >= MIN_PAGES]
        usual = statistics.median(generic_share(b) for b in before) if before else 0.0
        if share >= GENERIC_SHARE and share - usual >= COVERAGE_DROP:
            found.append(
                f"{name}: {share:.0%} of {site['pages']} pages read by the generic extractor "
                f"(recent runs: {usual:.0%}): has the layout changed?"
            )
        before = [b for b in before if b["pages"] >= MIN_COMPARED]
        if site["pages"] < MIN_COMPARED or len(before) < MIN_BASELINE:
            before = []
        for field in FIELDS:
            if not before:
                break
            usual = statistics.median(b["coverage"][field] for b in before)
            if usual - site["coverage"][field] >= COVERAGE_DROP:
                found.append(
                    f"{name}: {field} found in {site['coverage'][field]:.0%} of pages (recent runs: {usual:.0%})"
                )
        if before:
            usual = statistics.median(b["median_words"] for b in before)
            if usual and site["median_words"] < WORDS_SHARE * usual:
                found.append(f"{name}: median body {site['median_words']:.0f} words (recent runs: {usual:.0f})")
        for furniture, count in site["furniture"].items():
            if count / site["pages"] >= FURNITURE_SHARE:
                found.append(f"{name}: {count} of {site['pages']} bodies still carry {furniture!r}")
    return found


def link_counts(stats: dict[str, Any]) -> dict[str, int]:
    """Links found per discovery source, from a run's stats (antara/links/<source URL>)."""
    prefix = "antara/links/"
    return {key[len(prefix) :]: value for key, value in stats.items() if key.startswith(prefix)}


def run_health(store: Any, run_id: int, started_at: str, stats: dict[str, Any]) -> dict[str, Any]:
    """A run's health: its articles measured (stored since it started), the links its sources gave,
    compared with the last healthy runs before it (store: an ArticleStore)."""
    baseline = store.healthy_runs(before=run_id, limit=BASELINE_RUNS)
    sites = measure(store.db, started_at)
    sources = link_counts(stats)
    found = alarms(sites, sources, [health for _, health in baseline])
    return {"sites": sites, "sources": sources, "alarms": found, "baseline_runs": [run for run, _ in baseline]}


def report(run: dict[str, Any]) -> str:
    """A run's health as text: verdict, per site measures, sources, alarms."""
    health = json.loads(run["health"]) if run.get("health") else None
    lines = [f"run {run['id']} ({run.get('started_at')} → {run.get('finished_at')}): {run.get('verdict')}"]
    if health is None:
        lines.append("no health measured (the run did not end well, or ran before health was measured)")
        return "\n".join(lines)
    for name, site in sorted(health["sites"].items()):
        methods = ", ".join(f"{m or '?'} {n}" for m, n in sorted(site["methods"].items()))
        coverage = " ".join(f"{f} {v:.0%}" for f, v in site["coverage"].items())
        furniture = ", ".join(f"{k} {v}" for k, v in site["furniture"].items() if v) or "none"
        lines += [
            f"{name}: {site['pages']} pages ({methods}); median {site['median_words']:.0f} words",
            f"  coverage: {coverage}",
            f"  furniture left in bodies: {furniture}",
        ]
    for source, links in sorted(health["sources"].items()):
        lines.append(f"source {source}: {links} links")
    baseline = health.get("baseline_runs") or []
    lines.append(
        f"compared with runs {', '.join(map(str, baseline))}" if baseline else "no earlier healthy run to compare with"
    )
    lines += [f"ALARM {a}" for a in health["alarms"]] or ["no alarms"]
    return "\n".join(lines)
