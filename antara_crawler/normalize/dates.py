"""Dates: the publication time as ISO 8601 with the page's offset, zones, listing card times.

ANTARA's own date shapes ("Rabu, 12 Februari 2025 17:26 WIB", "5 November 2015") are read by a
regular expression; anything else by dateparser (slower, cached). In-text mentions are
mentions.py's: dateparser would ignore their weekday and pick the wrong year
(../shared/ANTARA.md: `Kamis (27/2)` published 2025-02-12 → 2024-02-27, a Tuesday).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from ..sites import ZONES

_ZONE_WORD = re.compile(r"\b(" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")\b")
# Zones other than Indonesia's, as wire copy and English pages write them. Ambiguous names (CST,
# IST) are left out: a time in them is read as the page's zone would be a guess, so they are not read.
FOREIGN_ZONES = {
    "UTC": 0, "GMT": 0, "WET": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "ICT": 7, "SGT": 8,
    "MYT": 8, "HKT": 8, "PHT": 8, "AWST": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
    "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_ZONE_NAMES = "|".join(sorted([*ZONES, *FOREIGN_ZONES], key=len, reverse=True))
# "WIB", "UTC", "GMT+8", "UTC+07:00", "GMT -3"
ZONE_TEXT = rf"(?:{_ZONE_NAMES})(?:\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?)?"
_ZONE = re.compile(
    rf"\b(?P<name>{_ZONE_NAMES})(?:\s*(?P<sign>[+-])\s*(?P<hours>\d{{1,2}})(?::?(?P<minutes>\d{{2}}))?)?(?![\w])"
)


# Wall time as written: a zone in the text is found before dateparser is asked (never the host's zone)
_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
_NUMERIC_OFFSET = re.compile(r"(?<![\w:])[+-]\d{2}:?\d{2}\b")


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> datetime | None:
    """One configured dateparser call, cached by text (a call costs about a millisecond): a naive
    wall time when the text names no zone; aware when it gives a numeric offset ('+0530'); None when
    it names a zone we do not read (CST is China's or America's, IST India's or Israel's)."""
    import dateparser
    from dateparser.timezone_parser import pop_tz_offset_from_string

    rest, zone = pop_tz_offset_from_string(text)
    if zone is not None and not _NUMERIC_OFFSET.search(text):
        return None
    value = dateparser.parse(rest, languages=["id", "en"], settings=_DATEPARSER_SETTINGS)
    if value is None or zone is None:
        return value
    return value.replace(tzinfo=timezone(zone.utcoffset(None)))


def zone_of(texts: list[str], default: tzinfo) -> tzinfo:
    """The zone a page writes its times in (WIB/WITA/WIT), else the site's."""
    for text in texts:
        match = _ZONE_WORD.search(text)
        if match:
            return ZONES[match.group(1)]
    return default


def zone_named(text: str) -> tzinfo | None:
    """The zone a text names ('WITA', 'UTC', 'GMT+8', 'UTC+07:00'), else None."""
    match = _ZONE.search(text)
    if not match:
        return None
    name = match.group("name")
    if name in ZONES and not match.group("sign"):
        return ZONES[name]
    base = (
        timedelta(hours=FOREIGN_ZONES.get(name, 0))
        if name not in ZONES
        else ZONES[name].utcoffset(None) or timedelta(0)
    )
    if match.group("sign"):
        shift = timedelta(hours=int(match.group("hours")), minutes=int(match.group("minutes") or 0))
        if shift > timedelta(hours=14):
            return None
        base = base + shift if match.group("sign") == "+" else base - shift
    return timezone(base)


MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2, "maret": 3,
    "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7,
    "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8, "agt": 8, "aug": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10, "november": 11, "nopember": 11, "nov": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip
# ANTARA's own date shapes, read without dateparser: "Rabu, 12 Februari 2025 17:26 WIB", "5 November 2015"
_PAGE_DATE = re.compile(
    r"^\s*(?:[A-Za-z']+,?\s+)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})"
    r"(?:\s*,?\s*(?:pukul\s+|jam\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?)?\s*$",
    re.I,
)
_EPOCH = re.compile(r"^\d{9,13}$")


def _antara_date(text: str) -> datetime | None:
    """A naive datetime from ANTARA's own date shapes (a regular expression: no dateparser)."""
    match = _PAGE_DATE.match(text)
    if not match or match.group("month").lower() not in MONTHS:
        return None
    try:
        return datetime(
            int(match.group("year")), MONTHS[match.group("month").lower()], int(match.group("day")),
            int(match.group("hour") or 0), int(match.group("minute") or 0), int(match.group("second") or 0),
        )  # fmt: skip
    except ValueError:
        return None


def _page_date(text: str) -> datetime | None:
    """ANTARA's own date shapes, else dateparser (slower; cached)."""
    return _antara_date(text) or (_dateparser(text) if text and not _PAGE_DATE.match(text) else None)


def parse_datetime(text: str, tz: tzinfo) -> datetime | None:
    """ISO 8601, a Unix time, or page text ("Rabu, 12 Februari 2025 17:26 WIB | 1.229 Views",
    "10:26 UTC", "18:26 GMT+8") → an aware datetime. A zone the text names is honoured: WIB, WITA
    and WIT stay as written, any other is shown in tz, the page's zone; a time with no zone is in tz;
    a number is seconds (or milliseconds) since 1970 in UTC, never the host's zone."""
    text = text.strip()
    value: datetime | None
    if _EPOCH.match(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return shown_in(datetime.fromtimestamp(seconds, UTC), tz)
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        local = text.split("|")[0]
        zone = zone_named(local)
        value = _page_date(_ZONE.sub("", local).strip(" ,"))
        if value is None:
            return None
        if value.tzinfo is not None:  # an offset in the text that dateparser read
            return shown_in(value, tz)
        if zone is None:
            return value.replace(tzinfo=tz)
        value = value.replace(tzinfo=zone)
        return value if any(zone is z for z in ZONES.values()) else shown_in(value, tz)
    return value.replace(tzinfo=tz) if value.tzinfo is None else shown_in(value, tz)


def shown_in(value: datetime, tz: tzinfo) -> datetime:
    try:
        return value.astimezone(tz)
    except OverflowError:  # 9999-12-31T23:00-12:00: too far out to convert, and distrusted anyway
        return value


def parse_listing_time(text: str | None, tz: tzinfo, now: datetime) -> datetime | None:
    """A listing card's time: '20 Februari 2026 19:00 WIB', '2 hours ago', 'kemarin' (relative to now)."""
    if not text:
        return None
    zone = zone_named(text)
    tz = zone or tz
    rest = _ZONE.sub("", text).strip(" ,|")
    base = now.astimezone(tz).replace(tzinfo=None)
    value = _antara_date(rest) or relative_time(rest, base)
    if value is None:
        import dateparser

        settings = dict(_DATEPARSER_SETTINGS, RELATIVE_BASE=base)
        value = dateparser.parse(rest, languages=["id", "en"], settings=settings)
    return value.replace(tzinfo=tz) if value else None


_UNITS = {
    "detik": "seconds", "second": "seconds", "sec": "seconds", "menit": "minutes", "minute": "minutes",
    "min": "minutes", "jam": "hours", "hour": "hours", "hr": "hours", "hari": "days", "day": "days",
    "minggu": "weeks", "pekan": "weeks", "week": "weeks",
}  # fmt: skip
_RELATIVE = re.compile(
    r"^(?:(?P<count>\d{1,4}|an?|se)\s*(?P<unit>detik|menit|jam|hari|minggu|pekan|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)"
    r"\s+(?:ago|(?:yang\s+)?lalu)|(?P<word>yesterday|kemarin|today|hari ini|just now|baru saja))$",
    re.I,
)


def relative_time(text: str, now: datetime) -> datetime | None:
    """'2 hours ago', '3 jam lalu', '5 menit yang lalu', 'an hour ago', 'yesterday', 'kemarin': now minus
    that much, as dateparser reads them (months and years, whose length varies, are left to it)."""
    match = _RELATIVE.match(text.strip())
    if not match:
        return None
    word = (match.group("word") or "").lower()
    if word:
        return now - timedelta(days=1) if word in ("yesterday", "kemarin") else now
    count = match.group("count").lower()
    unit = match.group("unit").lower()
    unit = _UNITS.get(unit) or _UNITS[unit.rstrip("s")]
    return now - timedelta(**{unit: 1 if count in ("a", "an", "se") else int(count)})


FUTURE_TOLERANCE = timedelta(days=1)
EARLIEST_YEAR = 1996  # no ANTARA page is older: the agency's web era (an earlier date is a placeholder)
DISAGREEMENT = timedelta(hours=1)  # structured data and the visible date may differ by rounding, not more


def first_datetime(candidates: list[str], tz: tzinfo, latest: datetime | None = None) -> tuple[str | None, list[str]]:
    """(the first candidate that parses and is plausible, as ISO 8601 with tz's offset; warnings).

    Candidates come best first (JSON-LD, meta tags, the visible date). One that claims a time after
    `latest` (the fetch, +1 day) or before EARLIEST_YEAR is not trusted: passed over, with a warning.
    When another plausible candidate disagrees with the one kept by more than DISAGREEMENT, the first
    is kept (structured data is what the site's own systems wrote) and the disagreement is a warning.
    """
    warnings: list[str] = []
    trusted: list[tuple[str, datetime]] = []
    for text in candidates:
        value = parse_datetime(text, tz)
        if value is None:
            continue
        if latest and value > latest + FUTURE_TOLERANCE:
            warnings.append(
                f"date in the future not trusted: {text!r} (fetched {latest.isoformat(timespec='seconds')})"
            )
        elif value.year < EARLIEST_YEAR:
            warnings.append(f"date before {EARLIEST_YEAR} not trusted: {text!r}")
        else:
            trusted.append((text, value))
    if not trusted:
        return None, warnings
    (kept_text, kept), others = trusted[0], trusted[1:]
    apart = next(((text, value) for text, value in others if abs(value - kept) > DISAGREEMENT), None)
    if apart:
        hours = abs(apart[1] - kept).total_seconds() / 3600
        warnings.append(f"dates disagree by {hours:.1f} hours: kept {kept_text!r}, not {apart[0]!r}")
    return kept.isoformat(timespec="seconds"), warnings
