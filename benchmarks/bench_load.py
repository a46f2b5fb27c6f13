"""Load and read-path benchmark (issue #2 targets).

Measures, on this machine, with medians over repeated runs:
- `entitywatch load csl_2022/consolidated.csv` into an empty SQLite store: wall time and
  peak memory (RSS of the child process), against a peer measured in the same run: a bare
  `csv.DictReader` pass over the same file (the least any importer must do);
- `entitywatch lists --json` and `entitywatch show ID` on a store holding every list in
  ../shared/data, each as a whole command (process start included).

Run: .venv/bin/python benchmarks/bench_load.py [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ENTITYWATCH_SHARED_DATA", REPO.parent / "shared" / "data"))
CSL = SHARED / "csl_2022" / "consolidated.csv"

# Every list file in ../shared/data, with the source key to file it under where two files
# would otherwise be versions of the same source.
ALL_LISTS: list[tuple[str, str | None]] = [
    ("csl_2022/consolidated.csv", None),
    ("ofac_sdn_2021", None),
    ("ofac_cons_enhanced_2025/CONS_ENHANCED.ZIP", None),
    ("un_consolidated/UN_consolidated.xml", None),
    ("bis_dpl/dpl_2022-09.txt", None),
    ("bis_dpl/dpl_2023-11.txt", None),
    ("cn_sanctions/sanctions.csv", None),
    ("us_china_related_lists/bis_mieu.csv", None),
    ("us_china_related_lists/dod_1260h_chinese_military_companies.csv", None),
    ("us_china_related_lists/fcc_covered_list.csv", None),
    ("us_china_related_lists/ndaa_section_1286.csv", None),
    ("us_china_related_lists/ndaa_section_154.csv", None),
    ("us_china_related_lists/ndaa_section_5949.csv", None),
    ("us_china_related_lists/ndaa_section_889.csv", None),
]


def entitywatch(home: Path, *args: str) -> tuple[float, int, str]:
    """Run the CLI; return (seconds, peak RSS of the child in MB, stdout)."""
    env = dict(os.environ, ENTITYWATCH_HOME=str(home))
    env.pop("ENTITYWATCH_DATABASE_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "entitywatch", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"entitywatch {' '.join(args)} failed: {done.stderr.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far; report it only when this
    # child raised it (the load runs first, so it is the one measured).
    return elapsed, max(peak, before) // 1024, done.stdout


def complete_records(path: Path) -> str:
    """The CSV text up to the last record that ends (drops a record cut by truncation)."""
    text = path.read_text(encoding="utf-8")
    return text[: text.rfind("\n") + 1]


def bare_csv_pass(path: Path) -> float:
    start = time.perf_counter()
    with open(path, encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    assert rows == 14160
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    if not CSL.exists():
        raise SystemExit(f"{CSL} is absent: this benchmark reads the lists in ../shared/data")

    load_times: list[float] = []
    peaks: list[int] = []
    for _ in range(options.runs):
        with tempfile.TemporaryDirectory() as home:
            elapsed, peak, _ = entitywatch(Path(home), "load", str(CSL))
            load_times.append(elapsed)
            peaks.append(peak)
    peer_times = [bare_csv_pass(CSL) for _ in range(options.runs)]

    with tempfile.TemporaryDirectory() as home_dir:
        home = Path(home_dir)
        for relative, source in ALL_LISTS:
            args = ["load", str(SHARED / relative)]
            if source:
                args += ["--source", source]
            entitywatch(home, *args)
        # The 2023 CSL copy ends inside its last record (load refuses it as truncated);
        # its complete records are loaded under a source of their own.
        complete = home / "csl_2023_complete_records.csv"
        complete.write_text(complete_records(SHARED / "csl_2023_partial" / "csl.csv"))
        entitywatch(home, "load", str(complete), "--source", "us_trade_csl_2023_partial")
        _, _, listed = entitywatch(home, "lists", "--json")
        snapshots = json.loads(listed)["snapshots"]
        _, _, found = entitywatch(home, "search", "hikvision", "--json", "--limit", "1")
        party_id = json.loads(found)["results"][0]["party_id"]
        lists_times = [entitywatch(home, "lists", "--json")[0] for _ in range(5)]
        show_times = [entitywatch(home, "show", party_id, "--json")[0] for _ in range(5)]
        version_times = [entitywatch(home, "version")[0] for _ in range(5)]

    result = {
        "load_csl_2022_seconds_median": round(statistics.median(load_times), 2),
        "load_csl_2022_seconds_runs": [round(t, 2) for t in load_times],
        "load_peak_rss_mb_max": max(peaks),
        "peer_bare_csv_dictreader_seconds_median": round(statistics.median(peer_times), 3),
        "load_over_bare_csv_ratio": round(
            statistics.median(load_times) / statistics.median(peer_times), 1
        ),
        "store_snapshots": len(snapshots),
        "store_parties": sum(s["parties"] for s in snapshots),
        "lists_json_seconds_median": round(statistics.median(lists_times), 3),
        "show_json_seconds_median": round(statistics.median(show_times), 3),
        "cli_start_seconds_median (entitywatch version)": round(
            statistics.median(version_times), 3
        ),
    }
    if options.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:48} {value}")


if __name__ == "__main__":
    main()
