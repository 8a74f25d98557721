"""In-text date mentions: "Rabu (12/2)", "Senin 13 Desember 2021", "4-6 November", "on Tuesday
(Oct 8)", "Jumat lalu", resolved against the publication time by the calendar, never guessed.

A mention with a year is that date. Without one, direction words choose the side of the publication
day it falls on ("lalu", "sejak", "kemarin", "tadi", "last", "ago" → on or before; "mendatang",
"depan", "nanti", "akan", "next", "will" → on or after; none → the nearest), and a weekday written
with it must agree with the date chosen: else the mention keeps its text with a null date and a
warning. A bare weekday ("pada Rabu", "kata dia, Rabu.", "Senin mendatang", "on Monday") is the
nearest such day on the side its words give: on or before the publication day when they give none.
Words that make a weekday no date ("setiap Senin", "Minggu ini", "dua Minggu", "Black Friday") are
not read. Every mention says where it is: start/end index the body.
"""

from __future__ import annotations

import bisect
import itertools
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..sites import ZONES
from .dates import MONTHS, ZONE_TEXT, shown_in, zone_named

MAX_MENTIONS = 2000  # more in one article is not prose: the rest are not read (and a warning says so)

WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5, "minggu": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_WD_ID = r"Senin|Selasa|Rabu|Kamis|Jum['’]?at|Sabtu|Minggu"
_WD_EN = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WD = rf"(?:{_WD_ID}|{_WD_EN})"
_MONTH = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_PART = r"(?:pagi|siang|sore|petang|malam|dini\s+hari)"
_TO = r"\s*(?:-|–|—|s\.\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga|to|until)\s*"
_TIME = (
    rf"(?:\s*,?\s*(?:pukul|jam|at)\s+(?P<hour>\d{{1,2}})[.:](?P<minute>\d{{2}})(?:\s*(?P<zone>{ZONE_TEXT})(?![\w]))?)?"
)
_NOT_DIGIT = r"(?![\d/])"

# "Rabu (12/2)", "Rabu malam (4/11)", "Senin-Rabu (10-12/2)", "Senin (31/8/2020) pukul 08.45 WITA"
_NUMERIC = re.compile(
    rf"(?P<wd>{_WD})(?:\s*-\s*(?P<wd2>{_WD}))?(?:\s+{_PART})?\s*\(\s*(?P<d1>\d{{1,2}})(?:\s*-\s*(?P<d2>\d{{1,2}}))?"
    rf"\s*/\s*(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{4}}|\d{{2}}))?\s*\){_TIME}"
)
# "Tuesday (Oct 8)", "Wednesday (Feb 12, 2025)"
_PAREN_MONTH = re.compile(
    rf"(?P<wd>{_WD})\s*\(\s*(?P<mon>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:,?\s+(?P<y>\d{{4}}))?\s*\)"
)
# "Senin 13 Desember 2021", "Rabu, 12 Februari 2025", "12 Februari", "4-6 November", "10 s.d. 12 Februari"
_DAY_MONTH = re.compile(
    rf"(?:(?P<wd>{_WD})(?:\s+{_PART})?,?\s+)?(?<![\d.,])(?P<d1>\d{{1,2}})(?:{_TO}(?P<d2>\d{{1,2}}))?\s+(?P<mon>{_MONTH})\b\.?"
    rf"(?:\s+(?P<y>\d{{4}}){_NOT_DIGIT})?{_TIME}"
)
# "May 16", "Oct 18, 2018", "Monday, Feb 12, 2025", "Oct 8-10"
_MONTH_DAY = re.compile(
    rf"(?:(?P<wd>{_WD_EN}),?\s+)?\b(?P<mon>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:{_TO}(?P<d2>\d{{1,2}}))?{_NOT_DIGIT}"
    rf"(?:,?\s+(?P<y>\d{{4}}){_NOT_DIGIT})?"
)
# Where those two may begin: a day before a capitalised word, a capitalised word before a day. Python's
# re tries an optional leading weekday at every position of a text; these find the few places worth
# trying (each pattern is then matched there, from the weekday before it if there is one).
_DAY_MONTH_AT = re.compile(
    r"\d{1,2}(?:\s*(?:-|–|—|s\.\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga|to|until)\s*\d{1,2})?\s+[A-Z]"
)
_MONTH_DAY_AT = re.compile(r"[A-Z][a-z]{2,8}\.?\s+\d")
_WD_BEFORE = re.compile(rf"(?:{_WD})(?:\s+{_PART})?,?\s+$")
_WD_EN_BEFORE = re.compile(rf"(?:{_WD_EN}),?\s+$")
# A dateline's date: "31/12/2021", "7/12"
_DATE_ONLY = re.compile(r"(?P<d1>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}|\d{2}))?")
# Bare weekdays, in the contexts that make them a date
_BARE_BEFORE = re.compile(
    rf"(?P<lead>pada|sejak|hingga|sampai|on|last|next|since|until|by)\s+(?P<wd>{_WD})\b(?!\s*[(,]?\s*\d)"
)
_BARE_AFTER = re.compile(rf"(?P<wd>{_WD})\s+(?P<trail>lalu|kemarin|mendatang|depan|nanti)\b")
_BARE_CLAUSE = re.compile(rf",\s+(?P<wd>{_WD_ID})(?=\s*[.,;])(?!\s*\()")  # "…, kata Guo di Beijing, Rabu."
_AT_PLACE = re.compile(r"\bdi\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*\s*$")  # "…disampaikan di Jakarta, Rabu."
_SAYING = re.compile(
    r"\b(?:kata|katanya|ujar|ujarnya|ucap|ucapnya|ungkap|ungkapnya|tutur|tuturnya|jelas|jelasnya|tegas|"
    r"tegasnya|sebut|sebutnya|papar|paparnya|terang|tambah|tambahnya|mengatakan|menyatakan|menjelaskan|"
    r"menegaskan|menyebutkan|mengungkapkan|menuturkan|menambahkan|menurut|said|told)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?]\s")
# What makes a weekday no date: "setiap Senin" (every), "dua Minggu" (two weeks), "Minggu ini" (this week)
_NOT_A_DAY_BEFORE = re.compile(
    r"\b(?:setiap|tiap|saban|per|every|each|Black|Good|Cyber|Super|Holy|Ash|Palm|Easter)\s+$"
    r"|\b(?:\d+|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belasan|puluhan|beberapa|sekian|"
    r"beberapa|berminggu|dalam|selama)\s+$",
    re.I,
)
_NOT_A_DAY_AFTER = re.compile(r"^\s*(?:ini|itu|-minggu|-an)\b", re.I)
# "Minggu" is also "week": with these it means last/next week, not a Sunday
_WEEK_WORDS = {"lalu", "depan", "mendatang", "kemarin", "nanti"}
_PAST_AFTER = re.compile(r"^\s*(?:lalu|kemarin|yang lalu|ago)\b", re.I)
_FUTURE_AFTER = re.compile(r"^\s*(?:mendatang|depan|nanti|yang akan datang)\b", re.I)
_PAST_BEFORE = re.compile(r"\b(?:sejak|tadi|kemarin|last|since|earlier|sebelumnya)\b[^.;]{0,40}$", re.I)
_FUTURE_BEFORE = re.compile(
    r"\b(?:akan|nanti|mendatang|next|will|rencananya|dijadwalkan|scheduled)\b[^.;]{0,40}$", re.I
)


def _weekday(name: str | None) -> int | None:
    return WEEKDAYS[name.lower().replace("'", "").replace("’", "")] if name else None


def _direction(text: str, start: int, end: int, lead: str | None = None) -> str | None:
    """'past', 'future' or None, from the words around a mention (its own lead word first)."""
    lead = (lead or "").lower()
    if lead in ("sejak", "last", "since"):
        return "past"
    if lead in ("next", "hingga", "sampai", "until", "by"):
        return "future"
    after, before = text[end : end + 25], text[max(0, start - 60) : start]
    if _PAST_AFTER.match(after):
        return "past"
    if _FUTURE_AFTER.match(after):
        return "future"
    if _PAST_BEFORE.search(before):
        return "past"
    if _FUTURE_BEFORE.search(before):
        return "future"
    return None


def _on(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _choose(day: int, month: int, year: int | None, published: date, direction: str | None) -> date | None:
    """The date meant: the year given, else the side of the publication day the direction gives
    (the nearest when none)."""
    if year is not None:
        return _on(year, month, day)
    found = [d for y in (published.year - 1, published.year, published.year + 1) if (d := _on(y, month, day))]
    if direction == "past":
        found = [d for d in found if d <= published]
        return max(found) if found else None
    if direction == "future":
        found = [d for d in found if d >= published]
        return min(found) if found else None
    return min(found, key=lambda d: abs((d - published).days)) if found else None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) + (2000 if len(text) == 2 else 0)


def _month(found: dict[str, str | None]) -> int | None:
    if found.get("m"):
        return int(found["m"] or 0)
    return MONTHS.get((found.get("mon") or "").lower().rstrip("."))


def _dated(text: str, match: re.Match, published: datetime) -> dict[str, Any]:
    """A mention with a day and a month (and perhaps a year, a weekday, a range, a time)."""
    g = match.groupdict()
    text_found = match.group(0).rstrip(" ,.")
    mention: dict[str, Any] = {
        "text": text_found,
        "start": match.start(),
        "end": match.start() + len(text_found),
        "date": None,
    }
    month, year = _month(g), _year(g.get("y"))
    day, last = int(g["d1"] or 0), g.get("d2")
    direction = _direction(text, match.start(), match.end())
    found = _choose(day, month, year, published.date(), direction) if month else None
    if found is None:
        mention["warning"] = (
            "impossible date" if direction is None or year else "no such date on that side of publication"
        )
        return mention
    wd = _weekday(g.get("wd"))
    if wd is not None and found.weekday() != wd:
        mention["warning"] = "weekday does not match the date"
        return mention
    mention["date"] = found.isoformat()
    if last:
        until = _on(found.year, found.month, int(last))
        wd2 = _weekday(g.get("wd2"))
        if until is None or until <= found or (wd2 is not None and until.weekday() != wd2):
            mention["date"], mention["warning"] = None, "impossible range"
            return mention
        mention["end_date"] = until.isoformat()
    elif g.get("hour"):
        _add_time(mention, g, found, published)
    return mention


def _add_time(mention: dict[str, Any], g: dict[str, Any], found: date, published: datetime) -> None:
    hour, minute = int(g["hour"]), int(g["minute"])
    if hour > 23 or minute > 59:
        mention["warning"] = "impossible time"
        return
    page_zone = published.tzinfo or UTC
    zone = zone_named(g["zone"]) if g.get("zone") else page_zone
    if zone is None:
        mention["warning"] = "time in a zone not read"
        return
    moment = datetime(found.year, found.month, found.day, hour, minute, tzinfo=zone)
    if not any(zone is z for z in (*ZONES.values(), page_zone)):
        moment = shown_in(moment, page_zone)  # "pukul 10.26 UTC": shown in the page's zone
    mention["datetime"] = moment.isoformat(timespec="minutes")


def _bare(text: str, match: re.Match, published: datetime, lead: str | None = None) -> dict[str, Any] | None:
    """A weekday alone: the nearest such day on the side its words give (on or before publication
    when they give none); None when the words around it make it no date."""
    name, start, end = match.group("wd"), match.start("wd"), match.end("wd")
    if _NOT_A_DAY_BEFORE.search(text[max(0, start - 25) : start]) or _NOT_A_DAY_AFTER.match(text[end : end + 10]):
        return None
    trail = text[end : end + 12].split()[:1]
    if name == "Minggu" and trail and trail[0].lower().strip(".,;") in _WEEK_WORDS:
        return None  # "Minggu lalu" is last week
    weekday = _weekday(name)
    assert weekday is not None
    direction = _direction(text, start, end, lead)
    day = published.date()
    if direction == "future":
        strict = (lead or "").lower() == "next" or bool(re.match(r"\s+(?:mendatang|depan)", text[end:]))
        found = day + timedelta(days=(weekday - day.weekday()) % 7 or (7 if strict else 0))
    else:
        strict = (lead or "").lower() == "last" or bool(re.match(r"\s+(?:lalu|kemarin)", text[end:]))
        found = day - timedelta(days=(day.weekday() - weekday) % 7 or (7 if strict else 0))
    return {"text": name, "start": start, "end": end, "date": found.isoformat()}


def _sentence_bounds(text: str) -> list[int]:
    """Where each sentence starts: 0 and the end of every '. ', '! ', '? ' (one pass over the text)."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def _clause_is_speech_or_place(text: str, match: re.Match, starts: list[int]) -> bool:
    """', Rabu.' closes a clause of reported speech ('kata dia, Rabu.') or a place ('di Jakarta, Rabu.')."""
    i = bisect.bisect_right(starts, match.start()) - 1
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return bool(_SAYING.search(text, starts[i], end)) or bool(_AT_PLACE.search(text, starts[i], match.start()))


def find_date_mentions(text: str, published: datetime | None) -> list[dict]:
    """Every date mention in text with its position, resolved against the publication time. Linear in
    the text's length; at most MAX_MENTIONS (then the last one carries a warning)."""
    if published is None:
        return []
    found: list[tuple[int, int, dict[str, Any]]] = []
    dated = [
        *itertools.islice(_NUMERIC.finditer(text), MAX_MENTIONS + 1),
        *itertools.islice(_PAREN_MONTH.finditer(text), MAX_MENTIONS + 1),
        *_anchored(text, _DAY_MONTH, _DAY_MONTH_AT, _WD_BEFORE),
        *_anchored(text, _MONTH_DAY, _MONTH_DAY_AT, _WD_EN_BEFORE),
    ]
    for match in dated:
        mention = _dated(text, match, published)
        found.append((mention["start"], mention["end"], mention))
    starts = _sentence_bounds(text)
    bare = [
        *(
            (m, m.group("lead"))
            for m in itertools.islice(_BARE_BEFORE.finditer(text), MAX_MENTIONS + 1)
            if _word_start(text, m)
        ),
        *((m, None) for m in itertools.islice(_BARE_AFTER.finditer(text), MAX_MENTIONS + 1) if _word_start(text, m)),
        *(
            (m, None)
            for m in itertools.islice(_BARE_CLAUSE.finditer(text), MAX_MENTIONS + 1)
            if _clause_is_speech_or_place(text, m, starts)
        ),
    ]
    for match, lead in bare:
        alone = _bare(text, match, published, lead)
        if alone:
            found.append((alone["start"], alone["end"], alone))
    mentions = _longest_first(found)
    if len(mentions) > MAX_MENTIONS:
        mentions = mentions[:MAX_MENTIONS]
        mentions[-1]["warning"] = f"more than {MAX_MENTIONS} date mentions: the rest were not read"
    return mentions


def _word_start(text: str, match: re.Match) -> bool:
    """The match begins a word (the patterns leave \\b out: it would make re try every position)."""
    return match.start() == 0 or not text[match.start() - 1].isalnum()


def _anchored(text: str, pattern: re.Pattern, candidates: re.Pattern, weekday_before: re.Pattern) -> list[re.Match]:
    """pattern's matches, tried only where `candidates` finds a place (from the weekday just before it)."""
    found: list[re.Match] = []
    last_end = 0
    for candidate in itertools.islice(candidates.finditer(text), 4 * MAX_MENTIONS):
        start = candidate.start()
        if start < last_end or (start and (text[start - 1].isalnum() or text[start - 1] in ".,")):
            continue
        before = weekday_before.search(text, max(last_end, start - 40), start)
        match = pattern.match(text, before.start() if before else start) or pattern.match(text, start)
        if match:
            found.append(match)
            last_end = match.end()
    return found


def _longest_first(found: list[tuple[int, int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The mentions that do not overlap, a longer one winning over one inside it, in text order."""
    kept: list[dict[str, Any]] = []
    last_end = -1
    for start, end, mention in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if start >= last_end:
            kept.append(mention)
            last_end = end
    return kept


def dateline_mention(date_text: str, published: datetime | None) -> dict[str, Any] | None:
    """The date a dateline carries ("31/12/2021", "7/12", "Oct 18, 2018", "23 Februari 2016") as a
    mention with no body position (where: dateline)."""
    if published is None:
        return None
    text = date_text.strip()
    match = _DATE_ONLY.fullmatch(text) or _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)
    if match is None:
        return None
    mention = _dated(text, match, published)
    mention.update({"start": None, "end": None, "where": "dateline"})
    return mention
