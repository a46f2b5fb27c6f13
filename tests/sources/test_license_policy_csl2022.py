"""Every licence text of the 2,001 Entity List rows of the 2022 CSL, by shape.

A *shape* is the parsed form written compactly: the requirement's scope, EAR sections,
footnotes, exceptions and notes; the policy's clauses as policy/scope, with their ECCNs,
the first words of a described scope and their sections. The tables below give one real
text per shape, its parsed form and how many rows have that shape; the census test then
checks that every row of the file parses to one of these shapes (so none is left unparsed
or parsed into something new) and that the counts add up to the 2,001 rows, with the rows
whose text is genuinely empty counted explicitly.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from entitywatch.model import ReviewPolicy
from entitywatch.sources.license_policy import parse_license_policy, parse_license_requirement
from tests.conftest import shared_file


def _words(text: str, count: int = 5) -> str:
    return " ".join(text.split()[:count]) + "…"


def requirement_shape(text: str | None) -> str:
    parsed = parse_license_requirement(text)
    if parsed is None:
        return ""
    shape = parsed.scope
    shape += "".join(f" §{section}" for section in parsed.sections)
    if parsed.eccns:
        shape += f" [{' '.join(parsed.eccns)}]"
    if parsed.footnotes:
        shape += " footnote " + ",".join(str(number) for number in parsed.footnotes)
    shape += "".join(f" except({_words(exception)})" for exception in parsed.exceptions)
    shape += "".join(f" note({_words(note)})" for note in parsed.notes)
    return shape


def policy_shape(text: str | None) -> str:
    shapes = []
    for clause in parse_license_policy(text):
        shape = f"{clause.policy.value}/{clause.scope}"
        if clause.eccns:
            shape += f"[{' '.join(clause.eccns)}]"
        if clause.scope == "described":
            shape += f"({_words(clause.text)})"
        shape += "".join(f" §{section}" for section in clause.sections)
        shapes.append(shape)
    return " ; ".join(shapes)


ALL_ITEMS = "all_items_subject_to_ear"
RUSSIA = f"{ALL_ITEMS} §734.9(g) §746.8(a)(3) §744.21(b) footnote 3"
FOOD = "except(food or medicine designated as…)"
GOV = "except(License Exception GOV under §…)"
HIKVISION_ECCNS = "[1A004.c 1A004.d 1A995 1A999.a 1D003 2A983 2D983 2E983]"

# (rows of the 2022 EL with this shape, a real text of that shape, the shape)
REQUIREMENT_SHAPES: list[tuple[int, str, str]] = [
    (
        1519,
        "For all items subject to the EAR.  (See §744.11 of the EAR)",
        f"{ALL_ITEMS} §744.11",
    ),
    (
        157,
        "For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR, EXCEPT "
        "for technology subject to the EAR that is designated as EAR99, or controlled on the "
        "Commerce Control List for anti-terrorism reasons only, when released to members of a "
        "“standards organization” (see §772.1) for the purpose of contributing to the revision "
        "or development of a “standard” (see §772.1).",
        f"{ALL_ITEMS} §736.2(b)(3)(vi) §744.11 footnote 1 except(technology subject to the EAR…)",
    ),
    (
        97,
        "For all items subject to the EAR. (See §§734.9(g),3 746.8(a)(3), and 744.21(b) of the "
        "EAR.)",
        RUSSIA,
    ),
    (
        82,
        "For all items subject to the EAR when used in projects specified in §746.5 of the EAR.",
        "described §746.5",
    ),
    (75, "For all items subject to the EAR", ALL_ITEMS),
    (
        47,
        "All items subject to the EAR except for food or medicine designated as EAR99. (See §§ "
        "734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)",
        f"{RUSSIA} {FOOD}",
    ),
    (8, "For all items subject to the EAR. (See §744.2 (d) of the EAR)", f"{ALL_ITEMS} §744.2(d)"),
    (3, "For all items subject to the EAR (See §744.2 of the EAR)", f"{ALL_ITEMS} §744.2"),
    (
        2,
        "For all items subject to the EAR, with case-by-case basis for items listed on the CCL",
        f"{ALL_ITEMS} note(with case-by-case basis for items…)",
    ),
    (
        2,
        "All items subject to the EAR except for food or medicine designated as EAR99, or ECCN "
        "5A992.c and 5D992.c unless for Belarusian “government end users” and Belarusian "
        "state-owned enterprises (SoEs) to Belarus. (See §§ 734.9(g),3 746.8(a)(3), and "
        "744.21(b) of the EAR) This license requirement may be overcome by License Exception "
        "GOV under § 740.11(b)(2) and (e).",
        f"{RUSSIA} {FOOD} {GOV}",
    ),
    (2, "For all items subject to the EAR (See §744.3 of the EAR)", f"{ALL_ITEMS} §744.3"),
    (
        1,  # CNOOC: two carve-outs written as dashed bullets
        "All items subjects to the EAR except for: -crude oil, condensates, aromatics, natural "
        "gas liquids, hydrocarbon gas liquids, natural gas plant liquids, refined petroleum "
        "products, liquefied natural gas, natural gas, synthetic natural gas, and compressed "
        "natural gas under the following Harmonized System (HS) codes: 271111, 2711210000, "
        "2709; or -required for the continued operation of joint ventures with persons from "
        "countries in Country Group A:1 in supplement no. 1 to part 740 of the EAR not "
        "operating in the South China Sea.",
        f"{ALL_ITEMS} except(crude oil, condensates, aromatics, natural…) "
        "except(required for the continued operation…)",
    ),
    (
        1,  # DJI
        "All items subject to the EAR.  (See §744.11 of the EAR), except for EAR99-designated "
        "technology for the operation, maintenance, or repair of unmanned aerial vehicles (UAV) "
        "released to this entity by the operator of the UAV.",
        f"{ALL_ITEMS} §744.11 except(EAR99-designated technology for the operation,…)",
    ),
    (
        1,  # FSB
        "For all items subject to the EAR (See §744.11 of the EAR), apart from items that are "
        "related to transactions that are authorized by the Department of the Treasury's "
        "Office of Foreign Assets Control pursuant to General License No. 11 of December 20, "
        '2016. Russia does not include the "Crimea region of Ukraine," as that term is defined '
        "in section 8(d) of E.O. 13685.",
        f"{ALL_ITEMS} §744.11 except(items that are related to…) note(Russia does not include "
        "the…)",
    ),
    (
        1,
        "For all items subject to the EAR. (See §744.11 of the EAR), apart from items that are "
        "related to transactions that are authorized by the Department of the Treasury's "
        "Office of Foreign Assets Control pursuant to General License No. 1B of March 2, 2021.",
        f"{ALL_ITEMS} §744.11 except(items that are related to…)",
    ),
    (
        1,  # a stray "(e)." repeated in the source
        "All items subject to the EAR except for food or medicine designated as EAR99, or ECCN "
        "5A992.c and 5D992.c unless for Russian “government end users” and Russian state-owned "
        "enterprises (SoEs) to Russia.  (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the "
        "EAR). This license requirement may be overcome by License Exception GOV under § "
        "740.11(b)(2) and (e). (e).",
        f"{RUSSIA} {FOOD} {GOV} note((e)…)",
    ),
    (1, "For all items subject to the EAR. (See §746.5 of the EAR).", f"{ALL_ITEMS} §746.5"),
]

POLICY_SHAPES: list[tuple[int, str, str]] = [
    (1500, "Presumption of denial.", "presumption_of_denial/all_items"),
    (
        136,
        "Policy of denial. See §§ 746.8(b) and 744.21(e).",
        "policy_of_denial/all_items §746.8(b) §744.21(e)",
    ),
    (121, "Policy of denial.", "policy_of_denial/all_items"),
    (70, "See §746.5(b) of the EAR.", "see_section/all_items §746.5(b)"),
    (
        65,
        "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, "
        "and 2E983, and for EAR99 items described in the Note to ECCN 1A995; case-by-case "
        "review for items necessary to detect, identify and treat infectious disease; and "
        "presumption of denial for all other items subject to the EAR.",
        f"case_by_case/eccns{HIKVISION_ECCNS} ; "
        "case_by_case/described(EAR99 items described in the…) ; "
        "case_by_case/described(items necessary to detect, identify…) ; "
        "presumption_of_denial/all_other_items",
    ),
    (
        26,
        "Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items",
        "case_by_case/ccl ; presumption_of_approval/ear99",
    ),
    (22, "See §744.2(d) of the EAR.", "see_section/all_items §744.2(d)"),
    (
        13,
        "See §§ 744.2(d), 744.3(d), and 744.4(d) of this part.",
        "see_section/all_items §744.2(d) §744.3(d) §744.4(d)",
    ),
    (
        11,
        "Presumption of denial for items uniquely required for production of semiconducto rs at "
        "advanced technology nodes (10 nanometers and below, including extreme ultraviolet "
        "technology); Case by case for all other items",
        "presumption_of_denial/described(items uniquely required for production…) ; "
        "case_by_case/all_other_items",
    ),
    (10, "See §744.3(d) of this part", "see_section/all_items §744.3(d)"),
    (6, "Case-by-case basis", "case_by_case/all_items"),
    (5, "See §744.3 of this part", "see_section/all_items §744.3"),
    (
        4,
        "Case-by-case review for items necessary to detect, identify and treat infectious "
        "disease; Presumption of denial for all other items subject to the EAR.",
        "case_by_case/described(items necessary to detect, identify…) ; "
        "presumption_of_denial/all_other_items",
    ),
    (
        4,
        "Policy of denial; Case-by-case basis for U.S. Government supported space programs.",
        "case_by_case/described(U.S. Government supported space programs…) ; "
        "policy_of_denial/all_other_items",
    ),
    (
        2,
        "Presumption of approval for EAR99; case-by-case review for all items on the CCL",
        "presumption_of_approval/ear99 ; case_by_case/ccl",
    ),
    (2, "Presumption of approval for EAR99 items", "presumption_of_approval/ear99"),
    (1, "See §744.4(d) of this part.", "see_section/all_items §744.4(d)"),
    (
        1,
        "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, "
        "and 2E983, and for EAR99 items described in the Note to ECCN 1A995; presumption of "
        "denial for all other items subject to the EAR.",
        f"case_by_case/eccns{HIKVISION_ECCNS} ; "
        "case_by_case/described(EAR99 items described in the…) ; "
        "presumption_of_denial/all_other_items",
    ),
    (
        1,  # Iran Air: a policy only for what is described
        "Case-by-Case review for licenses for the safety of civil aviation of aircraft.",
        "case_by_case/described(licenses for the safety of…)",
    ),
]

# The one Entity List row of the 2022 file whose licence columns are both empty (the same
# company has a second row with the usual texts).
EMPTY_TEXT_ROWS = ["Chengdu GaStone Technology Co., Ltd. (CGTC)"]


def test_the_tables_cover_more_than_25_distinct_shapes() -> None:
    shapes = {shape for _, _, shape in REQUIREMENT_SHAPES} | {s for _, _, s in POLICY_SHAPES}
    assert len(shapes) >= 25
    assert len({s for _, _, s in REQUIREMENT_SHAPES}) == len(REQUIREMENT_SHAPES)
    assert len({s for _, _, s in POLICY_SHAPES}) == len(POLICY_SHAPES)


@pytest.mark.parametrize(
    ("text", "shape"), [(text, shape) for _, text, shape in REQUIREMENT_SHAPES]
)
def test_requirement_shape(text: str, shape: str) -> None:
    assert requirement_shape(text) == shape


@pytest.mark.parametrize(("text", "shape"), [(text, shape) for _, text, shape in POLICY_SHAPES])
def test_policy_shape(text: str, shape: str) -> None:
    assert policy_shape(text) == shape


def test_dashed_bullets_are_separate_exceptions() -> None:
    parsed = parse_license_requirement(REQUIREMENT_SHAPES[11][1])
    assert parsed is not None
    assert parsed.exceptions == (
        "crude oil, condensates, aromatics, natural gas liquids, hydrocarbon gas liquids, "
        "natural gas plant liquids, refined petroleum products, liquefied natural gas, natural "
        "gas, synthetic natural gas, and compressed natural gas under the following Harmonized "
        "System (HS) codes: 271111, 2711210000, 2709",
        "required for the continued operation of joint ventures with persons from countries "
        "in Country Group A:1 in supplement no. 1 to part 740 of the EAR not operating in the "
        "South China Sea",
    )


def _entity_list_rows() -> list[dict[str, str]]:
    path = Path(shared_file("csl_2022/consolidated.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if "(EL)" in row["source"]]


@pytest.mark.shared_data
def test_every_entity_list_row_has_a_known_shape_and_none_is_left_unparsed() -> None:
    rows = _entity_list_rows()
    assert len(rows) == 2001
    requirements = Counter(requirement_shape(row["license_requirement"]) for row in rows)
    policies = Counter(policy_shape(row["license_policy"]) for row in rows)

    # rows whose text is genuinely empty: counted, named, and the only ones without a parse
    empty_requirement = [row["name"] for row in rows if not row["license_requirement"].strip()]
    empty_policy = [row["name"] for row in rows if not row["license_policy"].strip()]
    assert empty_requirement == empty_policy == EMPTY_TEXT_ROWS
    assert requirements.pop("") == policies.pop("") == len(EMPTY_TEXT_ROWS)

    assert requirements == Counter({shape: count for count, _, shape in REQUIREMENT_SHAPES})
    assert policies == Counter({shape: count for count, _, shape in POLICY_SHAPES})
    assert sum(requirements.values()) == sum(policies.values()) == 2001 - len(EMPTY_TEXT_ROWS)


@pytest.mark.shared_data
def test_no_entity_list_row_parses_to_an_unknown_scope_or_policy() -> None:
    for row in _entity_list_rows():
        requirement = parse_license_requirement(row["license_requirement"])
        clauses = parse_license_policy(row["license_policy"])
        if not row["license_requirement"].strip():  # the one row of EMPTY_TEXT_ROWS
            assert requirement is None and clauses == ()
            continue
        assert requirement is not None and requirement.scope != "unknown", row["name"]
        assert clauses and all(c.policy is not ReviewPolicy.UNKNOWN for c in clauses), row["name"]
