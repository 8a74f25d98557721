"""Stage 2 of the flow, pure: a RawPage (what the page said) to an Article (what we publish).
article.py assembles it from text.py (body and furniture), credits.py, dateline.py and dates.py."""
