"""`entitywatch check-export` end to end on the real 2022 Consolidated Screening List.

The list is loaded once for the module (about 10 s); each question is one run of the
command line, as a user or a pipeline would run it. The JSON shape and exit codes are those
of "Command-line contract" in ../shared/DESIGN.md. The rules themselves are specified in
tests/rules/test_export.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import Run, run_cli
from tests.conftest import shared_csl_home

pytestmark = pytest.mark.shared_data

CONTRACT_KEYS = {"determination", "review_policy", "reasons", "citations", "screening"}


@pytest.fixture(scope="module")
def csl_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the full 2022 CSL loaded and its index cached (made once per run)."""
    return shared_csl_home(tmp_path_factory, "check-export-csl-2022-home")


def check(home: Path, party: str, item: str, *options: str) -> dict[str, Any]:
    run = run_cli(home, "check-export", "--party", party, "--item", item, *options, "--json")
    assert run.code == 0, run.stderr
    document: dict[str, Any] = run.json()
    assert set(document) >= CONTRACT_KEYS
    return document


def bases(document: dict[str, Any]) -> set[str]:
    return {finding["basis"] for finding in document["findings"]}


def test_hikvision_named_eccn_needs_a_licence_reviewed_case_by_case(csl_home: Path) -> None:
    document = check(csl_home, "Hikvision", "1A004.c")
    assert (document["determination"], document["review_policy"]) == (
        "license_required",
        "case_by_case",
    )
    assert document["screening"]["decision"] == "match"
    assert "15 CFR 744.11" in document["citations"]
    assert "84 FR 54002" in document["citations"]  # the listing's Federal Register citation
    assert any("No licence exception may be used" in reason for reason in document["reasons"])
    first = document["findings"][0]
    assert (first["basis"], first["party_name"]) == (
        "EL",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
    )


def test_hikvision_ear99_needs_a_licence_presumed_denied(csl_home: Path) -> None:
    document = check(csl_home, "Hikvision", "EAR99")
    assert (document["determination"], document["review_policy"]) == (
        "license_required",
        "presumption_of_denial",
    )
    assert "CMIC" in bases(document)  # kept as a reason, without changing the answer


def test_entity_list_history_as_of_the_day_before_and_after_the_listing(
    csl_home: Path,
) -> None:
    before = check(csl_home, "Hikvision", "EAR99", "--as-of", "2019-10-01")
    after = check(csl_home, "Hikvision", "EAR99", "--as-of", "2019-10-10")
    assert before["determination"] == "no_license_required"
    assert after["determination"] == "license_required"


def test_sdn_only_party_is_prohibited(csl_home: Path) -> None:
    document = check(csl_home, "BANK MELLAT", "EAR99")
    assert (document["determination"], document["review_policy"]) == ("prohibited", "prohibited")
    assert bases(document) <= {"SDN", "embargo", "screening"}  # every candidate is SDN only
    assert "31 CFR part 501" in document["citations"]


def test_denied_person_is_prohibited(csl_home: Path) -> None:
    document = check(csl_home, "Nordic Maritime Pte. Ltd.", "EAR99", "--country", "SG")
    assert document["determination"] == "prohibited"
    denied = [f for f in document["findings"] if f["basis"] == "DPL"]
    assert [f["party_name"] for f in denied] == ["NORDIC MARITIME PTE. LTD."]
    assert denied[0]["outcome"] == "prohibited"
    assert "15 CFR 736.2(b)(4)" in document["citations"]


def test_military_end_user_and_a_supplement_2_item(csl_home: Path) -> None:
    document = check(csl_home, "AECC Aero Science & Technology Co. Ltd.", "5A992.c")
    assert (document["determination"], document["review_policy"]) == (
        "license_required",
        "presumption_of_denial",
    )
    assert "15 CFR 744.21" in document["citations"]


def test_unlisted_firm_exporting_ear99_to_china_needs_no_licence(csl_home: Path) -> None:
    document = check(csl_home, "Alibaba Group Holding Limited", "EAR99", "--country", "CN")
    assert (document["determination"], document["review_policy"]) == (
        "no_license_required",
        "not_applicable",
    )
    assert document["screening"]["decision"] == "clear"
    screened = document["reasons"][0]
    assert "us_trade_csl snapshot" in screened and "EL, FSE" in screened


def test_the_same_firm_in_iran_is_under_embargo(csl_home: Path) -> None:
    document = check(csl_home, "Alibaba Group Holding Limited", "EAR99", "--country", "IR")
    assert (document["determination"], document["review_policy"]) == (
        "license_required",
        "policy_of_denial",
    )
    assert {"15 CFR 746.7", "31 CFR 560.204"} <= set(document["citations"])


def test_a_covered_region_of_ukraine(csl_home: Path) -> None:
    document = check(
        csl_home, "Alibaba Group Holding Limited", "EAR99", "--country", "UA", "--region", "crimea"
    )
    assert document["determination"] == "license_required"
    assert document["destination"] == {"country": "UA", "regions": ["crimea"]}
    assert "15 CFR 746.6" in document["citations"]


# Names near a listed one; at least one must reach only decision review with the 2022 CSL.
REVIEW_CANDIDATES = ["Sichuan Gastone", "Tianjin Port Holdings", "Ningbo Semiconductor Corp"]


def test_a_name_that_only_reaches_review_is_review_never_no_licence(csl_home: Path) -> None:
    reviewed = []
    for name in REVIEW_CANDIDATES:
        screened = run_cli(csl_home, "screen", name, "--json")
        assert screened.code == 0, screened.stderr
        if screened.json()["decision"] == "review":
            reviewed.append(name)
            break
    assert reviewed, f"none of {REVIEW_CANDIDATES} reaches decision review any more"
    document = check(csl_home, reviewed[0], "EAR99")
    assert document["determination"] == "review"
    assert document["reasons"][0].startswith("Possible match (score")
    assert document["screening"]["decision"] == "review"


def test_human_readable_output(csl_home: Path) -> None:
    run = run_cli(csl_home, "check-export", "--party", "Hikvision", "--item", "1A004.c")
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("LICENSE REQUIRED  Hikvision  ->  1A004.c")
    assert "review policy: case-by-case" in run.stdout
    assert "84 FR 54002" in run.stdout


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        (("--item", "1F004"), "--item '1F004' has product group 'F'"),
        (("--item", "1A404"), "--item '1A404' has '4' as its reason-for-control digit"),
        (("--item", "EAR-99"), "--item 'EAR-99' is not an ECCN"),
        (("--item", "1A004", "--region", "kharkiv"), "--region 'kharkiv' is not an embargoed"),
        (("--item", "1A004", "--country", "XX"), "--country 'XX' is not a country"),
        (("--item", "1A004", "--as-of", "2019-13-01"), "--as-of '2019-13-01' is not a date"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_option(
    csl_home: Path, options: tuple[str, ...], complaint: str
) -> None:
    run: Run = run_cli(csl_home, "check-export", "--party", "Hikvision", *options)
    assert run.code == 2
    assert run.stdout == ""
    assert complaint in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_without_any_list_it_fails_closed(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "check-export", "--party", "Alibaba", "--item", "EAR99", "--json")
    assert run.code == 3
    assert "no_license_required" not in run.stdout
    assert "no list snapshot is loaded" in run.stderr


def test_bad_item_is_refused_before_the_missing_lists(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "check-export", "--party", "Alibaba", "--item", "9Z999")
    assert run.code == 2


def test_every_determination_goes_into_the_audit_log(csl_home: Path) -> None:
    party = "Audit Trail Test Trading Company"
    document = check(csl_home, party, "EAR99", "--country", "CN")
    listed = run_cli(csl_home, "audit", "list", "--action", "screening.export", "--json")
    assert listed.code == 0, listed.stderr
    entries = [e for e in listed.json()["entries"] if party in json.dumps(e)]
    assert entries, listed.stdout
    assert document["determination"] in json.dumps(entries[0])
    verified = run_cli(csl_home, "audit", "verify")
    assert verified.code == 0, verified.stdout + verified.stderr
