"""The anchor of the crawl benchmark: a bare Scrapy spider fetching the same URLs, parsing them
with lxml only when asked (-a parse=1), storing nothing.

    scrapy runspider benchmarks/bare_spider.py -a urls=FILE [-a parse=1]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.html
import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls: str = "", parse: str = "0", **kwargs: Any):
        super().__init__(**kwargs)
        self.urls_file, self.do_parse = urls, parse == "1"

    async def start(self) -> Any:
        if not self.urls_file:
            return
        with open(self.urls_file, encoding="utf-8") as lines:
            for line in lines:
                yield scrapy.Request(line.strip(), dont_filter=True)

    def parse(self, response: Any) -> Iterator[Any]:
        if self.do_parse:
            lxml.html.fromstring(response.body)
        return iter(())
