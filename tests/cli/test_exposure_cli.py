"""`entitywatch exposure` and `entitywatch ownership` on the real shared lists.

One home per module holds the full 2022 Consolidated Screening List, China's
counter-sanctions table, the NDAA section 889, FCC Covered List and DoD 1260H tables from
../shared/data, and the UFLPA fixture loaded as a user's own list (no official UFLPA file
is shared). Each question runs the real command line, as a compliance officer would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import Run, run_cli
from tests.conftest import shared_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UFLPA = FIXTURES / "exposure" / "uflpa_entity_list.csv"
UFLPA_MAPPING = FIXTURES / "exposure" / "uflpa_mapping.toml"
REAL_OWNERS = FIXTURES / "ownership" / "links_real_owners.csv"
SHARED_LISTS = [
    "csl_2022/consolidated.csv",
    "cn_sanctions/sanctions.csv",
    "us_china_related_lists/ndaa_section_889.csv",
    "us_china_related_lists/fcc_covered_list.csv",
    "us_china_related_lists/dod_1260h_chinese_military_companies.csv",
]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    paths = [shared_file(relative) for relative in SHARED_LISTS]
    home = tmp_path_factory.mktemp("exposure-home")
    for path in paths:
        loaded = run_cli(home, "load", str(path))
        assert loaded.code == 0, loaded.stderr
    loaded = run_cli(
        home,
        "load",
        str(UFLPA),
        "--mapping",
        str(UFLPA_MAPPING),
        "--list-code",
        "UFLPA",
        "--source",
        "dhs_uflpa",
    )
    assert loaded.code == 0, loaded.stderr
    return home


_ASKED: dict[tuple[str, ...], dict[str, Any]] = {}


def exposure(home: Path, name: str, *options: str) -> dict[str, Any]:
    """The JSON answer, once per question (the home is read-only for these tests)."""
    key = (name, *options)
    if key not in _ASKED:
        run = run_cli(home, "exposure", name, *options, "--json")
        assert run.code == 0, run.stderr
        _ASKED[key] = run.json()
    return _ASKED[key]


def regime(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in document["regimes"] if r["regime"] == name)


def measures(document: dict[str, Any], name: str, code: str) -> list[dict[str, Any]]:
    return [m for m in regime(document, name)["measures"] if m["list"] == code]


# --- the seed articles' parties --------------------------------------------------------


def test_hikvision_export_entity_list_with_dates_and_citation(home: Path) -> None:
    document = exposure(home, "Hikvision")

    assert regime(document, "export")["status"] == "listed"
    el = measures(document, "export", "EL")[0]
    assert el["party_name"] == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert el["start_date"] == "2019-10-09"
    assert "84 FR 54002" in el["federal_register"]
    assert "15 CFR 744.11" in el["legal_authority"]
    assert el["license_policy"].startswith("Case-by-case review for ECCNs 1A004.c")


def test_hikvision_investment_ns_cmic_with_the_prohibition_dates(home: Path) -> None:
    document = exposure(home, "Hikvision")

    assert regime(document, "investment")["status"] == "listed"
    cmic = measures(document, "investment", "CMIC")[0]
    assert cmic["start_date"] == "2021-06-03"
    assert cmic["investment_dates"]["purchases_prohibited_from"] == "2021-08-02"
    assert cmic["investment_dates"]["divestment_allowed_until"] == "2022-06-03"
    assert cmic["investment_dates"]["computed"] == []  # OFAC states them
    assert "E.O. 13959 as amended by E.O. 14032" in cmic["legal_authority"]


def test_hikvision_procurement_ndaa_889_fcc_and_dod(home: Path) -> None:
    document = exposure(home, "Hikvision")

    procurement = regime(document, "procurement")
    assert procurement["status"] == "listed"
    listed = {m["list"] for m in procurement["measures"] if m["status"] == "listed"}
    assert listed == {"NDAA-889", "FCC-COVERED", "DOD-1260H"}
    ndaa = measures(document, "procurement", "NDAA-889")[0]
    assert (
        "John S. McCain NDAA for FY2019, Pub. L. 115-232, section 889" in (ndaa["legal_authority"])
    )
    assert measures(document, "procurement", "FCC-COVERED")[0]["start_date"] == "2021-03-12"


def test_hikvision_is_on_no_financial_import_or_chinese_list(home: Path) -> None:
    document = exposure(home, "Hikvision")

    for name in ("financial", "import", "cn_countermeasures"):
        assert regime(document, name)["status"] == "not_listed", name


def test_huawei_entity_list_and_its_listed_affiliates(home: Path) -> None:
    document = exposure(home, "Huawei Technologies Co., Ltd.")

    el = measures(document, "export", "EL")
    huawei = next(m for m in el if m["party_name"] == "Huawei Technologies Co., Ltd. (Huawei)")
    assert huawei["start_date"] == "2019-05-21"
    assert "84 FR 22961" in huawei["federal_register"]
    affiliates = {a["name"]: a for a in document["listed_affiliates"]}
    assert len(affiliates) >= 20
    institute = affiliates["Huawei Technologies Co., Ltd., Beijing Research Institute"]
    assert institute["of"] == "Huawei Technologies Co., Ltd. (Huawei)"
    assert institute["relation"] == "affiliate_of"
    assert institute["chain"].startswith(
        "Huawei Technologies Co., Ltd., Beijing Research Institute is an affiliate of Huawei"
    )
    assert {m["list"] for m in regime(document, "investment")["measures"]} == {"CMIC"}
    assert "NDAA-889" in {m["list"] for m in regime(document, "procurement")["measures"]}


def test_a_huawei_affiliate_is_listed_itself_and_related_to_huawei(home: Path) -> None:
    document = exposure(home, "Huawei Technologies Co., Ltd., Beijing Research Institute")

    export = regime(document, "export")
    assert export["status"] == "listed"
    assert (
        export["measures"][0]["party_name"]
        == "Huawei Technologies Co., Ltd., Beijing Research Institute"
    )
    via_parent = [m for m in export["measures"] if m["via"] == "parent"]
    assert via_parent, "Huawei's own listing is shown through the relation"
    assert via_parent[0]["chain"][-2] == (
        "Huawei Technologies Co., Ltd., Beijing Research Institute is an affiliate of "
        "Huawei Technologies Co., Ltd. (Huawei)"
    )


def test_a_sdn_party_is_blocked(home: Path) -> None:
    document = exposure(home, "ZHUHAI ZHENRONG COMPANY LIMITED")

    financial = regime(document, "financial")
    assert financial["status"] == "listed"
    sdn = measures(document, "financial", "SDN")[0]
    assert sdn["programs"] == ["IRAN-EO13846"]
    assert sdn["consequence"].startswith("Blocked: all property and interests in property")
    assert sdn["reach"] == "ofac_fifty_percent"


def test_a_target_of_chinas_counter_measures(home: Path) -> None:
    document = exposure(home, "Skydio Inc.")

    countermeasures = regime(document, "cn_countermeasures")
    assert countermeasures["status"] == "listed"
    uel = measures(document, "cn_countermeasures", "CN-UEL")[0]
    assert uel["start_date"] == "2025-04-04"
    assert uel["authority"] == "Ministry of Commerce"
    assert "mofcom.gov.cn" in uel["source_urls"][0]
    assert (
        "Provisions on the Unreliable Entity List (MOFCOM Order No. 4 of 2020)"
        in uel["legal_authority"]
    )
    assert regime(document, "export")["status"] == "not_listed"


def test_an_entity_of_the_uflpa_list(home: Path) -> None:
    document = exposure(home, "Hoshine Silicon Industry Co., Ltd.")

    imports = regime(document, "import")
    assert imports["status"] == "listed"
    assert imports["measures"][0]["start_date"] == "2022-06-21"


def test_a_clear_name_is_not_listed_anywhere_and_says_what_was_screened(home: Path) -> None:
    document = exposure(home, "Tsingtao Brewery Company Limited")

    assert document["decision"] == "clear"
    assert document["status"] == "not_listed"
    assert {r["regime"]: r["status"] for r in document["regimes"]} == {
        "export": "not_listed",
        "financial": "not_listed",
        "investment": "not_listed",
        "import": "not_listed",
        "procurement": "not_listed",
        "cn_countermeasures": "not_listed",
        "other": "not_screened",
    }
    assert regime(document, "export")["lists_screened"]["EL"] == 2001
    assert regime(document, "import")["lists_screened"] == {"UFLPA": 6}
    assert set(document["snapshot"]["sources"]) == {
        "us_trade_csl",
        "cn_sanctions",
        "us_ndaa_889",
        "us_fcc_covered",
        "us_dod_1260h",
        "dhs_uflpa",
    }


def test_the_text_report(home: Path) -> None:
    run = run_cli(home, "exposure", "Hikvision")

    assert run.code == 0, run.stderr
    assert "LISTED  Hikvision" in run.stdout
    assert "Investment ban (NS-CMIC): listed: CMIC since 2021-06-03" in run.stdout
    assert "purchases prohibited since 2021-08-02" in run.stdout
    assert "Import ban (UFLPA): not listed (screened: UFLPA 6)" in run.stdout


# --- ownership -------------------------------------------------------------------------

# links_real_owners.csv: real listed owners, fictional owned companies.
EXPECTED_FLAGS = {
    # (entity, family): (aggregate share, look-through share)
    ("Pearl Estuary Fuel Logistics Ltd", "ofac_blocked"): (50.0, 50.0),  # 25% + 25%
    ("Lingding Bunker Services Ltd", "ofac_blocked"): (50.0, 25.0),  # blocked owns 50%
    ("Westlake Vision Modules Ltd", "bis_entity_list"): (60.0, 60.0),
    ("Binjiang Camera Housing Ltd", "bis_entity_list"): (60.0, 36.0),  # 60% x 60%
}


def test_ownership_flags_every_entity_owned_50_percent_by_listed_parties(home: Path) -> None:
    run = run_cli(home, "ownership", str(REAL_OWNERS), "--json")

    assert run.code == 0, run.stderr
    document = run.json()
    flags = {
        (f["entity"], f["family"]): (f["aggregate_share"], f["look_through_share"])
        for f in document["flags"]
    }
    assert flags == EXPECTED_FLAGS
    assert document["share_scale"] == "percent"
    assert document["links"] == 7
    binjiang = next(f for f in document["flags"] if f["entity"] == "Binjiang Camera Housing Ltd")
    assert binjiang["chain"][0].startswith(
        "Hangzhou Hikvision Digital Technology Co., Ltd. is listed on EL since 2019-10-09"
    )
    assert binjiang["listed_owners"][0]["list"] == "EL"
    # 40% by Huawei (Entity List) is below the threshold, and reported as such.
    below = {(b["entity"], b["family"]) for b in document["below_threshold"]}
    assert ("Shenzhen Bay Test Labs Ltd", "bis_entity_list") in below


def test_ownership_fail_on_flag_exits_1(home: Path) -> None:
    run = run_cli(home, "ownership", str(REAL_OWNERS), "--fail-on-flag")

    assert run.code == 1
    assert "4 flagged" in run.stdout


def test_exposure_through_owners_in_a_file(home: Path) -> None:
    document = exposure(home, "Binjiang Camera Housing Ltd", "--ownership", str(REAL_OWNERS))

    assert document["decision"] == "clear"
    export = regime(document, "export")
    assert export["status"] == "reached_through_owner"
    measure = export["measures"][0]
    assert measure["via"] == "owners"
    assert measure["party_name"] == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert measure["chain"][-1].startswith(
        "Westlake Vision Modules Ltd (covered) owns 60% of Binjiang Camera Housing Ltd"
    )
    assert document["ownership"]["flags"][0]["look_through_share"] == 36.0


# --- bad input and no data -------------------------------------------------------------


def _error(run: Run, code: int, words: str) -> None:
    assert run.code == code, (run.stdout, run.stderr)
    assert words in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["exposure", " "], "the name is empty"),
        (["exposure", "Hikvision", "--as-of", "2024-13-01"], "is not a date"),
        (["exposure", "Hikvision", "--limit", "0"], "--limit 0 must be at least 1"),
        (["ownership", str(REAL_OWNERS), "--share-scale", "basis"], "--share-scale 'basis'"),
        (["ownership", "no-such-file.csv"], "cannot read the file"),
    ],
)
def test_bad_input_exits_2(home: Path, args: list[str], words: str) -> None:
    _error(run_cli(home, *args), 2, words)


def test_a_bad_links_file_names_the_line_and_column(home: Path, tmp_path: Path) -> None:
    links = tmp_path / "links.csv"
    links.write_text("owner,owned,share\nX,A,50\nY,B,lots\n", encoding="utf-8")

    run = run_cli(home, "ownership", str(links))

    _error(run, 2, f"{links}:line 3, share: share 'lots' is not a number")


@pytest.mark.parametrize(
    "args",
    [["exposure", "Hikvision"], ["ownership", str(REAL_OWNERS)]],
)
def test_without_list_data_the_commands_fail_closed(tmp_path: Path, args: list[str]) -> None:
    run = run_cli(tmp_path, *args)

    _error(run, 3, "no list snapshot is loaded")
