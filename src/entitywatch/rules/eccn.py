"""Export Control Classification Numbers (ECCNs) and EAR99, as the exporter gives them.

An ECCN (15 CFR 738.2(d)) is five characters and optional sub-paragraphs:

    3        A          0          01          .a.1
    category product    reason     number      sub-paragraphs
    0-9      group A-E  for control            letter / number levels, alternating

The product groups are A systems, equipment and components; B test, inspection and
production equipment; C materials; D software; E technology. The first digit of the
number says why the item is controlled: 0 national security, 1 missile technology,
2 nuclear non-proliferation, 3 chemical and biological weapons, 5 the "500 series"
(e.g. 9A515 spacecraft, the 0x521 items), 6 the "600 series" (military items moved
from the USML, e.g. 9A610.y), 9 anti-terrorism, crime control, regional stability,
short supply and UN sanctions. No ECCN has a 4, 7 or 8 there, so "1A404" is refused as
an ECCN that cannot exist rather than silently accepted.

Sub-paragraphs alternate a lower-case letter and a number: "3B001.a.1", "3A001.b.4.b",
"9A610.y.1". A query is normalised to the CCL's own spelling ("1a004.C" -> "1A004.c").

Coverage (``covers``): a clause that names "1A004" covers "1A004.c"; a clause that names
"1A004.c" covers "1A004.c.1" but not "1A004.d". A clause that names "1A004.c" asked about
the bare "1A004" is *ambiguous*: the item might be the .c paragraph or another one, so
the caller must apply the stricter reading and say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from entitywatch.errors import InputError

__all__ = [
    "EAR99",
    "PRODUCT_GROUPS",
    "REASON_DIGITS",
    "Coverage",
    "Ear99",
    "Eccn",
    "ExportItem",
    "best_coverage",
    "covers",
    "eccns_from_text",
    "parse_eccn",
    "parse_item",
]

PRODUCT_GROUPS: Final = {
    "A": "systems, equipment and components",
    "B": "test, inspection and production equipment",
    "C": "materials",
    "D": "software",
    "E": "technology",
}
REASON_DIGITS: Final = {
    "0": "national security",
    "1": "missile technology",
    "2": "nuclear non-proliferation",
    "3": "chemical and biological weapons",
    "5": "500 series",
    "6": "600 series (military items)",
    "9": "anti-terrorism, crime control, regional stability, short supply, UN sanctions",
}
EXPECTED_FORM: Final = (
    "use EAR99 or an ECCN: category 0-9, product group A-E, three digits whose first is "
    "0, 1, 2, 3, 5, 6 or 9, then optional sub-paragraphs, e.g. 1A004.c, 3B001.a.1, "
    "5A992.c, 9A610.y, 9A515.a"
)

_SHAPE = re.compile(r"^(?P<category>\d)(?P<group>[A-Za-z])(?P<number>\d{3})(?P<tail>(?:\..*)?)$")
_LETTER_LEVEL = re.compile(r"^[a-z]$")
_NUMBER_LEVEL = re.compile(r"^[1-9][0-9]?$")


@dataclass(frozen=True, slots=True, order=True)
class Eccn:
    """A well-formed ECCN: ``Eccn("1", "A", "004", ("c",))`` is 1A004.c."""

    category: str
    group: str
    number: str
    paragraphs: tuple[str, ...] = ()

    @property
    def base(self) -> str:
        """The five-character entry without sub-paragraphs ("1A004")."""
        return f"{self.category}{self.group}{self.number}"

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.base, *self.paragraphs)

    def __str__(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True, slots=True)
class Ear99:
    """The designation of items subject to the EAR but on no entry of the Commerce Control
    List. All instances are equal; use the constant ``EAR99``."""

    def __str__(self) -> str:
        return "EAR99"


EAR99: Final = Ear99()

ExportItem = Eccn | Ear99


class Coverage(StrEnum):
    """Whether a clause naming an ECCN reaches the item asked about."""

    COVERED = "covered"  # the clause names the item or an entry containing it
    AMBIGUOUS = "ambiguous"  # the clause names part of the item's entry: it may or may not
    NOT_COVERED = "not_covered"


def parse_eccn(text: str, *, option: str = "--item") -> Eccn:
    """Read one ECCN; raise InputError (exit 2) naming ``option``, the value and the form."""
    value = text.strip()
    shape = _SHAPE.match(value)
    if shape is None:
        raise _bad(option, text, "is not an ECCN")
    category, group, number = shape["category"], shape["group"].upper(), shape["number"]
    if group not in PRODUCT_GROUPS:
        if group == "Y" and number == "521":
            raise _bad(option, text, "names the 0Y521 series, not an entry: give 0A521, 0B521...")
        raise _bad(option, text, f"has product group {group!r}, which does not exist (A-E)")
    if number[0] not in REASON_DIGITS:
        raise _bad(
            option, text, f"has {number[0]!r} as its reason-for-control digit, which no ECCN uses"
        )
    paragraphs = _paragraphs(shape["tail"], option, text)
    return Eccn(category, group, number, paragraphs)


def parse_item(text: str, *, option: str = "--item") -> ExportItem:
    """EAR99 or an ECCN, as ``--item`` gives it (case and surrounding spaces ignored)."""
    if text.strip().upper() == "EAR99":
        return EAR99
    return parse_eccn(text, option=option)


def _paragraphs(tail: str, option: str, text: str) -> tuple[str, ...]:
    if not tail:
        return ()
    levels = tail[1:].split(".")
    paragraphs: list[str] = []
    for depth, raw in enumerate(levels):
        level = raw.lower()
        expect_letter = depth % 2 == 0
        pattern = _LETTER_LEVEL if expect_letter else _NUMBER_LEVEL
        if not pattern.match(level):
            kind = "a letter a-z" if expect_letter else "a number 1-99"
            where = "." + ".".join(levels[: depth + 1])
            raise _bad(option, text, f"has sub-paragraph {where!r} where {kind} belongs")
        paragraphs.append(level)
    return tuple(paragraphs)


def _bad(option: str, value: str, problem: str) -> InputError:
    return InputError(f"{option} {value!r} {problem}", hint=EXPECTED_FORM)


def covers(named: ExportItem, item: ExportItem) -> Coverage:
    """Does a clause naming ``named`` reach ``item``? (See the module docstring.)"""
    if isinstance(named, Ear99) or isinstance(item, Ear99):
        same = isinstance(named, Ear99) and isinstance(item, Ear99)
        return Coverage.COVERED if same else Coverage.NOT_COVERED
    clause_parts, item_parts = named.parts, item.parts
    if item_parts[: len(clause_parts)] == clause_parts:
        return Coverage.COVERED
    if clause_parts[: len(item_parts)] == item_parts:
        return Coverage.AMBIGUOUS
    return Coverage.NOT_COVERED


def best_coverage(named: tuple[ExportItem, ...], item: ExportItem) -> Coverage:
    """The widest reach of any of ``named`` over ``item``: covered, else ambiguous, else not."""
    found = {covers(entry, item) for entry in named}
    for coverage in (Coverage.COVERED, Coverage.AMBIGUOUS):
        if coverage in found:
            return coverage
    return Coverage.NOT_COVERED


def eccns_from_text(texts: tuple[str, ...]) -> tuple[Eccn, ...]:
    """The ECCNs among strings already normalised by ``find_eccns``; malformed ones skipped.

    The lists sometimes name series ("0Y521") or mistype an entry; such a name cannot be
    matched against an item, so it is left out here and the raw text stays in the reasons.
    """
    found: list[Eccn] = []
    for text in texts:
        try:
            found.append(parse_eccn(text))
        except InputError:
            continue
    return tuple(found)
