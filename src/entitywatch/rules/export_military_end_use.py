"""Military End-User List entries (Supplement No. 7 to 15 CFR part 744) for one item.

A listed military end user needs a licence only for the items of Supplement No. 2 to part
744 (§744.21(a)), reviewed with a presumption of denial (§744.21(e)); for Russia and Belarus
§744.21 reaches every item subject to the EAR.
"""

from __future__ import annotations

from typing import Final

from entitywatch.model import Listing, Party, ReviewPolicy
from entitywatch.rules.eccn import EAR99, Coverage, Eccn, ExportItem, best_coverage, parse_eccn
from entitywatch.rules.export_findings import (
    NOT_APPLICABLE,
    Finding,
    Outcome,
    fr_citations,
    listed_since,
)

__all__ = ["MEU_SUPPLEMENT_2", "military_end_user_finding"]


# --- Military End-User List --------------------------------------------------------------

# Supplement No. 2 to part 744: the items subject to the military end-use / end-user licence
# requirement of §744.21, as revised by the rule of April 28, 2020 (85 FR 23459, effective
# June 29, 2020). Written from the EAR as the project knows it; the supplement is amended
# from time to time (and for Russia and Belarus §744.21 now reaches all items subject to
# the EAR, see below), so check the current text when a determination turns on it.
MEU_SUPPLEMENT_2: Final[tuple[Eccn, ...]] = tuple(
    parse_eccn(eccn)
    for eccn in (
        "1A290",  # depleted uranium
        "1C990",  # fibrous and filamentary materials
        "1C996",  # hydraulic fluids
        "1D993",  # software for 1C990 materials and related equipment
        "1E994",  # technology for 1C990 materials
        "2A290",  # generators and equipment for nuclear facilities
        "2A291",  # equipment related to nuclear material handling and processing
        "2B999",  # specific processing equipment
        "2D290",  # software for 2A290 and 2A291
        "3A991",  # electronic devices and components
        "3A992",  # general purpose electronic equipment
        "3A999",  # specific processing equipment
        "3B991",  # equipment for the manufacture of electronic components and materials
        "3B992",  # equipment for the inspection or testing of electronic components
        "3C992",  # positive resists for semiconductor lithography
        "3D991",  # software for 3A991, 3A992, 3B991, 3B992
        "3E991",  # technology for 3A991, 3A992, 3B991, 3B992, 3C992
        "4A994",  # computers and related equipment
        "4D993",  # program proof and validation software
        "4D994",  # software for 4A994
        "5A991",  # telecommunications equipment
        "5A992",  # mass-market information security items
        "5B991",  # telecommunications test equipment
        "5D991",  # software for 5A991 and 5B991
        "5D992",  # mass-market information security software
        "6A991",  # marine or terrestrial acoustic equipment
        "6A993",  # cameras
        "6A995",  # lasers
        "6C992",  # optical sensing fibres
        "6D991",  # software for 6A991 and related items
        "6D992",  # software for 6A993 and related items
        "6D993",  # other software for category 6 items
        "7A994",  # other navigation and airborne communication equipment
        "7B994",  # test and production equipment for navigation and avionics
        "7D994",  # software for navigation and avionics items
        "7E994",  # technology for navigation and avionics items
        "8A992",  # vessels, marine systems and equipment
        "8D992",  # software for 8A992
        "9A991",  # aircraft and gas turbine engines
        "9B990",  # vibration test equipment
        "9D991",  # software for 9A991 and 9B990
        "9E991",  # technology for 9A991 and 9B990
    )
)
# Since February and March 2022 (87 FR 12226, 87 FR 13048) §744.21 requires a licence for
# *all* items subject to the EAR, except food and medicine designated EAR99, for military
# end users in Russia and Belarus.
_ALL_ITEMS_MEU_COUNTRIES: Final = {"RU": "Russia", "BY": "Belarus"}


def military_end_user_finding(listing: Listing, party: Party, item: ExportItem) -> Finding:
    since = listed_since(listing)
    head = f"Military End-User List{since}"
    citations = ["15 CFR 744.21", "15 CFR part 744, Supplement No. 2", *fr_citations(listing)]
    countries = {address.country for address in party.addresses} | set(party.countries)
    all_items_in = sorted(
        name for code, name in _ALL_ITEMS_MEU_COUNTRIES.items() if code in countries
    )
    conditions: tuple[str, ...] = ()
    if all_items_in:
        reach = Coverage.COVERED
        reason = (
            f"{head}: a military end user in {' and '.join(all_items_in)}, for which §744.21 "
            f"requires a licence for all items subject to the EAR, so for {item}."
        )
        if item == EAR99:
            conditions = (
                "Food and medicine designated EAR99 are excepted: if the item is such, this "
                "listing requires no licence for it.",
            )
        citations.extend(["87 FR 12226", "87 FR 13048"])
    else:
        reach = best_coverage(MEU_SUPPLEMENT_2, item)
        if reach is Coverage.NOT_COVERED:
            reason = (
                f"{head}: a licence is required only for the items of Supplement No. 2 to "
                f"part 744 ({len(MEU_SUPPLEMENT_2)} ECCNs, such as 3A991, 5A992, 9A991); "
                f"{item} is not one of them, so this listing alone requires no licence for it."
            )
        else:
            reason = (
                f"{head}: a licence is required for the items of Supplement No. 2 to part 744, "
                f"and {item} is one of them (§744.21(a))."
            )
    if reach is Coverage.NOT_COVERED:
        return Finding(
            basis="MEU",
            outcome=Outcome.NO_LICENSE_REQUIRED,
            review_policy=NOT_APPLICABLE,
            reasons=(reason,),
            citations=tuple(dict.fromkeys(citations)),
        )
    return Finding(
        basis="MEU",
        outcome=Outcome.LICENSE_REQUIRED,
        review_policy=ReviewPolicy.PRESUMPTION_OF_DENIAL.value,
        reasons=(
            reason,
            "Licence applications are reviewed with a presumption of denial (§744.21(e)).",
            "Licence exceptions are limited to those §744.21 allows.",
            *conditions,
        ),
        citations=tuple(dict.fromkeys([*citations, "15 CFR 744.21(e)"])),
        license_exceptions="only those §744.21 allows",
        conditions=conditions,
    )
