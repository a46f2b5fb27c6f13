"""The Entity List licence columns as data: review-policy clauses and the requirement."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from entitywatch.model import LicensePolicyClause, ReviewPolicy
from entitywatch.sources.license_policy import (
    REQUIREMENT_SCOPES,
    LicenseRequirementParse,
    find_ear_sections,
    find_eccns,
    parse_license_policy,
    parse_license_requirement,
)
from tests.conftest import shared_file

DENIAL = ReviewPolicy.PRESUMPTION_OF_DENIAL
POLICY_DENIAL = ReviewPolicy.POLICY_OF_DENIAL
CASE = ReviewPolicy.CASE_BY_CASE
APPROVAL = ReviewPolicy.PRESUMPTION_OF_APPROVAL
SEE = ReviewPolicy.SEE_SECTION

HIKVISION_ECCNS = ("1A004.c", "1A004.d", "1A995", "1A999.a", "1D003", "2A983", "2D983", "2E983")
HIKVISION_ECCN_WORDS = (
    "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, and 2E983"
)
NOTE_1A995 = "EAR99 items described in the Note to ECCN 1A995"
INFECTIOUS = "items necessary to detect, identify and treat infectious disease"
ADVANCED_NODES = (
    "items uniquely required for production of semiconductors at advanced technology nodes "
    "(10 nanometers and below, including extreme ultraviolet technology)"
)
RUSSIA_SECTIONS = ("746.8(b)", "744.21(e)")


def clause(
    policy: ReviewPolicy,
    scope: str,
    text: str,
    eccns: tuple[str, ...] = (),
    sections: tuple[str, ...] = (),
) -> LicensePolicyClause:
    return LicensePolicyClause(policy, scope, text, eccns, sections)


# Real values of the "license_policy" column (CSL 2019, 2022, 2023, 2025), typos included.
POLICIES: list[tuple[str, list[LicensePolicyClause]]] = [
    ("Presumption of denial.", [clause(DENIAL, "all_items", "Presumption of denial")]),
    ("Presumption of denial", [clause(DENIAL, "all_items", "Presumption of denial")]),
    ("Presumption of denial. ", [clause(DENIAL, "all_items", "Presumption of denial")]),
    ("Presumption of Denial", [clause(DENIAL, "all_items", "Presumption of Denial")]),
    (
        "Policy of denial. See §§ 746.8(b) and 744.21(e).",
        [clause(POLICY_DENIAL, "all_items", "Policy of denial", sections=RUSSIA_SECTIONS)],
    ),
    (
        "Policy of denial. See §§ 746.8(b) and 744.21(e)",
        [clause(POLICY_DENIAL, "all_items", "Policy of denial", sections=RUSSIA_SECTIONS)],
    ),
    ("Policy of denial. ", [clause(POLICY_DENIAL, "all_items", "Policy of denial")]),
    (
        "See §746.5(b) of the EAR.",
        [clause(SEE, "all_items", "See §746.5(b) of the EAR", sections=("746.5(b)",))],
    ),
    (
        "See §744.3(d) of this part",
        [clause(SEE, "all_items", "See §744.3(d) of this part", sections=("744.3(d)",))],
    ),
    (
        "See §744.3 of this part",
        [clause(SEE, "all_items", "See §744.3 of this part", sections=("744.3",))],
    ),
    (
        "See §744.2 (d) of the EAR",
        [clause(SEE, "all_items", "See §744.2 (d) of the EAR", sections=("744.2(d)",))],
    ),
    (
        "See §§ 744.2(d), 744.3(d), and 744.4(d) of this part.",
        [
            clause(
                SEE,
                "all_items",
                "See §§ 744.2(d), 744.3(d), and 744.4(d) of this part",
                sections=("744.2(d)", "744.3(d)", "744.4(d)"),
            )
        ],
    ),
    (
        "The license application procedure and license review policy for entities specified in "
        "supplement no. 2 to part 744 is specified in §744.21(d) and (e).",
        [
            clause(
                SEE,
                "all_items",
                "The license application procedure and license review policy for entities "
                "specified in supplement no. 2 to part 744 is specified in §744.21(d) and (e)",
                sections=("744.21(d)", "744.21(e)"),
            )
        ],
    ),
    (  # Hikvision, Dahua, Megvii ...
        "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, "
        "and 2E983, and for EAR99 items described in the Note to ECCN 1A995; case-by-case "
        "review for items necessary to detect, identify and treat infectious disease; and "
        "presumption of denial for all other items subject to the EAR.",
        [
            clause(CASE, "eccns", HIKVISION_ECCN_WORDS, eccns=HIKVISION_ECCNS),
            clause(CASE, "described", NOTE_1A995),
            clause(CASE, "described", INFECTIOUS),
            clause(
                DENIAL,
                "all_other_items",
                "presumption of denial for all other items subject to the EAR",
            ),
        ],
    ),
    (  # the same with "casa-by-case"
        "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, "
        "and 2E983, and for EAR99 items described in the Note to ECCN 1A995; casa-by-case "
        "review for items necessary to detect, identify and treat infectious disease; and "
        "presumption of denial for all other items subject to the EAR.",
        [
            clause(CASE, "eccns", HIKVISION_ECCN_WORDS, eccns=HIKVISION_ECCNS),
            clause(CASE, "described", NOTE_1A995),
            clause(CASE, "described", INFECTIOUS),
            clause(
                DENIAL,
                "all_other_items",
                "presumption of denial for all other items subject to the EAR",
            ),
        ],
    ),
    (
        "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, "
        "and 2E983, and for EAR99 items described in the Note to ECCN 1A995; presumption of "
        "denial for all other items subject to the EAR.",
        [
            clause(CASE, "eccns", HIKVISION_ECCN_WORDS, eccns=HIKVISION_ECCNS),
            clause(CASE, "described", NOTE_1A995),
            clause(
                DENIAL,
                "all_other_items",
                "presumption of denial for all other items subject to the EAR",
            ),
        ],
    ),
    (
        " Case-by-case review for items necessary to detect, identify and treat infectious "
        "disease; Presumption of denial for all other items subject to the EAR.",
        [
            clause(CASE, "described", INFECTIOUS),
            clause(
                DENIAL,
                "all_other_items",
                "Presumption of denial for all other items subject to the EAR",
            ),
        ],
    ),
    (  # a full stop instead of the semicolon
        "Case-by-case review for items necessary to detect, identify and treat infectious "
        "disease. Presumption of denial for all other items subject to the EAR.",
        [
            clause(CASE, "described", INFECTIOUS),
            clause(
                DENIAL,
                "all_other_items",
                "Presumption of denial for all other items subject to the EAR",
            ),
        ],
    ),
    (  # SMIC, with "semiconducto rs"
        "Presumption of denial for items uniquely required for production of semiconducto rs "
        "at advanced technology nodes (10 nanometers and below, including extreme ultraviolet "
        "technology); Case by case for all other items. ",
        [
            clause(DENIAL, "described", ADVANCED_NODES),
            clause(CASE, "all_other_items", "Case by case for all other items"),
        ],
    ),
    (
        "Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items",
        [
            clause(CASE, "ccl", "Case-by-case for all items listed on the CCL"),
            clause(APPROVAL, "ear99", "Presumption of approval for EAR99 items"),
        ],
    ),
    (
        "Presumption of  approval for EAR99; case-by-case review for all items on the CCL",
        [
            clause(APPROVAL, "ear99", "Presumption of approval for EAR99"),
            clause(CASE, "ccl", "case-by-case review for all items on the CCL"),
        ],
    ),
    (
        "Presumption of approval for EAR99 items",
        [clause(APPROVAL, "ear99", "Presumption of approval for EAR99 items")],
    ),
    ("Case-by-case basis", [clause(CASE, "all_items", "Case-by-case basis")]),
    ("Case-by-case review.", [clause(CASE, "all_items", "Case-by-case review")]),
    (  # the bare policy covers what the space programmes leave, so it goes last
        "Policy of denial; Case-by-case basis for U.S. Government supported space programs.",
        [
            clause(CASE, "described", "U.S. Government supported space programs"),
            clause(POLICY_DENIAL, "all_other_items", "Policy of denial"),
        ],
    ),
    (
        "Case-by-Case review for licenses for the safety of civil aviation of aircraft.",
        [clause(CASE, "described", "licenses for the safety of civil aviation of aircraft")],
    ),
    (  # Russia/Belarus military end users (2022)
        "Policy of denial for all items subject to the EAR apart from food and medicine "
        "designated as EAR99, which will be reviewed on a case-by-case basis. See §§ 746.8(b) "
        "and 744.21(e).",
        [
            clause(
                CASE, "described", "food and medicine designated as EAR99", sections=RUSSIA_SECTIONS
            ),
            clause(
                POLICY_DENIAL,
                "all_other_items",
                "Policy of denial for all items subject to the EAR",
                sections=RUSSIA_SECTIONS,
            ),
        ],
    ),
]


@pytest.mark.parametrize(("text", "clauses"), POLICIES)
def test_policy_clauses(text: str, clauses: list[LicensePolicyClause]) -> None:
    assert parse_license_policy(text) == tuple(clauses)


@pytest.mark.parametrize("text", [None, "", "   "])
def test_empty_policy_has_no_clause(text: str | None) -> None:
    assert parse_license_policy(text) == ()


def test_policy_that_names_no_policy_is_unknown() -> None:
    assert parse_license_policy("To be determined") == (
        clause(ReviewPolicy.UNKNOWN, "described", "To be determined"),
    )


REQUIREMENT_744_11 = ("744.11",)
RUSSIA_MEU_SECTIONS = ("734.9(g)", "746.8(a)(3)", "744.21(b)")
STANDARDS_EXCEPTION = (
    "technology subject to the EAR that is designated as EAR99, or controlled on the Commerce "
    "Control List for anti-terrorism reasons only, when released to members of a “standards "
    "organization” (see §772.1) for the purpose of contributing to the revision or development "
    "of a “standard” (see §772.1)"
)
RUSSIA_FOOD = (
    "food or medicine designated as EAR99, or ECCN 5A992.c and 5D992.c unless for Russian "
    "“government end users” and Russian state-owned enterprises (SoEs) to Russia"
)
GOV = "License Exception GOV under § 740.11(b)(2) and (e)"


def requirement(
    scope: str,
    text: str,
    *,
    sections: tuple[str, ...] = (),
    footnotes: tuple[int, ...] = (),
    exceptions: tuple[str, ...] = (),
    description: str | None = None,
    notes: tuple[str, ...] = (),
    eccns: tuple[str, ...] = (),
) -> LicenseRequirementParse:
    return LicenseRequirementParse(
        scope, text, eccns, sections, footnotes, exceptions, description, notes
    )


# Real values of the "license_requirement" column; ``text`` is the value tidied.
REQUIREMENTS: list[tuple[str, LicenseRequirementParse]] = [
    (
        "For all items subject to the EAR.  (See §744.11 of the EAR)",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR. (See §744.11 of the EAR)",
            sections=REQUIREMENT_744_11,
        ),
    ),
    (
        "For all items subject to the EAR (See §744.11 of the EAR). ",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR (See §744.11 of the EAR).",
            sections=REQUIREMENT_744_11,
        ),
    ),
    (
        "For all items subject to the EAR.  (See part§744.11 of the EAR).",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR. (See §744.11 of the EAR).",
            sections=REQUIREMENT_744_11,
        ),
    ),
    (
        "For all items subject to the EAR. (See §?744.11 of the EAR)",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR. (See § 744.11 of the EAR)",
            sections=REQUIREMENT_744_11,
        ),
    ),
    (
        "For all items subject to the EAR",
        requirement("all_items_subject_to_ear", "For all items subject to the EAR"),
    ),
    (
        "For all items subject to the EAR. (See §744.2 (d) of the EAR)",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR. (See §744.2 (d) of the EAR)",
            sections=("744.2(d)",),
        ),
    ),
    (  # Huawei and affiliates: § 736.2(b)(3)(vi) is the footnote 1 direct product rule
        "For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR, "
        "EXCEPT for technology subject to the EAR that is designated as EAR99, or controlled on "
        "the Commerce Control List for anti-terrorism reasons only, when released to members of "
        "a “standards organization” (see §772.1) for the purpose of contributing to the revision "
        "or development of a “standard” (see §772.1).",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR, "
            "EXCEPT for technology subject to the EAR that is designated as EAR99, or controlled "
            "on the Commerce Control List for anti-terrorism reasons only, when released to "
            "members of a “standards organization” (see §772.1) for the purpose of contributing "
            "to the revision or development of a “standard” (see §772.1).",
            sections=("736.2(b)(3)(vi)", "744.11"),
            footnotes=(1,),
            exceptions=(STANDARDS_EXCEPTION,),
        ),
    ),
    (  # the Huawei form the current Entity List uses
        "For all items subject to the EAR, see §§ 736.2(b)(3)(vi) and 744.11(a)(2)(i) and (ii) "
        "of the EAR.",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR, see §§ 736.2(b)(3)(vi) and 744.11(a)(2)(i) and "
            "(ii) of the EAR.",
            sections=("736.2(b)(3)(vi)", "744.11(a)(2)(i)", "744.11(a)(2)(ii)"),
            footnotes=(1,),
        ),
    ),
    (  # Russia/Belarus military end users: footnote 3
        "For all items subject to the EAR. (See §§734.9(g),3 746.8(a)(3), and 744.21(b) of the "
        "EAR.)",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR. (See §§734.9(g),3 746.8(a)(3), and 744.21(b) of "
            "the EAR.)",
            sections=RUSSIA_MEU_SECTIONS,
            footnotes=(3,),
        ),
    ),
    (
        "For all items subject to the EAR. (See §§ 734.9(e) and 744.11 of the EAR)4",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR. (See §§ 734.9(e) and 744.11 of the EAR)4",
            sections=("734.9(e)", "744.11"),
            footnotes=(4,),
        ),
    ),
    (
        "All items subject to the EAR except for food or medicine designated as EAR99, or ECCN "
        "5A992.c and 5D992.c unless for Russian “government end users” and Russian state-owned "
        "enterprises (SoEs) to Russia.  (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the "
        "EAR). This license requirement may be overcome by License Exception GOV under § "
        "740.11(b)(2) and (e). (e).",
        requirement(
            "all_items_subject_to_ear",
            "All items subject to the EAR except for food or medicine designated as EAR99, or "
            "ECCN 5A992.c and 5D992.c unless for Russian “government end users” and Russian "
            "state-owned enterprises (SoEs) to Russia. (See §§ 734.9(g),3 746.8(a)(3), and "
            "744.21(b) of the EAR). This license requirement may be overcome by License "
            "Exception GOV under § 740.11(b)(2) and (e). (e).",
            sections=RUSSIA_MEU_SECTIONS,
            footnotes=(3,),
            exceptions=(RUSSIA_FOOD, GOV),
            notes=("(e)",),  # a stray repeat in the source, kept rather than dropped
        ),
    ),
    (  # no full stop before "This license requirement ..."
        "All items subject to the EAR except for food or medicine designated as EAR99.   (See "
        "§§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)  This license requirement may be "
        "overcome by License Exception GOV under § 740.11(b)(2) and (e).  ",
        requirement(
            "all_items_subject_to_ear",
            "All items subject to the EAR except for food or medicine designated as EAR99. (See "
            "§§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR) This license requirement may "
            "be overcome by License Exception GOV under § 740.11(b)(2) and (e).",
            sections=RUSSIA_MEU_SECTIONS,
            footnotes=(3,),
            exceptions=("food or medicine designated as EAR99", GOV),
        ),
    ),
    (  # DJI: the carve-out follows the reference
        "All items subject to the EAR.  (See §744.11 of the EAR), except for EAR99-designated "
        "technology for the operation, maintenance, or repair of unmanned aerial vehicles (UAV) "
        "released to this entity by the operator of the UAV.",
        requirement(
            "all_items_subject_to_ear",
            "All items subject to the EAR. (See §744.11 of the EAR), except for EAR99-designated "
            "technology for the operation, maintenance, or repair of unmanned aerial vehicles "
            "(UAV) released to this entity by the operator of the UAV.",
            sections=REQUIREMENT_744_11,
            exceptions=(
                "EAR99-designated technology for the operation, maintenance, or repair of "
                "unmanned aerial vehicles (UAV) released to this entity by the operator of the "
                "UAV",
            ),
        ),
    ),
    (  # FSB, Crimea: the last sentence is a note
        "For all items subject to the EAR (See §744.11 of the EAR), apart from items that are "
        "related to transactions that are authorized by the Department of the Treasury's Office "
        "of Foreign Assets Control pursuant to General License No. 11 of December 20, 2016. "
        'Russia does not include the "Crimea region of Ukraine," as that term is defined in '
        "section 8(d) of E.O. 13685.",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR (See §744.11 of the EAR), apart from items that "
            "are related to transactions that are authorized by the Department of the "
            "Treasury's Office of Foreign Assets Control pursuant to General License No. 11 of "
            'December 20, 2016. Russia does not include the "Crimea region of Ukraine," as that '
            "term is defined in section 8(d) of E.O. 13685.",
            sections=REQUIREMENT_744_11,
            exceptions=(
                "items that are related to transactions that are authorized by the Department "
                "of the Treasury's Office of Foreign Assets Control pursuant to General License "
                "No. 11 of December 20, 2016",
            ),
            notes=(
                'Russia does not include the "Crimea region of Ukraine," as that term is '
                "defined in section 8(d) of E.O. 13685",
            ),
        ),
    ),
    (  # Russian energy projects
        "For all items subject to the EAR when used in projects specified in§746.5 of the EAR. ",
        requirement(
            "described",
            "For all items subject to the EAR when used in projects specified in §746.5 of the "
            "EAR.",
            sections=("746.5",),
            description="all items subject to the EAR when used in projects specified in "
            "§746.5 of the EAR",
        ),
    ),
    (  # Military End User list
        "For any item subject to the EAR listed in supplement no. 2 to part 744.",
        requirement(
            "described",
            "For any item subject to the EAR listed in supplement no. 2 to part 744.",
            description="any item subject to the EAR listed in supplement no. 2 to part 744",
        ),
    ),
    (  # the policy leaks into the requirement column; kept as a note
        "For all items subject to the EAR, with case-by-case basis for items listed on the CCL",
        requirement(
            "all_items_subject_to_ear",
            "For all items subject to the EAR, with case-by-case basis for items listed on the CCL",
            notes=("with case-by-case basis for items listed on the CCL",),
        ),
    ),
    (
        "For ECCNs 1a004.C and 2E983.",
        requirement("eccns", "For ECCNs 1a004.C and 2E983.", eccns=("1A004.c", "2E983")),
    ),
    (
        "See §744.2(d) of the EAR.",
        requirement("see_section", "See §744.2(d) of the EAR.", sections=("744.2(d)",)),
    ),
]


@pytest.mark.parametrize(("text", "parsed"), REQUIREMENTS)
def test_requirement(text: str, parsed: LicenseRequirementParse) -> None:
    assert parse_license_requirement(text) == parsed


@pytest.mark.parametrize("text", [None, "", "  "])
def test_empty_requirement(text: str | None) -> None:
    assert parse_license_requirement(text) is None


def test_requirement_that_names_no_items_is_unknown() -> None:
    parsed = parse_license_requirement("To be determined.")
    assert parsed is not None
    assert parsed.scope == "unknown"


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        ("See §§ 746.8(b) and 744.21(e).", ("746.8(b)", "744.21(e)")),
        ("specified in §744.21(d) and (e).", ("744.21(d)", "744.21(e)")),
        ("§ 740.11(b)(2) and (e)", ("740.11(b)(2)", "740.11(e)")),
        ("§§ 744.11(a)(2)(i) and (ii)", ("744.11(a)(2)(i)", "744.11(a)(2)(ii)")),
        ("§ 744.2 (d)", ("744.2(d)",)),
        ("§§ 744.2(d), 744.3(d), and 744.4(d)", ("744.2(d)", "744.3(d)", "744.4(d)")),
        ("§§734.9(g),3 746.8(a)(3)", ("734.9(g)", "746.8(a)(3)")),
        ("10.5 nanometers; § 744.11 twice: § 744.11", ("744.11",)),
    ],
)
def test_ear_sections(text: str, sections: tuple[str, ...]) -> None:
    assert find_ear_sections(text) == sections


@pytest.mark.parametrize(
    ("text", "eccns"),
    [
        ("ECCNs 1A004.c, 1A004.d, 1A995, and 2E983", ("1A004.c", "1A004.d", "1A995", "2E983")),
        ("ECCN 5A992.c and 5D992.c", ("5A992.c", "5D992.c")),
        ("1a004.C; 3b001.A.1", ("1A004.c", "3B001.a.1")),
        ("0Y521 and 9E003.", ("0Y521", "9E003")),
        ("EAR99 items, 1A995, 1A995", ("1A995",)),
        ("HS 2709002010 and 10 nanometers", ()),
    ],
)
def test_eccns(text: str, eccns: tuple[str, ...]) -> None:
    assert find_eccns(text) == eccns


# --- the real lists ------------------------------------------------------------------------


def _rows(relative: str, list_code: str) -> Iterator[dict[str, str]]:
    with Path(shared_file(relative)).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if f"({list_code})" in row["source"]:
                yield row


@pytest.mark.shared_data
def test_every_2022_entity_list_policy_parses() -> None:
    """2,000 of the 2,001 EL rows have a policy; each gives clauses, none UNKNOWN."""
    rows = list(_rows("csl_2022/consolidated.csv", "EL"))
    assert len(rows) == 2001
    with_policy = [row for row in rows if row["license_policy"].strip()]
    assert len(with_policy) == 2000
    failures = [
        row["license_policy"]
        for row in with_policy
        if not (clauses := parse_license_policy(row["license_policy"]))
        or any(c.policy is ReviewPolicy.UNKNOWN for c in clauses)
    ]
    assert failures == []
    assert [row["name"] for row in rows if not row["license_policy"].strip()] == [
        "Chengdu GaStone Technology Co., Ltd. (CGTC)"
    ]


@pytest.mark.shared_data
def test_every_2022_entity_list_requirement_parses() -> None:
    rows = [row for row in _rows("csl_2022/consolidated.csv", "EL")]
    with_requirement = [row for row in rows if row["license_requirement"].strip()]
    assert len(with_requirement) == 2000
    scopes: Counter[str] = Counter()
    for row in with_requirement:
        parsed = parse_license_requirement(row["license_requirement"])
        assert parsed is not None
        scopes[parsed.scope] += 1
    assert set(scopes) <= REQUIREMENT_SCOPES - {"unknown"}
    assert scopes == Counter(all_items_subject_to_ear=1918, described=82)


@pytest.mark.shared_data
def test_2022_entity_list_clause_census() -> None:
    """How the 2022 Entity List reviews licences, clause by clause."""
    census: Counter[tuple[str, str]] = Counter()
    for row in _rows("csl_2022/consolidated.csv", "EL"):
        for found in parse_license_policy(row["license_policy"]):
            census[(found.policy.value, found.scope)] += 1
    assert census == Counter(
        {
            ("presumption_of_denial", "all_items"): 1500,
            ("policy_of_denial", "all_items"): 257,
            ("case_by_case", "described"): 140,
            ("see_section", "all_items"): 121,
            ("presumption_of_denial", "all_other_items"): 70,
            ("case_by_case", "eccns"): 66,
            ("presumption_of_approval", "ear99"): 30,
            ("case_by_case", "ccl"): 28,
            ("presumption_of_denial", "described"): 11,
            ("case_by_case", "all_other_items"): 11,
            ("case_by_case", "all_items"): 6,
            ("policy_of_denial", "all_other_items"): 4,
        }
    )


@pytest.mark.shared_data
def test_2022_entity_list_requirement_footnotes_and_exceptions() -> None:
    footnotes: Counter[int] = Counter()
    with_exceptions = 0
    for row in _rows("csl_2022/consolidated.csv", "EL"):
        parsed = parse_license_requirement(row["license_requirement"])
        if parsed is None:
            continue
        footnotes.update(parsed.footnotes)
        with_exceptions += bool(parsed.exceptions)
    # footnote 1: Huawei and affiliates (157); footnote 3: Russian/Belarusian military end users
    assert footnotes == Counter({1: 157, 3: 147})
    assert with_exceptions == 211


@pytest.mark.shared_data
@pytest.mark.parametrize("relative", ["csl_2022/consolidated.csv", "csl_2023_partial/csl.csv"])
def test_military_end_user_rows(relative: str) -> None:
    rows = list(_rows(relative, "MEU"))
    assert len(rows) == 71
    for row in rows:
        assert parse_license_policy(row["license_policy"]) == (
            clause(
                SEE,
                "all_items",
                "The license application procedure and license review policy for entities "
                "specified in supplement no. 2 to part 744 is specified in §744.21(d) and (e)",
                sections=("744.21(d)", "744.21(e)"),
            ),
        )
        parsed = parse_license_requirement(row["license_requirement"])
        assert parsed is not None
        assert parsed.scope == "described"


@pytest.mark.shared_data
def test_2023_entity_list_rows_parse() -> None:
    """The 2023 partial file adds footnote 4 (§ 734.9(e)) entries."""
    footnotes: Counter[int] = Counter()
    for row in _rows("csl_2023_partial/csl.csv", "EL"):
        if row["license_policy"].strip():
            clauses = parse_license_policy(row["license_policy"])
            assert clauses
            assert all(c.policy is not ReviewPolicy.UNKNOWN for c in clauses)
        parsed = parse_license_requirement(row["license_requirement"])
        if parsed is not None:
            assert parsed.scope != "unknown"
            footnotes.update(parsed.footnotes)
    assert footnotes == Counter({4: 4, 3: 2})
