"""Folding names to ASCII lower-case words: every spelling of a name gives the same words."""

from __future__ import annotations

import csv
import re

import pytest

from entitywatch.matching.text import fold, fold_words
from tests.conftest import shared_file


@pytest.mark.parametrize(
    ("written", "words"),
    [
        # case folding and diacritics
        ("Usāma bin Lādin", ["usama", "bin", "ladin"]),
        ("USAMA BIN LADIN", ["usama", "bin", "ladin"]),
        ("Müller", ["muller"]),
        ("Straße", ["strasse"]),
        ("Société Générale", ["societe", "generale"]),
        ("İstanbul", ["istanbul"]),
        # Unicode compatibility forms (NFKC)
        ("Ｈｕａｗｅｉ", ["huawei"]),
        ("Plant №3", ["plant", "no", "3"]),
        ("Ⅻ", ["xii"]),
        # hyphens split
        ("Kim Jong-un", ["kim", "jong", "un"]),
        ("Bolte-Richter", ["bolte", "richter"]),
        ("MiG-29", ["mig", "29"]),
        ("Kim Jong–un", ["kim", "jong", "un"]),
        # apostrophes join, a possessive 's is dropped
        ("Qa'ida", ["qaida"]),
        ("Xi'an", ["xian"]),
        ("Xi’an", ["xian"]),
        ("O'Brien", ["obrien"]),
        ("Deutsche Bank's AG", ["deutsche", "bank", "ag"]),
        ("D'S SUPERMARKET", ["ds", "supermarket"]),
        ("Ri Su'ng-ch'o'l", ["ri", "sung", "chol"]),
        # a "?" between letters is a mangled apostrophe (as in the CSL's "Xi?an")
        ("Xi?an Huawei Technologies", ["xian", "huawei", "technologies"]),
        # dotted abbreviations join; a dot after a longer word separates
        ("A.B.C.", ["abc"]),
        ("S.A.", ["sa"]),
        ("U.S.", ["us"]),
        ("U.S.A", ["usa"]),
        ("S.p.A.", ["spa"]),
        ("e.V.", ["ev"]),
        ("Co., Ltd.", ["co", "ltd"]),
        ("Co.,Ltd.", ["co", "ltd"]),
        ("No.3", ["no", "3"]),
        ("William W. Frost", ["william", "w", "frost"]),
        ("J.Smith", ["j", "smith"]),
        # "&" is "and"
        ("Smith & Wesson", ["smith", "and", "wesson"]),
        ("AT&T", ["at", "and", "t"]),
        # digits stay attached only as written
        ("3rd", ["3rd"]),
        ("140th Repair Plant", ["140th", "repair", "plant"]),
        # quotes and brackets separate and vanish
        ("AO 'DRUZHBA'", ["ao", "druzhba"]),
        ('"Almaz-Antey" (JSC)', ["almaz", "antey", "jsc"]),
        ("«Ромашка»", ["romashka"]),
        ("[aka X]", ["aka", "x"]),
        ("", []),
        (" , ; ", []),
    ],
)
def test_fold_words(written: str, words: list[str]) -> None:
    assert fold_words(written) == words


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("Общество с ограниченной ответственностью", ["obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"]),  # noqa: E501
        ("ТОВАРИСТВО З ОБМЕЖЕНОЮ ВІДПОВІДАЛЬНІСТЮ", ["tovaristvo", "z", "obmezhenoyu", "vidpovidalnistyu"]),  # noqa: E501
        ("Объединение", ["obedinenie"]),
        ("أسامة بن لادن", ["smh", "bn", "ldn"]),
        ("Ελληνική Εταιρεία", ["elliniki", "etaireia"]),
        ("שלום", ["slvm"]),
        ("ქართული", ["kartuli"]),
        ("Հայաստան", ["hayastan"]),
        ("อุสามะ", ["ousama"]),
        ("မြန်မာ", ["mrnma"]),
        # Hangul: one word per syllable, as Korean names are romanised
        ("김정은", ["gim", "jeong", "eun"]),
        # Han (normally chinese.py's business): toneless pinyin, one word per syllable
        ("西安", ["xi", "an"]),
        ("华为技术有限公司", ["hua", "wei", "ji", "shu", "you", "xian", "gong", "si"]),
        ("绿", ["lu"]),
        ("Huawei华为", ["huawei", "hua", "wei"]),
    ],
)  # fmt: skip
def test_other_scripts_are_transliterated(written: str, words: list[str]) -> None:
    assert fold_words(written) == words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Usāma bin Lādin", "USAMA BIN LADIN"),
        ("Xi'an Aircraft", "XI’AN AIRCRAFT"),
        ("Kim Jong-un", "KIM JONG UN"),
        ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD"),
        ("S.A. de C.V.", "SA DE CV"),
        ("Deutsche Bank's AG", "Deutsche Bank AG"),
    ],
)
def test_spellings_of_one_name_fold_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_joins_the_words_with_single_spaces() -> None:
    assert fold("  Huawei   Technologies,  Co.,Ltd. ") == "huawei technologies co ltd"
    assert fold("---") == ""


def test_every_name_of_the_csl_folds_to_ascii_lower_case_words() -> None:
    """All 14,160 rows of the 2022 CSL, names and aliases: nothing but [a-z0-9] words."""
    path = shared_file("csl_2022/consolidated.csv")
    word = re.compile(r"[a-z0-9]+")
    rows = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows += 1
            for name in [row["name"], *row["alt_names"].split("; ")]:
                assert all(word.fullmatch(w) for w in fold_words(name)), name
    assert rows == 14160
