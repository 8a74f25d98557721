"""The dateline: "Beijing (ANTARA) - text" → ("Beijing", "text")."""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"^(?P<place>[^()\n]{1,80}?)\s*\((?:ANTARA|Antara)(?:\s+News)?(?:\s*/\s*[^)]{1,40})?\)\s*[-–—]+\s*"
)
# Press releases put the date after the place: "ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) -"
_TRAILING_DATE = re.compile(r",?\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}$")


def split_dateline(first_paragraph: str) -> tuple[str | None, str]:
    """(place, paragraph without the dateline); (None, paragraph) when there is none."""
    match = _DATELINE.match(first_paragraph)
    if not match:
        return None, first_paragraph
    place = _TRAILING_DATE.sub("", match.group("place")).strip(" ,")
    return place or None, first_paragraph[match.end() :]
