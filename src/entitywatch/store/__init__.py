"""Persistence: snapshots of list files, their parties, history and diffs."""

from entitywatch.store.database import data_home, database_url, open_engine

__all__ = ["data_home", "database_url", "open_engine"]
