"""Date mentions, a table of real-looking sentences (written for this table, not copied), each row's
expected mentions reviewed by hand and checked by Python's calendar in the test itself: a resolved
weekday is that date's weekday, a direction word puts the date on its side of publication, and
words that make a weekday no date ("setiap Senin", "Minggu ini", "dua Minggu", "Black Friday") leave
it unread. Never a guessed date: what cannot be resolved keeps its text with a null date and a warning."""

import calendar
import re
from datetime import date, datetime

import pytest

from antara_crawler.normalize.mentions import WEEKDAYS, dateline_mention, find_date_mentions

PUBLISHED = {
    "P1": "2025-02-12T17:26:00+07:00",  # a Wednesday
    "P2": "2025-12-29T10:00:00+07:00",  # a Monday, days before a new year
    "P3": "2025-01-02T09:00:00+07:00",  # a Thursday, just after one
    "P4": "2018-10-18T15:00:00+07:00",  # a Thursday (English)
    "P5": "2021-12-13T08:00:00+07:00",  # a Monday
    "P6": "2025-11-05T20:00:00+08:00",  # a Wednesday (WITA)
    "P7": "2020-11-07T10:00:00+08:00",  # a Saturday (WITA)
}
PAST, FUTURE = (
    re.compile(r"\b(lalu|kemarin|sejak|last|since)\b", re.I),
    re.compile(r"\b(mendatang|depan|akan|next|will|hingga)\b", re.I),
)

# (published, sentence, [(mention text, date, end date, warning)])
TABLE = [
    ("P1", "Rapat digelar pada Rabu (12/2).", [("Rabu (12/2)", "2025-02-12", None, None)]),
    ("P1", "Ia tiba Kamis (27/2) mendatang.", [("Kamis (27/2)", "2025-02-27", None, None)]),
    ("P1", "Ia tiba Kamis (27/2).", [("Kamis (27/2)", "2025-02-27", None, None)]),
    ("P1", "pada Senin (12/2).", [("Senin (12/2)", None, None, "weekday does not match the date")]),
    ("P1", "pada Selasa (11/2) kemarin.", [("Selasa (11/2)", "2025-02-11", None, None)]),
    ("P1", "pada Senin (10/2/2025).", [("Senin (10/2/2025)", "2025-02-10", None, None)]),
    ("P1", "pada Senin (10/2/25).", [("Senin (10/2/25)", "2025-02-10", None, None)]),
    ("P1", "pada Senin (31/8/2020).", [("Senin (31/8/2020)", "2020-08-31", None, None)]),
    ("P1", "pada Selasa (31/8/2020).", [("Selasa (31/8/2020)", None, None, "weekday does not match the date")]),
    ("P1", "pada Senin (31/2).", [("Senin (31/2)", None, None, "impossible date")]),
    ("P1", "pada Senin (12/13).", [("Senin (12/13)", None, None, "impossible date")]),
    ("P1", "pada Kamis (29/2).", [("Kamis (29/2)", "2024-02-29", None, None)]),
    ("P1", "pada Sabtu (29/2/2025).", [("Sabtu (29/2/2025)", None, None, "impossible date")]),
    ("P2", "Jalan itu ditutup sejak Rabu (1/1) lalu.", [("Rabu (1/1)", "2025-01-01", None, None)]),
    ("P2", "Jalan itu dibuka Kamis (1/1).", [("Kamis (1/1)", "2026-01-01", None, None)]),
    ("P2", "Acara akan digelar Kamis (1/1) mendatang.", [("Kamis (1/1)", "2026-01-01", None, None)]),
    ("P2", "Acara digelar Rabu (1/1) mendatang.", [("Rabu (1/1)", None, None, "weekday does not match the date")]),
    ("P3", "Pada Selasa (31/12) malam hujan.", [("Selasa (31/12)", "2024-12-31", None, None)]),
    ("P3", "Pada Jumat (3/1) pasar buka.", [("Jumat (3/1)", "2025-01-03", None, None)]),
    ("P3", "Pada Jum'at (3/1) pasar buka.", [("Jum'at (3/1)", "2025-01-03", None, None)]),
    ("P3", "Pada Jum’at (3/1) pasar buka.", [("Jum’at (3/1)", "2025-01-03", None, None)]),
    (
        "P3",
        "Pada Jumat (3/1) pukul 08.45 WITA pasar buka.",
        [("Jumat (3/1) pukul 08.45 WITA", "2025-01-03", None, None)],
    ),
    ("P3", "Pada Jumat (3/1) jam 20:15 WIB.", [("Jumat (3/1) jam 20:15 WIB", "2025-01-03", None, None)]),
    (
        "P3",
        "Pada Jumat (3/1) pukul 25.00 WIB.",
        [("Jumat (3/1) pukul 25.00 WIB", "2025-01-03", None, "impossible time")],
    ),
    ("P3", "Pada Jumat (3/1) pukul 01.45 UTC.", [("Jumat (3/1) pukul 01.45 UTC", "2025-01-03", None, None)]),
    ("P1", "Hujan turun Rabu malam (12/2).", [("Rabu malam (12/2)", "2025-02-12", None, None)]),
    ("P3", "Gempa terjadi Rabu malam (1/1).", [("Rabu malam (1/1)", "2025-01-01", None, None)]),
    ("P3", "Pasar dibuka Minggu pagi (5/1).", [("Minggu pagi (5/1)", "2025-01-05", None, None)]),
    ("P3", "Posko ditutup Sabtu siang (4/1).", [("Sabtu siang (4/1)", "2025-01-04", None, None)]),
    ("P3", "Warga mengungsi Kamis dini hari (2/1).", [("Kamis dini hari (2/1)", "2025-01-02", None, None)]),
    ("P6", "Banjir surut Jumat sore (6/11).", [("Jumat sore (6/11)", None, None, "weekday does not match the date")]),
    ("P6", "Banjir melanda Rabu malam (4/11).", [("Rabu malam (4/11)", None, None, "weekday does not match the date")]),
    ("P7", "Banjir surut Jumat sore (6/11).", [("Jumat sore (6/11)", "2020-11-06", None, None)]),
    ("P7", "Banjir melanda Rabu malam (4/11).", [("Rabu malam (4/11)", "2020-11-04", None, None)]),
    ("P1", "Pameran berlangsung Senin-Rabu (10-12/2).", [("Senin-Rabu (10-12/2)", "2025-02-10", "2025-02-12", None)]),
    (
        "P1",
        "Pameran berlangsung Senin-Rabu (11-13/2).",
        [("Senin-Rabu (11-13/2)", None, None, "weekday does not match the date")],
    ),
    ("P1", "Pameran berlangsung Senin-Selasa (10-9/2).", [("Senin-Selasa (10-9/2)", None, None, "impossible range")]),
    ("P1", "Pameran berlangsung 4-6 November.", [("4-6 November", "2024-11-04", "2024-11-06", None)]),
    ("P1", "Pameran berlangsung 4-6 November 2025.", [("4-6 November 2025", "2025-11-04", "2025-11-06", None)]),
    ("P1", "Pameran berlangsung 10 s.d. 12 Februari.", [("10 s.d. 12 Februari", "2025-02-10", "2025-02-12", None)]),
    ("P1", "Pameran berlangsung 10 s/d 12 Februari.", [("10 s/d 12 Februari", "2025-02-10", "2025-02-12", None)]),
    ("P1", "Pameran berlangsung 10 sampai 12 Februari.", [("10 sampai 12 Februari", "2025-02-10", "2025-02-12", None)]),
    (
        "P1",
        "Pameran berlangsung 10 sampai dengan 12 Februari.",
        [("10 sampai dengan 12 Februari", "2025-02-10", "2025-02-12", None)],
    ),
    (
        "P1",
        "Pameran berlangsung 10 hingga 12 Februari 2025.",
        [("10 hingga 12 Februari 2025", "2025-02-10", "2025-02-12", None)],
    ),
    ("P1", "Pameran berlangsung 20-25 Februari mendatang.", [("20-25 Februari", "2025-02-20", "2025-02-25", None)]),
    ("P5", "Sidang digelar Senin 13 Desember 2021.", [("Senin 13 Desember 2021", "2021-12-13", None, None)]),
    (
        "P5",
        "Sidang digelar Selasa 13 Desember 2021.",
        [("Selasa 13 Desember 2021", None, None, "weekday does not match the date")],
    ),
    ("P1", "Sidang digelar Rabu, 12 Februari 2025.", [("Rabu, 12 Februari 2025", "2025-02-12", None, None)]),
    ("P1", "Sidang digelar 12 Februari.", [("12 Februari", "2025-02-12", None, None)]),
    ("P1", "Sidang ditunda hingga 20 Februari mendatang.", [("20 Februari", "2025-02-20", None, None)]),
    ("P1", "Sidang digelar pada 3 Februari lalu.", [("3 Februari", "2025-02-03", None, None)]),
    ("P1", "Sidang digelar pada 3 Maret lalu.", [("3 Maret", "2024-03-03", None, None)]),
    ("P1", "Sidang digelar pada 3 Maret.", [("3 Maret", "2025-03-03", None, None)]),
    ("P1", "Sidang akan digelar pada 3 Januari.", [("3 Januari", "2026-01-03", None, None)]),
    ("P1", "Sejak 17 Agustus 1945 Indonesia merdeka.", [("17 Agustus 1945", "1945-08-17", None, None)]),
    ("P1", "Pada 1 Mei buruh berunjuk rasa.", [("1 Mei", "2025-05-01", None, None)]),
    ("P1", "Pada 31 April tidak ada apa-apa.", [("31 April", None, None, "impossible date")]),
    ("P1", "Pada 12 Feb. 2025 ia datang.", [("12 Feb. 2025", "2025-02-12", None, None)]),
    ("P1", "Pada 5 Agt 2024 ia datang.", [("5 Agt 2024", "2024-08-05", None, None)]),
    (
        "P1",
        "Sidang pada Kamis, 13 Februari 2025 pukul 09.00 WIB.",
        [("Kamis, 13 Februari 2025 pukul 09.00 WIB", "2025-02-13", None, None)],
    ),
    ("P1", "Harga naik 12 persen pada Februari.", []),
    ("P4", "The minister said on Thursday.", [("Thursday", "2018-10-18", None, None)]),
    ("P4", "The meeting on Tuesday (Oct 16) was closed.", [("Tuesday (Oct 16)", "2018-10-16", None, None)]),
    ("P4", "He arrived Wednesday (Oct 17).", [("Wednesday (Oct 17)", "2018-10-17", None, None)]),
    ("P4", "He arrived Wednesday (Oct 16).", [("Wednesday (Oct 16)", None, None, "weekday does not match the date")]),
    ("P4", "The vote is on Oct 25.", [("Oct 25", "2018-10-25", None, None)]),
    ("P4", "The vote was on Oct 5.", [("Oct 5", "2018-10-05", None, None)]),
    ("P4", "The vote is on October 25.", [("October 25", "2018-10-25", None, None)]),
    ("P4", "The vote is on Oct. 25, 2018.", [("Oct. 25, 2018", "2018-10-25", None, None)]),
    ("P4", "It happened last Friday.", [("Friday", "2018-10-12", None, None)]),
    ("P4", "It happens next Friday.", [("Friday", "2018-10-19", None, None)]),
    ("P4", "He will visit on Monday.", [("Monday", "2018-10-22", None, None)]),
    ("P4", "He visited on Monday.", [("Monday", "2018-10-15", None, None)]),
    ("P4", "Jakarta, Oct 18, 2018 was hot.", [("Oct 18, 2018", "2018-10-18", None, None)]),
    ("P4", "On Monday, Oct 15, 2018, he left.", [("Monday, Oct 15, 2018", "2018-10-15", None, None)]),
    (
        "P4",
        "On Tuesday, Oct 15, 2018, he left.",
        [("Tuesday, Oct 15, 2018", None, None, "weekday does not match the date")],
    ),
    ("P4", "Talks run Oct 20-22.", [("Oct 20-22", "2018-10-20", "2018-10-22", None)]),
    ("P4", "Talks run from May 16.", [("May 16", "2018-05-16", None, None)]),
    ("P4", "since Monday the roads are closed.", [("Monday", "2018-10-15", None, None)]),
    ("P4", "Black Friday sales rose.", []),
    ("P4", "Good Friday is a holiday.", []),
    ("P4", "Every Monday the market opens.", []),
    ("P4", "Friday prayers were held.", []),
    ("P4", "Wednesday's meeting was long.", []),
    ("P4", "Mark Friday and Sunday in your diary.", []),
    ("P1", "kata dia di Jakarta, Rabu.", [("Rabu", "2025-02-12", None, None)]),
    ("P3", "kata dia di Jakarta, Rabu.", [("Rabu", "2025-01-01", None, None)]),
    ("P3", "kata dia di Jakarta, Kamis.", [("Kamis", "2025-01-02", None, None)]),
    ("P3", "dari Mataram, Kamis, mengatakan bahwa", [("Kamis", "2025-01-02", None, None)]),
    ("P1", "disampaikan di Jakarta, Rabu.", [("Rabu", "2025-02-12", None, None)]),
    ("P1", "disampaikan Menteri di Istana Negara, Senin.", [("Senin", "2025-02-10", None, None)]),
    ("P1", "Laporan itu diterima pada Rabu.", [("Rabu", "2025-02-12", None, None)]),
    ("P1", "Posko buka sejak Senin.", [("Senin", "2025-02-10", None, None)]),
    ("P1", "Ia pergi Jumat lalu.", [("Jumat", "2025-02-07", None, None)]),
    ("P1", "Ia pergi Rabu lalu.", [("Rabu", "2025-02-05", None, None)]),
    ("P1", "Ia pergi Senin mendatang.", [("Senin", "2025-02-17", None, None)]),
    ("P1", "Ia pergi Rabu depan.", [("Rabu", "2025-02-19", None, None)]),
    ("P1", "Ia akan tiba pada Jumat.", [("Jumat", "2025-02-14", None, None)]),
    ("P1", "Toko itu buka Senin, Selasa, dan Rabu.", []),
    ("P1", "Hari Rabu cerah.", []),
    ("P1", "Minggu ini hujan.", []),
    ("P1", "Pasar buka setiap Senin.", []),
    ("P1", "Pasar buka tiap Kamis.", []),
    ("P1", "Ia dirawat dua Minggu.", []),
    ("P1", "Ia dirawat selama dua Minggu.", []),
    ("P1", "Ia dirawat 3 Minggu.", []),
    ("P1", "Minggu lalu ia datang.", []),
    ("P1", "Minggu depan ia datang.", []),
    ("P1", "pada Minggu (9/2) ia datang.", [("Minggu (9/2)", "2025-02-09", None, None)]),
    ("P1", "pada Minggu ia datang.", [("Minggu", "2025-02-09", None, None)]),
    ("P1", "Ia tidak ditemukan.", []),
    ("P1", "Sabtu (15/2) pukul 10.00 WIB.", [("Sabtu (15/2) pukul 10.00 WIB", "2025-02-15", None, None)]),
    ("P1", "Posko buka hingga Jumat.", [("Jumat", "2025-02-14", None, None)]),
    ("P1", "Ia tiba pada Selasa (11/2) lalu.", [("Selasa (11/2)", "2025-02-11", None, None)]),
]


@pytest.mark.parametrize("published, sentence, expected", TABLE, ids=[f"{p}: {s}" for p, s, _ in TABLE])
def test_mention_table(published, sentence, expected):
    moment = datetime.fromisoformat(PUBLISHED[published])
    found = find_date_mentions(sentence, moment)
    assert [(m["text"], m["date"], m.get("end_date"), m.get("warning")) for m in found] == expected
    for mention in found:
        assert sentence[mention["start"] : mention["end"]] == mention["text"]
        assert (mention["date"] is None) == (mention.get("warning") not in (None, "impossible time")), mention
        if mention["date"] is None:
            continue
        day = date.fromisoformat(mention["date"])
        names = re.findall(r"[A-Za-z'’]+", mention["text"])
        weekdays = [
            WEEKDAYS[n.lower().replace("'", "").replace("’", "")]
            for n in names
            if n.lower().replace("'", "").replace("’", "") in WEEKDAYS
        ]
        if weekdays:  # the calendar agrees with the weekday written
            assert calendar.weekday(day.year, day.month, day.day) == weekdays[0]
        if mention.get("end_date"):
            until = date.fromisoformat(mention["end_date"])
            assert until > day and (
                len(weekdays) < 2 or calendar.weekday(until.year, until.month, until.day) == weekdays[1]
            )
        if not re.search(r"\d{4}", mention["text"]):  # no year written: the side of publication its words give
            if PAST.search(sentence):
                assert day <= moment.date()
            elif FUTURE.search(sentence):
                assert day >= moment.date()
            else:
                assert abs((day - moment.date()).days) <= 366  # the nearest: within a year (29 February reaches back)


def test_the_table_is_large_and_covers_the_traps():
    assert len(TABLE) >= 100
    unresolved = {s for _, s, expected in TABLE if not expected}
    assert {
        "Minggu ini hujan.",
        "Pasar buka setiap Senin.",
        "Ia dirawat dua Minggu.",
        "Black Friday sales rose.",
    } <= unresolved
    assert sum(1 for p, *_ in TABLE if p == "P4") >= 20  # English


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("31/12/2021", "2022-01-01T08:00:00+07:00", ("2021-12-31", None)),
        ("7/12", "2019-12-07T10:00:00+08:00", ("2019-12-07", None)),
        ("Oct 18, 2018", "2018-10-18T10:00:00+07:00", ("2018-10-18", None)),
        ("23 Februari 2016", "2016-02-23T10:00:00+07:00", ("2016-02-23", None)),
        ("31/2", "2019-12-07T10:00:00+08:00", (None, "impossible date")),
    ],
)
def test_a_datelines_date_is_a_mention_without_a_body_position(text, published, expected):
    mention = dateline_mention(text, datetime.fromisoformat(published))
    assert (mention["date"], mention.get("warning")) == expected
    assert (mention["start"], mention["end"], mention["where"], mention["text"]) == (None, None, "dateline", text)
