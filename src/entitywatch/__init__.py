"""entitywatch: export-control and sanctions screening."""

__version__ = "0.1.0"
