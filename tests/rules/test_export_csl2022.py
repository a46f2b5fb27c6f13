"""Every listing of the real 2022 Consolidated Screening List through the export rules.

The table of tests/rules/test_export.py says what each kind of entry means; this file checks
that every one of the 2,001 Entity List rows (and the MEU, UVL, DPL, SDN, FSE rows) gets a
reasoned answer for several items, with the census of answers written down: a change in the
parsers or the rules that moves any row shows up here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from entitywatch.model import Listing, Party
from entitywatch.rules.eccn import parse_item
from entitywatch.rules.export_findings import Outcome
from entitywatch.rules.export_listings import listing_finding
from entitywatch.sources.csl import parse_csl_csv
from tests.conftest import shared_file

pytestmark = pytest.mark.shared_data

ON = dt.date(2022, 5, 1)  # the file is a snapshot of about April 2022


@pytest.fixture(scope="module")
def listings() -> list[tuple[Party, Listing]]:
    parsed = parse_csl_csv(shared_file("csl_2022/consolidated.csv"))
    return [(party, listing) for party in parsed.parties for listing in party.listings]


def _of(listings: list[tuple[Party, Listing]], code: str) -> list[tuple[Party, Listing]]:
    return [(party, listing) for party, listing in listings if listing.list_code == code]


LR, REVIEW = Outcome.LICENSE_REQUIRED.value, Outcome.REVIEW.value
# (outcome, review policy) -> rows, for each item, over the 2,001 Entity List rows
ENTITY_LIST_CENSUS = {
    "EAR99": {
        (LR, "presumption_of_denial"): 1569,
        (LR, "policy_of_denial"): 261,  # Russian/Belarusian military end users and others
        (LR, "see_section"): 51,  # "See §744.2(d)" and the like
        (LR, "presumption_of_approval"): 30,  # "... Presumption of approval for EAR99 items"
        (LR, "case_by_case"): 6,
        (LR, "unknown"): 2,  # the row without texts; "case-by-case ... civil aviation" only
        (REVIEW, "see_section"): 70,  # "when used in projects specified in §746.5"
        (REVIEW, "presumption_of_denial"): 12,
    },
    "1A004.c": {  # named case-by-case for Hikvision, Dahua, Megvii... (66 rows)
        (LR, "presumption_of_denial"): 1503,
        (LR, "policy_of_denial"): 261,
        # 66 named + 30 "items listed on the CCL" (2 in the requirement column) + 6
        (LR, "case_by_case"): 102,
        (LR, "see_section"): 51,
        (LR, "unknown"): 2,
        (REVIEW, "see_section"): 70,
        (REVIEW, "presumption_of_denial"): 12,
    },
    "1A004": {  # the bare entry: the 66 named rows fall back to the stricter denial
        (LR, "presumption_of_denial"): 1569,
        (LR, "policy_of_denial"): 261,
        (LR, "case_by_case"): 36,
        (LR, "see_section"): 51,
        (LR, "unknown"): 2,
        (REVIEW, "see_section"): 70,
        (REVIEW, "presumption_of_denial"): 12,
    },
}


@pytest.mark.parametrize("item", sorted(ENTITY_LIST_CENSUS))
def test_every_entity_list_row_requires_a_licence_or_a_review(
    listings: list[tuple[Party, Listing]], item: str
) -> None:
    rows = _of(listings, "EL")
    assert len(rows) == 2001
    census: Counter[tuple[str, str]] = Counter()
    for party, listing in rows:
        finding = listing_finding(listing, party, parse_item(item))
        census[(finding.outcome.value, finding.review_policy)] += 1
        assert finding.reasons and finding.citations
        assert "15 CFR part 744, Supplement No. 4" in finding.citations
        assert all(str(citation) in finding.citations for citation in listing.federal_register)
    assert census == Counter(ENTITY_LIST_CENSUS[item])


def test_entity_list_footnotes_bring_in_the_foreign_direct_product_rules(
    listings: list[tuple[Party, Listing]],
) -> None:
    rules: Counter[str] = Counter()
    for party, listing in _of(listings, "EL"):
        rules.update(
            listing_finding(listing, party, parse_item("EAR99")).foreign_direct_product_rules
        )
    # footnote 1: Huawei and its affiliates; footnote 3: Russian/Belarusian military end users
    assert rules == Counter({"734.9(e)(1)": 157, "734.9(g)": 147})


def test_only_entries_that_name_a_licence_exception_allow_one(
    listings: list[tuple[Party, Listing]],
) -> None:
    allowed = Counter(
        listing_finding(listing, party, parse_item("EAR99")).license_exceptions
        for party, listing in _of(listings, "EL")
    )
    assert allowed == Counter(
        {
            "none: the entry names no licence exception (15 CFR 744.11(a))": 1998,
            "only License Exception GOV under § 740.11(b)(2) and (e), as the entry states": 3,
        }
    )


@pytest.mark.parametrize(
    ("item", "outcome", "policy"),
    [
        ("EAR99", "no_license_required", "not_applicable"),
        ("3A001.a", "no_license_required", "not_applicable"),
        ("5A992.c", "license_required", "presumption_of_denial"),
        ("9A991", "license_required", "presumption_of_denial"),
    ],
)
def test_military_end_user_rows(
    listings: list[tuple[Party, Listing]], item: str, outcome: str, policy: str
) -> None:
    rows = _of(listings, "MEU")
    assert len(rows) == 71
    answers = {
        (finding.outcome.value, finding.review_policy)
        for party, listing in rows
        for finding in [listing_finding(listing, party, parse_item(item))]
    }
    assert answers == {(outcome, policy)}


@pytest.mark.parametrize(
    ("code", "rows", "outcome"),
    [
        ("UVL", 201, "no_license_required"),
        ("DPL", 462, "prohibited"),
        ("SDN", 10026, "prohibited"),
        ("FSE", 3, "prohibited"),
        ("CMIC", 68, "no_license_required"),
        ("SSI", 290, "no_license_required"),
    ],
)
def test_other_lists(
    listings: list[tuple[Party, Listing]], code: str, rows: int, outcome: str
) -> None:
    found = [
        listing_finding(listing, party, parse_item("EAR99"))
        for party, listing in _of(listings, code)
    ]
    assert len(found) == rows
    assert {finding.outcome.value for finding in found} == {outcome}
    if code == "UVL":
        assert all(finding.details["uvl_statement_required"] for finding in found)


def test_denial_orders_in_effect_in_spring_2022(listings: list[tuple[Party, Listing]]) -> None:
    """The determination drops ended orders; the 2022 file still carries two."""
    in_effect = Counter(listing.in_effect_on(ON) for _, listing in _of(listings, "DPL"))
    assert in_effect == Counter({True: 460, False: 2})
