"""The regime table: every list code the sources produce has a regime, a consequence and
its legal authority; NS-CMIC dates follow E.O. 13959 as amended by E.O. 14032."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from entitywatch.model import Listing
from entitywatch.rules.regimes import (
    REGIME_RULES,
    OwnershipFamily,
    Reach,
    Regime,
    cmic_dates,
    family_codes,
    rule_for,
)
from entitywatch.sources import get_format
from tests.conftest import shared_file

# The list code each shared file gives, found by loading them (see the module docstring of
# entitywatch.rules.regimes), and the regime it belongs to.
REGIME_OF_CODE = [
    ("EL", Regime.EXPORT),
    ("MEU", Regime.EXPORT),
    ("MIEU", Regime.EXPORT),
    ("UVL", Regime.EXPORT),
    ("DPL", Regime.EXPORT),
    ("DTC", Regime.EXPORT),
    ("ISN", Regime.EXPORT),
    ("SDN", Regime.FINANCIAL),
    ("SSI", Regime.FINANCIAL),
    ("MBS", Regime.FINANCIAL),
    ("CAP", Regime.FINANCIAL),
    ("FSE", Regime.FINANCIAL),
    ("PLC", Regime.FINANCIAL),
    ("UN", Regime.FINANCIAL),
    ("ISA", Regime.FINANCIAL),
    ("561", Regime.FINANCIAL),
    ("CMIC", Regime.INVESTMENT),
    ("UFLPA", Regime.IMPORT),
    ("NDAA-889", Regime.PROCUREMENT),
    ("NDAA-1286", Regime.PROCUREMENT),
    ("NDAA-154", Regime.PROCUREMENT),
    ("NDAA-5949", Regime.PROCUREMENT),
    ("FCC-COVERED", Regime.PROCUREMENT),
    ("DOD-1260H", Regime.PROCUREMENT),
    ("CN-UEL", Regime.CN_COUNTERMEASURES),
    ("CN-ECL", Regime.CN_COUNTERMEASURES),
    ("CN-ECWL", Regime.CN_COUNTERMEASURES),
    ("CN-CM", Regime.CN_COUNTERMEASURES),
    ("CN-AFSL", Regime.CN_COUNTERMEASURES),
    ("CN-TW", Regime.CN_COUNTERMEASURES),
    ("CN-OTHER", Regime.CN_COUNTERMEASURES),
]


@pytest.mark.parametrize(("code", "regime"), REGIME_OF_CODE)
def test_each_list_code_belongs_to_its_regime(code: str, regime: Regime) -> None:
    rule = rule_for(code)

    assert rule.regime is regime
    assert rule.known
    assert rule.consequence and rule.measure and rule.issuer
    assert rule.legal_authority, f"{code} cites no legal authority"


def test_the_table_has_no_code_the_tests_do_not_know() -> None:
    assert set(REGIME_RULES) == {code for code, _ in REGIME_OF_CODE}


@pytest.mark.parametrize(
    ("code", "expected_authority"),
    [
        ("EL", "15 CFR 744.11"),
        ("MEU", "15 CFR 744.21"),
        ("UVL", "15 CFR 744.15"),
        ("SDN", "International Emergency Economic Powers Act, 50 U.S.C. 1701-1706"),
        ("CMIC", "E.O. 13959 as amended by E.O. 14032"),
        ("UFLPA", "19 U.S.C. 1307 (Tariff Act of 1930, section 307)"),
        ("NDAA-889", "John S. McCain NDAA for FY2019, Pub. L. 115-232, section 889"),
        ("CN-UEL", "Provisions on the Unreliable Entity List (MOFCOM Order No. 4 of 2020)"),
    ],
)
def test_the_legal_authority_is_cited(code: str, expected_authority: str) -> None:
    assert expected_authority in rule_for(code).legal_authority


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("SDN", ["blocked", "may not deal"]),
        ("CMIC", ["purchase or sell publicly traded securities", "60 days", "365 days"]),
        (
            "UFLPA",
            ["presumed to be made with forced labour", "19 U.S.C. 1307", "Rebuttable presumption"],
        ),
        ("EL", ["licence is required"]),
        ("UVL", ["UVL statement"]),
    ],
)
def test_the_consequence_says_what_the_measure_does(code: str, words: list[str]) -> None:
    consequence = rule_for(code).consequence
    for word in words:
        assert word in consequence


@pytest.mark.parametrize(
    ("code", "reach", "family"),
    [
        ("SDN", Reach.OFAC_FIFTY_PERCENT, OwnershipFamily.OFAC_BLOCKED),
        ("SSI", Reach.OFAC_FIFTY_PERCENT, OwnershipFamily.OFAC_SECTORAL),
        ("EL", Reach.BIS_AFFILIATES, OwnershipFamily.BIS_ENTITY_LIST),
        ("MEU", Reach.BIS_AFFILIATES, OwnershipFamily.BIS_ENTITY_LIST),
        ("CMIC", Reach.NOT_EXTENDED, None),
        ("NDAA-889", Reach.SUBSIDIARIES_AND_AFFILIATES, None),
        ("FCC-COVERED", Reach.SUBSIDIARIES_AND_AFFILIATES, None),
        ("UFLPA", Reach.NAMED_ONLY, None),
        ("CN-UEL", Reach.NAMED_ONLY, None),
    ],
)
def test_reach_of_each_measure_beyond_the_named_party(
    code: str, reach: Reach, family: OwnershipFamily | None
) -> None:
    rule = rule_for(code)
    assert rule.reach is reach
    assert rule.family is family
    assert rule.reach_note


@pytest.mark.parametrize(
    ("family", "codes"),
    [
        (OwnershipFamily.OFAC_BLOCKED, {"SDN"}),
        (OwnershipFamily.OFAC_SECTORAL, {"SSI"}),
        (OwnershipFamily.BIS_ENTITY_LIST, {"EL", "MEU"}),
    ],
)
def test_family_codes(family: OwnershipFamily, codes: set[str]) -> None:
    assert family_codes(family) == codes


@pytest.mark.parametrize(
    ("code", "list_name", "measure"),
    [
        ("CUSTOM", None, "CUSTOM"),
        ("FTM", "OpenSanctions dataset", "OpenSanctions dataset"),
        ("XYZ", "Some future list", "Some future list"),
    ],
)
def test_an_unknown_code_goes_to_other_under_its_own_name(
    code: str, list_name: str | None, measure: str
) -> None:
    rule = rule_for(code, list_name)

    assert rule.regime is Regime.OTHER
    assert not rule.known
    assert rule.measure == measure
    assert code in rule.consequence


def test_codes_are_case_insensitive() -> None:
    assert rule_for("el").regime is Regime.EXPORT


# --- NS-CMIC dates ---------------------------------------------------------------------

D = dt.date


@pytest.mark.parametrize(
    ("start", "remarks", "expected", "computed", "discrepancies"),
    [
        # The CSL's ids column, as the CSL parser keeps it in the remarks.
        (
            D(2021, 6, 3),
            "Listing Date (CMIC): 03 Jun 2021 Effective Date (CMIC): 02 Aug 2021 "
            "Purchase/Sales For Divestment Date (CMIC): 03 Jun 2022",
            (D(2021, 6, 3), D(2021, 8, 2), D(2022, 6, 3)),
            [],
            [],
        ),
        # OFAC's Enhanced XML, as its parser keeps it.
        (
            D(2021, 6, 3),
            "Sanctions type: CMIC Executive Order; Listing Date (CMIC): 2021-06-03; "
            "Effective Date (CMIC): 2021-08-02; Purchase/Sales For Divestment Date "
            "(CMIC): 2022-06-03",
            (D(2021, 6, 3), D(2021, 8, 2), D(2022, 6, 3)),
            [],
            [],
        ),
        # No stated dates: 60 and 365 days after the listing.
        (
            D(2021, 12, 16),
            None,
            (D(2021, 12, 16), D(2022, 2, 14), D(2022, 12, 16)),
            ["purchases_prohibited_from", "divestment_allowed_until"],
            [],
        ),
        # A stated date wins over the computed one, and the difference is reported.
        (
            D(2021, 6, 3),
            "Effective Date (CMIC): 03 Aug 2021",
            (D(2021, 6, 3), D(2021, 8, 3), D(2022, 6, 3)),
            ["divestment_allowed_until"],
            ["purchases_prohibited_from: OFAC states 2021-08-03, the rule gives 2021-08-02"],
        ),
        # No date at all: nothing can be computed (the status says so).
        (None, None, (None, None, None), [], []),
    ],
)
def test_cmic_dates(
    start: dt.date | None,
    remarks: str | None,
    expected: tuple[dt.date | None, dt.date | None, dt.date | None],
    computed: list[str],
    discrepancies: list[str],
) -> None:
    listing = Listing(list_code="CMIC", authority="OFAC", start_date=start, remarks=remarks)

    dates = cmic_dates(listing)

    assert (
        dates.listing_date,
        dates.purchases_prohibited_from,
        dates.divestment_allowed_until,
    ) == expected
    assert list(dates.computed) == computed
    assert list(dates.discrepancies) == discrepancies


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2021, 7, 1), "purchases become prohibited on 2021-08-02"),
        (
            D(2021, 8, 2),
            "purchases prohibited since 2021-08-02; sales solely to divest allowed until "
            "2022-06-03",
        ),
        (
            D(2022, 6, 3),
            "purchases prohibited since 2021-08-02; sales solely to divest allowed until "
            "2022-06-03",
        ),
        (
            D(2022, 6, 4),
            "purchases prohibited since 2021-08-02; the divestment window closed on "
            "2022-06-03: purchases and sales are prohibited",
        ),
    ],
)
def test_cmic_status_on_a_day(day: dt.date, status: str) -> None:
    dates = cmic_dates(Listing(list_code="CMIC", authority="OFAC", start_date=D(2021, 6, 3)))

    assert dates.status_on(day) == status


def test_cmic_status_without_a_date_fails_safe() -> None:
    dates = cmic_dates(Listing(list_code="CMIC", authority="OFAC"))

    assert "treat purchases and sales as prohibited" in dates.status_on(D(2024, 1, 1))


# --- the shared files give no code outside the table ---------------------------------

SHARED_FILES = [
    ("csl_2022/consolidated.csv", "csl_csv"),
    ("cn_sanctions/sanctions.csv", "os_cn_sanctions_csv"),
    ("us_china_related_lists/bis_mieu.csv", "os_bis_mieu_csv"),
    ("us_china_related_lists/dod_1260h_chinese_military_companies.csv", "os_dod_1260h_csv"),
    ("us_china_related_lists/fcc_covered_list.csv", "os_fcc_covered_csv"),
    ("us_china_related_lists/ndaa_section_889.csv", "os_ndaa_csv"),
    ("us_china_related_lists/ndaa_section_1286.csv", "os_ndaa_csv"),
    ("us_china_related_lists/ndaa_section_154.csv", "os_ndaa_csv"),
    ("us_china_related_lists/ndaa_section_5949.csv", "os_ndaa_csv"),
    ("ofac_cons_enhanced_2025/CONS_ENHANCED.ZIP", "ofac_enhanced_xml"),
    ("bis_dpl/dpl_2023-11.txt", "bis_dpl_txt"),
    ("un_consolidated/UN_consolidated.xml", "un_sc_xml"),
]


@pytest.mark.parametrize(("relative", "format_name"), SHARED_FILES)
def test_every_list_code_of_a_shared_file_has_a_rule(relative: str, format_name: str) -> None:
    path: Path = shared_file(relative)

    parsed = get_format(format_name).parse(path)

    codes = set(parsed.listing_counts())
    assert codes, f"{relative} gave no listings"
    assert codes <= set(REGIME_RULES), f"codes without a rule: {codes - set(REGIME_RULES)}"


def test_the_ofac_sdn_csv_set_gives_sdn() -> None:
    path = shared_file("ofac_sdn_2021/sdn.csv").parent

    parsed = get_format("ofac_sdn_csv").parse(path)

    assert set(parsed.listing_counts()) == {"SDN"}
