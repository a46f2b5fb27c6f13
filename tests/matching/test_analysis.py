"""How the words of a person's name become tokens: titles and particles are no evidence,
single letters are initials, patronymics weigh little."""

from __future__ import annotations

import pytest

from entitywatch.matching.analysis import tokenize
from entitywatch.matching.compare import is_transliteration_edit
from entitywatch.matching.types import TokenKind
from entitywatch.matching.weights import patronymic_positions


def kinds(name: str, schema: str | None) -> str:
    return " ".join(f"{t.text}:{t.kind.value}" for t in tokenize(name, schema))


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        # titles and honorifics say what a person is, not who
        ("Dr. Rami Makhlouf", "Person", "dr:stopword rami:word makhlouf:word"),
        ("President Erdogan", "Person", "president:stopword erdogan:word"),
        ("Shaikh Isa Bin Tarif", "Person", "shaikh:stopword isa:word bin:stopword tarif:word"),
        # ... but are words of an organisation's name
        ("General Motors Company", "Company", "general:word motors:word co:legal_form"),
        # particles before the name they introduce; a last "Bin" is a name
        ("Usama bin Ladin", "Person", "usama:word bin:stopword ladin:word"),
        ("Bashar al-Assad", "Person", "bashar:word al:stopword assad:word"),
        ("Ko Tae Bin", "Person", "ko:word tae:word bin:word"),
        # single letters are initials, "A." included; Spanish "y" stays a conjunction
        ("A. Khamenei", "Person", "a:initial khamenei:word"),
        ("Thomas A. Lind", "Person", "thomas:word a:initial lind:word"),
        ("Jose Ortega y Gasset", "Person", "jose:word ortega:word y:stopword gasset:word"),
        ("A Bank", None, "a:stopword bank:word"),
    ],
)
def test_person_name_tokens(name: str, schema: str | None, expected: str) -> None:
    assert kinds(name, schema) == expected


@pytest.mark.parametrize(
    ("name", "schema", "patronymics"),
    [
        ("Sergey Viktorovich Lavrov", "Person", ["viktorovich"]),
        ("LAVROV, Sergey Viktorovich", "Person", ["viktorovich"]),
        ("Natallia Uladzimirauna Piatkevich", "Person", ["uladzimirauna"]),
        ("Roman Arkadyevich Abramovich", "Person", ["arkadyevich"]),
        ("ABRAMOVICH, Roman Arkadyevich", "Person", ["arkadyevich"]),
        ("Olga Petrovna Ivanova", "Person", ["petrovna"]),
        ("Alexander Lukashevich", "Person", []),  # two words: the family name
        ("Abramovich, Roman", "Person", []),
        ("Sergey Viktorovich Lavrov", "Company", []),  # only people have patronymics
    ],
)
def test_patronymics(name: str, schema: str, patronymics: list[str]) -> None:
    tokens = [t for t in tokenize(name, schema) if t.kind is not TokenKind.STOPWORD]
    assert [tokens[i].text for i in sorted(patronymic_positions(tokens, schema))] == patronymics


@pytest.mark.parametrize(
    ("a", "b", "convention"),
    [
        ("wladimir", "vladimir", True),  # v / w
        ("qasr", "kasr", True),  # c / k / q
        ("zavyalov", "zavjalov", True),  # i / y / j
        ("barak", "barack", True),  # a "c" before "k"
        ("hasan", "hassan", True),  # a doubled letter
        ("rohani", "roani", True),  # an "h" added or dropped
        ("snow", "snoe", False),  # typos
        ("pong", "pyong", False),
        ("mining", "dining", False),
    ],
)
def testis_transliteration_edits(a: str, b: str, convention: bool) -> None:
    assert is_transliteration_edit(a, b) is convention
    assert is_transliteration_edit(b, a) is convention
