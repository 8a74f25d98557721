"""The books of a run: every URL a run touches ends in exactly one outcome. Pure: no Scrapy.

Outcomes, and the crawl-stats key each is counted under (`antara/books/<outcome>`):

    stored/new  stored/updated  stored/unchanged          an article written to the store
    stored/history                                        an older capture, kept as a past version
    rejected/<stage>                                      recorded in the rejects table (items.STAGES)
    ignored                                               refused before fetching: robots.txt, off-site, too big
    skipped/known  skipped/again  skipped/outside_window  not fetched, or fetched and not stored
    read                                                  a discovery page (feed, listing, sitemap, robots.txt)
    queued  sent                                          distributed mode: handed to the shared frontier,
                                                          or (a processed page) to the writer

A URL is touched when it is requested or skipped at discovery. At the close of a run the number
touched must equal the number settled; a request that never reached an outcome is unaccounted (the
run failed, and its URLs go to the run's record), and a second outcome for one request is a bug
counted as extra. The code that counts (Books) and the code that judges (crawl/exitcodes.py) both
take their keys from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

PREFIX = "antara/books/"
TOUCHED = PREFIX + "touched"
SETTLED = PREFIX + "settled"
UNACCOUNTED = PREFIX + "unaccounted"
EXTRA = PREFIX + "extra"
REQUESTED = PREFIX + "requested/"  # + kind
REASONS = "antara/reasons/"  # + "<stage>/<reason>": what the rejects were, for the verdict and the log

STORED = ("stored/new", "stored/updated", "stored/unchanged", "stored/history")
SKIPPED = ("skipped/known", "skipped/again", "skipped/outside_window")
KINDS = ("article", "discovery")


def key(outcome: str) -> str:
    return PREFIX + outcome


def reason_key(stage: str, reason: str) -> str:
    return f"{REASONS}{stage}/{reason.split(':')[0][:60]}"


def reject_outcome(stage: str, ignored: bool = False) -> str:
    return "ignored" if ignored else f"rejected/{stage}"


@dataclass
class Books:
    """The ledger of one run: requests still open (URL → kind), and counts by stats key."""

    open: dict[str, str] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    extra: list[str] = field(default_factory=list)

    def requested(self, url: str, kind: str = "article") -> None:
        if url in self.open:  # the spider settles a repeat as skipped/again: this is a bug, and shows
            self.counts[EXTRA] += 1
            self.extra.append(f"requested twice <{url}>")
            return
        self.open[url] = kind
        self.counts[TOUCHED] += 1
        self.counts[REQUESTED + kind] += 1

    def skipped(self, outcome: str) -> None:
        """A URL touched and settled at discovery, never requested."""
        self.counts[TOUCHED] += 1
        self._count(outcome)

    def ended(self, url: str, outcome: str, stage: str | None = None, reason: str | None = None) -> None:
        """The one outcome of a request."""
        if self.open.pop(url, None) is None:
            self.counts[EXTRA] += 1
            self.extra.append(f"{outcome} <{url}>")
            return
        self._count(outcome)
        if stage and reason:
            self.counts[reason_key(stage, reason)] += 1

    def _count(self, outcome: str) -> None:
        self.counts[key(outcome)] += 1
        self.counts[SETTLED] += 1

    @property
    def balanced(self) -> bool:
        return not self.open and not self.extra and self.counts[TOUCHED] == self.counts[SETTLED]

    def stats(self) -> dict[str, int]:
        """The counts as crawl stats, with the number of unaccounted requests."""
        return {**self.counts, UNACCOUNTED: len(self.open)}


def count(stats: dict, *outcomes: str) -> int:
    """The sum of some outcomes' counts in a run's stats: count(stats, *STORED)."""
    return sum(stats.get(key(o), 0) for o in outcomes)


def rejected(stats: dict, stage: str | None = None) -> int:
    """Rejects in a run's stats, of one stage or all."""
    if stage:
        return stats.get(key(f"rejected/{stage}"), 0)
    return sum(v for k, v in stats.items() if k.startswith(key("rejected/")))


def reasons(stats: dict, stage: str, *names: str) -> int:
    return sum(stats.get(reason_key(stage, n), 0) for n in names)
