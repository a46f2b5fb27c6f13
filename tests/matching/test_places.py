"""Places inside names: how many words form a place, and whether a text is only a place."""

from __future__ import annotations

import pytest

from entitywatch.matching.places import (
    CHINESE_PLACE_PINYIN,
    country_code,
    is_place_name,
    match_place,
    place_key,
)
from entitywatch.matching.text import fold_words
from entitywatch.matching.types import Token, TokenKind


@pytest.mark.parametrize(
    ("name", "length"),
    [
        # countries, long and short names
        ("China National Petroleum", 1),
        ("Russia Today", 1),
        ("Russian Federation Ministry", 2),
        ("Iran Air", 1),
        ("Islamic Republic of Iran Shipping Lines", 4),
        ("North Korea Trading", 2),
        ("DPRK Embassy", 1),
        ("Korea Ryonbong General Corporation", 1),
        ("Republic of Korea Navy", 3),
        ("Hong Kong Electronics", 2),
        ("Hongkong Electronics", 1),
        ("Taiwan Semiconductor", 1),
        ("United States Steel", 2),
        ("USA Trading", 1),
        ("U.K. Holdings", 1),
        ("United Arab Emirates Trading", 3),
        ("UAE Exchange", 1),
        ("Jordan Phosphate", 1),  # a place and a name: weak evidence either way
        ("Burma Economic Bank", 1),
        # Chinese provinces and cities, also in split syllables
        ("Beijing Sensetime", 1),
        ("Shenzhen Huawei", 1),
        ("Xi An Aircraft", 2),
        ("Xian Aircraft", 1),
        ("Inner Mongolia First Machinery", 2),
        ("Nei Meng Gu First Machinery", 3),
        ("Xinjiang Production and Construction Corps", 1),
        # world cities
        ("Moscow Institute of Physics", 1),
        ("Saint Petersburg Shipyard", 2),
        ("St. Petersburg Shipyard", 2),
        ("Sankt-Peterburg Shipyard", 2),
        ("Tehran Bank", 1),
        ("Dubai Trading", 1),
        ("Singapore Airlines", 1),
        ("Abu Dhabi Investment", 2),
        # not places
        ("Chinese Academy of Sciences", 0),
        ("Russian Railways", 0),
        ("Huawei Technologies", 0),
        ("Hong Trading", 0),
        ("United Trading", 0),
        ("Reunion Island Trading", 0),
    ],
)
def test_match_place_at_the_start(name: str, length: int) -> None:
    assert match_place(fold_words(name), 0) == length


def test_match_place_in_the_middle_and_at_the_end() -> None:
    words = fold_words("Huawei Technologies Hong Kong")
    assert [match_place(words, i) for i in range(len(words))] == [0, 0, 2, 0]
    words = fold_words("Gazprom Neft Moscow")
    assert match_place(words, 2) == 1


def test_a_legal_form_token_ends_a_place() -> None:
    form = Token("co", TokenKind.LEGAL_FORM, "co")
    assert match_place(["hong", form, "kong"], 0) == 0
    assert match_place(["hong", "kong", form], 0) == 2
    assert match_place([form, "beijing"], 0) == 0
    assert match_place(["xi", form], 0) == 0


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (["usa"], "unitedstates"),
        (["united", "states", "of", "america"], "unitedstates"),
        (["st", "petersburg"], "saintpetersburg"),
        (["moskva"], "moscow"),
        (["russian", "federation"], "russia"),
        (["hong", "kong"], "hongkong"),
        (["dprk"], "northkorea"),
        (["burma"], "myanmar"),
        (["xi", "an"], "xian"),
        (["shenzhen"], "shenzhen"),
    ],
)
def test_place_key_makes_spellings_of_one_place_equal(words: list[str], key: str) -> None:
    assert place_key(words) == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shenzhen", True),
        ("Guangdong", True),
        ("Guangdong Province", True),
        ("Shenzhen City", True),
        ("Beijing Shi", True),
        ("Hong Kong SAR", True),
        ("P.R. China", True),
        ("PRC", True),
        ("China", True),
        ("Beijing 100085", True),
        ("Shenzhen Guangdong", True),
        ("Longgang District", True),  # an unknown name made a place by its admin word
        ("Xiamen", True),
        ("Mexico City", True),
        ("Moscow Oblast", True),
        ("Bantian", False),  # a neighbourhood we do not know
        ("Tsim Sha Tsui", False),
        ("Zhongguancun", False),
        ("Tactical Region", False),  # "region" is too common in names to make a place
        ("Sun City", False),
        ("Chinese", False),
        ("Huawei Technologies", False),
        ("No. 18 Building", False),
        ("100085", False),
        ("", False),
    ],
)
def test_is_place_name(text: str, expected: bool) -> None:
    assert is_place_name(text) is expected


def test_chinese_places_come_from_places_cn() -> None:
    """places_cn (the "chinese" helper's table) is used when present; provinces, big cities
    and the Xinjiang places of the lists are in it."""
    assert {"beijing", "guangdong", "xinjiang", "shenzhen", "xian"} <= CHINESE_PLACE_PINYIN
    assert len(CHINESE_PLACE_PINYIN) > 300


@pytest.mark.parametrize(
    ("words", "code"),
    [
        (["canada"], "ca"),
        (["united", "kingdom"], "gb"),
        (["uk"], "gb"),
        (["mexico"], "mx"),
        (["hong", "kong"], "hk"),
        (["europe"], None),  # a region
        (["beijing"], None),  # a city
    ],
)
def test_country_codes(words: list[str], code: str | None) -> None:
    assert country_code(place_key(words)) == code
