"""The dateline: "Beijing (ANTARA) - text" → ("Beijing", None, "text").

The shapes seen in real ANTARA text (../shared/ANTARA.md): the agency as "ANTARA", "Antara",
"ANTARA News", "Antaranews", with a bureau ("Antara Kalteng", "ANTARA News Jatim", "Antaranews NTB")
or a wire ("Antara/PRNewswire", "ANTARA/Business Wire"); a dash, an en or em dash, or two hyphens
after it ("New York--(ANTARA/Business Wire)--"); a date after the place ("Jakarta, 31/12/2021",
"Mataram, 7/12", "Jakarta, Oct 18, 2018", "ISTANBUL, 23 Februari 2016"), handed back on its own.
"""

from __future__ import annotations

import re

from .dates import MONTHS

_AGENCY = r"(?:ANTARA|Antara)(?:\s*[Nn]ews|NEWS)?|Antaranews|ANTARANEWS"
_DATELINE = re.compile(
    rf"^(?P<place>[^()\n]{{1,80}}?)\s*(?:--)?\s*\(\s*(?:{_AGENCY})(?:\s+[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)?"
    rf"(?:\s*/\s*[^)]{{1,40}})?\s*\)\s*(?:--|[-–—]+)\s*"
)
_MONTH = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
# The date a dateline may carry after its place
_PLACE_DATE = re.compile(
    rf",\s*(?P<date>\d{{1,2}}\s*/\s*\d{{1,2}}(?:\s*/\s*\d{{2,4}})?|\d{{1,2}}\s+(?:{_MONTH})\.?\s+\d{{4}}"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}},?\s+\d{{4}})\s*$"
)


def split_dateline(first_paragraph: str) -> tuple[str | None, str | None, str]:
    """(place, the date it carries or None, the paragraph without the dateline); (None, None,
    paragraph) when there is none."""
    match = _DATELINE.match(first_paragraph)
    if not match:
        return None, None, first_paragraph
    place, date_text = match.group("place").strip(" ,-"), None
    dated = _PLACE_DATE.search(place)
    if dated:
        place, date_text = place[: dated.start()].strip(" ,"), dated.group("date")
    return place or None, date_text, first_paragraph[match.end() :]
