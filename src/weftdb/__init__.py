"""weftdb: the Weaviate vector database in Python."""

__version__ = "0.1.0"
