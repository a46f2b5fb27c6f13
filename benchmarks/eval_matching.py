"""Evaluation of the name matcher against labelled pairs and peers (issue #3, item 5).

Scores an algorithm of entitywatch's registry (default: entitywatch-v1) on
- nomenklatura's name_bench (826 labelled pairs) beside logic-v2's frozen run,
- watchman's Cascade company and vessel pairs (300 + 185) beside watchman's scores,
- nomenklatura's entity_bench (228 whole-entity checks),
- watchman's cross-script pairs (22),
- pairs derived at run time from the CSL 2022 and OFAC SDN 2021 lists (aliases against
  primary names; the most similar name of another party; random names),
and prints one table per data set: P, R, F1 at the algorithm's thresholds, lenient F1
("match" or "review"), PR-AUC, ROC-AUC and the best F1 over thresholds, with peers in the
same table: a naive rapidfuzz token_set_ratio baseline, and nomenklatura's logic-v2 run
live when nomenklatura is installed (the ``bench`` extra: pip install -e '.[bench]').
Derived pairs are computed at run time and written nowhere. About 25 s without logic-v2,
35 s with it, on the 2-core machine.

Run: .venv/bin/python benchmarks/eval_matching.py [--algorithm entitywatch-v1]
         [--peer logic-v2] [--peer naive] [--dataset name_bench] [--json] [--out report.md]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from entitywatch import evaluation
from entitywatch.errors import EntitywatchError
from entitywatch.matching.registry import DEFAULT_ALGORITHM, get_algorithm

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ENTITYWATCH_SHARED_DATA", REPO.parent / "shared" / "data"))
PEERS = ("naive", "logic-v2")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--algorithm", default=DEFAULT_ALGORITHM, help="registry name")
    parser.add_argument(
        "--peer",
        action="append",
        choices=[*PEERS, "none"],
        help="peers to run beside the algorithm (repeatable); default: naive, and "
        "logic-v2 when nomenklatura is installed. Recorded scores are always shown.",
    )
    parser.add_argument(
        "--dataset",
        action="append",
        choices=evaluation.DATASETS,
        help="data sets to evaluate (repeatable); default: all",
    )
    parser.add_argument(
        "--derived-positives",
        type=int,
        default=1000,
        help="aliases sampled per list for the derived pairs (default 1000)",
    )
    parser.add_argument("--seed", type=int, default=20240607, help="sampling seed")
    parser.add_argument("--worst", type=int, default=25, help="worst errors listed per data set")
    parser.add_argument("--shared-data", type=Path, default=SHARED, help="../shared/data")
    parser.add_argument("--json", action="store_true", help="print all figures as JSON")
    parser.add_argument("--out", type=Path, help="write the markdown report to this file")
    return parser.parse_args(argv)


def choose_peers(requested: list[str] | None) -> list[evaluation.Scorer]:
    """The peer scorers asked for; logic-v2 is skipped with a note when not installed,
    unless it was asked for by name."""
    names = list(PEERS) if requested is None else [p for p in requested if p != "none"]
    peers: list[evaluation.Scorer] = []
    for name in names:
        if name == "naive":
            peers.append(evaluation.naive_scorer())
        elif name == "logic-v2":
            scorer = evaluation.logic_v2_scorer()
            if scorer is not None:
                peers.append(scorer)
            elif requested is not None:
                raise SystemExit(
                    "logic-v2 needs nomenklatura: .venv/bin/pip install -e '.[bench]' "
                    "(nomenklatura==4.16.0, followthemoney==4.11.2, rigour==2.6.1)"
                )
            else:
                print("note: nomenklatura is not installed; logic-v2 (live) left out",
                      file=sys.stderr)  # fmt: skip
    return peers


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    started = time.perf_counter()

    def progress(step: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {step}", file=sys.stderr)

    try:
        algorithm = get_algorithm(arguments.algorithm)
        report = evaluation.evaluate(
            algorithm,
            arguments.shared_data,
            peers=choose_peers(arguments.peer),
            datasets=arguments.dataset or evaluation.DATASETS,
            derived_positives=arguments.derived_positives,
            seed=arguments.seed,
            worst=arguments.worst,
            progress=progress,
        )
    except EntitywatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    report["seconds"] = round(time.perf_counter() - started, 1)
    markdown = evaluation.render_markdown(report)
    if arguments.out is not None:
        arguments.out.write_text(markdown, encoding="utf-8")
        progress(f"wrote {arguments.out}")
    if arguments.json:
        print(
            json.dumps(report, indent=2, ensure_ascii=False, default=evaluation.report_json_default)
        )
    elif arguments.out is None:
        print(markdown, end="")
    progress("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
