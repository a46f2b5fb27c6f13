"""Findings by list: the dispatch, the lists without an item scope, and the embargoes.

- Denied Persons List (DPL): a denial order; no one may take part in an export of items
  subject to the EAR with the person (General Prohibition Four, §736.2(b)(4)) -> prohibited.
- SDN: the person's property is blocked; US persons may not deal with it without an OFAC
  licence (31 CFR part 501 and the programme's part) -> prohibited. Foreign Sanctions
  Evaders (FSE, Executive Order 13608) likewise bar all dealings by US persons.
- Unverified List (UVL, Supplement No. 6 to part 744): no licence requirement by itself;
  a UVL statement from the party before any export that needs no licence, and no licence
  exceptions (§744.15).
- Entity List and Military End-User List: ``export_entity_list``, ``export_military_end_use``.
- Other lists (CMIC, SSI, DTC, ISN, CAP, MBS, PLC...) carry no EAR licence requirement: the
  finding says what they do mean, without changing the determination.
- Comprehensive embargoes on the destination (15 CFR part 746): ``rules.embargoes``.
"""

from __future__ import annotations

from typing import Final

from entitywatch.model import Listing, Party
from entitywatch.rules.eccn import EAR99, ExportItem
from entitywatch.rules.embargoes import Embargo
from entitywatch.rules.export_entity_list import entity_list_finding
from entitywatch.rules.export_findings import (
    NOT_APPLICABLE,
    PROHIBITED_POLICY,
    Finding,
    Outcome,
    fr_citations,
    item_words,
    listed_since,
)
from entitywatch.rules.export_military_end_use import military_end_user_finding

__all__ = [
    "blocked_person_finding",
    "denied_person_finding",
    "embargo_finding",
    "listing_finding",
    "other_list_finding",
    "sanctions_evader_finding",
    "unverified_list_finding",
]


# --- Unverified List, Denied Persons, SDN, FSE, others ------------------------------------


def unverified_list_finding(listing: Listing, item: ExportItem) -> Finding:
    head = f"Unverified List{listed_since(listing)}"
    return Finding(
        basis="UVL",
        outcome=Outcome.NO_LICENSE_REQUIRED,
        review_policy=NOT_APPLICABLE,
        reasons=(
            f"{head}: the listing is not a licence requirement by itself, but before an export, "
            f"reexport or transfer of {item_words(item)} that needs no licence you must obtain "
            "a UVL statement from the party (15 CFR 744.15(c)).",
            "No licence exception may be used for a party on the Unverified List "
            "(15 CFR 744.15(b)), and Electronic Export Information must be filed for every "
            "export to it (15 CFR 758.1(b)(8)).",
        ),
        citations=(
            "15 CFR 744.15",
            "15 CFR 744.15(b)",
            "15 CFR 744.15(c)",
            "15 CFR 758.1(b)(8)",
            "15 CFR part 744, Supplement No. 6",
            *fr_citations(listing),
        ),
        license_exceptions="none: unavailable for Unverified List parties (15 CFR 744.15(b))",
        conditions=("A UVL statement from the party is required before exporting.",),
        details={"uvl_statement_required": True},
    )


def denied_person_finding(listing: Listing) -> Finding:
    head = f"Denied Persons List{listed_since(listing)}"
    until = f" The order runs until {listing.end_date.isoformat()}." if listing.end_date else ""
    return Finding(
        basis="DPL",
        outcome=Outcome.PROHIBITED,
        review_policy=PROHIBITED_POLICY,
        reasons=(
            f"{head}: the party is subject to a BIS denial order. No one may take part in an "
            "export, reexport or transfer of any item subject to the EAR with a denied person, "
            "whatever the item (General Prohibition Four, 15 CFR 736.2(b)(4)); a licence "
            f"application is not the remedy.{until}",
        ),
        citations=(
            "15 CFR 736.2(b)(4)",
            "15 CFR 764.3(a)(2)",
            "15 CFR 764.2(k)",
            *fr_citations(listing),
        ),
    )


# OFAC programme tags (as the SDN list writes them) and the 31 CFR part that blocks, and
# the EAR sections that add an export licence requirement for some of them.
_SDN_PROGRAM_PARTS: Final = {
    "CUBA": "31 CFR part 515",
    "IRAN": "31 CFR part 560",
    "SYRIA": "31 CFR part 542",
    "SDGT": "31 CFR part 594",
    "SDT": "31 CFR part 595",
    "FTO": "31 CFR part 597",
    "NPWMD": "31 CFR part 544",
    "SDNTK": "31 CFR part 598",
    "RUSSIA-EO14024": "31 CFR part 587",
    "VENEZUELA": "31 CFR part 591",
    "VENEZUELA-EO13850": "31 CFR part 591",
}
# Families of tags under one part: DPRK, DPRK2, DPRK3...; UKRAINE-EO13660 ... 13685.
_SDN_PROGRAM_FAMILIES: Final = (("DPRK", "31 CFR part 510"), ("UKRAINE-EO", "31 CFR part 589"))
_SDN_EAR_SECTIONS: Final = {
    "NPWMD": "15 CFR 744.8",
    "SDGT": "15 CFR 744.12",
    "SDT": "15 CFR 744.13",
    "FTO": "15 CFR 744.14",
}


def blocked_person_finding(listing: Listing) -> Finding:
    programs = ", ".join(listing.programs) or "programme not stated"
    parts = [
        _SDN_PROGRAM_PARTS.get(program) or _program_family_part(program)
        for program in listing.programs
    ]
    ear = [_SDN_EAR_SECTIONS[p] for p in listing.programs if p in _SDN_EAR_SECTIONS]
    reasons = [
        f"Specially Designated Nationals ({programs}){listed_since(listing)}: the party's "
        "property and interests in property are blocked; US persons may not export to it or "
        "otherwise deal with it, directly or indirectly, without an OFAC licence "
        "(31 CFR part 501 and the programme's regulations)."
    ]
    if ear:
        reasons.append(
            "The EAR add a licence requirement for items subject to the EAR to persons so "
            f"designated ({', '.join('§' + section.removeprefix('15 CFR ') for section in ear)})."
        )
    return Finding(
        basis="SDN",
        outcome=Outcome.PROHIBITED,
        review_policy=PROHIBITED_POLICY,
        reasons=tuple(reasons),
        citations=tuple(
            dict.fromkeys(
                ["31 CFR part 501", *(p for p in parts if p), *ear, *fr_citations(listing)]
            )
        ),
    )


def _program_family_part(program: str) -> str | None:
    return next(
        (part for prefix, part in _SDN_PROGRAM_FAMILIES if program.startswith(prefix)), None
    )


def sanctions_evader_finding(listing: Listing) -> Finding:
    return Finding(
        basis="FSE",
        outcome=Outcome.PROHIBITED,
        review_policy=PROHIBITED_POLICY,
        reasons=(
            f"Foreign Sanctions Evaders List{listed_since(listing)}: US persons may not "
            "engage in any transaction or dealing in goods, services or technology with the "
            "party (Executive Order 13608).",
        ),
        citations=("Executive Order 13608", *fr_citations(listing)),
    )


_OTHER_LISTS: Final = {
    "CMIC": "a ban on purchasing its publicly traded securities (Executive Order 13959, as "
    "amended by 14032), not an export control",
    "SSI": "OFAC directives restrict new debt and equity and, under Directive 4, goods, "
    "services and technology for certain Russian deepwater, Arctic offshore and shale oil "
    "projects; check the directive that applies",
    "DTC": "debarred from exports of defence articles under the ITAR (22 CFR 127.7); no EAR "
    "licence requirement by itself",
    "ISN": "State Department nonproliferation measures, which vary by programme and may "
    "include denial of export licences; no EAR licence requirement by itself",
    "CAP": "restrictions on US correspondent and payable-through accounts, not an export control",
    "MBS": "the menu-based sanctions chosen for the party (not blocking); no EAR licence "
    "requirement by itself",
    "PLC": "OFAC's non-SDN Palestinian Legislative Council list; no EAR licence requirement "
    "by itself",
}


def other_list_finding(listing: Listing) -> Finding:
    meaning = _OTHER_LISTS.get(
        listing.list_code,
        "a list that imposes no EAR licence requirement entitywatch knows of",
    )
    return Finding(
        basis=listing.list_code,
        outcome=Outcome.NO_LICENSE_REQUIRED,
        review_policy=NOT_APPLICABLE,
        reasons=(
            f"Also listed on {listing.list_code} ({listing.authority})"
            f"{listed_since(listing)}: {meaning}.",
        ),
        citations=tuple(fr_citations(listing)),
    )


def listing_finding(listing: Listing, party: Party, item: ExportItem) -> Finding:
    """The finding for one listing of a matched party, by list."""
    code = listing.list_code
    if code == "EL":
        return entity_list_finding(listing, item)
    if code == "MEU":
        return military_end_user_finding(listing, party, item)
    if code == "UVL":
        return unverified_list_finding(listing, item)
    if code == "DPL":
        return denied_person_finding(listing)
    if code == "SDN":
        return blocked_person_finding(listing)
    if code == "FSE":
        return sanctions_evader_finding(listing)
    return other_list_finding(listing)


# --- embargoes -----------------------------------------------------------------------------


def embargo_finding(embargo: Embargo, item: ExportItem, how: str) -> Finding:
    """A comprehensive embargo (15 CFR part 746) on the destination; ``how`` says how the
    destination became known ("the destination given", "the party's address ...")."""
    conditions: tuple[str, ...] = ()
    if embargo.food_and_medicine_ear99_excepted and item == EAR99:
        conditions = (
            f"Food and medicine designated EAR99 are excepted from the licence requirement "
            f"for {embargo.name} (§{embargo.section}(a)): if the item is such, no BIS licence "
            "is needed for the embargo.",
        )
    return Finding(
        basis="embargo",
        outcome=Outcome.LICENSE_REQUIRED,
        review_policy=embargo.review_policy.value,
        reasons=(
            f"Embargo on {embargo.name} ({how}): {embargo.requirement}. Licence review: "
            f"{embargo.policy_text}.",
            *conditions,
        ),
        citations=embargo.citations,
        license_exceptions=f"only those §{embargo.section} allows",
        conditions=conditions,
        details={"embargo": embargo.key},
    )
