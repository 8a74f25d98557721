"""Project Scrapy commands (COMMANDS_MODULE): `scrapy crawl` with a lock and a meaningful exit code."""
