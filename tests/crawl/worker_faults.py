"""Work for the parse workers that dies on a marked page, as a worker killed by a crash in a C
library or the kernel's out-of-memory killer would: the process ends, no exception comes back."""

import os

from antara_crawler.crawl.workers import detached

MARK = b"<!-- this page ends its worker -->"


def dies_on_marked_page(page):
    if MARK in page.body:
        os._exit(70)
    return detached(page)
