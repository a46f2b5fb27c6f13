"""The 50 percent rules on an ownership graph, and the user's CSV of ownership links.

OFAC's guidance (13 August 2014) makes blocked status propagate: an entity 50% or more
owned, in the aggregate, by blocked persons (listed or themselves covered through their
owners) is blocked. The tables below spell out the cases, including those where that
reading and the "multiply the shares along the chain" reading disagree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from entitywatch.errors import InputError
from entitywatch.rules.ownership import (
    Designation,
    OwnershipGraph,
    OwnershipLink,
    ShareScale,
    explain_coverage,
    name_key,
    read_links_csv,
)
from entitywatch.rules.regimes import OwnershipFamily

SDN = OwnershipFamily.OFAC_BLOCKED
BIS = OwnershipFamily.BIS_ENTITY_LIST
CODE = {SDN: "SDN", BIS: "EL", OwnershipFamily.OFAC_SECTORAL: "SSI"}


def graph(*rows: tuple[str, str, float | None]) -> OwnershipGraph:
    """``("X", "A", 50)``: X owns 50% of A (None: share not stated)."""
    return OwnershipGraph(
        OwnershipLink(name_key(owner), owner, name_key(owned), owned, share, f"row {n}")
        for n, (owner, owned, share) in enumerate(rows, start=1)
    )


def listed(*names: str, family: OwnershipFamily = SDN) -> dict[str, list[Designation]]:
    return {
        name_key(name): [Designation(family, CODE[family], f"id-{name}", name)] for name in names
    }


# --- which entities are covered --------------------------------------------------------

RULE_CASES = [
    # (case, links, listed owners, {covered entity: aggregate share})
    ("direct 50%", [("X", "A", 50)], ["X"], {"A": 50}),
    ("direct 49.99% is below", [("X", "A", 49.99)], ["X"], {}),
    ("direct 100%", [("X", "A", 100)], ["X"], {"A": 100}),
    ("two listed owners 25% + 25% = 50%", [("X", "A", 25), ("Y", "A", 25)], ["X", "Y"], {"A": 50}),
    ("a listed and an unlisted owner", [("X", "A", 25), ("Z", "A", 75)], ["X"], {}),
    (
        "shares that add up to 50 in decimals",
        [("X", "A", 33.3), ("Y", "A", 16.7)],
        ["X", "Y"],
        {"A": 50},
    ),
    # Status propagates: 50% x 50% covers B although X's look-through interest is 25%.
    ("chain 50% then 50%", [("X", "A", 50), ("A", "B", 50)], ["X"], {"A": 50, "B": 50}),
    # 60% x 60% = 36% multiplied, but A is blocked and owns 60% of B.
    ("chain 60% then 60%", [("X", "A", 60), ("A", "B", 60)], ["X"], {"A": 60, "B": 60}),
    (
        "three levels",
        [("X", "A", 51), ("A", "B", 51), ("B", "C", 51)],
        ["X"],
        {"A": 51, "B": 51, "C": 51},
    ),
    # An owner that is not covered passes nothing on, however much it owns below.
    ("chain 40% then 100%", [("X", "A", 40), ("A", "D", 100)], ["X"], {}),
    # Multiplied: 40% x 100% + 20% = 60%; OFAC's reading: only X's direct 20% counts.
    ("40% x 100% plus 20% direct", [("X", "A", 40), ("A", "D", 100), ("X", "D", 20)], ["X"], {}),
    # A covered company and its listed parent are added: 30% + 20%.
    (
        "covered subsidiary and listed parent add up",
        [("X", "A", 50), ("A", "C", 30), ("X", "C", 20)],
        ["X"],
        {"A": 50, "C": 50},
    ),
    (
        "two chains meet",
        [("X", "A", 50), ("Y", "B", 50), ("A", "C", 25), ("B", "C", 25)],
        ["X", "Y"],
        {"A": 50, "B": 50, "C": 50},
    ),
    # Cycles end: the covered set only grows.
    (
        "cycle through covered companies",
        [("X", "A", 50), ("A", "B", 50), ("B", "A", 10)],
        ["X"],
        {"A": 50, "B": 50},
    ),
    ("cycle without a listed owner", [("A", "B", 60), ("B", "A", 60)], [], {}),
    ("cycle back to the listed owner", [("X", "A", 60), ("A", "X", 60)], ["X"], {"A": 60}),
    ("no listed owner at all", [("A", "B", 100)], [], {}),
]


@pytest.mark.parametrize(
    ("case", "rows", "owners", "expected"), RULE_CASES, ids=[c[0] for c in RULE_CASES]
)
def test_fifty_percent_rule(
    case: str,
    rows: list[tuple[str, str, float]],
    owners: list[str],
    expected: dict[str, float],
) -> None:
    outcome = graph(*rows).apply_rule(SDN, listed(*owners))

    covered = {
        c.name: pytest.approx(c.aggregate_share) for c in outcome.covered.values() if not c.listed
    }
    assert covered == expected


LOOK_THROUGH_CASES = [
    # (case, links, listed owners, entity, multiplied share, covered under OFAC's rule)
    ("50 x 50", [("X", "A", 50), ("A", "B", 50)], ["X"], "B", 25.0, True),
    ("60 x 60", [("X", "A", 60), ("A", "B", 60)], ["X"], "B", 36.0, True),
    ("40 x 100 + 20", [("X", "A", 40), ("A", "D", 100), ("X", "D", 20)], ["X"], "D", 60.0, False),
    (
        "two paths",
        [("X", "A", 100), ("X", "B", 100), ("A", "C", 30), ("B", "C", 30)],
        ["X"],
        "C",
        60.0,
        True,
    ),
    (
        "cycle counted once",
        [("X", "A", 60), ("A", "B", 60), ("B", "A", 40)],
        ["X"],
        "B",
        36.0,
        True,
    ),
]


@pytest.mark.parametrize(
    ("case", "rows", "owners", "entity", "multiplied", "covered"),
    LOOK_THROUGH_CASES,
    ids=[c[0] for c in LOOK_THROUGH_CASES],
)
def test_the_multiplied_share_is_reported_but_does_not_decide(
    case: str,
    rows: list[tuple[str, str, float]],
    owners: list[str],
    entity: str,
    multiplied: float,
    covered: bool,
) -> None:
    g = graph(*rows)
    outcome = g.apply_rule(SDN, listed(*owners))

    assert g.look_through_share(name_key(entity), [name_key(o) for o in owners]) == (
        pytest.approx(multiplied)
    )
    assert (name_key(entity) in outcome.covered) is covered


def test_a_listed_owner_of_another_family_does_not_count() -> None:
    g = graph(("X", "A", 100))
    designated = listed("X", family=BIS)

    assert name_key("A") not in g.apply_rule(SDN, designated).covered
    assert name_key("A") in g.apply_rule(BIS, designated).covered


def test_an_unknown_share_is_undetermined_never_not_owned() -> None:
    outcome = graph(("X", "A", None), ("Y", "A", 30)).apply_rule(SDN, listed("X", "Y"))

    assert name_key("A") not in outcome.covered
    undetermined = outcome.undetermined[name_key("A")]
    assert undetermined.known_share == 30
    assert [link.owner for link in undetermined.unknown_owners] == ["X"]
    assert "Find out the shares" in undetermined.explain()


def test_an_unknown_share_beside_a_known_majority_is_covered() -> None:
    outcome = graph(("X", "A", 50), ("Y", "A", None)).apply_rule(SDN, listed("X", "Y"))

    assert name_key("A") in outcome.covered
    assert name_key("A") not in outcome.undetermined


def test_below_threshold_keeps_the_stakes() -> None:
    outcome = graph(("X", "A", 30), ("Z", "A", 70)).apply_rule(SDN, listed("X"))

    stakes = outcome.below_threshold[name_key("A")]
    assert [(s.owner, s.share) for s in stakes] == [("X", 30)]


def test_the_same_link_twice_is_counted_once() -> None:
    g = graph(("X", "A", 30))
    g.add(OwnershipLink(name_key("X"), "X", name_key("A"), "A", 30, "list relation"))
    g.add(OwnershipLink(name_key("X"), "X", name_key("A"), "A", None, "another list"))

    outcome = g.apply_rule(SDN, listed("X"))

    assert name_key("A") not in outcome.covered
    assert len(g.incoming[name_key("A")]) == 1


# --- the explanation -------------------------------------------------------------------


def test_the_chain_explains_each_step_from_the_listed_owner_down() -> None:
    g = graph(("X Holdings", "A Trading", 30), ("Y Bank", "A Trading", 25), ("A Trading", "C", 60))
    outcome = g.apply_rule(SDN, listed("X Holdings", "Y Bank"))

    flag = explain_coverage(outcome.covered[name_key("C")], outcome, g)

    assert flag.chain == (
        "X Holdings is listed on SDN as 'X Holdings'.",
        "Y Bank is listed on SDN as 'Y Bank'.",
        "X Holdings (listed) owns 30% of A Trading, Y Bank (listed) owns 25% of A Trading "
        "(55% in aggregate) -> A Trading is 50% or more owned by covered parties and is "
        "covered too (OFAC 50 percent rule (blocked persons, SDN)).",
        "A Trading (covered) owns 60% of C -> C is 50% or more owned by covered parties and "
        "is covered too (OFAC 50 percent rule (blocked persons, SDN)).",
    )
    assert [r.party_name for r in flag.roots] == ["X Holdings", "Y Bank"]
    assert flag.aggregate_share == 60
    assert flag.look_through_share == pytest.approx(33.0)  # 55% x 60%
    assert flag.to_dict()["explanation"].startswith("X Holdings is listed on SDN")


def test_a_chain_through_a_cycle_has_no_loop() -> None:
    g = graph(("X", "A", 50), ("A", "B", 50), ("B", "A", 10))
    outcome = g.apply_rule(SDN, listed("X"))

    flag = explain_coverage(outcome.covered[name_key("B")], outcome, g)

    assert len(flag.chain) == 3  # X listed, A covered, B covered: each once


# --- reading the user's CSV ------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "links.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_FILES = [
    # (case, file text, scale asked, scale used, shares in percent)
    (
        "percentages",
        "owner,owned,share\nX,A,50\nY,A,25\n",
        ShareScale.AUTO,
        ShareScale.PERCENT,
        [50, 25],
    ),
    (
        "fractions",
        "owner,owned,share\nX,A,0.5\nY,A,0.25\n",
        ShareScale.AUTO,
        ShareScale.FRACTION,
        [50, 25],
    ),
    (
        "a lone 1 is a whole company",
        "owner,owned,share\nX,A,1\n",
        ShareScale.AUTO,
        ShareScale.FRACTION,
        [100],
    ),
    (
        "percent signs",
        "owner,owned,share\nX,A,50%\nY,A,0.5%\n",
        ShareScale.AUTO,
        ShareScale.PERCENT,
        [50, 0.5],
    ),
    (
        "decimal comma",
        'owner,owned,share\nX,A,"33,3"\n',
        ShareScale.AUTO,
        ShareScale.PERCENT,
        [33.3],
    ),
    (
        "unknown share",
        "owner,owned,share\nX,A,\nY,A,40\n",
        ShareScale.AUTO,
        ShareScale.PERCENT,
        [None, 40],
    ),
    (
        "percent asked, small values",
        "owner,owned,share\nX,A,0.5\n",
        ShareScale.PERCENT,
        ShareScale.PERCENT,
        [0.5],
    ),
    (
        "headers in any case and order",
        "Share,OWNED,Owner\n50,A,X\n",
        ShareScale.AUTO,
        ShareScale.PERCENT,
        [50],
    ),
    (
        "blank lines skipped",
        "owner,owned,share\n\nX,A,50\n\n",
        ShareScale.AUTO,
        ShareScale.PERCENT,
        [50],
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "scale", "used", "shares"), GOOD_FILES, ids=[c[0] for c in GOOD_FILES]
)
def test_read_links(
    tmp_path: Path,
    case: str,
    text: str,
    scale: ShareScale,
    used: ShareScale,
    shares: list[float | None],
) -> None:
    links = read_links_csv(write(tmp_path, text), scale)

    assert links.share_scale is used
    assert [link.share for link in links.links] == [
        pytest.approx(s) if s is not None else None for s in shares
    ]


def test_links_keep_the_line_they_come_from(tmp_path: Path) -> None:
    links = read_links_csv(write(tmp_path, "owner,owned,share\nX,A,50\nY,B,20\n"))

    assert [link.origin for link in links.links] == ["links.csv line 2", "links.csv line 3"]


def test_party_ids_name_list_parties(tmp_path: Path) -> None:
    text = "owner,owned,share,owner_id\nZhenrong,A,50,csl-sdn-123\nA,B,60,\n"

    links = read_links_csv(write(tmp_path, text))

    assert links.party_ids == {"party:csl-sdn-123": "csl-sdn-123"}
    assert links.links[0].owner_key == "party:csl-sdn-123"
    assert links.links[1].owner_key == name_key("A")


BAD_FILES = [
    # (case, file text, scale, the error's position, words of the message)
    ("missing column", "owner,owned\nX,A\n", ShareScale.AUTO, "line 1", "missing column(s) share"),
    (
        "two missing columns",
        "company,share\nX,50\n",
        ShareScale.AUTO,
        "line 1",
        "missing column(s) owner, owned",
    ),
    (
        "share not a number",
        "owner,owned,share\nX,A,half\n",
        ShareScale.AUTO,
        "line 2, share",
        "share 'half' is not a number",
    ),
    (
        "share nan",
        "owner,owned,share\nX,A,50\nY,B,nan\n",
        ShareScale.AUTO,
        "line 3, share",
        "is not a number",
    ),
    (
        "share above 100",
        "owner,owned,share\nX,A,150\n",
        ShareScale.AUTO,
        "line 2, share",
        "share 150 is outside 0..100",
    ),
    (
        "negative share",
        "owner,owned,share\nX,A,-5\n",
        ShareScale.AUTO,
        "line 2, share",
        "share -5 is outside 0..100",
    ),
    (
        "fraction above 1",
        "owner,owned,share\nX,A,1.5\n",
        ShareScale.FRACTION,
        "line 2, share",
        "outside 0..1 (fractions)",
    ),
    (
        "self-loop",
        "owner,owned,share\nX,A,50\nAcme Ltd,ACME LTD.,10\n",
        ShareScale.AUTO,
        "line 3, owned",
        "'Acme Ltd' is said to own itself",
    ),
    (
        "empty owner",
        "owner,owned,share\n,A,50\n",
        ShareScale.AUTO,
        "line 2, owner",
        "the owner column is empty",
    ),
    (
        "empty owned",
        "owner,owned,share\nX,,50\n",
        ShareScale.AUTO,
        "line 2, owned",
        "the owned column is empty",
    ),
    (
        "the same link twice",
        "owner,owned,share\nX,A,20\nX,A,30\n",
        ShareScale.AUTO,
        "line 3",
        "repeats line 2",
    ),
    (
        "more than 100% held",
        "owner,owned,share\nX,A,60\nY,A,50\n",
        ShareScale.AUTO,
        "line 3, share",
        "hold 110% in total (lines 2, 3)",
    ),
    ("header only", "owner,owned,share\n", ShareScale.AUTO, "line 2", "no links"),
    ("empty file", "", ShareScale.AUTO, "line 1", "the file is empty"),
    (
        "unterminated quote",
        'owner,owned,share\n"X,A,50\n',
        ShareScale.AUTO,
        "line 2",
        "ends inside a quoted field",
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "scale", "position", "words"), BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_a_bad_file_names_the_file_line_and_column(
    tmp_path: Path, case: str, text: str, scale: ShareScale, position: str, words: str
) -> None:
    path = write(tmp_path, text)

    with pytest.raises(InputError) as raised:
        read_links_csv(path, scale)

    assert raised.value.path == str(path)
    assert raised.value.position == position
    assert words in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_bytes("owner,owned,share\nZürich AG,A,50\n".encode("latin-1"))

    with pytest.raises(InputError, match="invalid UTF-8"):
        read_links_csv(path)
