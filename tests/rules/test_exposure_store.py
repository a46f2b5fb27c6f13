"""Exposure and ownership against a real store, on SQLite and PostgreSQL.

The lists are small fixtures written for these tests (tests/fixtures/exposure/README.md):
a CSL extract with Huawei and its affiliate, an own list loaded as the UFLPA Entity List,
and fictional companies whose ownership links (with shares) an FtM file states.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from entitywatch.errors import InputError, NoListDataError
from entitywatch.loading import load_list_file
from entitywatch.rules.exposure import ExposureQuery, ExposureReport, assess_exposure
from entitywatch.rules.ownership import (
    ListLookup,
    OwnershipReport,
    build_ownership_report,
    read_links_csv,
)
from entitywatch.rules.regimes import OwnershipFamily, Regime

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exposure"
CSL = FIXTURES / "csl_relations.csv"
UFLPA = FIXTURES / "uflpa_entity_list.csv"
UFLPA_MAPPING = FIXTURES / "uflpa_mapping.toml"
FTM_CHAIN = FIXTURES / "ownership_chain.ftm.jsonl"
DAY = dt.date(2024, 6, 1)


@pytest.fixture
def lookup(engine: Engine, tmp_path: Path) -> ListLookup:
    """A store with the three fixture lists loaded."""
    load_list_file(engine, CSL)
    load_list_file(engine, UFLPA, mapping=UFLPA_MAPPING, list_code="UFLPA", source="dhs_uflpa")
    load_list_file(engine, FTM_CHAIN)
    return ListLookup(engine, tmp_path / "home", as_of=DAY)


def assess(lookup: ListLookup, name: str, **options: object) -> ExposureReport:
    return assess_exposure(lookup, ExposureQuery(name, as_of=DAY), **options)  # type: ignore[arg-type]


def statuses(report: ExposureReport) -> dict[str, str]:
    return {r.regime.value: r.status.value for r in report.regimes}


def test_without_a_loaded_list_exposure_fails_closed(engine: Engine, tmp_path: Path) -> None:
    lookup = ListLookup(engine, tmp_path)

    with pytest.raises(NoListDataError):
        assess(lookup, "Huawei Technologies Co., Ltd.")
    with pytest.raises(NoListDataError):
        lookup.snapshots()


def test_huawei_is_listed_with_citations_dates_and_its_listed_affiliate(
    lookup: ListLookup,
) -> None:
    report = assess(lookup, "Huawei Technologies Co., Ltd.")

    assert statuses(report) == {
        "export": "listed",
        "financial": "not_listed",
        "investment": "listed",
        "import": "not_listed",
        "procurement": "not_screened",
        "cn_countermeasures": "not_screened",
        "other": "not_screened",
    }
    el = report.regime(Regime.EXPORT).measures[0].to_dict()
    assert (el["party_name"], el["start_date"], el["federal_register"]) == (
        "Huawei Technologies Co., Ltd.",
        "2019-05-21",
        ["84 FR 22961"],
    )
    assert el["license_policy"] == "Presumption of denial."
    cmic = next(
        m.to_dict()
        for m in report.regime(Regime.INVESTMENT).measures
        if m.party_name == "HUAWEI TECHNOLOGIES CO., LTD."
    )
    assert cmic["investment_dates"] == {
        "listing_date": "2021-06-03",
        "purchases_prohibited_from": "2021-08-02",
        "divestment_allowed_until": "2022-06-03",
        "computed": [],
        "discrepancies": [],
    }
    assert [a.name for a in report.listed_affiliates] == [
        "Huawei Technologies Co., Ltd., Beijing Research Institute"
    ]
    assert report.listed_affiliates[0].kind == "affiliate_of"


def test_the_affiliate_is_listed_itself_and_reaches_its_parent_through_the_relation(
    lookup: ListLookup,
) -> None:
    report = assess(lookup, "Huawei Technologies Co., Ltd., Beijing Research Institute")

    export = report.regime(Regime.EXPORT)
    assert export.status.value == "listed"
    assert [(m.party_name, m.status.value, m.via) for m in export.measures] == [
        ("Huawei Technologies Co., Ltd., Beijing Research Institute", "listed", "self"),
        ("Huawei Technologies Co., Ltd.", "related", "parent"),
    ]
    assert export.measures[1].chain[1] == (
        "Huawei Technologies Co., Ltd., Beijing Research Institute is an affiliate of "
        "Huawei Technologies Co., Ltd."
    )
    # NS-CMIC names Huawei itself; its unlisted affiliates are not covered.
    cmic = report.regime(Regime.INVESTMENT).measures
    assert {(m.party_name, m.status.value) for m in cmic} >= {
        ("HUAWEI TECHNOLOGIES CO., LTD.", "related")
    }


@pytest.mark.parametrize(
    "name",
    ["Hoshine Silicon Industry Co., Ltd.", "合盛硅业股份有限公司", "XPCC"],
)
def test_an_entity_of_the_uflpa_list_faces_the_forced_labour_presumption(
    lookup: ListLookup, name: str
) -> None:
    report = assess(lookup, name)

    imports = report.regime(Regime.IMPORT)
    assert imports.status.value == "listed"
    measure = imports.measures[0].to_dict()
    assert measure["list"] == "UFLPA"
    assert measure["start_date"] == "2022-06-21"
    assert "19 U.S.C. 1307 (Tariff Act of 1930, section 307)" in measure["legal_authority"]
    assert "presumed to be made with forced labour" in measure["consequence"]
    assert measure["issuer"] == (
        "Forced Labor Enforcement Task Force (Department of Homeland Security)"
    )


OWNED_CASES = [
    # (name, regime, status, first step of the chain)
    (
        "Northwind Bunkering Company Limited",
        "financial",
        "reached_through_owner",
        "Northwind Maritime Holdings Limited is listed on SDN",
    ),
    (
        "Eastgate Shipping Agency Limited",
        "financial",
        "possible",
        "Northwind Maritime Holdings Limited is listed on SDN",
    ),
    (
        "Southbay Commodity Trading Limited",
        "financial",
        "related",
        "Northwind Maritime Holdings Limited is listed on SDN",
    ),
    (
        "Qiantang Lens Assembly Company Limited",
        "export",
        "reached_through_owner",
        "Qiantang Precision Optics Company Limited is listed on EL",
    ),
]


@pytest.mark.parametrize(("name", "regime", "status", "first_step"), OWNED_CASES)
def test_an_unlisted_company_the_lists_name_as_owned_is_reached_through_its_owner(
    lookup: ListLookup, name: str, regime: str, status: str, first_step: str
) -> None:
    report = assess(lookup, name)

    exposure = report.regime(Regime(regime))
    assert report.decision == "clear"  # on no list itself
    assert exposure.status.value == status
    assert exposure.measures[0].chain[0] == first_step
    assert exposure.measures[0].via == "parent"


# --- a user's ownership file -----------------------------------------------------------


def report_for(lookup: ListLookup, tmp_path: Path, text: str) -> OwnershipReport:
    path = tmp_path / "links.csv"
    path.write_text(text, encoding="utf-8")
    return build_ownership_report(read_links_csv(path), lookup, as_of=DAY)


def test_owners_are_found_by_screening_their_names(lookup: ListLookup, tmp_path: Path) -> None:
    report = report_for(
        lookup,
        tmp_path,
        "owner,owned,share\n"
        "ZHUHAI ZHENRONG CO,Lantau Fuel Trading Limited,30\n"
        "Qiantang Precision Optics Company Limited,Lantau Fuel Trading Limited,30\n"
        "Lantau Fuel Trading Limited,Tsing Yi Bunkering Limited,80\n",
    )

    flags = {(f.entity, f.family) for f in report.flags()}
    # 30% SDN + 30% EL: each rule adds only its own lists' owners.
    assert flags == set()
    below = report.outcomes[OwnershipFamily.OFAC_BLOCKED].below_threshold
    assert [s.share for s in next(iter(below.values()))] == [30]
    listed = {(name, d.list_code) for name, d in report.listed()}
    assert listed == {
        ("ZHUHAI ZHENRONG CO", "SDN"),
        ("Qiantang Precision Optics Company Limited", "EL"),
    }


def test_a_party_id_names_a_listed_owner(lookup: ListLookup, tmp_path: Path) -> None:
    zhenrong = next(
        f.party.id for f in lookup.found("ZHUHAI ZHENRONG COMPANY LIMITED") if f.decision == "match"
    )

    report = report_for(
        lookup,
        tmp_path,
        f"owner,owned,share,owner_id\nOur supplier's parent,Lantau Fuel Trading Limited,50,"
        f"{zhenrong}\n",
    )

    flag = report.flags()[0]
    assert (flag.entity, flag.family, flag.aggregate_share) == (
        "Lantau Fuel Trading Limited",
        OwnershipFamily.OFAC_BLOCKED,
        50,
    )


def test_an_unknown_party_id_is_bad_input(lookup: ListLookup, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no listed party has the id 'csl-nothing'"):
        report_for(lookup, tmp_path, "owner,owned,share,owner_id\nX,Y,50,csl-nothing\n")


def test_the_lists_relations_join_the_users_links(lookup: ListLookup, tmp_path: Path) -> None:
    # The lists say Holdings (SDN) owns 60% of Tanker Services; the user's file says
    # Tanker Services owns 50% of a company of its own.
    report = report_for(
        lookup,
        tmp_path,
        "owner,owned,share\nNorthwind Tanker Services Limited,Harbour Fuel Supply Limited,50\n",
    )

    flag = next(f for f in report.flags() if f.entity == "Harbour Fuel Supply Limited")
    assert flag.chain[0] == (
        "Northwind Maritime Holdings Limited is listed on SDN since 2020-09-03 as "
        "'Northwind Maritime Holdings Limited'."
    )
    assert (
        "Northwind Maritime Holdings Limited (listed) owns 60% of Northwind Tanker"
        in (flag.chain[1])
    )
    assert flag.look_through_share == pytest.approx(30.0)
    assert report.list_links >= 1


def test_exposure_with_an_ownership_file(lookup: ListLookup, tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text(
        "owner,owned,share\n"
        "Qiantang Precision Optics Company Limited,Fuchun Camera Modules Limited,60\n"
        "Fuchun Camera Modules Limited,Acme Imaging Limited,60\n",
        encoding="utf-8",
    )

    report = assess(lookup, "Acme Imaging Limited", ownership_file=read_links_csv(path))

    export = report.regime(Regime.EXPORT)
    assert export.status.value == "reached_through_owner"
    assert export.measures[0].via == "owners"
    assert export.measures[0].party_name == "Qiantang Precision Optics Company Limited"
    assert report.regime(Regime.FINANCIAL).status.value == "not_listed"
    with pytest.raises(InputError, match="no row of the ownership file names 'Someone Else'"):
        assess(lookup, "Someone Else", ownership_file=read_links_csv(path))
