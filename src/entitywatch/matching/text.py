"""Folding any name to plain ASCII lower-case words, the common ground of all comparisons.

Lists and screening inputs write the same name in many ways: "Usāma bin Lādin" and
"USAMA BIN LADIN", "Müller" and "MULLER", "Qa'ida" and "Qaida", "S.A." and "SA",
"Kim Jong-un" and "Kim Jong Un", in Cyrillic or Arabic script, with curly quotes or
full-width letters. Everything downstream (legal forms, numbers, places, the scorer)
works on the words produced here, so every rule below exists to make two spellings of
one name give the same words, and none may join two different names.

The rules, in order:
1. Unicode NFKC (full-width letters, ligatures, "№", "Ⅻ" become plain characters), then
   case folding ("ß" -> "ss").
2. Han characters become toneless pinyin syllables separated by spaces ("西安" ->
   "xi an"); ``chinese.py`` normally handles Chinese names before they get here, this is
   the fallback. Hangul is transliterated syllable by syllable ("김정은" -> "gim jeong
   eun"), the way Korean names are written in Latin script. Every other script goes
   through anyascii, which also drops diacritics ("Lādin" -> "Ladin", "Müller" ->
   "Muller").
3. "&" is "and"; an apostrophe joins ("Qa'ida" -> "qaida", "Xi'an" -> "xian") and so does
   a "?" between letters, which is what a mangled apostrophe looks like in the lists
   ("Xi?an"); a possessive "'s" after a word is dropped ("Bank's" -> "bank").
4. Dotted abbreviations join ("S.A." -> "sa", "U.S.A." -> "usa") but a dot after a longer
   word only separates ("Co.,Ltd." -> "co ltd").
5. Every other non-alphanumeric character separates words: hyphens ("Jong-un" -> "jong
   un", "MiG-29" -> "mig 29"), slashes, quotes, brackets. Digits stay attached to letters
   only where they were written attached ("3rd").

It runs on every name of every loaded list, so the ASCII path (most names) does no
Unicode work at all, and everything is a precompiled regex or a translate table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from anyascii import anyascii

# Han ideographs (unified, extension A, compatibility, extensions B and beyond) and the
# ideographic zero "〇"; they go to pinyin.
_HAN_RUN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
# Precomposed Hangul syllables: one transliterated unit each.
_HANGUL_RUN = re.compile("[\uac00-\ud7a3]+")

# Before transliteration: "№3" would become "No3" under NFKC, a word and not a number;
# the replacement character of a mis-decoded text is a mangled letter like "?".
_UNICODE_TABLE = str.maketrans({"№": " No ", "\ufffd": "?"})
# Characters with a meaning of their own, before everything else separates words.
# "`" is how anyascii writes the okina / ayn-like marks ("ʻ"): an apostrophe for us.
_ASCII_TABLE = str.maketrans({"&": " and ", "`": "'"})

# A "?" between two letters is a mangled apostrophe or letter ("Xi?an Huawei"): join.
_MANGLED_APOSTROPHE = re.compile(r"(?<=[a-z])\?(?=[a-z])")
# A possessive "'s" after a word of two letters or more; "D's Supermarket" keeps "ds".
_POSSESSIVE = re.compile(r"(?<=[a-z0-9][a-z0-9])'s(?![a-z0-9])")
# Single letters separated by dots: "s.a", "u.s.a", "a.b.c" (trailing dot left alone).
_DOTTED_ABBREVIATION = re.compile(r"\b[a-z](?:\.[a-z])+\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """``text`` as its folded words joined by single spaces ("" when there are none).

    This is the canonical comparable string of a name: two spellings that fold to the same
    string are the same name for every later step.
    """
    return " ".join(fold_words(text))


def fold_words(text: str) -> list[str]:
    """The ASCII lower-case words of ``text`` (see the module docstring for the rules)."""
    if text.isascii():
        folded = text.lower()
    else:
        text = text.translate(_UNICODE_TABLE)
        folded = _to_ascii(unicodedata.normalize("NFKC", text).casefold()).lower()
    folded = folded.translate(_ASCII_TABLE)
    if "?" in folded:
        folded = _MANGLED_APOSTROPHE.sub("'", folded)
    if "'" in folded:
        folded = _POSSESSIVE.sub("", folded).replace("'", "")
    if "." in folded:
        folded = _DOTTED_ABBREVIATION.sub(_join_letters, folded)
    return [word for word in _NON_WORD.split(folded) if word]


def _join_letters(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


def _to_ascii(text: str) -> str:
    """Transliterate every non-ASCII character; Han and Hangul syllable by syllable.

    The syllables are separated by spaces because that is how romanised Chinese and
    Korean names are written ("Xi An" as well as "Xian", "Kim Jong Un"); joined spellings
    are the scorer's business (it pairs two adjacent tokens with one).
    """
    if _HAN_RUN.search(text):
        text = _HAN_RUN.sub(_pinyin_of_run, text)
    if _HANGUL_RUN.search(text):
        text = _HANGUL_RUN.sub(_hangul_of_run, text)
    return anyascii(text)


def _pinyin_of_run(match: re.Match[str]) -> str:
    return " " + " ".join(_lazy_pinyin()(match.group())) + " "


def _hangul_of_run(match: re.Match[str]) -> str:
    return " " + " ".join(anyascii(syllable) for syllable in match.group()) + " "


_PINYIN: list[Callable[[str], list[str]]] = []


def _lazy_pinyin() -> Callable[[str], list[str]]:
    """pypinyin's toneless converter, imported on first use: loading its dictionary takes
    a noticeable moment and most runs never meet a Han character here.

    "ü" is written "u" (not "v"), as anyascii writes the "ü" of a Latin-script "Lü".
    """
    if not _PINYIN:
        from pypinyin import Style, lazy_pinyin

        def convert(run: str) -> list[str]:
            return lazy_pinyin(run, style=Style.NORMAL, v_to_u=True)

        _PINYIN.append(convert)
    return _PINYIN[0]
