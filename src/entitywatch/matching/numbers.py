"""Numbers inside names, reduced to their value so that every spelling compares equal.

Numbers are identity in listed names: "China Electronics Technology Group Corporation
13th Research Institute" and "... 14th Research Institute" are two different listed
parties, "Plant No. 3" is not "Plant No. 8", "Gazprom Neft II" not "Gazprom Neft III".
And one number has many spellings: "1st" / "First", "007" / "7", "II" / "2". The scorer
compares NUMBER tokens by equality of the value returned here.

Recognised (on folded words, see ``text.fold_words``):
- digits, without leading zeros ("007" -> "7");
- digits with an English ordinal suffix ("1st", "2nd", "23rd", "140th" -> "140");
- English number words up to twenty, the tens, and their ordinals ("first" -> "1",
  "twelfth" -> "12", "thirty" -> "30"); a compound written with a hyphen ("twenty-one")
  reaches us as two words and gives two numbers: the caller may add them up;
- Roman numerals from II to XXX ("ii" -> "2", "xiv" -> "14"). Not single letters: "I", "V"
  and "X" are initials far more often than numbers. Not "xi" either: it is the Chinese
  surname Xi (and a pinyin syllable) far more often than eleven. Roman numerals beyond
  XXX would need "l", "c", "d", "m", and "mix", "civil", "did", "dim", "mid", "lid"
  show why they are left out.
"""

from __future__ import annotations

import re

_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")

_CARDINAL_WORDS: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty",
)  # fmt: skip
_ORDINAL_WORDS: tuple[str, ...] = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
_TENS: dict[int, tuple[str, str]] = {
    30: ("thirty", "thirtieth"), 40: ("forty", "fortieth"), 50: ("fifty", "fiftieth"),
    60: ("sixty", "sixtieth"), 70: ("seventy", "seventieth"), 80: ("eighty", "eightieth"),
    90: ("ninety", "ninetieth"),
}  # fmt: skip

_MAX_ROMAN = 30
# Roman numerals that are words of their own more often than numbers.
_ROMAN_EXCLUDED: frozenset[str] = frozenset({"i", "v", "x", "xi"})


def _roman(value: int) -> str:
    """The Roman numeral of 1..39, lower case (only i, v, x are needed)."""
    tens, units = divmod(value, 10)
    unit_numerals = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
    return "x" * tens + unit_numerals[units]


def _build_number_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for value, (cardinal, ordinal) in enumerate(zip(_CARDINAL_WORDS, _ORDINAL_WORDS, strict=True)):
        words[cardinal] = words[ordinal] = str(value)
    for value, (cardinal, ordinal) in _TENS.items():
        words[cardinal] = words[ordinal] = str(value)
    for value in range(1, _MAX_ROMAN + 1):
        numeral = _roman(value)
        if numeral not in _ROMAN_EXCLUDED:
            words[numeral] = str(value)
    return words


# Misspellings of number words common enough to be meant as the number.
_MISSPELT_NUMBER_WORDS: dict[str, str] = {
    "fourty": "40", "fourtieth": "40", "ninty": "90", "nintieth": "90", "nineth": "9",
    "twelth": "12",
}  # fmt: skip

NUMBER_WORDS: dict[str, str] = {**_build_number_words(), **_MISSPELT_NUMBER_WORDS}


def number_value(word: str) -> str | None:
    """The value of ``word`` as a string of digits, or None when it is not a number.

    ``word`` is a folded word (ASCII lower case, see ``text.fold_words``).
    """
    if word.isascii() and word.isdigit():
        return word.lstrip("0") or "0"
    known = NUMBER_WORDS.get(word)
    if known is not None:
        return known
    if word[:1].isdigit():
        ordinal = _ORDINAL.fullmatch(word)
        if ordinal is not None:
            return ordinal.group(1).lstrip("0") or "0"
    return None
