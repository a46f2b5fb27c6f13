"""The command-line contract of ../shared/DESIGN.md, exercised through real processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import DEMO_LIST, run_cli
from tests.conftest import shared_file


@pytest.mark.shared_data
def test_load_then_lists_reports_every_csl_listing(tmp_path: Path, database_url: str) -> None:
    loaded = run_cli(
        tmp_path, "load", str(shared_file("csl_2022/consolidated.csv")), database_url=database_url
    )
    listed = run_cli(tmp_path, "lists", "--json", database_url=database_url)

    assert loaded.code == 0, loaded.stderr
    assert listed.code == 0, listed.stderr
    (snapshot,) = listed.json()["snapshots"]
    assert snapshot["active"] is True
    assert snapshot["source"] == "us_trade_csl"
    assert snapshot["format"] == "csl_csv"
    assert len(snapshot["sha256"]) == 64
    assert sum(snapshot["listings"].values()) == 14160
    expected = {"EL": 2001, "SDN": 10026, "CMIC": 68, "MEU": 71, "UVL": 201, "DPL": 462}
    assert {code: snapshot["listings"][code] for code in expected} == expected
    assert set(snapshot) >= {
        "id",
        "source",
        "format",
        "loaded_at",
        "sha256",
        "active",
        "parties",
        "listings",
    }


def test_lists_as_of_counts_listings_in_effect(tmp_path: Path) -> None:
    assert run_cli(tmp_path, "load", str(DEMO_LIST), "--source", "demo").code == 0

    before = run_cli(tmp_path, "lists", "--json", "--as-of", "2019-10-08").json()
    after = run_cli(tmp_path, "lists", "--json", "--as-of", "2019-10-09").json()

    assert before["as_of"] == "2019-10-08"
    assert before["snapshots"][0]["listings"] == {"EL": 1}  # Huawei, May 2019
    assert after["snapshots"][0]["listings"] == {"EL": 10}
    assert after["snapshots"][0]["listings_all"] == {"CMIC": 1, "EL": 15}


def test_show_prints_names_listings_citations_and_history(tmp_path: Path) -> None:
    run_cli(tmp_path, "load", str(DEMO_LIST), "--source", "demo")
    found = run_cli(tmp_path, "search", "hikvision", "--json").json()["results"]
    party_id = found[0]["party_id"]

    shown = run_cli(tmp_path, "show", party_id, "--json").json()
    text = run_cli(tmp_path, "show", party_id).stdout

    assert shown["id"] == party_id
    assert {n["value"] for n in shown["names"]} >= {"Hikvision"}
    (listing,) = shown["listings"]
    assert listing["list_code"] == "EL"
    assert listing["federal_register"] == [{"volume": 84, "page": 54002}]
    assert listing["license_policy_clauses"][0]["eccns"][:2] == ["1A004.c", "1A004.d"]
    assert shown["history"]["first_seen"]["snapshot_id"] == shown["snapshot"]["id"]
    assert "84 FR 54002" in text and "presumption_of_denial" in text


def test_show_as_of_a_date_before_the_listing(tmp_path: Path) -> None:
    run_cli(tmp_path, "load", str(DEMO_LIST), "--source", "demo")
    party_id = run_cli(tmp_path, "search", "DJI", "--json").json()["results"][0]["party_id"]

    shown = run_cli(tmp_path, "show", party_id, "--json", "--as-of", "2020-01-01").json()

    assert shown["listed_on_date"] is False
    assert shown["listings"] == []


def test_diff_between_dates(tmp_path: Path) -> None:
    run_cli(tmp_path, "load", str(DEMO_LIST), "--source", "demo")

    diff = run_cli(tmp_path, "diff", "2020-06-01", "2020-06-10", "--json").json()

    assert diff["counts"] == {"added": 4, "removed": 0, "changed": 0}
    assert {row["name"] for row in diff["added"]} == {
        "Aksu Huafu Textiles Co.",
        "CloudWalk Technology",
        "Qihoo 360 Technology Co. Ltd.",
        "Beijing Cloudmind Technology Co., Ltd.",
    }


def test_loading_the_same_file_twice_keeps_one_snapshot(tmp_path: Path) -> None:
    first = run_cli(tmp_path, "load", str(DEMO_LIST), "--json")
    second = run_cli(tmp_path, "load", str(DEMO_LIST), "--json")

    assert first.json()["created"] is True
    assert second.json()["created"] is False
    assert second.json()["snapshot"]["id"] == first.json()["snapshot"]["id"]
    assert len(run_cli(tmp_path, "lists", "--json").json()["snapshots"]) == 1


def test_commands_that_need_lists_fail_closed_without_any(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "export", "--format", "ftm")

    assert result.code == 3
    assert "no active snapshot" in result.stderr


def test_unknown_party_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "show", "no-such-party")

    assert result.code == 2
    assert "no party 'no-such-party'" in result.stderr


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_own_list_with_a_column_mapping(tmp_path: Path) -> None:
    own = FIXTURES / "generic_csv" / "own_list_semicolon.csv"
    mapping = FIXTURES / "generic_csv" / "mapping.toml"

    loaded = run_cli(
        tmp_path,
        "load",
        str(own),
        "--mapping",
        str(mapping),
        "--list-code",
        "WATCH",
        "--source",
        "acme_watchlist",
        "--json",
    )

    assert loaded.code == 0, loaded.stderr
    snapshot = loaded.json()["snapshot"]
    assert snapshot["source"] == "acme_watchlist"
    assert set(snapshot["listings"]) == {"WATCH"}
    rows = [line for line in own.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    assert snapshot["listings"]["WATCH"] == len(rows)


def test_export_ftm_round_trips_through_load(tmp_path: Path) -> None:
    first_home, second_home = tmp_path / "a", tmp_path / "b"
    run_cli(first_home, "load", str(DEMO_LIST), "--source", "demo")
    exported = tmp_path / "export.ftm.jsonl"

    assert run_cli(first_home, "export", "--format", "ftm", "--out", str(exported)).code == 0
    reloaded = run_cli(second_home, "load", str(exported), "--source", "demo", "--json")

    assert reloaded.code == 0, reloaded.stderr
    assert reloaded.json()["snapshot"]["format"] == "ftm_jsonl"
    original = run_cli(first_home, "lists", "--json").json()["snapshots"][0]
    assert reloaded.json()["snapshot"]["listings"] == original["listings"]
    party_id = run_cli(first_home, "search", "hikvision", "--json").json()["results"][0]["party_id"]
    before = run_cli(first_home, "show", party_id, "--json").json()
    after = run_cli(second_home, "show", party_id, "--json").json()
    for key in ("id", "schema", "names", "addresses", "countries", "listings"):
        assert after[key] == before[key], key
