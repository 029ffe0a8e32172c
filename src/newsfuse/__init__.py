"""newsfuse: many messy news reports about the same events, fused into one sourced account."""

from newsfuse.model import SCHEMA_VERSION, Article, RawDoc

__all__ = ["SCHEMA_VERSION", "Article", "RawDoc", "__version__"]

__version__ = "0.1.0"
