"""The export determination as a specification: listings + item + destination -> answer.

Each row builds the matched parties from listings whose licence texts are real Entity List
texts (CSL 2022), and states the determination, the review policy and words the reasons
must contain. The CLI and the real lists are tested in tests/cli/test_check_export_cli.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from entitywatch.errors import NoListDataError
from entitywatch.model import (
    Address,
    FederalRegisterCitation,
    Listing,
    Name,
    Party,
    Schema,
    Snapshot,
)
from entitywatch.rules.eccn import parse_item
from entitywatch.rules.export import Destination, Determination, MatchedParty, determine

ON = dt.date(2022, 5, 1)
BIS = "Bureau of Industry and Security"
OFAC = "Treasury Department"

REQUIREMENT_744_11 = "For all items subject to the EAR.  (See §744.11 of the EAR)"
HIKVISION_POLICY = (
    "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, and "
    "2E983, and for EAR99 items described in the Note to ECCN 1A995; case-by-case review for "
    "items necessary to detect, identify and treat infectious disease; and presumption of "
    "denial for all other items subject to the EAR."
)
SMIC_POLICY = (
    "Presumption of denial for items uniquely required for production of semiconducto rs at "
    "advanced technology nodes (10 nanometers and below, including extreme ultraviolet "
    "technology); Case by case for all other items."
)
HUAWEI_REQUIREMENT = (
    "For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR, EXCEPT "
    "for technology subject to the EAR that is designated as EAR99, or controlled on the "
    "Commerce Control List for anti-terrorism reasons only, when released to members of a "
    "“standards organization” (see §772.1) for the purpose of contributing to the revision or "
    "development of a “standard” (see §772.1)."
)
RUSSIA_MEU_REQUIREMENT = (
    "All items subject to the EAR except for food or medicine designated as EAR99, or ECCN "
    "5A992.c and 5D992.c unless for Russian “government end users” and Russian state-owned "
    "enterprises (SoEs) to Russia. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR). "
    "This license requirement may be overcome by License Exception GOV under § 740.11(b)(2) "
    "and (e)."
)
RUSSIA_POLICY = "Policy of denial. See §§ 746.8(b) and 744.21(e)."
CCL_EAR99_POLICY = (
    "Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items"
)
# the policy for CCL items is written in the requirement column (PAEC, 2022)
POLICY_IN_REQUIREMENT_EL = (
    "For all items subject to the EAR, with case-by-case basis for items listed on the CCL"
)
ENERGY_REQUIREMENT = (
    "For all items subject to the EAR when used in projects specified in §746.5 of the EAR."
)
SPACE_POLICY = "Policy of denial; Case-by-case basis for U.S. Government supported space programs."


def listing(
    code: str,
    requirement: str | None = None,
    policy: str | None = None,
    *,
    programs: tuple[str, ...] = (),
    start: dt.date | None = dt.date(2019, 10, 9),
    end: dt.date | None = None,
    authority: str = BIS,
) -> Listing:
    return Listing(
        list_code=code,
        authority=authority,
        programs=programs,
        start_date=start,
        end_date=end,
        federal_register=(FederalRegisterCitation(84, 54002),) if code == "EL" else (),
        license_requirement=requirement,
        license_policy=policy,
    )


HIKVISION_EL = listing("EL", REQUIREMENT_744_11, HIKVISION_POLICY)
SMIC_EL = listing("EL", REQUIREMENT_744_11, SMIC_POLICY)
HUAWEI_EL = listing("EL", HUAWEI_REQUIREMENT, "Presumption of denial.")
RUSSIA_EL = listing("EL", RUSSIA_MEU_REQUIREMENT, RUSSIA_POLICY)
CCL_EL = listing("EL", REQUIREMENT_744_11, CCL_EAR99_POLICY)
PAEC_EL = listing("EL", POLICY_IN_REQUIREMENT_EL, "Presumption of approval for EAR99 items")
AVIATION_EL = listing(
    "EL",
    REQUIREMENT_744_11,
    "Case-by-Case review for licenses for the safety of civil aviation of aircraft.",
)
ENERGY_EL = listing("EL", ENERGY_REQUIREMENT, "See §746.5(b) of the EAR.")
SPACE_EL = listing("EL", REQUIREMENT_744_11, SPACE_POLICY)
ECCN_ONLY_EL = listing("EL", "For ECCNs 1A004.c and 2E983.", "Presumption of denial")
EMPTY_EL = listing("EL", None, None)
MEU = listing("MEU", "For any item subject to the EAR listed in supplement no. 2 to part 744.")
UVL = listing("UVL", start=None)
DPL = listing("DPL", start=dt.date(2020, 8, 25), end=dt.date(2035, 3, 8))
EXPIRED_DPL = listing("DPL", start=dt.date(2013, 10, 3), end=dt.date(2021, 10, 3))
SDN = listing("SDN", programs=("SDGT", "IRAN"), authority=OFAC, start=None)
FSE = listing("FSE", authority=OFAC, start=None)
CMIC = listing("CMIC", programs=("CMIC-EO13959",), authority=OFAC, start=dt.date(2021, 6, 3))


def party(*listings: Listing, address: str = "Hangzhou, 310052, CN", country: str = "CN") -> Party:
    return Party(
        id=f"test-{abs(hash((address, *(item.list_code for item in listings)))):x}",
        schema=Schema.COMPANY,
        names=[Name("Example Listed Party Co., Ltd.")],
        addresses=[Address(full=address, country=country)],
        countries=[country],
        listings=list(listings),
    )


@dataclass
class Case:
    """One question: the matched parties (with their decisions), the item, the destination."""

    name: str
    parties: list[tuple[Party, str]]
    item: str
    determination: str
    review_policy: str
    destination: Destination = field(default_factory=Destination)
    reasons_contain: tuple[str, ...] = ()
    citations_contain: tuple[str, ...] = ()


def matched(*listings: Listing, decision: str = "match", **where: str) -> tuple[Party, str]:
    return party(*listings, **where), decision


CASES = [
    # --- Entity List: requirement and review policy for this item ---
    Case(
        "Hikvision, ECCN named case-by-case",
        [matched(HIKVISION_EL)],
        "1A004.c",
        "license_required",
        "case_by_case",
        reasons_contain=("all items subject to the EAR", "Case-by-case review for ECCNs"),
        citations_contain=("15 CFR 744.11", "15 CFR 744.11(a)", "84 FR 54002"),
    ),
    Case(
        "Hikvision, a sub-paragraph of a named ECCN",
        [matched(HIKVISION_EL)],
        "1A004.c.1",
        "license_required",
        "case_by_case",
    ),
    Case(
        "Hikvision, 2E983 technology",
        [matched(HIKVISION_EL)],
        "2E983",
        "license_required",
        "case_by_case",
    ),
    Case(
        "Hikvision, bare 1A004: ambiguous, the stricter policy",
        [matched(HIKVISION_EL)],
        "1A004",
        "license_required",
        "presumption_of_denial",
        reasons_contain=("if 1A004 is in fact 1A004.c or 1A004.d",),
    ),
    Case(
        "Hikvision, 1A004.a is not named",
        [matched(HIKVISION_EL)],
        "1A004.a",
        "license_required",
        "presumption_of_denial",
    ),
    Case(
        "Hikvision, EAR99: presumption of denial, the described EAR99 items as a condition",
        [matched(HIKVISION_EL)],
        "EAR99",
        "license_required",
        "presumption_of_denial",
        reasons_contain=(
            "presumption of denial for all other items",
            "case-by-case instead if the item is among EAR99 items described in the Note",
            "No licence exception may be used",
        ),
    ),
    Case(
        "SMIC, EAR99: advanced-node denial is the stricter reading",
        [matched(SMIC_EL)],
        "EAR99",
        "license_required",
        "presumption_of_denial",
        reasons_contain=("advanced technology nodes", "otherwise it is case-by-case"),
    ),
    Case(
        "CCL case-by-case, EAR99 approval: a CCL item",
        [matched(CCL_EL)],
        "5A992.c",
        "license_required",
        "case_by_case",
    ),
    Case(
        "CCL case-by-case, EAR99 approval: EAR99",
        [matched(CCL_EL)],
        "EAR99",
        "license_required",
        "presumption_of_approval",
    ),
    Case(
        "the requirement column's policy for CCL items is part of the entry's policy",
        [matched(PAEC_EL)],
        "3A001.a",
        "license_required",
        "case_by_case",
    ),
    Case(
        "a policy stated only for EAR99 items: unknown for a CCL item",
        [matched(listing("EL", REQUIREMENT_744_11, "Presumption of approval for EAR99 items"))],
        "5A992.c",
        "license_required",
        "unknown",
        reasons_contain=("(“Presumption of approval for EAR99 items”), none that surely",),
    ),
    Case(
        "the same entry and EAR99",
        [matched(PAEC_EL)],
        "EAR99",
        "license_required",
        "presumption_of_approval",
    ),
    Case(
        "a policy stated only for described items: unknown for the others",
        [matched(AVIATION_EL)],
        "EAR99",
        "license_required",
        "unknown",
        reasons_contain=(
            "only for some items (“licenses for the safety of civil aviation of aircraft”)",
            "It would be case-by-case if the item is among licenses for the safety",
        ),
    ),
    Case(
        "policy of denial, space programmes case-by-case",
        [matched(SPACE_EL)],
        "9A515.a",
        "license_required",
        "policy_of_denial",
        reasons_contain=("case-by-case instead if the item is among U.S. Government supported",),
    ),
    Case(
        "requirement for named ECCNs only: covered",
        [matched(ECCN_ONLY_EL)],
        "1A004.c",
        "license_required",
        "presumption_of_denial",
    ),
    Case(
        "requirement for named ECCNs only: not covered",
        [matched(ECCN_ONLY_EL)],
        "3A001",
        "no_license_required",
        "not_applicable",
        reasons_contain=("covers only ECCNs 1A004.c, 2E983",),
    ),
    Case(
        "requirement for named ECCNs only: the bare entry is applied",
        [matched(ECCN_ONLY_EL)],
        "1A004",
        "license_required",
        "presumption_of_denial",
        reasons_contain=("wider than the sub-paragraph named",),
    ),
    Case(
        "Russian energy projects: depends on the end use",
        [matched(ENERGY_EL, address="Moscow, RU", country="RU")],
        "EAR99",
        "review",
        "see_section",
        reasons_contain=("when used in projects specified in §746.5",),
    ),
    Case(
        "Huawei: footnote 1 foreign direct product rule, standards exception as a condition",
        [matched(HUAWEI_EL)],
        "EAR99",
        "license_required",
        "presumption_of_denial",
        reasons_contain=("§734.9(e)(1)", "“standards organization”"),
        citations_contain=("15 CFR 734.9(e)(1)", "15 CFR 736.2(b)(3)(vi)"),
    ),
    Case(
        "Huawei: the standards exception may reach anti-terrorism-only items",
        [matched(HUAWEI_EL)],
        "5A992.c",
        "license_required",
        "presumption_of_denial",
        reasons_contain=("The entry excepts technology subject to the EAR",),
    ),
    Case(
        "Russian military end user on the EL: footnote 3, GOV, food and medicine",
        [matched(RUSSIA_EL, address="Moscow, RU", country="RU")],
        "EAR99",
        "license_required",
        "policy_of_denial",
        reasons_contain=(
            "§734.9(g)",
            "The entry excepts food or medicine designated as EAR99",
            "License Exception GOV",
        ),
        citations_contain=("15 CFR 734.9(g)", "15 CFR 744.21(b)", "15 CFR 740.11(b)(2)"),
    ),
    Case(
        "Entity List row without licence texts: the usual requirement, policy unknown",
        [matched(EMPTY_EL)],
        "EAR99",
        "license_required",
        "unknown",
        reasons_contain=("is assumed", "states no licence review policy"),
    ),
    # --- Military End-User, Unverified, Denied, blocked ---
    Case(
        "MEU and a Supplement No. 2 item",
        [matched(MEU)],
        "5A992.c",
        "license_required",
        "presumption_of_denial",
        citations_contain=("15 CFR 744.21", "15 CFR part 744, Supplement No. 2"),
    ),
    Case(
        "MEU and EAR99: not in Supplement No. 2",
        [matched(MEU)],
        "EAR99",
        "no_license_required",
        "not_applicable",
        reasons_contain=("this listing alone requires no licence",),
    ),
    Case(
        "MEU and a CCL item outside Supplement No. 2",
        [matched(MEU)],
        "3A001.a",
        "no_license_required",
        "not_applicable",
    ),
    Case(
        "MEU in Russia: all items",
        [matched(MEU, address="Moscow, RU", country="RU")],
        "EAR99",
        "license_required",
        "presumption_of_denial",
        reasons_contain=("for all items subject to the EAR", "Food and medicine"),
    ),
    Case(
        "UVL: a statement, no licence exceptions, no licence requirement",
        [matched(UVL)],
        "EAR99",
        "no_license_required",
        "not_applicable",
        reasons_contain=("UVL statement", "(15 CFR 744.15(b))"),
        citations_contain=("15 CFR 744.15(c)",),
    ),
    Case(
        "Denied Persons List",
        [matched(DPL)],
        "EAR99",
        "prohibited",
        "prohibited",
        reasons_contain=("denial order", "until 2035-03-08"),
        citations_contain=("15 CFR 736.2(b)(4)", "15 CFR 764.3(a)(2)"),
    ),
    Case(
        "a denial order that has ended",
        [matched(EXPIRED_DPL)],
        "EAR99",
        "no_license_required",
        "not_applicable",
        reasons_contain=("none of its listings is in effect on 2022-05-01",),
    ),
    Case(
        "SDN: blocked, and the SDGT licence requirement of the EAR",
        [matched(SDN, address="Tehran, IR", country="IR")],
        "EAR99",
        "prohibited",
        "prohibited",
        reasons_contain=("blocked", "§744.12"),
        citations_contain=("31 CFR part 501", "31 CFR part 594", "31 CFR part 560"),
    ),
    Case(
        "Foreign Sanctions Evader",
        [matched(FSE)],
        "EAR99",
        "prohibited",
        "prohibited",
        citations_contain=("Executive Order 13608",),
    ),
    Case(
        "CMIC only: an investment ban, no export licence",
        [matched(CMIC)],
        "EAR99",
        "no_license_required",
        "not_applicable",
        reasons_contain=("publicly traded securities",),
    ),
    # --- screening decisions ---
    Case(
        "a possible match to an Entity List party is review, never no licence",
        [matched(HIKVISION_EL, decision="review")],
        "EAR99",
        "review",
        "presumption_of_denial",
        reasons_contain=("Possible match (score 0.70, decision review)",),
    ),
    Case(
        "a possible match to a CMIC party is still review",
        [matched(CMIC, decision="review")],
        "EAR99",
        "review",
        "not_applicable",
    ),
    Case(
        "a candidate below the review threshold is ignored",
        [matched(DPL, decision="clear")],
        "EAR99",
        "no_license_required",
        "not_applicable",
        reasons_contain=("no party matched or possibly matched",),
    ),
    Case(
        "nothing matched",
        [],
        "3A001.a",
        "no_license_required",
        "not_applicable",
        reasons_contain=(
            "Screened 'Example' against every active list: us_trade_csl snapshot 7",
            "Not evaluated: whether ECCN 3A001.a itself needs a licence to CN",
        ),
        destination=Destination(country="CN"),
    ),
    # --- combinations: the most restrictive wins, all reasons kept ---
    Case(
        "Entity List and Denied Persons List",
        [matched(HIKVISION_EL), matched(DPL)],
        "1A004.c",
        "prohibited",
        "prohibited",
        reasons_contain=("denial order", "Case-by-case review for ECCNs"),
        citations_contain=("15 CFR 736.2(b)(4)", "15 CFR 744.11"),
    ),
    Case(
        "Entity List and a possible SDN match: the licence requirement is certain",
        [matched(HIKVISION_EL), matched(SDN, decision="review")],
        "EAR99",
        "license_required",
        "presumption_of_denial",
        reasons_contain=("Possible match", "its SDN listing would mean prohibited"),
    ),
    Case(
        "MEU for a non-listed item, and the UVL",
        [matched(MEU), matched(UVL)],
        "EAR99",
        "no_license_required",
        "not_applicable",
        reasons_contain=("UVL statement", "Military End-User List"),
    ),
    # --- embargoes ---
    Case(
        "no match, destination Iran",
        [],
        "EAR99",
        "license_required",
        "policy_of_denial",
        destination=Destination(country="IR"),
        reasons_contain=("Embargo on Iran (destination country IR)", "OFAC authorization"),
        citations_contain=("15 CFR 746.7", "31 CFR 560.204"),
    ),
    Case(
        "no match, destination Cuba",
        [],
        "5A992.c",
        "license_required",
        "policy_of_denial",
        destination=Destination(country="CU"),
        citations_contain=("15 CFR 746.2",),
    ),
    Case(
        "no match, destination North Korea, EAR99: food and medicine as a condition",
        [],
        "EAR99",
        "license_required",
        "policy_of_denial",
        destination=Destination(country="KP"),
        reasons_contain=("Food and medicine designated EAR99 are excepted",),
        citations_contain=("15 CFR 746.4",),
    ),
    Case(
        "no match, destination Syria",
        [],
        "1A004.c",
        "license_required",
        "policy_of_denial",
        destination=Destination(country="SY"),
        citations_contain=("15 CFR 746.9",),
    ),
    Case(
        "no match, region Crimea",
        [],
        "EAR99",
        "license_required",
        "policy_of_denial",
        destination=Destination(country="UA", regions=("crimea",)),
        citations_contain=("15 CFR 746.6", "Executive Order 13685"),
    ),
    Case(
        "no match, Ukraine outside the covered regions",
        [],
        "EAR99",
        "no_license_required",
        "not_applicable",
        destination=Destination(country="UA"),
    ),
    Case(
        "an Entity List party in Crimea: the region from its address",
        [matched(HIKVISION_EL, address="28 Kirov Street, Kerch, Crimea Region, 98312, UA")],
        "EAR99",
        "license_required",
        "policy_of_denial",
        reasons_contain=("Embargo on the Crimea region of Ukraine (the party's address",),
    ),
    Case(
        "a party on a Moscow street named after Sevastopol is not in Crimea",
        [matched(UVL, address="24 Sevastopolskiy Avenue, Moscow, 117186, RU", country="RU")],
        "EAR99",
        "no_license_required",
        "not_applicable",
    ),
    Case(
        "a party in Iran, no destination given: the embargo from its address",
        [matched(UVL, address="Tehran, IR", country="IR")],
        "EAR99",
        "license_required",
        "policy_of_denial",
        reasons_contain=("Embargo on Iran (the party's address “Tehran, IR”)",),
    ),
    Case(
        "a party with an address in Iran, destination given as the UAE: the user's destination",
        [matched(UVL, address="Tehran, IR", country="IR")],
        "EAR99",
        "no_license_required",
        "not_applicable",
        destination=Destination(country="AE"),
    ),
]


def snapshot() -> Snapshot:
    return Snapshot(
        id=7,
        source="us_trade_csl",
        format="csl_csv",
        sha256="80e780b91b7b50e193c0077b17d75ec6f6dbd8223ae0bd54b343d297db5e767f",
        loaded_at=dt.datetime(2022, 5, 2, tzinfo=dt.UTC),
        parties=14160,
        listings={"EL": 2001, "SDN": 10026},
        active=True,
        status="active",
    )


def run(case: Case) -> Determination:
    matches = [
        MatchedParty(
            found, decision, 1.0 if decision == "match" else 0.7 if decision == "review" else 0.5
        )
        for found, decision in case.parties
    ]
    return determine("Example", matches, parse_item(case.item), case.destination, [snapshot()], ON)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_determination(case: Case) -> None:
    result = run(case)
    assert (result.determination.value, result.review_policy) == (
        case.determination,
        case.review_policy,
    )
    text = "\n".join(result.reasons)
    for words in case.reasons_contain:
        assert words in text
    for citation in case.citations_contain:
        assert citation in result.citations


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_answer_says_what_was_screened_and_keeps_the_contract_shape(case: Case) -> None:
    document = run(case).to_dict()
    assert set(document) >= {"determination", "review_policy", "reasons", "citations"}
    assert document["determination"] in {
        "prohibited",
        "license_required",
        "review",
        "no_license_required",
    }
    assert any("Screened 'Example' against every active list" in r for r in document["reasons"])
    assert len(document["reasons"]) == len(set(document["reasons"]))
    assert len(document["citations"]) == len(set(document["citations"]))
    assert document["findings"][0]["outcome"] == document["determination"]


def test_the_most_restrictive_finding_comes_first_and_every_finding_is_kept() -> None:
    result = run(Case("", [matched(CMIC), matched(HIKVISION_EL), matched(DPL)], "EAR99", "", ""))
    outcomes = [finding.outcome.value for finding in result.findings]
    assert outcomes == [
        "prohibited",
        "license_required",
        "no_license_required",
        "no_license_required",
    ]
    assert [finding.basis for finding in result.findings] == ["DPL", "EL", "CMIC", "screening"]
    assert result.reasons[0].startswith("Example Listed Party Co., Ltd. [test-")


def test_a_certain_licence_requirement_lists_the_possible_matches_still_to_resolve() -> None:
    result = run(
        Case("", [matched(HIKVISION_EL), matched(SDN, decision="review")], "EAR99", "", "")
    )
    assert result.determination.value == "license_required"
    assert [m["if_confirmed"] for m in result.to_dict()["possible_matches"]] == ["prohibited"]
    assert run(Case("", [matched(HIKVISION_EL)], "EAR99", "", "")).possible_matches == []


def test_no_snapshot_fails_closed() -> None:
    with pytest.raises(NoListDataError):
        determine("Example", [], parse_item("EAR99"), Destination(), [], ON)


def test_review_finding_keeps_what_a_confirmed_match_would_mean() -> None:
    result = run(Case("", [matched(DPL, decision="review")], "EAR99", "", ""))
    finding = result.findings[0]
    assert (finding.outcome.value, finding.screening_decision) == ("review", "review")
    assert finding.if_confirmed is not None
    assert finding.if_confirmed.outcome.value == "prohibited"
    document = result.to_dict()
    assert document["findings"][0]["if_confirmed"]["outcome"] == "prohibited"
    assert [(m["score"], m["if_confirmed"]) for m in document["possible_matches"]] == [
        (0.7, "prohibited")
    ]
    assert document["review_policy_text"].endswith("if the review confirms the listing applies")
