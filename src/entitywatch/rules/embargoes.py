"""Comprehensive embargoes by destination: 15 CFR part 746 and the OFAC programmes beside it.

Cuba, Iran, North Korea and Syria are embargoed as countries; the Crimea region of Ukraine
and the so-called Donetsk and Luhansk People's Republics ("covered regions of Ukraine",
15 CFR 746.6) as regions. A region has no ISO code of its own (the lists write "Crimea,
UA", "Sevastopol, UA", "Donetsk Region, UA"), so it is given with ``--region`` or found
in a matched party's address by ``regions_in_text``.

Why each embargo answers ``license_required`` and not ``prohibited``: ``prohibited`` is
kept for parties with whom any dealing is barred whatever the item (a denial order, a
blocking). A comprehensive embargo bars exports *unless authorised*, and the EAR and the
OFAC regulations both provide that authorisation route: BIS licences reviewed under a
general policy of denial with named case-by-case categories (§746.2(b), §746.4(b),
§746.6(b), §746.9(b)); for Iran an OFAC specific or general licence (31 CFR 560.204 with
the general licences for food and medicine), which BIS accepts as the authorisation
(§746.7(e)). So a licence *is* the legal path, even if rarely granted; the reasons say so.
A party on the SDN or Denied Persons List in one of these places is ``prohibited``
anyway, by its own finding.

The texts below describe the rules as they stood when the bundled data were published
(2022). They change: the Syria rules were largely eased in 2025, and the covered regions
of Ukraine were extended in 2022. Check the current part 746 before relying on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from entitywatch.errors import InputError
from entitywatch.model import ReviewPolicy

__all__ = [
    "EMBARGOED_COUNTRIES",
    "EMBARGOED_REGIONS",
    "Embargo",
    "embargo_for_country",
    "embargo_for_region",
    "parse_region",
    "regions_in_text",
]


@dataclass(frozen=True, slots=True)
class Embargo:
    """One comprehensive embargo: where, what it requires, how licences are reviewed."""

    key: str  # ISO-2 code for a country, a region key ("crimea") for a region
    name: str
    section: str  # the EAR section, e.g. "746.2"
    requirement: str  # what needs a licence, with its paragraph
    review_policy: ReviewPolicy
    policy_text: str
    other_authorities: tuple[str, ...]  # OFAC regulations or executive orders beside the EAR
    food_and_medicine_ear99_excepted: bool = False

    @property
    def citations(self) -> tuple[str, ...]:
        return (f"15 CFR {self.section}", *self.other_authorities)


EMBARGOED_COUNTRIES: Final[dict[str, Embargo]] = {
    "CU": Embargo(
        key="CU",
        name="Cuba",
        section="746.2",
        requirement="a licence is required for all items subject to the EAR (§746.2(a)), "
        "apart from the licence exceptions that section lists",
        review_policy=ReviewPolicy.POLICY_OF_DENIAL,
        policy_text="general policy of denial, with case-by-case and approval categories "
        "(§746.2(b))",
        other_authorities=("31 CFR part 515",),
    ),
    "IR": Embargo(
        key="IR",
        name="Iran",
        section="746.7",
        requirement="the EAR require a licence for items on the Commerce Control List "
        "(§746.7(a)), and the Iranian Transactions and Sanctions Regulations prohibit "
        "exporting any goods, technology or services from the United States to Iran without "
        "OFAC authorization (31 CFR 560.204), which also serves as the EAR authorization "
        "(§746.7(e))",
        review_policy=ReviewPolicy.POLICY_OF_DENIAL,
        policy_text="general policy of denial (§746.7(b)); OFAC licenses food, medicine and "
        "medical devices (31 CFR 560.530)",
        other_authorities=("31 CFR 560.204", "31 CFR part 560"),
    ),
    "KP": Embargo(
        key="KP",
        name="North Korea",
        section="746.4",
        requirement="a licence is required for all items subject to the EAR except food and "
        "medicines designated EAR99 (§746.4(a))",
        review_policy=ReviewPolicy.POLICY_OF_DENIAL,
        policy_text="general policy of denial, case-by-case for humanitarian items (§746.4(b))",
        other_authorities=("31 CFR part 510",),
        food_and_medicine_ear99_excepted=True,
    ),
    "SY": Embargo(
        key="SY",
        name="Syria",
        section="746.9",
        requirement="a licence is required for all items subject to the EAR except food and "
        "medicine designated EAR99 (§746.9(a))",
        review_policy=ReviewPolicy.POLICY_OF_DENIAL,
        policy_text="general policy of denial, case-by-case for named categories (§746.9(b))",
        other_authorities=("31 CFR part 542",),
        food_and_medicine_ear99_excepted=True,
    ),
}


def _covered_region(key: str, name: str, authorities: tuple[str, ...]) -> Embargo:
    """The covered regions of Ukraine share one paragraph of §746.6."""
    return Embargo(
        key=key,
        name=name,
        section="746.6",
        requirement="a licence is required for all items subject to the EAR except food and "
        "medicine designated EAR99 and certain software for personal communications over the "
        "internet (§746.6(a))",
        review_policy=ReviewPolicy.POLICY_OF_DENIAL,
        policy_text="policy of denial, with narrow case-by-case categories (§746.6(b))",
        other_authorities=authorities,
        food_and_medicine_ear99_excepted=True,
    )


EMBARGOED_REGIONS: Final[dict[str, Embargo]] = {
    "crimea": _covered_region(
        "crimea",
        "the Crimea region of Ukraine",
        ("Executive Order 13685", "31 CFR part 589"),
    ),
    "donetsk": _covered_region(
        "donetsk",
        "the so-called Donetsk People's Republic region of Ukraine",
        ("Executive Order 14065",),
    ),
    "luhansk": _covered_region(
        "luhansk",
        "the so-called Luhansk People's Republic region of Ukraine",
        ("Executive Order 14065",),
    ),
}

# What a user may type for --region, and the key it means.
_REGION_NAMES: Final = {
    "crimea": "crimea",
    "krym": "crimea",
    "sevastopol": "crimea",
    "donetsk": "donetsk",
    "dnr": "donetsk",
    "donetsk people's republic": "donetsk",
    "luhansk": "luhansk",
    "lugansk": "luhansk",
    "lnr": "luhansk",
    "luhansk people's republic": "luhansk",
}

# Place names that put an address inside a covered region: the region names and their main
# cities as the lists spell them. Whole words only, so that "Sevastopolsky Avenue, Moscow"
# or "Krymsky Val" (streets in Moscow) are not read as Crimea.
_REGION_PLACES: Final = {
    "crimea": (
        r"crimea",
        r"krym",
        r"sevastopol",
        r"simferopol",
        r"kerch",
        r"yalta",
        r"feodosiya",
        r"feodosia",
        r"theodosia",
        r"y?evpatoriy?a",
        r"alushta",
        r"sudak",
        r"dzhankoy",
        r"bakhchisaray",
    ),
    "donetsk": (
        r"donetsk",
        r"donetska",
        r"makiivka",
        r"makeevka",
        r"horlivka",
        r"gorlovka",
        r"dnr",
    ),
    "luhansk": (
        r"luhansk",
        r"lugansk",
        r"luhanska",
        r"alchevsk",
        r"krasnodon",
        r"lnr",
    ),
}
_REGION_PATTERNS: Final = {
    key: re.compile(r"\b(?:" + "|".join(places) + r")\b", re.IGNORECASE)
    for key, places in _REGION_PLACES.items()
}


def parse_region(text: str, *, option: str = "--region") -> str:
    """The region key for ``--region`` (crimea, donetsk, luhansk); InputError otherwise."""
    key = _REGION_NAMES.get(" ".join(text.replace("’", "'").split()).casefold())
    if key is None:
        raise InputError(
            f"{option} {text!r} is not an embargoed region",
            hint="use crimea, donetsk or luhansk",
        )
    return key


def regions_in_text(text: str) -> tuple[str, ...]:
    """The covered regions of Ukraine an address names ("Kerch, Crimea, UA" -> crimea)."""
    return tuple(key for key, pattern in _REGION_PATTERNS.items() if pattern.search(text))


def embargo_for_country(country: str | None) -> Embargo | None:
    return EMBARGOED_COUNTRIES.get(country.upper()) if country else None


def embargo_for_region(region: str) -> Embargo:
    return EMBARGOED_REGIONS[region]
