"""Place names that list entries carry inside names (for splitting address tails)."""

from __future__ import annotations

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

# Chinese place names written with the pinyin syllable apostrophe (Xi'an is not Xian).
# When a source mangles the apostrophe to "?", these are restored without doubt.
PINYIN_APOSTROPHE_PLACES: frozenset[str] = frozenset(
    (
        "Xi'an", "Ji'nan", "Tai'an", "Yan'an", "Huai'an", "Lu'an", "Ji'an", "Bin'an",
        "Jing'an", "Yong'an", "Fu'an", "Hui'an", "Xing'an", "Guang'an", "Ya'an", "Chang'an",
        "Pu'er", "Lin'an", "Dong'an", "Zhi'an",
    )
)  # fmt: skip
