"""The writing system of a name, told from its letters: ``金铁三`` is Han, ``Умаров`` Cyrillic.

Every parser tags non-Latin names with their ISO 15924 script, and with a language where
the script alone implies one, because the matcher compares a Chinese-script name with
other Chinese-script names rather than with transliterations. Lists rarely say which
script a name is in (OFAC's enhanced XML does, and is sometimes wrong), so this module is
the one place that decides it.

Letters are classified by the first word of their Unicode character name (``CJK UNIFIED
IDEOGRAPH-91D1``, ``CYRILLIC CAPITAL LETTER U``), which covers every block of a script
(Cyrillic Supplement, Arabic Presentation Forms, Hangul Jamo...) without a table of code
point ranges to keep up to date.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

from entitywatch.model import Name, NameKind

__all__ = ["detect_script", "language_of_script", "name_with_script", "script_covers"]

LATIN = "Latn"

# ISO 15924 code by the first word of the Unicode name of a letter.
_SCRIPT_BY_UNICODE_WORD = {
    "LATIN": LATIN,
    "CJK": "Hani",
    "IDEOGRAPHIC": "Hani",  # 々, the iteration mark written inside Han names
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "KATAKANA-HIRAGANA": "Kana",  # ー, the prolonged sound mark of katakana words
    "HANGUL": "Hang",
    "BOPOMOFO": "Bopo",
    "CYRILLIC": "Cyrl",
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
    "GREEK": "Grek",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "ETHIOPIC": "Ethi",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "GURMUKHI": "Guru",
    "GUJARATI": "Gujr",
    "ORIYA": "Orya",
    "TAMIL": "Taml",
    "TELUGU": "Telu",
    "KANNADA": "Knda",
    "MALAYALAM": "Mlym",
    "SINHALA": "Sinh",
    "THAI": "Thai",
    "LAO": "Laoo",
    "TIBETAN": "Tibt",
    "MYANMAR": "Mymr",
    "KHMER": "Khmr",
    "MONGOLIAN": "Mong",
}

# Width variants are named "FULLWIDTH LATIN ...", "HALFWIDTH KATAKANA ...": the script
# word comes second.
_WIDTH_PREFIXES = frozenset({"FULLWIDTH", "HALFWIDTH"})

_KANA = frozenset({"Hira", "Kana"})

# Only scripts written for one language imply it. Arabic (Arabic, Persian, Pashto, Urdu),
# Cyrillic (Russian, Ukrainian, Kazakh...), Devanagari (Hindi, Marathi, Nepali) and Latin
# serve many languages and imply none. Han is taken as Chinese: a Japanese name written
# in kanji only cannot be told from a Chinese one by its letters.
_LANGUAGE_BY_SCRIPT = {
    "Hani": "zh",
    "Jpan": "ja",
    "Hira": "ja",
    "Kana": "ja",
    "Hang": "ko",
    "Kore": "ko",
    "Hebr": "he",
    "Grek": "el",
    "Thai": "th",
    "Geor": "ka",
    "Armn": "hy",
    "Mymr": "my",
}

# ISO 15924 codes that name a mix of scripts, as a language writes it.
_COMPOSITE_SCRIPTS = {
    "Jpan": frozenset({"Hani", "Hira", "Kana"}),
    "Kore": frozenset({"Hani", "Hang"}),
}


def detect_script(text: str) -> str | None:
    """ISO 15924 code of the non-Latin script of ``text``; None for Latin or no letters.

    Any non-Latin letter decides over Latin ones: "Jin Tiesan (金铁三)" is Han, since a
    name that mixes scripts is split into its parts by the parser before it is tagged,
    and a Latin name needs no tag. Among non-Latin scripts the one with the most letters
    wins. Kana anywhere makes the text Japanese ("Jpan"), Han letters included, because
    Japanese writes names in kanji and kana together.
    """
    counts: Counter[str] = Counter()
    for char in text:
        script = _letter_script(char)
        if script is not None and script != LATIN:
            counts[script] += 1
    if not counts:
        return None
    kana = sum(counts.pop(script, 0) for script in _KANA)
    if kana:
        counts["Jpan"] = kana + counts.pop("Hani", 0)
    return counts.most_common(1)[0][0]


def language_of_script(script: str | None) -> str | None:
    """ISO 639-1 language a script implies on its own ("Hang" -> "ko"), else None."""
    return _LANGUAGE_BY_SCRIPT.get(script or "")


def name_with_script(value: str, kind: NameKind) -> Name:
    """``value`` as a Name tagged with its detected script and the language it implies."""
    script = detect_script(value)
    return Name(value=value, kind=kind, lang=language_of_script(script), script=script)


def script_covers(script: str, other: str) -> bool:
    """True when text in ``other`` is also text in ``script``.

    Equal codes cover each other, and a composite script covers its parts: Japanese
    ("Jpan") is Han and kana, Korean ("Kore") is Han and Hangul. A kanji-only name that a
    list declares Japanese is detected as Han, and the declaration is the better tag.
    """
    return script == other or other in _COMPOSITE_SCRIPTS.get(script, frozenset())


@lru_cache(maxsize=4096)
def _letter_script(char: str) -> str | None:
    """ISO 15924 code of one letter; None for digits, punctuation, marks and unknowns."""
    if not char.isalpha():
        return None
    words = unicodedata.name(char, "").split(" ", 2)
    if words[0] in _WIDTH_PREFIXES and len(words) > 1:
        words = words[1:]
    return _SCRIPT_BY_UNICODE_WORD.get(words[0])
