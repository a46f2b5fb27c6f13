"""Place names that list entries carry inside names (for splitting address tails)."""

from __future__ import annotations

import functools

CHINESE_PROVINCES: frozenset[str] = frozenset(
    name.casefold()
    for name in (
        "Anhui", "Beijing", "Chongqing", "Fujian", "Gansu", "Guangdong", "Guangxi",
        "Guizhou", "Hainan", "Hebei", "Heilongjiang", "Henan", "Hubei", "Hunan",
        "Inner Mongolia", "Jiangsu", "Jiangxi", "Jilin", "Liaoning", "Ningxia", "Qinghai",
        "Shaanxi", "Shandong", "Shanghai", "Shanxi", "Sichuan", "Tianjin", "Tibet",
        "Xinjiang", "Yunnan", "Zhejiang", "Hong Kong", "Macau", "Macao",
    )
)  # fmt: skip

# Province-level cities and regions: also the city of an address, never only its region.
CHINESE_MUNICIPALITIES: frozenset[str] = frozenset(
    {"beijing", "shanghai", "tianjin", "chongqing", "hong kong", "macau", "macao"}
)

# Chinese place names written with the pinyin syllable apostrophe (Xi'an is not Xian).
# When a source mangles the apostrophe to "?", these are restored without doubt.
PINYIN_APOSTROPHE_PLACES: frozenset[str] = frozenset(
    (
        "Xi'an", "Ji'nan", "Tai'an", "Yan'an", "Huai'an", "Lu'an", "Ji'an", "Bin'an",
        "Jing'an", "Yong'an", "Fu'an", "Hui'an", "Xing'an", "Guang'an", "Ya'an", "Chang'an",
        "Pu'er", "Lin'an", "Dong'an", "Zhi'an",
    )
)  # fmt: skip

# USPS codes of the states, DC and the territories: a US address in the Denied Persons
# List ends "CITY, ST, ZIP" without a country.
US_STATE_CODES: frozenset[str] = frozenset(
    (
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP",
    )
)  # fmt: skip

# Words that name the level of a place rather than the place ("Sichuan Province").
_PLACE_LEVEL_WORDS = (" province", " city", " municipality", " district", " prefecture")


@functools.lru_cache(maxsize=8192)
def place_key(text: str) -> str:
    """Comparable form of a place name: "Sichuan Province" and "Sichuan" -> "sichuan"."""
    key = " ".join(text.split()).casefold().strip(" .")
    for word in _PLACE_LEVEL_WORDS:
        if key.endswith(word) and len(key) > len(word):
            return key[: -len(word)]
    return key
