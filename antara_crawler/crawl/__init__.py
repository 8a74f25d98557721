"""Scrapy adapters over the library: pipelines, middlewares, extensions, the run's lock and exit
codes. Each is thin: the work is done by process_page, the store and the books."""
