"""kbdesk: an offline desktop knowledge base and self-service assistant."""

__version__ = "0.1.0"
