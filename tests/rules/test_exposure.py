"""Sorting what a screening found into regimes (``build_exposure``, no store).

Each test builds the parties a screening would return and checks the regime statuses,
the chains and what is never said ("not listed" without a screened list).
"""

from __future__ import annotations

import datetime as dt

import pytest

from entitywatch.model import (
    FederalRegisterCitation,
    Listing,
    Name,
    Party,
    Relation,
    RelationKind,
    Schema,
    Snapshot,
)
from entitywatch.rules.exposure import (
    ExposureQuery,
    RelatedParty,
    RelationStep,
    Status,
    build_exposure,
    ownership_node_for,
)
from entitywatch.rules.ownership import (
    Designation,
    FamilyOutcome,
    FoundParty,
    OwnershipGraph,
    OwnershipLink,
    OwnershipReport,
    ShareScale,
    name_key,
)
from entitywatch.rules.regimes import OwnershipFamily, Regime

DAY = dt.date(2024, 6, 1)
QUERY = ExposureQuery("Acme Optics", as_of=DAY)


def snapshot(listings: dict[str, int], source: str = "test", snapshot_id: int = 1) -> Snapshot:
    return Snapshot(
        id=snapshot_id,
        source=source,
        format="test",
        sha256="0" * 64,
        loaded_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        parties=1,
        listings=listings,
        active=True,
        status="active",
    )


ALL_LISTS = snapshot(
    {"EL": 10, "SDN": 10, "CMIC": 5, "UFLPA": 3, "NDAA-889": 5, "CN-UEL": 2, "CUSTOM": 1}
)


def party(
    party_id: str,
    name: str,
    *listings: Listing,
    relations: tuple[Relation, ...] = (),
) -> Party:
    return Party(
        id=party_id,
        schema=Schema.COMPANY,
        names=[Name(name)],
        listings=list(listings),
        relations=list(relations),
    )


def listing(code: str, start: str | None = "2020-01-01", **extra: object) -> Listing:
    return Listing(
        list_code=code,
        authority="Test authority",
        start_date=dt.date.fromisoformat(start) if start else None,
        **extra,  # type: ignore[arg-type]
    )


def found(
    p: Party, decision: str = "match", score: float = 1.0, source: str = "test"
) -> FoundParty:
    return FoundParty(p, snapshot({}, source), decision, score, p.caption)


def statuses(report: object) -> dict[str, str]:
    return {r["regime"]: r["status"] for r in report.to_dict()["regimes"]}  # type: ignore[attr-defined]


# --- direct listings -------------------------------------------------------------------


def test_a_clear_name_is_not_listed_in_every_screened_regime() -> None:
    report = build_exposure(QUERY, [], [ALL_LISTS])

    assert statuses(report) == {
        "export": "not_listed",
        "financial": "not_listed",
        "investment": "not_listed",
        "import": "not_listed",
        "procurement": "not_listed",
        "cn_countermeasures": "not_listed",
        "other": "not_listed",
    }
    assert report.to_dict()["exposed"] is False
    assert report.regime(Regime.EXPORT).summary() == "not listed (screened: EL 10)"


def test_a_regime_whose_lists_are_not_loaded_is_never_called_not_listed() -> None:
    report = build_exposure(QUERY, [], [snapshot({"EL": 10})])

    assert report.regime(Regime.EXPORT).status is Status.NOT_LISTED
    for regime in (Regime.FINANCIAL, Regime.INVESTMENT, Regime.IMPORT, Regime.PROCUREMENT):
        assert report.regime(regime).status is Status.NOT_SCREENED


LISTED_CASES = [
    # (list code, regime)
    ("EL", "export"),
    ("SDN", "financial"),
    ("CMIC", "investment"),
    ("UFLPA", "import"),
    ("NDAA-889", "procurement"),
    ("CN-UEL", "cn_countermeasures"),
    ("CUSTOM", "other"),
]


@pytest.mark.parametrize(("code", "regime"), LISTED_CASES)
def test_a_match_is_listed_in_the_regime_of_its_list(code: str, regime: str) -> None:
    p = party("p1", "Acme Optics Co., Ltd.", listing(code))

    report = build_exposure(QUERY, [found(p)], [ALL_LISTS])

    document = report.to_dict()
    assert statuses(report)[regime] == "listed"
    assert [r for r, s in statuses(report).items() if s == "listed"] == [regime]
    measure = next(r for r in document["regimes"] if r["regime"] == regime)["measures"][0]
    assert measure["list"] == code
    assert measure["via"] == "self"
    assert measure["start_date"] == "2020-01-01"
    assert document["exposed"] is True


def test_a_measure_carries_its_dates_citations_and_authority() -> None:
    el = listing(
        "EL",
        "2019-10-09",
        federal_register=(
            FederalRegisterCitation(84, 54002, dt.date(2019, 10, 9)),
            FederalRegisterCitation(85, 44159),
        ),
        license_requirement="For all items subject to the EAR.",
        license_policy="Presumption of denial.",
        source_url="https://www.federalregister.gov/d/2019-22210",
    )
    p = party("p1", "Hangzhou Hikvision Digital Technology Co., Ltd.", el)

    report = build_exposure(QUERY, [found(p, source="us_trade_csl")], [ALL_LISTS])

    measure = report.regime(Regime.EXPORT).measures[0].to_dict()
    assert measure["federal_register"] == ["84 FR 54002 (2019-10-09)", "85 FR 44159"]
    assert "15 CFR 744.11" in measure["legal_authority"]
    assert measure["license_policy"] == "Presumption of denial."
    assert measure["sources"] == ["us_trade_csl (snapshot 1): p1"]
    assert report.regime(Regime.EXPORT).summary() == (
        "listed: EL since 2019-10-09 (84 FR 54002 (2019-10-09); 85 FR 44159)"
    )


def test_an_ended_listing_is_formerly_listed() -> None:
    p = party("p1", "Acme", listing("EL", "2016-03-08", end_date=dt.date(2018, 7, 13)))

    report = build_exposure(QUERY, [found(p)], [ALL_LISTS])

    assert report.regime(Regime.EXPORT).status is Status.FORMERLY_LISTED
    assert report.regime(Regime.EXPORT).measures[0].in_effect is False


def test_a_listing_that_starts_later_is_not_yet_in_effect() -> None:
    p = party("p1", "Acme", listing("DOD-1260H", "2026-06-30"))

    report = build_exposure(QUERY, [found(p)], [snapshot({"DOD-1260H": 1})])

    assert report.regime(Regime.PROCUREMENT).measures[0].in_effect is False


def test_the_same_listing_in_two_sources_is_one_measure_with_both_sources() -> None:
    remarks = (
        "Listing Date (CMIC): 03 Jun 2021 Effective Date (CMIC): 02 Aug 2021 "
        "Purchase/Sales For Divestment Date (CMIC): 03 Jun 2022"
    )
    from_csl = party("csl-1", "HUAWEI TECHNOLOGIES CO., LTD.", listing("CMIC", "2021-06-03"))
    from_ofac = party(
        "ofac-30947",
        "Huawei Technologies Co., Ltd.",
        listing("CMIC", "2021-06-03", remarks=remarks),
    )

    report = build_exposure(
        QUERY,
        [found(from_csl, source="us_trade_csl"), found(from_ofac, source="us_ofac_cons")],
        [ALL_LISTS],
    )

    measures = report.regime(Regime.INVESTMENT).measures
    assert len(measures) == 1
    document = measures[0].to_dict()
    assert document["sources"] == [
        "us_trade_csl (snapshot 1): csl-1",
        "us_ofac_cons (snapshot 1): ofac-30947",
    ]
    assert document["investment_dates"]["purchases_prohibited_from"] == "2021-08-02"
    assert document["investment_dates"]["divestment_allowed_until"] == "2022-06-03"
    assert document["investment_status"] == (
        "purchases prohibited since 2021-08-02; the divestment window closed on 2022-06-03: "
        "purchases and sales are prohibited"
    )


def test_one_party_on_several_annual_lists_keeps_every_date() -> None:
    p = party(
        "dod-1", "Acme", listing("DOD-1260H", "2021-06-03"), listing("DOD-1260H", "2025-01-07")
    )

    report = build_exposure(QUERY, [found(p)], [ALL_LISTS, snapshot({"DOD-1260H": 2}, "dod", 2)])

    measure = report.regime(Regime.PROCUREMENT).measures[0]
    assert measure.start_date == dt.date(2021, 6, 3)
    assert measure.listing_dates == (dt.date(2021, 6, 3), dt.date(2025, 1, 7))


def test_an_unknown_list_is_reported_under_other_with_its_name() -> None:
    p = party("p1", "Acme", listing("XYZ", list_name="Ministry of Trade watch list"))

    report = build_exposure(QUERY, [found(p)], [snapshot({"XYZ": 1})])

    other = report.regime(Regime.OTHER).to_dict()
    assert other["status"] == "listed"
    assert other["measures"][0]["list_name"] == "Ministry of Trade watch list"
    assert "no rule for list 'XYZ'" in other["measures"][0]["note"]


# --- possible exposure -----------------------------------------------------------------


def test_a_review_result_is_possible_and_kept_apart_from_the_measures() -> None:
    p = party("p1", "Acme Optical Instruments", listing("EL"), listing("SDN"))

    report = build_exposure(QUERY, [found(p, "review", 0.72)], [ALL_LISTS])

    assert report.decision == "review"
    for regime in (Regime.EXPORT, Regime.FINANCIAL):
        exposure = report.regime(regime)
        assert exposure.status is Status.POSSIBLE
        assert exposure.measures == []
        assert exposure.possible[0].name == "Acme Optical Instruments"
    assert report.regime(Regime.INVESTMENT).status is Status.NOT_LISTED
    assert report.to_dict()["exposed"] is False


def test_a_match_outranks_a_review_in_the_same_regime() -> None:
    report = build_exposure(
        QUERY,
        [
            found(party("p1", "Acme", listing("EL"))),
            found(party("p2", "Acme X", listing("EL")), "review", 0.7),
        ],
        [ALL_LISTS],
    )

    exposure = report.regime(Regime.EXPORT)
    assert exposure.status is Status.LISTED
    assert len(exposure.possible) == 1


# --- parents and affiliates ------------------------------------------------------------

PARENT_CASES = [
    # (case, parent's list, relation steps (kind, share), regime, expected status)
    ("SDN owner 60%", "SDN", [("owned_by", 60.0)], "financial", "reached_through_owner"),
    ("SDN owner 50%", "SDN", [("owned_by", 50.0)], "financial", "reached_through_owner"),
    ("SDN owner 40%", "SDN", [("owned_by", 40.0)], "financial", "related"),
    ("SDN owner share unknown", "SDN", [("owned_by", None)], "financial", "possible"),
    (
        "SDN owner 60% of 60%",
        "SDN",
        [("owned_by", 60.0), ("owned_by", 60.0)],
        "financial",
        "reached_through_owner",
    ),
    (
        "SDN owner 60% of 40%",
        "SDN",
        [("owned_by", 60.0), ("owned_by", 40.0)],
        "financial",
        "related",
    ),
    ("SDN affiliate", "SDN", [("affiliate_of", None)], "financial", "related"),
    ("EL owner 100%", "EL", [("owned_by", 100.0)], "export", "reached_through_owner"),
    ("EL affiliate", "EL", [("affiliate_of", None)], "export", "related"),
    ("CMIC owner 100% is not extended", "CMIC", [("owned_by", 100.0)], "investment", "related"),
    (
        "NDAA 889 covers affiliates",
        "NDAA-889",
        [("affiliate_of", None)],
        "procurement",
        "reached_through_affiliate",
    ),
    (
        "FCC covers subsidiaries",
        "FCC-COVERED",
        [("subordinate_of", None)],
        "procurement",
        "reached_through_affiliate",
    ),
    ("UFLPA names the entity only", "UFLPA", [("owned_by", 100.0)], "import", "related"),
]


@pytest.mark.parametrize(
    ("case", "code", "steps", "regime", "status"), PARENT_CASES, ids=[c[0] for c in PARENT_CASES]
)
def test_a_listed_parent_reaches_the_party_as_its_list_says(
    case: str, code: str, steps: list[tuple[str, float | None]], regime: str, status: str
) -> None:
    child = party("c1", "Acme Optics Co., Ltd.")
    parent = party("p1", "Big Parent Group", listing(code))
    relation_steps = tuple(
        RelationStep(f"level {n}", kind, f"level {n + 1}", share)
        for n, (kind, share) in enumerate(steps)
    )

    report = build_exposure(
        QUERY,
        [found(child)],
        [ALL_LISTS, snapshot({"FCC-COVERED": 1}, "fcc", 2)],
        parents=[(found(child), RelatedParty(parent, None, relation_steps))],
    )

    exposure = report.regime(Regime(regime))
    assert exposure.status is Status(status)
    measure = exposure.measures[0].to_dict()
    assert measure["via"] == "parent"
    assert measure["chain"][0] == f"Big Parent Group is listed on {code}"
    assert measure["chain"][-1] == (
        "'Acme Optics' is named in the lists as 'Acme Optics Co., Ltd.', on no list itself"
    )
    assert measure["note"]


def test_the_chain_reads_from_the_listed_parent_down() -> None:
    bunkering = party("b", "Northwind Bunkering")  # on no list: named as owned only
    holdings = party("h", "Northwind Holdings", listing("SDN", "2020-09-03"))
    steps = (
        RelationStep("Northwind Bunkering", "owned_by", "Northwind Tankers", 60.0),
        RelationStep("Northwind Tankers", "owned_by", "Northwind Holdings", 60.0),
    )

    report = build_exposure(
        ExposureQuery("Northwind Bunkering", as_of=DAY),
        [found(bunkering)],
        [ALL_LISTS],
        parents=[(found(bunkering), RelatedParty(holdings, None, steps))],
    )

    measure = report.regime(Regime.FINANCIAL).measures[0]
    assert measure.status is Status.REACHED_THROUGH_OWNER
    assert measure.chain == (
        "Northwind Holdings is listed on SDN",
        "Northwind Holdings owns 60% of Northwind Tankers",
        "Northwind Tankers owns 60% of Northwind Bunkering",
        "'Northwind Bunkering' is named in the lists as 'Northwind Bunkering', on no list itself",
    )


def test_listed_affiliates_of_the_matched_party_are_reported_with_the_chain() -> None:
    huawei = party("hw", "Huawei Technologies Co., Ltd.", listing("EL", "2019-05-21"))
    institute = party(
        "hw-bri",
        "Huawei Technologies Co., Ltd., Beijing Research Institute",
        listing("EL", "2019-05-21", federal_register=(FederalRegisterCitation(84, 22961),)),
        relations=(Relation(RelationKind.AFFILIATE_OF, "Huawei Technologies Co., Ltd.", "hw"),),
    )
    repeated = party(
        "hw-bri-2",
        "Huawei Technologies Co., Ltd., Beijing Research Institute",
        listing("EL", "2019-05-21", federal_register=(FederalRegisterCitation(85, 29852),)),
        relations=(Relation(RelationKind.AFFILIATE_OF, "Huawei Technologies Co., Ltd.", "hw"),),
    )

    report = build_exposure(
        QUERY, [found(huawei)], [ALL_LISTS], children=[(institute, None), (repeated, None)]
    )

    affiliates = report.to_dict()["listed_affiliates"]
    assert len(affiliates) == 1  # one entry per name: the list repeats it per address
    assert affiliates[0]["chain"] == (
        "Huawei Technologies Co., Ltd., Beijing Research Institute is an affiliate of Huawei "
        "Technologies Co., Ltd.; Huawei Technologies Co., Ltd., Beijing Research Institute is "
        "listed: EL since 2019-05-21 (84 FR 22961); EL since 2019-05-21 (85 FR 29852)"
    )
    assert affiliates[0]["lists"][0]["regime"] == "export"


def test_a_matched_affiliate_scored_below_its_matched_parent_is_a_listed_affiliate() -> None:
    huawei = party("hw", "Huawei Technologies Co., Ltd.", listing("EL"))
    lab = party(
        "hw-lab",
        "Huawei Technologies Co., Ltd., Material Characterization Lab",
        listing("EL"),
        relations=(Relation(RelationKind.AFFILIATE_OF, "Huawei Technologies Co., Ltd.", "hw"),),
    )

    report = build_exposure(QUERY, [found(huawei, score=0.97), found(lab, score=0.8)], [ALL_LISTS])

    assert [m.party_id for m in report.regime(Regime.EXPORT).measures] == ["hw"]
    assert [a.party_id for a in report.listed_affiliates] == ["hw-lab"]


def test_a_matched_parent_scored_below_its_matched_affiliate_reaches_through_the_relation() -> None:
    huawei = party("hw", "Huawei Technologies Co., Ltd.", listing("EL"), listing("NDAA-889"))
    lab = party(
        "hw-lab",
        "Huawei Technologies Co., Ltd., Material Characterization Lab",
        listing("EL"),
        relations=(Relation(RelationKind.AFFILIATE_OF, "Huawei Technologies Co., Ltd.", "hw"),),
    )
    huawei_on_cmic = party("hw-cmic", "HUAWEI TECHNOLOGIES CO., LTD.", listing("CMIC"))
    step = RelationStep(lab.caption, "affiliate_of", huawei.caption)

    report = build_exposure(
        ExposureQuery(lab.caption, as_of=DAY),
        [found(lab, score=1.0), found(huawei, score=0.8), found(huawei_on_cmic, score=0.8)],
        [ALL_LISTS],
        parents=[(found(lab, score=1.0), RelatedParty(huawei, None, (step,)))],
    )

    export = report.regime(Regime.EXPORT)
    assert [(m.party_id, m.status) for m in export.measures] == [
        ("hw-lab", Status.LISTED),
        ("hw", Status.RELATED),
    ]
    # Huawei on NS-CMIC under the parent's name: reached through the same relation.
    investment = report.regime(Regime.INVESTMENT)
    assert [(m.party_id, m.status) for m in investment.measures] == [("hw-cmic", Status.RELATED)]
    assert report.regime(Regime.PROCUREMENT).status is Status.REACHED_THROUGH_AFFILIATE


# --- the ownership file ----------------------------------------------------------------


def ownership_report(
    rows: list[tuple[str, str, float | None]], owners: dict[str, str]
) -> OwnershipReport:
    g = OwnershipGraph(
        OwnershipLink(name_key(o), o, name_key(d), d, s, f"links.csv line {n}")
        for n, (o, d, s) in enumerate(rows, start=2)
    )
    family_of = {"SDN": OwnershipFamily.OFAC_BLOCKED, "EL": OwnershipFamily.BIS_ENTITY_LIST}
    designated = {
        name_key(name): [
            Designation(family_of[code], code, f"id-{name}", name, start_date=dt.date(2019, 10, 9))
        ]
        for name, code in owners.items()
    }
    outcomes: dict[OwnershipFamily, FamilyOutcome] = {
        family: g.apply_rule(family, designated) for family in OwnershipFamily
    }
    return OwnershipReport(
        path="links.csv",
        share_scale=ShareScale.PERCENT,
        as_of=DAY,
        graph=g,
        identities={},
        outcomes=outcomes,
    )


def test_an_ownership_flag_reaches_the_party_with_the_chain() -> None:
    report = ownership_report(
        [("Hikvision", "Westlake Modules", 60), ("Westlake Modules", "Acme Optics", 60)],
        {"Hikvision": "EL"},
    )

    exposure = build_exposure(
        QUERY, [], [ALL_LISTS], ownership=report, ownership_node=name_key("Acme Optics")
    )

    export = exposure.regime(Regime.EXPORT)
    assert export.status is Status.REACHED_THROUGH_OWNER
    measure = export.measures[0].to_dict()
    assert measure["via"] == "owners"
    assert measure["list"] == "EL"
    assert measure["party_name"] == "Hikvision"
    assert measure["start_date"] == "2019-10-09"
    assert measure["chain"][-1].startswith("Westlake Modules (covered) owns 60% of Acme Optics")
    assert "look-through share 36%" in measure["note"]
    assert exposure.regime(Regime.FINANCIAL).status is Status.NOT_LISTED
    assert exposure.to_dict()["ownership"]["flags"][0]["entity"] == "Acme Optics"


def test_an_owner_with_an_unknown_share_makes_the_exposure_possible() -> None:
    report = ownership_report([("Zhenrong", "Acme Optics", None)], {"Zhenrong": "SDN"})

    exposure = build_exposure(
        QUERY, [], [ALL_LISTS], ownership=report, ownership_node=name_key("Acme Optics")
    )

    financial = exposure.regime(Regime.FINANCIAL)
    assert financial.status is Status.POSSIBLE
    assert "Find out the shares" in financial.possible[0].reason


def test_the_queried_party_must_be_in_the_ownership_file() -> None:
    report = ownership_report([("X", "Y", 50)], {})

    assert ownership_node_for("y", report, []) == name_key("Y")
    with pytest.raises(Exception, match="no row of the ownership file names 'Acme Optics'"):
        ownership_node_for("Acme Optics", report, [])


def test_the_report_names_the_snapshots_screened() -> None:
    report = build_exposure(QUERY, [], [ALL_LISTS, snapshot({"CN-UEL": 66}, "cn_sanctions", 2)])

    document = report.to_dict()
    assert document["snapshot"]["ids"] == [1, 2]
    assert document["snapshot"]["sources"] == ["test", "cn_sanctions"]
    assert document["judged_on"] == "2024-06-01"
    assert report.regime(Regime.CN_COUNTERMEASURES).lists_screened == {"CN-UEL": 68}


def test_a_parent_on_several_annual_lists_is_one_measure_with_every_date() -> None:
    child = party("c1", "Hangzhou Hikvision Digital Technology Co., Ltd.", listing("EL"))
    cetc = party(
        "cetc",
        "China Electronics Technology Group Corporation",
        listing("DOD-1260H", "2021-06-03"),
        listing("DOD-1260H", "2024-01-31"),
        listing("DOD-1260H", "2025-01-07"),  # after the day judged on: not in effect
    )
    step = RelationStep(child.caption, "subordinate_of", cetc.caption)

    report = build_exposure(
        QUERY,
        [found(child)],
        [ALL_LISTS, snapshot({"DOD-1260H": 2}, "dod", 2)],
        parents=[(found(child), RelatedParty(cetc, None, (step,)))],
    )

    [measure] = report.regime(Regime.PROCUREMENT).measures
    assert measure.status is Status.RELATED
    assert measure.listing_dates == (dt.date(2021, 6, 3), dt.date(2024, 1, 31))
