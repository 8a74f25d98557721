"""Scrapy settings: the pipeline order, politeness defaults, the store and the offline replay.

Every value can be overridden with `-s NAME=VALUE` or a custom settings module.
"""

from . import __version__
from .items import ARTICLE_FIELDS

BOT_NAME = "antara_crawler"
COMMANDS_MODULE = "antara_crawler.commands"  # `scrapy crawl` with a lock and exit codes (crawl/exitcodes.py)
SPIDER_MODULES = ["antara_crawler.spiders"]
NEWSPIDER_MODULE = "antara_crawler.spiders"

# Politeness. Put your contact in the User-Agent before crawling the live site:
#   -s USER_AGENT="antara_crawler/0.1.0 (+mailto:you@example.org)"
USER_AGENT = f"antara_crawler/{__version__} (news archive crawler; operator contact not set)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# A response yields one article (or a listing's requests): Scrapy would start this many tasks per
# response to handle them in parallel; one is as fast for one item and saves ~0.7 ms a page
CONCURRENT_ITEMS = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled for each further one
RETRY_BACKOFF_MAX = 120.0  # no wait longer than this, whatever Retry-After asks
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

# Nothing listens on a port unless asked
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# The flow: PageInput → Article | Reject (process_page) → in the window → stored
ITEM_PIPELINES = {
    "antara_crawler.crawl.pipelines.ProcessPipeline": 100,
    "antara_crawler.crawl.pipelines.WindowPipeline": 200,
    "antara_crawler.crawl.pipelines.StorePipeline": 300,
}
ANTARA_DB = None  # the store: the ANTARA_DB environment variable, else antara.db (store.DEFAULT_DB)
ANTARA_LOCK = None  # default: the store's resolved path + ".lock"; one run per store at a time
EXTENSIONS = {"antara_crawler.crawl.extensions.RunRecord": 500}
ANTARA_REDIS_URL = None  # distributed mode: redis://host:6379/0 (crawl/distributed.py); unset, one machine
ANTARA_SHARED_DELAY = (
    None  # distributed: seconds between two requests to one host, all workers together (default DOWNLOAD_DELAY)
)
ADDONS = {
    "antara_crawler.crawl.distributed.Distributed": 0
}  # loads it when ANTARA_REDIS_URL is set  # the run's books and crawl_runs row
ANTARA_DB_BATCH_SIZE = 50
ANTARA_PARSE_WORKERS = 1  # processes that parse pages beside the crawl (crawl/workers.py); 0: in its thread
ANTARA_KEEP_HTML = (
    False  # keep every fetched article page (gzip) for `antara-crawler reparse`; rejects always keep theirs
)

# Offline replay: set ANTARA_REPLAY_DIR=fixtures to answer every request from saved pages
ANTARA_REPLAY_DIR = None
ANTARA_WARC_DIR = None  # keep every request/response of a run as gzip WARC files here (crawl/warc.py)
ANTARA_WARC_MAX_SIZE = 1024**3  # bytes a WARC file reaches before the next one starts
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "antara_crawler.crawl.middlewares.MirrorMiddleware": 40,  # before robots.txt (100): the mirror's rules apply
    "antara_crawler.crawl.middlewares.BackoffRetryMiddleware": 550,  # honours Retry-After on 429/503
    "antara_crawler.crawl.middlewares.RedirectGuardMiddleware": 610,  # sees a 3xx before Redirect (600) and MetaRefresh (580)
    "antara_crawler.crawl.warc.WarcCaptureMiddleware": 900,  # the response as received, before decompression (590)
    "antara_crawler.crawl.middlewares.ReplayMiddleware": 950,  # where the network would be
}

FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {
    **dict.fromkeys(("jsonlines", "jsonl", "jl"), "antara_crawler.crawl.exporters.JsonLinesExporter"),
    "csv": "antara_crawler.crawl.exporters.CsvExporter",
}
FEED_EXPORT_FIELDS = ARTICLE_FIELDS  # the published schema, in order (raw_html stays out)
LOG_LEVEL = "INFO"
LOG_FORMATTER = "antara_crawler.crawl.pipelines.DropLogFormatter"
