"""Parsers from official list formats to model records (see ``registry``)."""

from entitywatch.sources.registry import (
    ListFormat,
    all_formats,
    detect_format,
    get_format,
    parse_file,
)

__all__ = ["ListFormat", "all_formats", "detect_format", "get_format", "parse_file"]
