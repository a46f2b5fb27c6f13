"""Numbers in names: every spelling of one number gives one value, others give None."""

from __future__ import annotations

import pytest

from entitywatch.matching.numbers import number_value
from entitywatch.matching.types import Token, TokenKind


@pytest.mark.parametrize(
    ("word", "value"),
    [
        # digits, without leading zeros
        ("23", "23"),
        ("007", "7"),
        ("0", "0"),
        ("000", "0"),
        ("1" * 5000, "1" * 5000),  # IMO-like long numbers are never converted to int
        # ordinal suffixes
        ("1st", "1"),
        ("2nd", "2"),
        ("3rd", "3"),
        ("23rd", "23"),
        ("140th", "140"),
        ("013th", "13"),
        # English words
        ("one", "1"),
        ("first", "1"),
        ("second", "2"),
        ("third", "3"),
        ("twelve", "12"),
        ("twelfth", "12"),
        ("twenty", "20"),
        ("twentieth", "20"),
        ("thirty", "30"),
        ("ninetieth", "90"),
        # common misspellings of number words
        ("fourty", "40"),
        ("nineth", "9"),
        # Roman numerals of two letters or more, up to XXX
        ("ii", "2"),
        ("iii", "3"),
        ("iv", "4"),
        ("vi", "6"),
        ("ix", "9"),
        ("xii", "12"),
        ("xiv", "14"),
        ("xix", "19"),
        ("xxx", "30"),
        # not numbers
        ("i", None),  # an initial far more often than one
        ("v", None),
        ("x", None),
        ("xi", None),  # the surname Xi
        ("xxxi", None),  # beyond XXX
        ("mix", None),
        ("civil", None),
        ("did", None),
        ("mid", None),
        ("lid", None),
        ("iiii", None),
        ("no", None),
        ("3d", None),  # "3D Systems"
        ("mig29", None),
        ("hundred", None),
    ],
)
def test_number_value(word: str, value: str | None) -> None:
    assert number_value(word) == value


def _numbers(name: str) -> list[str]:
    from entitywatch.matching.analysis import tokenize

    return [t.text for t in tokenize(name) if t.kind is TokenKind.NUMBER]


def _tokens(name: str) -> list[Token]:
    from entitywatch.matching.analysis import tokenize

    return tokenize(name)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1st International Bank", "First International Bank"),
        ("140th Repair Plant", "140 Repair Plant"),
        ("Gazprom Neft II", "Gazprom Neft 2"),
        ("Plant No. 007", "Plant No 7"),
        ("Second Academy", "2nd Academy"),
    ],
)
def test_spellings_of_one_number_give_equal_tokens(a: str, b: str) -> None:
    """Through the whole analysis: only the ``raw`` spelling differs."""
    tokens_a, tokens_b = _tokens(a), _tokens(b)
    assert [(t.text, t.kind) for t in tokens_a] == [(t.text, t.kind) for t in tokens_b]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Plant No. 3", "Plant No. 8"),
        ("Gazprom Neft II", "Gazprom Neft III"),
        ("13th Research Institute", "14th Research Institute"),
        ("First International Bank", "Second International Bank"),
    ],
)
def test_different_numbers_give_different_number_tokens(a: str, b: str) -> None:
    numbers_a, numbers_b = _numbers(a), _numbers(b)
    assert len(numbers_a) == len(numbers_b) == 1
    assert numbers_a != numbers_b
