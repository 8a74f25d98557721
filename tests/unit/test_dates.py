"""Table tests for publication times and in-text date mentions."""

from datetime import datetime

import pytest

from antara_crawler.normalize.dates import find_date_mentions, first_datetime, parse_datetime
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
