"""Use case: score a CSV of name pairs (``name1``, ``name2``, optional ``schema``)."""

from __future__ import annotations

import csv
from pathlib import Path

from entitywatch.errors import InputError
from entitywatch.matching.registry import Algorithm
from entitywatch.sources.reading import iter_csv_rows, read_text


def score_pair_file(algorithm: Algorithm, source: Path, target: Path) -> int:
    """Write ``source``'s rows to ``target`` with ``score`` and ``decision`` beside them."""
    rows = iter_csv_rows(read_text(source), source)
    try:
        _, header = next(rows)
    except StopIteration:
        raise InputError("the file is empty", path=source, position="line 1") from None
    missing = {"name1", "name2"} - set(header)
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(sorted(missing))}",
            path=source,
            position="line 1",
            hint=f"found: {', '.join(header)}",
        )
    first, second = header.index("name1"), header.index("name2")
    schema_at = header.index("schema") if "schema" in header else None
    count = 0
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*header, "score", "decision"])
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(
                    f"expected {len(header)} fields, found {len(row)}",
                    path=source,
                    position=f"line {line}",
                )
            schema = row[schema_at].strip() or None if schema_at is not None else None
            result = algorithm.compare_names(row[first], row[second], schema)
            writer.writerow([*row, f"{result.score:.4f}", result.decision])
            count += 1
    return count
