"""Dates: the publication time as ISO 8601 with the page's offset, and in-text date mentions.

dateparser reads the page's date text ("Rabu, 12 Februari 2025 17:26 WIB", "5 November 2015").
In-text mentions are numbers already (day/month[/year], day first): dateparser would ignore
their weekday and, with no year, can pick the wrong one (../shared/ANTARA.md: `Kamis (27/2)`
published 2025-02-12 → 2024-02-27, a Tuesday), so the calendar resolves them: with no year,
the date nearest the publication day (in the year before, of or after it), and the weekday
written in the text must agree with it. A mention whose weekday fits no nearby year, or whose date does not
exist, is kept as text with a null date and a warning: never a guessed date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

import dateparser

from ..sites import ZONES

WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_WEEKDAY = r"(?P<weekday>Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu)"
_ZONE_WORD = re.compile(r"\b(" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")\b")
_DATED = re.compile(
    _WEEKDAY + r"\s*\(\s*(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})(?:\s*/\s*(?P<year>\d{2}|\d{4}))?\s*\)"
    r"(?:\s*(?:pukul|jam)\s+(?P<hour>\d{1,2})[.:](?P<minute>\d{2})(?:\s*(?P<zone>WITA|WIB|WIT)\b)?)?"
)
# A bare weekday closing a clause: "…, kata Guo di Beijing, Rabu." / "…, Kamis, mengatakan …"
_BARE = re.compile(r",\s+" + _WEEKDAY + r"(?=\s*[.,;])(?!\s*\()")
_SAYING = re.compile(
    r"\b(?:kata|katanya|ujar|ujarnya|ucap|ucapnya|ungkap|ungkapnya|tutur|tuturnya|jelas|jelasnya|tegas|"
    r"tegasnya|sebut|sebutnya|papar|paparnya|terang|tambah|tambahnya|mengatakan|menyatakan|menjelaskan|"
    r"menegaskan|menyebutkan|mengungkapkan|menuturkan|menambahkan|menurut|said|told)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?]\s")
_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> datetime | None:
    """One configured dateparser call, cached by text: a call costs about a millisecond."""
    return dateparser.parse(text, languages=["id", "en"], settings=_DATEPARSER_SETTINGS)


def zone_of(texts: list[str], default: tzinfo) -> tzinfo:
    """The zone a page writes its times in (WIB/WITA/WIT), else the site's."""
    for text in texts:
        match = _ZONE_WORD.search(text)
        if match:
            return ZONES[match.group(1)]
    return default


def parse_datetime(text: str, tz: tzinfo) -> datetime | None:
    """ISO 8601 or page text ("Rabu, 12 Februari 2025 17:26 WIB | 1.229 Views") → aware datetime in tz."""
    text = text.strip()
    value: datetime | None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        local = text.split("|")[0]
        zone = _ZONE_WORD.search(local)
        tz = ZONES[zone.group(1)] if zone else tz
        value = _dateparser(_ZONE_WORD.sub("", local).strip(" ,"))
        if value is None:
            return None
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def parse_listing_time(text: str | None, tz: tzinfo, now: datetime) -> datetime | None:
    """A listing card's time: '20 Februari 2026 19:00 WIB', '2 hours ago', 'kemarin' (relative to now)."""
    if not text:
        return None
    zone = _ZONE_WORD.search(text)
    tz = ZONES[zone.group(1)] if zone else tz
    settings = dict(_DATEPARSER_SETTINGS, RELATIVE_BASE=now.astimezone(tz).replace(tzinfo=None))
    value = dateparser.parse(_ZONE_WORD.sub("", text).strip(" ,|"), languages=["id", "en"], settings=settings)
    return value.replace(tzinfo=tz) if value else None


FUTURE_TOLERANCE = timedelta(days=1)


def first_datetime(candidates: list[str], tz: tzinfo, latest: datetime | None = None) -> tuple[str | None, list[str]]:
    """(the first candidate that parses and is not after `latest` (+1 day), as ISO 8601 with tz's
    offset; warnings about candidates that were passed over for claiming a future date)."""
    warnings = []
    for text in candidates:
        value = parse_datetime(text, tz)
        if value is None:
            continue
        if latest and value > latest + FUTURE_TOLERANCE:
            warnings.append(
                f"date in the future not trusted: {text!r} (fetched {latest.isoformat(timespec='seconds')})"
            )
            continue
        return value.isoformat(timespec="seconds"), warnings
    return None, warnings


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _nearest(day: int, month: int, near: date) -> date | None:
    """day/month in the year before, of or after `near`: the one closest to it."""
    found = [date(y, month, day) for y in (near.year - 1, near.year, near.year + 1) if _valid(y, month, day)]
    return min(found, key=lambda d: abs((d - near).days)) if found else None


def _resolve_dated(match: re.Match, published: datetime) -> tuple[str | None, str | None, str | None]:
    """(ISO date, ISO datetime or None, warning or None) for 'Rabu (12/2)' style mentions."""
    weekday = WEEKDAYS[match.group("weekday").lower()]
    day, month, year = int(match.group("day")), int(match.group("month")), match.group("year")
    if year:
        year = int(year) + (2000 if len(year) == 2 else 0)
        try:
            found = date(year, month, day)
        except ValueError:
            return None, None, "impossible date"
        if found.weekday() != weekday:
            return None, None, "weekday does not match the date"
    else:
        nearest = _nearest(day, month, published.date())
        if nearest is None:
            return None, None, "impossible date"
        found = nearest
        if found.weekday() != weekday:
            return None, None, "weekday does not match the date"
    if not match.group("hour"):
        return found.isoformat(), None, None
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    if hour > 23 or minute > 59:
        return found.isoformat(), None, "impossible time"
    tz = ZONES.get(match.group("zone") or "", published.tzinfo or UTC)
    moment = datetime(found.year, found.month, found.day, hour, minute, tzinfo=tz)
    return found.isoformat(), moment.isoformat(timespec="minutes"), None


def _bare_is_reported_speech(text: str, match: re.Match) -> bool:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())), default=0)
    end = _SENTENCE_END.search(text, match.end())
    return bool(_SAYING.search(text, start, end.start() if end else len(text)))


def find_date_mentions(text: str, published: datetime | None) -> list[dict]:
    """Every 'Rabu (12/2)', 'Senin (31/8/2020)', '… pukul 08.45 WITA' and reported-speech bare
    weekday in text, with its position, resolved relative to the publication time."""
    if published is None:
        return []
    mentions = []
    for match in _DATED.finditer(text):
        iso_date, iso_datetime, warning = _resolve_dated(match, published)
        mention = {"text": match.group(0), "start": match.start(), "end": match.end(), "date": iso_date}
        if iso_datetime:
            mention["datetime"] = iso_datetime
        if warning:
            mention["warning"] = warning
        mentions.append(mention)
    for match in _BARE.finditer(text):
        if not _bare_is_reported_speech(text, match):
            continue
        weekday = WEEKDAYS[match.group("weekday").lower()]
        day = published.date() - timedelta(days=(published.weekday() - weekday) % 7)
        start = match.start("weekday")
        mentions.append({"text": match.group("weekday"), "start": start, "end": match.end(), "date": day.isoformat()})
    return sorted(mentions, key=lambda m: m["start"])
