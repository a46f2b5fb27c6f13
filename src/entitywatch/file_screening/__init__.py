"""Use case: screen every row of a customer master (CSV, Excel or Parquet) in one run.

The pieces, each in its own module:

- ``columns``: which column of the file holds the name, country, address, type,
  identifier and birth date (options, a TOML mapping, or guessed from the header);
- ``readers``: the file as a stream of rows with their line numbers, never whole in memory;
- ``rows``: one row's cells -> the query to screen (or the reason it cannot be screened);
- ``row_screening``: one query against the loaded matcher index -> the row's decision,
  with the same matcher, thresholds and scope as ``entitywatch screen``;
- ``runner``: reading, screening on a pool of forked workers, and writing, in order;
- ``writers``: CSV, JSON lines or Parquet, written to a temporary file and renamed;
- ``summary``: counts per decision and per list, speed, and the snapshots used.
"""
