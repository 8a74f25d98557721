"""Date windows: durations, local days, instants."""

from datetime import UTC, datetime, timedelta

import pytest

from antara_crawler.window import Window, bound_text, parse_bound, parse_duration

NOW = datetime(2025, 2, 12, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value, delta",
    [
        ("30m", timedelta(minutes=30)),
        ("12h", timedelta(hours=12)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        (" 3D ", timedelta(days=3)),
    ],
)
def test_parse_duration(value, delta):
    assert parse_duration(value) == delta


@pytest.mark.parametrize("value", ["", "2", "d2", "2y", "-1d"])
def test_parse_duration_rejects(value):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(value)


def test_window_dates_are_local_days():
    window = Window.parse("2025-02-01", "2025-02-28", NOW)
    assert window.contains(datetime.fromisoformat("2025-02-01T00:05:00+08:00"))  # 1 Feb in Mataram, 31 Jan in UTC
    assert window.contains(datetime.fromisoformat("2025-02-28T23:59:00+07:00"))
    assert window.before(datetime.fromisoformat("2025-01-31T23:59:00+07:00"))
    assert window.after(datetime.fromisoformat("2025-03-01T00:00:00+09:00"))
    assert window.contains(datetime.fromisoformat("2025-01-31T12:00:00+07:00"), slack=timedelta(days=1))


def test_window_times_and_relative():
    window = Window.parse("2d", None, NOW)
    assert window.since == NOW - timedelta(days=2) and window.until is None
    assert window.contains(NOW) and window.before(NOW - timedelta(days=3))
    exact = Window.parse("2025-02-01T08:00:00+07:00", "2025-02-01T09:00:00+07:00", NOW)
    assert exact.contains(datetime.fromisoformat("2025-02-01T08:00:00+07:00"))
    assert exact.after(datetime.fromisoformat("2025-02-01T09:00:00+07:00"))  # until a time: exclusive
    assert not Window.parse(None, None, NOW)


@pytest.mark.parametrize(
    "since, until, message", [("2025-03-01", "2025-02-01", "is after until"), ("kemarin", None, "not a date")]
)
def test_window_rejects(since, until, message):
    with pytest.raises(ValueError, match=message):
        Window.parse(since, until, NOW)


@pytest.mark.parametrize("value", ["2d", "2025-02-01", "2025-02-01T08:00:00+07:00", None])
def test_a_resolved_bound_reads_back_as_itself(value):
    bound = parse_bound(value, NOW)
    assert parse_bound(bound_text(bound), NOW) == bound


@pytest.mark.parametrize("value", ["999999999d", "02/01/2025", "2025-13-01", "kemarin"])
def test_bad_bounds_are_one_clear_error(value):
    with pytest.raises(ValueError, match=r"not a date|too long"):
        parse_bound(value, NOW)
