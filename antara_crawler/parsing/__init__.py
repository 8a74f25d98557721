"""Pages to fields, pure: no Scrapy, no I/O. page.py (the page input and its decoding), article.py
(the layers), layouts/ (one module per era), blocks.py (paragraphs), discovery.py (feeds, sitemaps,
listing pages)."""
