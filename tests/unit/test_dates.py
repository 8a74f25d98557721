"""Table tests for publication times and in-text date mentions."""

from datetime import datetime

import pytest

from antara_crawler.normalize.dates import first_datetime, parse_datetime
from antara_crawler.normalize.mentions import find_date_mentions
from antara_crawler.sites import WIB, WIT


@pytest.mark.parametrize(
    "candidates, tz, iso",
    [
        (["Rabu, 12 Februari 2025 17:26 WIB"], WIB, "2025-02-12T17:26:00+07:00"),
        (["Jumat, 7 November 2025 10:15 WITA"], WIB, "2025-11-07T10:15:00+08:00"),  # the page's zone word wins
        (["Senin, 3 Maret 2025 14:05 WIT"], WIB, "2025-03-03T14:05:00+09:00"),
        (["Kamis, 5 November 2015 14:56 WIB | 1.229 Views"], WIB, "2015-11-05T14:56:00+07:00"),
        (["2025-02-12T17:26:00+07:00"], WIB, "2025-02-12T17:26:00+07:00"),
        (["2025-03-03T05:05:00+00:00"], WIT, "2025-03-03T14:05:00+09:00"),  # UTC shown in the page's zone
        (["2025-03-03T05:05:00Z"], WIT, "2025-03-03T14:05:00+09:00"),
        (["2025-02-12 17:26:00"], WIB, "2025-02-12T17:26:00+07:00"),  # naive: the site's zone
        (["Wednesday, 12 February 2025 17:26 WIB"], WIB, "2025-02-12T17:26:00+07:00"),
        (["not a date", "Rabu, 12 Februari 2025 17:26 WIB"], WIB, "2025-02-12T17:26:00+07:00"),  # first that parses
        (["not a date"], WIB, None),
        ([], WIB, None),
    ],
)
def test_first_datetime(candidates, tz, iso):
    assert first_datetime(candidates, tz) == (iso, [])


FETCHED = datetime.fromisoformat("2026-11-25T21:30:00+00:00")


@pytest.mark.parametrize(
    "candidates, iso, warned",
    [
        (["2099-01-01T10:00:00+07:00"], None, 1),  # far in the future: not trusted, never guessed
        (
            ["2099-01-01T10:00:00+07:00", "Rabu, 12 Februari 2025 17:26 WIB"],
            "2025-02-12T17:26:00+07:00",
            1,
        ),  # a plausible one wins
        (
            ["2026-11-26T10:00:00+07:00"],
            "2026-11-26T10:00:00+07:00",
            0,
        ),  # within a day of the fetch: clocks and zones differ
        (["2026-11-28T10:00:00+07:00"], None, 1),
    ],
)
def test_first_datetime_distrusts_the_future(candidates, iso, warned):
    found, warnings = first_datetime(candidates, WIB, FETCHED)
    assert found == iso and len(warnings) == warned
    assert all(w.startswith("date in the future not trusted") for w in warnings)


def test_parse_datetime_day_comes_first():
    assert parse_datetime("5/2/2025 10:00", WIB).isoformat() == "2025-02-05T10:00:00+07:00"


PUBLISHED = datetime.fromisoformat("2025-02-12T17:26:00+07:00")  # a Wednesday
NEW_YEAR = datetime.fromisoformat("2025-01-02T09:00:00+07:00")  # a Thursday


def dates(text, published=PUBLISHED):
    return [(m["text"], m["date"], m.get("warning")) for m in find_date_mentions(text, published)]


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("pada Rabu (12/2).", PUBLISHED, [("Rabu (12/2)", "2025-02-12", None)]),
        ("pada Kamis (27/2).", PUBLISHED, [("Kamis (27/2)", "2025-02-27", None)]),  # dateparser 'past' says 2024-02-27
        (
            "pada Senin (12/2).",
            PUBLISHED,
            [("Senin (12/2)", None, "weekday does not match the date")],
        ),  # 2024-02-12 was a Monday: still no guess
        ("pada Senin (31/8/2020).", PUBLISHED, [("Senin (31/8/2020)", "2020-08-31", None)]),
        ("pada Selasa (31/8/2020).", PUBLISHED, [("Selasa (31/8/2020)", None, "weekday does not match the date")]),
        ("pada Senin (31/8/20).", PUBLISHED, [("Senin (31/8/20)", "2020-08-31", None)]),
        ("pada Senin (31/2).", PUBLISHED, [("Senin (31/2)", None, "impossible date")]),
        ("pada Senin (12/13).", PUBLISHED, [("Senin (12/13)", None, "impossible date")]),
        ("pada Senin (29/2/2025).", PUBLISHED, [("Senin (29/2/2025)", None, "impossible date")]),
        ("pada Kamis (29/2).", PUBLISHED, [("Kamis (29/2)", "2024-02-29", None)]),  # a leap day a year back
        ("pada Selasa (31/12).", NEW_YEAR, [("Selasa (31/12)", "2024-12-31", None)]),  # across the year boundary
        ("pada Jumat (3/1).", NEW_YEAR, [("Jumat (3/1)", "2025-01-03", None)]),
        ("pada Jum'at (3/1).", NEW_YEAR, [("Jum'at (3/1)", "2025-01-03", None)]),
        ("kata dia di Jakarta, Rabu.", NEW_YEAR, [("Rabu", "2025-01-01", None)]),  # bare: on or before publication
        ("kata dia di Jakarta, Kamis.", NEW_YEAR, [("Kamis", "2025-01-02", None)]),  # same day
        ("dari Mataram, Kamis, mengatakan bahwa", NEW_YEAR, [("Kamis", "2025-01-02", None)]),
        ("Toko itu buka Senin, Selasa, dan Rabu.", NEW_YEAR, []),  # a list of days is not reported speech
        ("Hari Rabu cerah.", NEW_YEAR, []),
        ("Tidak ada tanggal.", NEW_YEAR, []),
    ],
)
def test_date_mentions(text, published, expected):
    assert dates(text, published) == expected


def test_mention_with_time_and_zone():
    published = datetime.fromisoformat("2015-11-05T14:56:43+07:00")
    [mention] = find_date_mentions("sampai Jumat (6/11) pukul 08.45 WITA.", published)
    assert mention == {
        "text": "Jumat (6/11) pukul 08.45 WITA",
        "start": 7,
        "end": 36,
        "date": "2015-11-06",
        "datetime": "2015-11-06T08:45+08:00",
    }


def test_mention_positions_index_the_text():
    text = "Rapat pada Selasa (18/3) dan Rabu (19/3)."
    for m in find_date_mentions(text, datetime.fromisoformat("2025-03-19T15:00:00+07:00")):
        assert text[m["start"] : m["end"]] == m["text"]


def test_no_publication_time_no_guesses():
    assert find_date_mentions("pada Rabu (12/2).", None) == []


@pytest.mark.parametrize(
    "text, iso",
    [
        (
            "Rabu, 12 Februari 2025 10:26 UTC",
            "2025-02-12T17:26:00+07:00",
        ),  # another zone: converted, never read as local
        ("12 Februari 2025 18:26 GMT+8", "2025-02-12T17:26:00+07:00"),
        ("12 February 2025 11:26 CET", "2025-02-12T17:26:00+07:00"),
        ("11 February 2025 23:26 EST", "2025-02-12T11:26:00+07:00"),
        ("12 Feb 2025 19:26 JST", "2025-02-12T17:26:00+07:00"),
        ("12 Feb 2025 15:56 UTC+05:30", "2025-02-12T17:26:00+07:00"),
        ("12 Feb 2025 15:56 +0530", "2025-02-12T17:26:00+07:00"),
        ("12 Feb 2025 10:26 CST", None),  # China's or America's: not read rather than guessed
        ("1739355960", "2025-02-12T17:26:00+07:00"),  # a Unix time is UTC, whatever the host's zone
        ("1739355960000", "2025-02-12T17:26:00+07:00"),  # in milliseconds
        ("31 Februari 2025 10:00", None),  # no such day: not guessed
        ("Rabu, 12 Februari 2025 17:26 WIB", "2025-02-12T17:26:00+07:00"),
        ("12 Februari 2025", "2025-02-12T00:00:00+07:00"),
    ],
)
def test_explicit_zones_are_honoured(text, iso):
    found = parse_datetime(text, WIB)
    assert (found.isoformat() if found else None) == iso


def test_a_unix_time_does_not_depend_on_the_hosts_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert parse_datetime("1739355960", WIB).isoformat() == "2025-02-12T17:26:00+07:00"
        assert parse_datetime("12 Feb 2025 10:26", WIB).isoformat() == "2025-02-12T10:26:00+07:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize(
    "candidates, iso, warning",
    [
        (["0001-01-01T00:00:00+07:00"], None, "date before 1996 not trusted: '0001-01-01T00:00:00+07:00'"),
        (
            ["1900-05-01T10:00:00+07:00", "Rabu, 12 Februari 2025 17:26 WIB"],
            "2025-02-12T17:26:00+07:00",
            "date before 1996 not trusted",
        ),
        (["9999-12-31T23:00:00-12:00"], None, "date in the future not trusted: '9999-12-31T23:00:00-12:00'"),
        (
            ["2025-02-12T10:26:00+07:00", "Rabu, 12 Februari 2025 17:26 WIB"],
            "2025-02-12T10:26:00+07:00",
            "dates disagree by 7.0 hours: kept '2025-02-12T10:26:00+07:00', not 'Rabu, 12 Februari 2025 17:26 WIB'",
        ),
        (
            ["2025-02-12T17:26:30+07:00", "Rabu, 12 Februari 2025 17:26 WIB"],
            "2025-02-12T17:26:30+07:00",
            None,
        ),  # rounding: agree
    ],
)
def test_implausible_and_conflicting_dates_are_warnings(candidates, iso, warning):
    found, warnings = first_datetime(candidates, WIB, FETCHED)
    assert found == iso
    assert warnings[0].startswith(warning) if warning else warnings == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sampai Jumat (6/11) pukul 08.45 WITA.", "2015-11-06T08:45+08:00"),  # an Indonesian zone: as written
        ("sampai Jumat (6/11) pukul 01.45 UTC.", "2015-11-06T08:45+07:00"),  # another: in the page's zone
        ("sampai Jumat (6/11) pukul 09.45 GMT+8.", "2015-11-06T08:45+07:00"),
        ("sampai Jumat (6/11) pukul 08.45.", "2015-11-06T08:45+07:00"),
    ],
)
def test_mention_times_honour_their_zone(text, expected):
    [mention] = find_date_mentions(text, datetime.fromisoformat("2015-11-05T14:56:43+07:00"))
    assert mention["datetime"] == expected and mention["date"] == "2015-11-06"


def test_mentions_are_found_in_linear_time_and_capped():
    """8,000 reported-speech weekdays: linear (this ran for 8 s when each looked back over the whole
    text); at most MAX_MENTIONS, the last saying the rest were not read."""
    from antara_crawler.normalize.mentions import MAX_MENTIONS

    text = "Pertemuan itu penting, kata Menteri di Jakarta, Rabu. " * 8000
    mentions = find_date_mentions(text, PUBLISHED)
    assert len(mentions) == MAX_MENTIONS and all(m["date"] == "2025-02-12" for m in mentions)
    assert mentions[-1]["warning"] == f"more than {MAX_MENTIONS} date mentions: the rest were not read"
    assert "warning" not in mentions[-2]
