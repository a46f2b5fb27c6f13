"""`entitywatch screen` and `entitywatch compare` as a user or a pipeline runs them.

The JSON shapes and exit codes are those of "Command-line contract" in
../shared/DESIGN.md. The demo list (written from the seed articles' facts) is enough for
every check here: the questions about the full CSL are in tests/test_screening.py.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import DEMO_LIST, Run, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FTM_SAMPLE = FIXTURES / "ftm" / "opensanctions_sample.jsonl"  # Hikvision: EL and CMIC
HIKVISION = "Hangzhou Hikvision Digital Technology Co., Ltd."
DECISION_RANK = {"clear": 0, "review": 1, "match": 2}


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the demo list loaded; the tests that use it only read it."""
    home = tmp_path_factory.mktemp("demo-home")
    loaded = run_cli(home, "load", str(DEMO_LIST), "--source", "demo")
    assert loaded.code == 0, loaded.stderr
    return home


@pytest.fixture(scope="module")
def ftm_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose Hikvision is one party with two listings (Entity List and NS-CMIC)."""
    home = tmp_path_factory.mktemp("ftm-home")
    loaded = run_cli(home, "load", str(FTM_SAMPLE))
    assert loaded.code == 0, loaded.stderr
    return home


_SCREENED: dict[tuple[Path, str, tuple[str, ...]], dict[str, Any]] = {}


def screen_json(home: Path, name: str, *options: str) -> dict[str, Any]:
    run = run_cli(home, "screen", name, *options, "--json")
    assert run.code == 0, run.stderr
    document: dict[str, Any] = run.json()
    return document


def screened(home: Path, name: str, *options: str) -> dict[str, Any]:
    """``screen_json`` once per question on a read-only home (each run starts Python)."""
    key = (home, name, options)
    if key not in _SCREENED:
        _SCREENED[key] = screen_json(home, name, *options)
    return _SCREENED[key]


def _result_for(document: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((r for r in document["results"] if r["name"] == name), None)


# --- the JSON contract -----------------------------------------------------------------

RESULT_KEYS = {"party_id", "name", "matched_name", "score", "decision", "listings"}
RESULT_KEYS |= {"explanation"}
LISTING_KEYS = {"list", "authority", "programs", "start_date", "federal_register"}
LISTING_KEYS |= {"license_requirement", "license_policy"}


@pytest.mark.parametrize(
    "name", ["Hikvision", "SZ DJI Technology Co., Ltd.", "Megvii Yitu Technology"]
)
def test_screen_json_has_the_documented_shape(demo_home: Path, name: str) -> None:
    document = screened(demo_home, name)

    assert set(document) >= {"query", "snapshot", "decision", "results"}
    assert document["query"]["name"] == name
    assert document["snapshot"]["sources"] == ["demo"]
    assert document["decision"] in DECISION_RANK
    assert document["results"]
    for result in document["results"]:
        assert set(result) >= RESULT_KEYS
        assert result["decision"] in DECISION_RANK
        assert 0.0 <= result["score"] <= 1.0
        assert isinstance(result["explanation"], dict) and result["explanation"]
        assert result["listings"]
        for listing in result["listings"]:
            assert set(listing) >= LISTING_KEYS
            assert isinstance(listing["programs"], list)
            assert isinstance(listing["federal_register"], list)
    scores = [r["score"] for r in document["results"]]
    assert scores == sorted(scores, reverse=True), "results are best first"
    assert document["decision"] == document["results"][0]["decision"]


def test_hikvision_listing_carries_the_facts_of_the_rule(demo_home: Path) -> None:
    document = screened(demo_home, "Hikvision")

    first = document["results"][0]
    assert (first["name"], first["matched_name"], first["decision"]) == (
        HIKVISION,
        "Hikvision",
        "match",
    )
    (listing,) = first["listings"]
    assert listing["list"] == "EL"
    assert listing["start_date"] == "2019-10-09"
    assert listing["federal_register"] == ["84 FR 54002"]
    assert "744.11" in listing["license_requirement"]
    assert listing["license_policy"].startswith("Case-by-case review for ECCNs 1A004.c")


def test_lists_option_keeps_only_that_lists_parties_and_listings(ftm_home: Path) -> None:
    every_list = screen_json(ftm_home, "Hikvision")
    only_el = screen_json(ftm_home, "Hikvision", "--lists", "EL")

    listed = _result_for(every_list, HIKVISION)
    assert listed is not None
    assert {item["list"] for item in listed["listings"]} == {"EL", "CMIC"}
    assert only_el["query"]["lists"] == ["EL"]
    assert only_el["results"]
    for result in only_el["results"]:
        assert result["listings"], result["name"]
        assert {item["list"] for item in result["listings"]} == {"EL"}, result["name"]
    assert only_el["results"][0]["name"] == HIKVISION


@pytest.mark.parametrize(
    ("lists", "expected"),
    [("EL", {"EL"}), ("cmic", {"CMIC"}), ("SDN", set())],
)
def test_lists_option_on_a_firm_listed_twice(
    demo_home: Path, lists: str, expected: set[str]
) -> None:
    document = screened(demo_home, "DJI", "--lists", lists)

    matched = {item["list"] for r in document["results"] for item in r["listings"]}
    assert matched == expected
    assert document["decision"] == ("match" if expected else "clear")


@pytest.mark.parametrize(
    ("as_of", "decision"),
    [("2019-01-01", "clear"), ("2019-10-09", "match")],
)
def test_as_of_screens_against_the_lists_of_that_day(
    demo_home: Path, as_of: str, decision: str
) -> None:
    document = screened(demo_home, "Hikvision", "--as-of", as_of)

    assert document["query"]["as_of"] == as_of
    assert document["decision"] == decision
    hikvision = _result_for(document, HIKVISION)
    if decision == "clear":
        assert hikvision is None or hikvision["decision"] != "match"


@pytest.mark.parametrize(("name", "code"), [("Hikvision", 1), ("Tencent Holdings Limited", 0)])
def test_fail_on_match_exits_1_only_on_a_match(demo_home: Path, name: str, code: int) -> None:
    run = run_cli(demo_home, "screen", name, "--fail-on-match", "--json")

    assert run.code == code, run.stderr
    assert run.json()["decision"] == ("match" if code else "clear")


def test_person_type_does_not_raise_a_company_match(demo_home: Path) -> None:
    untyped = screened(demo_home, "Hikvision")
    as_person = screened(demo_home, "Hikvision", "--type", "Person")

    assert as_person["query"]["type"] == "Person"
    assert DECISION_RANK[as_person["decision"]] <= DECISION_RANK[untyped["decision"]]
    company, unchanged = _result_for(as_person, HIKVISION), _result_for(untyped, HIKVISION)
    assert company is not None and unchanged is not None
    assert company["score"] < unchanged["score"]
    assert any(a["feature"] == "type" for a in company["explanation"]["adjustments"])


def test_country_moves_the_score_the_documented_way(demo_home: Path) -> None:
    same = _result_for(screened(demo_home, "Hikvision", "--country", "CN"), HIKVISION)
    other = _result_for(screened(demo_home, "Hikvision", "--country", "US"), HIKVISION)
    neither = _result_for(screened(demo_home, "Hikvision"), HIKVISION)

    assert same is not None and other is not None and neither is not None
    assert same["score"] >= neither["score"] > other["score"]
    (same_note,) = [a for a in same["explanation"]["adjustments"] if a["feature"] == "country"]
    (other_note,) = [a for a in other["explanation"]["adjustments"] if a["feature"] == "country"]
    assert same_note["effect"].startswith("+")
    assert other_note["effect"].startswith("x")
    assert not [a for a in neither["explanation"]["adjustments"] if a["feature"] == "country"]


# --- fail closed -------------------------------------------------------------------------


def test_screen_without_any_list_exits_3_and_never_says_clear(
    tmp_path: Path, database_url: str
) -> None:
    result = run_cli(tmp_path, "screen", "Tencent Holdings Limited", database_url=database_url)

    assert result.code == 3
    assert "no list snapshot is loaded" in result.stderr
    assert "entitywatch load" in result.stderr
    assert "clear" not in result.stdout.casefold()


def test_screen_json_without_any_list_prints_no_document(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "screen", "Tencent Holdings Limited", "--json", "--fail-on-match")

    assert result.code == 3
    assert result.stdout == ""
    assert "no list snapshot is loaded" in result.stderr


# --- the active snapshot and the index cache ------------------------------------------------


def _cache_files(home: Path) -> list[Path]:
    return sorted((home / "index-cache").glob("*.pickle"))


def _demo_variant(path: Path, keep: int | None = None, extra_name: str | None = None) -> Path:
    """The demo list cut to its first ``keep`` rows, or grown by one Entity List row."""
    with open(DEMO_LIST, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    if keep is not None:
        rows = rows[:keep]
    if extra_name is not None:
        rows.append(dict(rows[-2], _id="demo-extra", name=extra_name, alt_names=""))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_screening_follows_the_active_snapshot_and_caches_its_index(tmp_path: Path) -> None:
    # A first load, screened twice: the second screen reads the cache, does not rewrite it.
    first = run_cli(tmp_path, "load", str(DEMO_LIST), "--source", "demo", "--json")
    screen_json(tmp_path, "Hikvision")
    (cache,) = _cache_files(tmp_path)
    written = cache.stat().st_mtime_ns
    again = screen_json(tmp_path, "Megvii")
    assert again["decision"] == "match"
    assert _cache_files(tmp_path) == [cache]
    assert cache.stat().st_mtime_ns == written

    # A shrunk file is held, not activated: screening still answers from the first load.
    shrunk = _demo_variant(tmp_path / "shrunk.csv", keep=2)  # Huawei, Hikvision
    held = run_cli(tmp_path, "load", str(shrunk), "--source", "demo", "--json")
    assert held.code == 1 and held.json()["snapshot"]["status"] == "held"
    dahua = screen_json(tmp_path, "Dahua Technology")
    assert dahua["snapshot"]["ids"] == [first.json()["snapshot"]["id"]]
    assert dahua["decision"] == "match"
    assert dahua["results"][0]["name"] == "Dahua Technology"
    assert _cache_files(tmp_path) == [cache]
    assert cache.stat().st_mtime_ns == written

    # A new active snapshot makes the next screen build (and cache) a new index.
    grown = _demo_variant(tmp_path / "grown.csv", extra_name="Lanternfish Optics Co., Ltd.")
    assert run_cli(tmp_path, "load", str(grown), "--source", "demo").code == 0
    lantern = screen_json(tmp_path, "Lanternfish Optics")
    (rebuilt,) = _cache_files(tmp_path)
    assert rebuilt.name != cache.name
    assert lantern["decision"] == "match"
    assert lantern["results"][0]["name"] == "Lanternfish Optics Co., Ltd."


# --- compare -------------------------------------------------------------------------------


def test_compare_two_names_as_json(tmp_path: Path) -> None:
    run = run_cli(tmp_path, "compare", "Hikvision", HIKVISION, "--json")

    assert run.code == 0, run.stderr
    document = run.json()
    assert set(document) == {"score", "decision", "explanation"}
    assert document["decision"] == "match"
    assert 0.0 < document["score"] <= 1.0
    assert document["explanation"]


PAIRS = [
    {"name1": "Hikvision", "name2": HIKVISION, "schema": "Company"},
    {
        "name1": "北京商汤科技开发有限公司",
        "name2": "Beijing Shangtang Technology Development Co., Ltd.",
        "schema": "",
    },
    {
        "name1": "Tencent Holdings Limited",
        "name2": "Huawei Technologies Co., Ltd.",
        "schema": "Company",
    },
]


def _write_pairs(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_compare_pairs_writes_a_score_and_decision_beside_each_row(tmp_path: Path) -> None:
    pairs = _write_pairs(tmp_path / "pairs.csv", ["name1", "name2", "schema"], PAIRS)
    out = tmp_path / "scored.csv"

    run = run_cli(tmp_path, "compare", "--pairs", str(pairs), "--out", str(out))

    assert run.code == 0, run.stderr
    with open(out, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["name1", "name2", "schema", "score", "decision"]
        scored = list(reader)
    assert [{k: r[k] for k in ("name1", "name2", "schema")} for r in scored] == PAIRS
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in scored)
    assert [r["decision"] for r in scored] == ["match", "match", "clear"]


@pytest.mark.parametrize(("header", "missing"), [(["name1", "schema"], "name2")])
def test_compare_pairs_without_a_name_column_is_refused(
    tmp_path: Path, header: list[str], missing: str
) -> None:
    pairs = _write_pairs(tmp_path / "pairs.csv", header, PAIRS)
    out = tmp_path / "scored.csv"

    run: Run = run_cli(tmp_path, "compare", "--pairs", str(pairs), "--out", str(out))

    assert run.code == 2
    assert missing in run.stderr and "missing column" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_an_equal_identifier_lifts_a_weak_name_to_a_match(ftm_home: Path) -> None:
    """Huawei's unified social credit code, given with a name written another way."""
    without = screen_json(ftm_home, "HW Technologies Co")
    with_code = screen_json(ftm_home, "HW Technologies Co", "--identifier", "91440300 192203821 6")
    top = with_code["results"][0]
    assert top["name"] == "Huawei Technologies Co., Ltd."
    assert top["score"] >= 0.97
    assert any(a["feature"] == "identifier" for a in top["explanation"]["adjustments"])
    before = _result_for(without, "Huawei Technologies Co., Ltd.")
    assert before is None or before["score"] < 0.97


@pytest.mark.parametrize(
    ("birth_date", "effect"),
    [("1955", "none"), ("1955-11-02", "none"), ("1970", "x0.7")],
)
def test_birth_date_of_a_person_agrees_or_lowers_the_score(
    ftm_home: Path, birth_date: str, effect: str
) -> None:
    document = screen_json(ftm_home, "Chen Quanguo", "--type", "person", "--birth-date", birth_date)
    top = document["results"][0]
    assert top["name"] == "Chen Quanguo"
    notes = [a for a in top["explanation"]["adjustments"] if a["feature"] == "birth_date"]
    assert [note["effect"] for note in notes] == [effect]


@pytest.mark.parametrize("value", ["1955-13", "55", "1955-11-31", "next year"])
def test_a_bad_birth_date_is_refused_naming_the_option(ftm_home: Path, value: str) -> None:
    run = run_cli(ftm_home, "screen", "Chen Quanguo", "--birth-date", value)
    assert run.code == 2
    assert "--birth-date" in run.stderr
