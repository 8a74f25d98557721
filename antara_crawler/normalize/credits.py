"""Credits: reporters and editors from the footer or byline, and the copyright year. The one home of
the credit labels and the copyright pattern: the body normalizer finds the footer with them too."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REPORTER_LABELS = ("Pewarta", "Reporter", "Penulis")
EDITOR_LABELS = ("Editor", "Penyunting")
TRANSLATOR_LABELS = ("Translator", "Penerjemah")
FURNITURE_LABELS = ("Uploader",)  # "Uploader : Admin 1": the CMS account, not a person
# As ANTARA writes them: "Pewarta:" or "PEWARTA :", never in running text's lower case
LABEL = "|".join(
    f"{label}|{label.upper()}" for label in (*REPORTER_LABELS, *EDITOR_LABELS, *TRANSLATOR_LABELS, *FURNITURE_LABELS)
)
_WORD, _SYMBOL = "(?:Copyright|COPYRIGHT)", r"(?:©|\(c\)|&copy;)"
COPYRIGHT = rf"{_WORD}\s*{_SYMBOL}"
# Where a footer may start: a credit label (glued to the previous word or not: "SavitriEditor:") or
# a copyright line
FOOTER_MARK = re.compile(rf"(?:{LABEL})\s*:|{COPYRIGHT}")
_CREDIT = re.compile(rf"(?P<label>{LABEL})\s*:\s*(?P<names>.*?)(?=(?:{LABEL})\s*:|{_WORD}|©|\Z)", re.S)
# "Copyright © ANTARA 2025", "COPYRIGHT © ANTARA News Kalimantan Barat 2019", "COPYRIGHT © 2016"
_COPYRIGHT_YEAR = re.compile(rf"{_WORD}\s*{_SYMBOL}?\s*(?:ANTARA(?:\s+News)?(?:\s+[A-Z][a-z]+){{0,3}}\s*)?(\d{{4}})")
# English bodies end "(*) Reporting by X" (a reporter, and not body text)
REPORTING_BY = re.compile(r"^\s*(?:\(\*\)\s*)?Reporting by\s+(?P<names>[^.;]+?)\s*(?:;[^.]*)?\.?\s*$")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\n|\bdan\b|\band\b)\s*")
_EDITORS = {label.lower() for label in EDITOR_LABELS}
_TRANSLATORS = {label.lower() for label in TRANSLATOR_LABELS}
_FURNITURE = {label.lower() for label in FURNITURE_LABELS}
_NOT_PEOPLE = {"antara", "antara news", "antaranews", "antaranews.com", "kantor berita antara"}


@dataclass
class Credits:
    reporters: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    copyright_year: int | None = None


def split_names(text: str) -> list[str]:
    """'A, B dan C' → ['A', 'B', 'C']; organisation names and empty parts dropped."""
    names = (" ".join(part.split()).strip(" .-") for part in _NAME_SEPARATORS.split(text))
    return [n for n in names if n and n.lower() not in _NOT_PEOPLE]


def copyright_year(text: str) -> int | None:
    """The year after "Copyright ©" (digits glued after it are ignored: 20253503 → 2025)."""
    match = _COPYRIGHT_YEAR.search(text)
    year = int(match.group(1)) if match else None
    return year if year and 1990 <= year <= 2100 else None


def parse_credits(texts: list[str]) -> Credits:
    """Credits from footer/byline texts such as 'Pewarta: A, B<br>Editor: C<br>Copyright © ANTARA 2025'."""
    found = Credits()
    for text in texts:
        for match in _CREDIT.finditer(text):
            label = match.group("label").lower()
            if label in _FURNITURE:
                continue
            target = (
                found.editors if label in _EDITORS else found.translators if label in _TRANSLATORS else found.reporters
            )
            target.extend(n for n in split_names(match.group("names")) if n not in target)
        found.copyright_year = found.copyright_year or copyright_year(text)
    return found
