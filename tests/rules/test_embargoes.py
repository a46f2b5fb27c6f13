"""Comprehensive embargoes: which destinations, which EAR section, and regions in addresses."""

from __future__ import annotations

import pytest

from entitywatch.errors import InputError
from entitywatch.model import ReviewPolicy
from entitywatch.rules.embargoes import (
    EMBARGOED_COUNTRIES,
    EMBARGOED_REGIONS,
    embargo_for_country,
    parse_region,
    regions_in_text,
)


@pytest.mark.parametrize(
    ("country", "section", "other_authority", "food_and_medicine_excepted"),
    [
        ("CU", "746.2", "31 CFR part 515", False),
        ("IR", "746.7", "31 CFR 560.204", False),
        ("KP", "746.4", "31 CFR part 510", True),
        ("SY", "746.9", "31 CFR part 542", True),
        ("cu", "746.2", "31 CFR part 515", False),
    ],
)
def test_embargoed_countries(
    country: str, section: str, other_authority: str, food_and_medicine_excepted: bool
) -> None:
    embargo = embargo_for_country(country)
    assert embargo is not None
    assert embargo.section == section
    assert f"15 CFR {section}" in embargo.citations
    assert other_authority in embargo.citations
    assert embargo.review_policy is ReviewPolicy.POLICY_OF_DENIAL
    assert embargo.food_and_medicine_ear99_excepted is food_and_medicine_excepted


@pytest.mark.parametrize("country", ["CN", "RU", "UA", "VE", "BY", "US", None, ""])
def test_other_countries_are_not_comprehensively_embargoed(country: str | None) -> None:
    assert embargo_for_country(country) is None


def test_exactly_four_countries_and_three_regions() -> None:
    assert sorted(EMBARGOED_COUNTRIES) == ["CU", "IR", "KP", "SY"]
    assert sorted(EMBARGOED_REGIONS) == ["crimea", "donetsk", "luhansk"]
    assert {region.section for region in EMBARGOED_REGIONS.values()} == {"746.6"}


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("crimea", "crimea"),
        ("Crimea", "crimea"),
        ("Sevastopol", "crimea"),
        ("donetsk", "donetsk"),
        ("DNR", "donetsk"),
        ("Donetsk People’s Republic", "donetsk"),
        ("luhansk", "luhansk"),
        ("Lugansk", "luhansk"),
        ("LNR", "luhansk"),
        ("  luhansk  people's republic ", "luhansk"),
    ],
)
def test_region_option_values(text: str, region: str) -> None:
    assert parse_region(text) == region


@pytest.mark.parametrize("text", ["kharkiv", "ukraine", "UA", "", "abkhazia", "transnistria"])
def test_other_region_values_are_refused(text: str) -> None:
    with pytest.raises(InputError, match=r"^--region .* is not an embargoed region"):
        parse_region(text)


# Real addresses of the 2022 CSL (EL and SDN rows), and Moscow streets named after Crimea.
ADDRESSES = [
    ("28 Kirov Street, Kerch, Crimea Region, 98312, UA", ("crimea",)),
    ("33 G, Vakulenchuk Street, Sevastopol, Crimea, 99053, UA", ("crimea",)),
    ("Feodosiya, Geologicheskaya str. 2, Crimea (Occupied), 98107", ("crimea",)),
    ("Ulitsa Sevastopolskaya 13, Simferopol, 295011, UA", ("crimea",)),
    ("Lenin St. 2, Alushta, Crimea, 29850, UA", ("crimea",)),
    ("1 Moryakov Sq., Yevpatoria, Crimea, 97416, UA", ("crimea",)),
    ("Donetsk Region, UA", ("donetsk",)),
    ("Bud, 22/28, vul. Dzerzhynskogo, Makiivka, 86100, UA", ("donetsk",)),
    ("Str. T. G. Shevchenko, d. 1, Luhansk, 91000, UA", ("luhansk",)),
    ("Novoannivka Street, No. 9, Krasnodonsky District, Luhansk Region, UA", ("luhansk",)),
    ("Moscow, RU; Donetsk, UA", ("donetsk",)),
    # streets of Moscow: not the region
    ("47A Sevastopolski Ave., of. 304, Moscow, 117186, RU", ()),
    ("24 Sevastopolskiy Avenue, Moscow, 117186, RU", ()),
    ("3 Krymsky Val Street, Building 1, Office 1, Moscow, 119049, RU", ()),
    ("No. 555 Qianmo Road, Binjiang District, Hangzhou, 310052, CN", ()),
    ("Prospect Zasyadko.13, Donetsk, UA; Luhansk, UA", ("donetsk", "luhansk")),
]


@pytest.mark.parametrize(("address", "regions"), ADDRESSES)
def test_regions_named_in_addresses(address: str, regions: tuple[str, ...]) -> None:
    assert regions_in_text(address) == regions
