"""Credits: reporters and editors from the footer or byline, and the copyright year. The one home of
the credit labels and the copyright pattern: the body normalizer finds the footer with them too."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REPORTER_LABELS = ("Pewarta", "Reporter", "Penulis")
EDITOR_LABELS = ("Editor", "Penyunting")
# As ANTARA writes them: "Pewarta:" or "PEWARTA :", never in running text's lower case
LABEL = "|".join(f"{label}|{label.upper()}" for label in (*REPORTER_LABELS, *EDITOR_LABELS))
_WORD, _SYMBOL = "(?:Copyright|COPYRIGHT)", r"(?:©|\(c\)|&copy;)"
COPYRIGHT = rf"{_WORD}\s*{_SYMBOL}"
# Where a footer may start: a credit label (glued to the previous word or not: "SavitriEditor:") or
# a copyright line
FOOTER_MARK = re.compile(rf"(?:{LABEL})\s*:|{COPYRIGHT}")
_CREDIT = re.compile(rf"(?P<label>{LABEL})\s*:\s*(?P<names>.*?)(?=(?:{LABEL})\s*:|{_WORD}|©|\Z)", re.S)
_COPYRIGHT_YEAR = re.compile(rf"{_WORD}\s*{_SYMBOL}?\s*(?:ANTARA\s*)?(\d{{4}})")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\n|\bdan\b|\band\b)\s*")
_EDITORS = {label.lower() for label in EDITOR_LABELS}
_NOT_PEOPLE = {"antara", "antara news", "antaranews", "antaranews.com", "kantor berita antara"}


@dataclass
class Credits:
    reporters: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
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
            target = found.editors if match.group("label").lower() in _EDITORS else found.reporters
            target.extend(n for n in split_names(match.group("names")) if n not in target)
        found.copyright_year = found.copyright_year or copyright_year(text)
    return found
