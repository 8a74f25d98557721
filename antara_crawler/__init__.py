"""antara_crawler: a polite crawler and normalizer for ANTARA news articles."""

__version__ = "0.1.0"
