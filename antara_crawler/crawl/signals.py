"""The run's books travel as Scrapy signals: the spider and the pipelines say what happened to
each URL; the RunRecord extension keeps the ledger (antara_crawler.books)."""

url_requested = object()  # url: str, kind: "article" | "discovery"
url_skipped = object()  # url: str, outcome: "skipped/known" | "skipped/again" | "skipped/outside_window"
url_ended = object()  # url: str, outcome: str (books.py), stage: str | None, reason: str | None
discovery_complete = object()  # source: str (a listing URL), site: str, article_id: int (its new watermark)
run_ending = object()  # (no arguments) the run is about to be recorded: components finish what they hold
