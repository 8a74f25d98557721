"""Date windows for backfills and refreshes: since=2025-02-01, until=2025-02-28, since=2d."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.I)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(value: str) -> timedelta:
    """'30m', '12h', '2d', '1w' → timedelta."""
    match = _RELATIVE.match(value or "")
    if not match:
        raise ValueError(f"not a duration: {value!r} (use e.g. 30m, 12h, 2d, 1w)")
    try:
        return timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
    except OverflowError:
        raise ValueError(f"duration too long: {value!r}") from None


def parse_bound(value: str | None, now: datetime) -> date | datetime | None:
    """A window end: an ISO date (the article's local day), an ISO time, or a duration ago (2d)."""
    if not value:
        return None
    if _RELATIVE.match(value):
        try:
            return now - parse_duration(value)
        except OverflowError:
            raise ValueError(f"duration too long: {value!r}") from None
    try:
        return date.fromisoformat(value) if len(value) == 10 else _aware(datetime.fromisoformat(value))
    except ValueError:
        raise ValueError(
            f"not a date, time or duration: {value!r} (use 2025-02-01, 2025-02-01T08:00+07:00 or 2d)"
        ) from None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Window:
    since: date | datetime | None = None
    until: date | datetime | None = None

    @classmethod
    def parse(cls, since: str | None, until: str | None, now: datetime | None = None) -> Window:
        now = now or datetime.now(UTC)
        window = cls(parse_bound(since, now), parse_bound(until, now))
        if window.since and window.until and _start(window.since) > _start(window.until):
            raise ValueError(f"since ({since}) is after until ({until})")
        return window

    def __bool__(self) -> bool:
        return bool(self.since or self.until)

    def before(self, moment: datetime, slack: timedelta = timedelta(0)) -> bool:
        """Older than since (moment carries its page's local offset), by more than slack."""
        if self.since is None:
            return False
        moment = moment + slack
        return moment.date() < self.since if _is_date(self.since) else moment < self.since

    def after(self, moment: datetime, slack: timedelta = timedelta(0)) -> bool:
        """Newer than until (a date includes its whole day), by more than slack."""
        if self.until is None:
            return False
        moment = moment - slack
        return moment.date() > self.until if _is_date(self.until) else moment >= self.until

    def contains(self, moment: datetime, slack: timedelta = timedelta(0)) -> bool:
        return not self.before(moment, slack) and not self.after(moment, slack)


def _is_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _start(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day, tzinfo=UTC)


def bound_text(value: date | datetime | None) -> str | None:
    """A resolved bound as text that parse_bound reads back as the same bound ('2d' already applied)."""
    return value.isoformat() if value is not None else None
