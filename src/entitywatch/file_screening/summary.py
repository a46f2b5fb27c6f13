"""What a file screening found: counts per decision and per list, speed, snapshots used.

The summary is printed for the user, written as JSON for a pipeline, and stored with the
screening record, so that an auditor sees what a run covered without the output file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from entitywatch.file_screening.writers import ResultRow

DECISIONS: tuple[str, ...] = ("match", "review", "clear", "error")
#: Rows whose error is quoted in the summary (the output has all of them).
FIRST_ERRORS_KEPT = 20


@dataclass(slots=True)
class RowCounts:
    """Running counts, updated as screened chunks come back."""

    decisions: Counter[str] = field(default_factory=Counter)
    lists: dict[str, Counter[str]] = field(default_factory=dict)
    warnings: int = 0
    blank_rows: int = 0
    first_errors: list[dict[str, Any]] = field(default_factory=list)
    first_warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.decisions.values())

    def add(self, number: int, row: ResultRow) -> None:
        self.decisions[row.decision] += 1
        if row.decision in ("match", "review"):
            for code in row.lists:
                self.lists.setdefault(code, Counter())[row.decision] += 1
        if row.error is not None and len(self.first_errors) < FIRST_ERRORS_KEPT:
            self.first_errors.append({"row": number, "error": row.error})
        if row.warning is not None:
            self.warnings += 1
            if len(self.first_warnings) < FIRST_ERRORS_KEPT:
                self.first_warnings.append({"row": number, "warning": row.warning})

    @property
    def overall_decision(self) -> str:
        """The run's decision: a row that could not be screened needs a look, as a review."""
        if self.decisions["match"]:
            return "match"
        if self.decisions["review"] or self.decisions["error"]:
            return "review"
        return "clear"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "decisions": {decision: self.decisions[decision] for decision in DECISIONS},
            "lists": {
                code: {"match": counts["match"], "review": counts["review"]}
                for code, counts in sorted(self.lists.items())
            },
            "errors": self.decisions["error"],
            "warnings": self.warnings,
            "blank_rows_skipped": self.blank_rows,
            "first_errors": self.first_errors,
            "first_warnings": self.first_warnings,
        }


def summary_text(summary: dict[str, Any]) -> list[str]:
    """The summary as lines for stderr."""
    decisions = summary["decisions"]
    unit = summary["input"]["position_unit"]
    lines = [
        f"screened {summary['rows']:,} rows of {summary['input']['path']} in "
        f"{summary['elapsed_seconds']:.1f} s ({summary['rows_per_second'] or 0:,.0f} rows/s "
        f"on {summary['workers']} worker{'s' if summary['workers'] != 1 else ''}, after "
        f"{summary['index_load_seconds']:.1f} s loading the lists' index)",
        "  " + ", ".join(f"{d} {decisions[d]:,}" for d in DECISIONS),
    ]
    if summary["lists"]:
        lines.append(
            "  lists: "
            + "; ".join(
                f"{code} match {c['match']:,} review {c['review']:,}"
                for code, c in summary["lists"].items()
            )
        )
    for item in summary["first_errors"][:5]:
        lines.append(f"  error at {unit} {item['row']}: {item['error']}")
    if summary["errors"] > 5:
        lines.append(f"  ... {summary['errors'] - 5:,} more rows with decision error")
    if summary["warnings"]:
        lines.append(f"  {summary['warnings']:,} rows with a warning (see the warning column)")
    if summary["blank_rows_skipped"]:
        lines.append(f"  {summary['blank_rows_skipped']:,} blank rows skipped")
    snapshot = summary["snapshot"]
    lines.append(
        "  lists used: "
        + ", ".join(
            f"snapshot {i} ({s})" for i, s in zip(snapshot["ids"], snapshot["sources"], strict=True)
        )
        + (f", as of {summary['as_of']}" if summary["as_of"] else "")
        + (f", only {','.join(summary['lists_filter'])}" if summary["lists_filter"] else "")
    )
    lines.append(f"  columns: {summary['columns_text']}")
    lines.append(f"  wrote {summary['output']['path']}")
    return lines
