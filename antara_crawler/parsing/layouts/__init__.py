"""The article layouts ANTARA has used, one module per era, newest first.

A layout is frozen: its selectors and the rules that read them live together in its module, and a
change to what it outputs bumps its VERSION (stored with every article as `parser_version`). A
redesign adds a module here; an old one is never edited away, so archived pages keep parsing.
`frozen.json` records each layout's version and a fingerprint of its code: the tests fail when a
module changes and its version does not (CONTRIBUTING.md, "Add a layout version").
"""

from __future__ import annotations

from typing import Any, ClassVar

from ...items import RawPage
from ..page import Page


class Layout:
    """One era's markup. Subclasses name their selectors as constants and read them in `read`."""

    NAME: ClassVar[str]
    VERSION: ClassVar[int]
    BODY: ClassVar[str]  # the body container: finding it is what says a page is in this layout
    MARKER: ClassVar[str]  # text the page must contain for BODY to be worth looking for (a cheap test)
    SCOPE: ClassVar[str | None] = None  # a class of the body's ancestor that holds the article's fields

    def __init__(self, page: Page, body: Any):
        self.page, self.body = page, body
        self.scope = self.find_scope(body)

    @classmethod
    def find_scope(cls, body: Any) -> Any:
        """The body's nearest ancestor with the SCOPE class: the field selectors run inside it (a
        fraction of the document); the document when there is none."""
        if cls.SCOPE:
            for ancestor in body.iterancestors():
                if cls.SCOPE in (ancestor.get("class") or "").split():
                    return ancestor
        return None

    @classmethod
    def parser_version(cls) -> str:
        return f"{cls.NAME}/{cls.VERSION}"

    @classmethod
    def find_body(cls, page: Page, text: str = "") -> Any:
        if text and cls.MARKER not in text:
            return None
        found = page.select(cls.BODY)
        return found[0] if found else None

    def read(self, raw: RawPage) -> None:
        """Fill what structured data left empty, and the body."""
        raise NotImplementedError


from .current_2019 import Current2019  # noqa: E402 - the registry needs the base class first
from .old_2015 import Old2015  # noqa: E402
from .post_content_2019 import PostContent2019  # noqa: E402

LAYOUTS: tuple[type[Layout], ...] = (Current2019, PostContent2019, Old2015)


def detect(page: Page, text: str = "") -> tuple[type[Layout] | None, Any]:
    """The newest layout whose body container is on the page, and that container: only the layouts
    whose marker is in the page's text walk its tree."""
    for layout in LAYOUTS:
        body = layout.find_body(page, text)
        if body is not None:
            return layout, body
    return None, None
