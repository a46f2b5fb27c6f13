"""Script detection: the ISO 15924 script of a name and the language it implies."""

from __future__ import annotations

import pytest

from entitywatch.model import Name, NameKind
from entitywatch.sources.scripts import (
    detect_script,
    language_of_script,
    name_with_script,
    script_covers,
)

# (text, script, language the script implies)
SCRIPTS: list[tuple[str, str | None, str | None]] = [
    ("深圳市大疆创新科技有限公司", "Hani", "zh"),  # simplified Chinese
    ("商湯集團有限公司", "Hani", "zh"),  # traditional Chinese
    ("東京エレクトロン", "Jpan", "ja"),  # kanji with katakana
    ("すずき", "Jpan", "ja"),  # kana alone
    ("ソニー", "Jpan", "ja"),  # katakana with the prolonged sound mark
    ("ｿﾆｰ", "Jpan", "ja"),  # half-width katakana
    ("김철삼", "Hang", "ko"),
    ("Умаров Доку Хаматович", "Cyrl", None),  # Russian; Cyrillic serves many languages
    ("Қазақстан", "Cyrl", None),  # Kazakh letters from the Cyrillic Supplement block
    ("صدام حسين التكريتي", "Arab", None),  # Arabic; also Persian, Pashto, Urdu
    ("محمد عمر ځدران", "Arab", None),  # Pashto
    ("בנק מלת", "Hebr", "he"),
    ("Ελληνική Τράπεζα", "Grek", "el"),
    ("ธนาคาร", "Thai", "th"),
    ("भारत", "Deva", None),  # Hindi; also Marathi, Nepali
    ("საქართველო", "Geor", "ka"),
    ("Հայաստան", "Armn", "hy"),
    ("မြန်မာ", "Mymr", "my"),
    ("Forces Démocratiques Alliées", None, None),  # Latin with diacritics
    ("ＳＯＮＹ", None, None),  # full-width Latin
    ("Jin Tiesan (金铁三)", "Hani", "zh"),  # any non-Latin letter decides
    ("金铁三 (Иван Иванович)", "Cyrl", None),  # among non-Latin scripts, the most letters
    ("1234", None, None),  # digits only
    ("", None, None),
]


@pytest.mark.parametrize(("text", "script", "lang"), SCRIPTS)
def test_detect_script(text: str, script: str | None, lang: str | None) -> None:
    assert detect_script(text) == script


@pytest.mark.parametrize(("text", "script", "lang"), SCRIPTS)
def test_name_with_script(text: str, script: str | None, lang: str | None) -> None:
    assert name_with_script(text, NameKind.ALIAS) == Name(
        text, NameKind.ALIAS, lang=lang, script=script
    )


@pytest.mark.parametrize(
    ("script", "lang"),
    [
        ("Hani", "zh"),
        ("Jpan", "ja"),
        ("Hang", "ko"),
        ("Kore", "ko"),
        ("Hebr", "he"),
        ("Grek", "el"),
        ("Thai", "th"),
        ("Geor", "ka"),
        ("Armn", "hy"),
        ("Mymr", "my"),
        ("Cyrl", None),
        ("Arab", None),
        ("Deva", None),
        ("Latn", None),
        (None, None),
    ],
)
def test_language_of_script(script: str | None, lang: str | None) -> None:
    assert language_of_script(script) == lang


@pytest.mark.parametrize(
    ("script", "other", "covers"),
    [
        ("Hani", "Hani", True),
        ("Jpan", "Hani", True),  # a kanji-only Japanese name
        ("Kore", "Hang", True),
        ("Kore", "Hani", True),
        ("Hani", "Jpan", False),
        ("Cyrl", "Hang", False),
    ],
)
def test_script_covers(script: str, other: str, covers: bool) -> None:
    assert script_covers(script, other) is covers
