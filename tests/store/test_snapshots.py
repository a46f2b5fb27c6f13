"""Specification of the versioned store, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from sqlalchemy import Engine

from entitywatch.errors import InputError
from entitywatch.loading import load_list_file
from entitywatch.model import Listing, Name, ParsedList, Party, Schema
from entitywatch.store import queries
from entitywatch.store.snapshots import import_snapshot
from tests.conftest import shared_file
from tests.csl_versions import (
    entity_list_as_of,
    entity_list_rows,
    read_csl_rows,
    write_csl,
)

FULL_CSL_COUNTS = {
    "CAP": 53,
    "CMIC": 68,
    "DPL": 462,
    "DTC": 727,
    "EL": 2001,
    "FSE": 3,
    "ISN": 163,
    "MBS": 17,
    "MEU": 71,
    "PLC": 78,
    "SDN": 10026,
    "SSI": 290,
    "UVL": 201,
}

XINJIANG_2019_10_09_COMPANIES = [
    "Hangzhou Hikvision Digital Technology Co., Ltd.",
    "Megvii Technology",
    "Beijing Sensetime Technology Development Co., Ltd.",
    "Dahua Technology",
    "IFLYTEK",
    "Xiamen Meiya Pico Information Co. Ltd.",
    "Yitu Technologies",
    "Yixin Science and Technology Co. Ltd.",
]


def _party(party_id: str, name: str, list_code: str = "EL") -> Party:
    return Party(
        id=party_id,
        schema=Schema.COMPANY,
        names=[Name(name)],
        listings=[Listing(list_code=list_code, authority="Bureau of Industry and Security")],
    )


def _parsed(*items: Party, source: str = "test_source") -> ParsedList:
    return ParsedList(source=source, format="test", parties=list(items))


@pytest.mark.shared_data
def test_full_csl_loads_with_every_listing(engine: Engine) -> None:
    outcome = load_list_file(engine, shared_file("csl_2022/consolidated.csv"))

    assert outcome.created and outcome.activated
    snapshot = outcome.snapshot
    assert snapshot.listings == FULL_CSL_COUNTS
    assert snapshot.listing_total == 14160
    assert snapshot.parties == 14160
    assert [s.id for s in queries.active_snapshots(engine)] == [snapshot.id]


@pytest.mark.shared_data
def test_identical_content_creates_no_new_snapshot(engine: Engine, tmp_path: Path) -> None:
    header, rows = read_csl_rows()
    plain = write_csl(tmp_path / "el.csv", header, entity_list_rows(rows))
    packed = tmp_path / "el.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes(), mtime=12345))

    first = load_list_file(engine, plain)
    again = load_list_file(engine, plain)
    compressed = load_list_file(engine, packed)

    assert first.created
    assert not again.created and again.snapshot.id == first.snapshot.id
    assert not compressed.created and compressed.snapshot.id == first.snapshot.id
    assert len(queries.list_snapshots(engine)) == 1


@pytest.mark.shared_data
def test_diff_of_rebuilt_versions_shows_the_xinjiang_additions(
    engine: Engine, tmp_path: Path
) -> None:
    before = load_list_file(engine, entity_list_as_of(tmp_path, dt.date(2019, 10, 1)))
    after = load_list_file(engine, entity_list_as_of(tmp_path, dt.date(2019, 10, 10)))

    diff = queries.diff_snapshots(engine, before.snapshot.id, after.snapshot.id)

    _, rows = read_csl_rows()
    expected_added = [
        row for row in entity_list_rows(rows) if "2019-10-01" < row["start_date"] <= "2019-10-10"
    ]
    added = {change.caption for change in diff.added}
    assert len(diff.added) == len(expected_added)
    assert diff.removed == [] and diff.changed == []
    assert set(XINJIANG_2019_10_09_COMPANIES) <= added
    # "the Xinjiang Public Security Bureau and 19 subordinate entities": 19 bureaus
    # (the regional one among them) and the Xinjiang Police College.
    bureaus = [name for name in added if "Public Security Bureau" in name]
    assert len(bureaus) == 19
    assert "Xinjiang Police College" in added
    # The second load replaced the first as the active snapshot.
    assert [s.id for s in queries.active_snapshots(engine)] == [after.snapshot.id]


@pytest.mark.shared_data
def test_as_of_dates_answer_from_listing_start_dates(engine: Engine) -> None:
    snapshot = load_list_file(engine, shared_file("csl_2022/consolidated.csv")).snapshot

    before = queries.listing_counts_as_of(engine, snapshot.id, dt.date(2019, 10, 1))
    after = queries.listing_counts_as_of(engine, snapshot.id, dt.date(2019, 10, 10))
    diff = queries.diff_dates(engine, snapshot.id, dt.date(2019, 10, 1), dt.date(2019, 10, 10))

    assert after["EL"] - before["EL"] == len(diff.added) - (
        # additions on other lists in the same window
        sum(1 for c in diff.added if not c.party_id.startswith("csl-el-"))
    )
    assert set(XINJIANG_2019_10_09_COMPANIES) <= {c.caption for c in diff.added}
    assert "MEU" not in before  # the Military End User list began in December 2020
    # Listings without a start date (the whole UVL in the CSL) count as in effect.
    assert before["UVL"] == after["UVL"] == FULL_CSL_COUNTS["UVL"]


def test_a_list_shrinking_by_more_than_ten_percent_is_held(engine: Engine) -> None:
    full = _parsed(*(_party(f"p{i}", f"Company {i}") for i in range(20)))
    shrunk = _parsed(*(_party(f"p{i}", f"Company {i}") for i in range(17)))

    first = import_snapshot(engine, full, sha256="a" * 64, file_name="full.csv")
    held = import_snapshot(engine, shrunk, sha256="b" * 64, file_name="shrunk.csv")

    assert held.created and not held.activated
    assert held.snapshot.status == "held"
    assert "EL fell from 20 to 17 entries (15%)" in held.message
    assert "--accept-shrink" in held.message
    assert [s.id for s in queries.active_snapshots(engine)] == [first.snapshot.id]

    confirmed = import_snapshot(
        engine, shrunk, sha256="b" * 64, file_name="shrunk.csv", accept_shrink=True
    )
    assert confirmed.activated and not confirmed.created
    assert [s.id for s in queries.active_snapshots(engine)] == [held.snapshot.id]


def test_a_small_shrink_is_activated(engine: Engine) -> None:
    import_snapshot(
        engine,
        _parsed(*(_party(f"p{i}", f"C {i}") for i in range(20))),
        sha256="a" * 64,
        file_name=None,
    )
    outcome = import_snapshot(
        engine,
        _parsed(*(_party(f"p{i}", f"C {i}") for i in range(19))),
        sha256="b" * 64,
        file_name=None,
    )
    assert outcome.activated


def test_a_failed_write_leaves_the_previous_snapshot_active(engine: Engine) -> None:
    good = import_snapshot(engine, _parsed(_party("p1", "Alpha")), sha256="a" * 64, file_name=None)
    duplicate_ids = _parsed(_party("p1", "Alpha"), _party("p2", "Beta"), _party("p2", "Beta 2"))

    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        import_snapshot(engine, duplicate_ids, sha256="b" * 64, file_name=None)

    assert [s.id for s in queries.list_snapshots(engine)] == [good.snapshot.id]
    assert [s.id for s in queries.active_snapshots(engine)] == [good.snapshot.id]


def test_bad_input_leaves_the_active_snapshot_unchanged(engine: Engine, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "_id,source,name,alt_names,federal_register_notice,start_date\n"
        "1,Entity List (EL) - Bureau of Industry and Security,Alpha Co.,,84 FR 22961,2019-05-21\n",
        encoding="utf-8",
    )
    truncated = tmp_path / "truncated.csv"
    truncated.write_text(
        "_id,source,name,alt_names,federal_register_notice,start_date\n"
        '1,Entity List (EL) - Bureau of Industry and Security,"Alpha Co.,,84 FR',
        encoding="utf-8",
    )
    first = load_list_file(engine, good)

    with pytest.raises(InputError, match=r"truncated\.csv:line 2"):
        load_list_file(engine, truncated)

    assert [s.id for s in queries.active_snapshots(engine)] == [first.snapshot.id]
    assert len(queries.list_snapshots(engine)) == 1


def test_history_tracks_first_seen_last_seen_and_changes(engine: Engine) -> None:
    v1 = _parsed(_party("p1", "Alpha"), _party("p2", "Beta"))
    v2 = _parsed(_party("p1", "Alpha Renamed"), _party("p2", "Beta"), _party("p3", "Gamma"))
    v3 = _parsed(_party("p1", "Alpha Renamed"), _party("p3", "Gamma"), _party("p4", "Delta"))
    s1 = import_snapshot(engine, v1, sha256="1" * 64, file_name=None).snapshot
    s2 = import_snapshot(engine, v2, sha256="2" * 64, file_name=None).snapshot
    s3 = import_snapshot(engine, v3, sha256="3" * 64, file_name=None).snapshot

    renamed = queries.party_history(engine, "p1", "test_source")
    dropped = queries.party_history(engine, "p2", "test_source")
    diff = queries.diff_snapshots(engine, s2.id, s3.id)

    assert renamed.first_seen is not None and renamed.first_seen.id == s1.id
    assert renamed.last_seen is not None and renamed.last_seen.id == s3.id
    assert [e.changed for e in renamed.entries] == [False, True, False]
    assert dropped.last_seen is not None and dropped.last_seen.id == s2.id
    assert [c.party_id for c in diff.added] == ["p4"]
    assert [c.party_id for c in diff.removed] == ["p2"]
    assert diff.changed == []
    changed = queries.diff_snapshots(engine, s1.id, s2.id).changed
    assert [(c.party_id, c.fields) for c in changed] == [("p1", ["names"])]


def test_a_removed_party_is_still_shown_from_its_last_snapshot(engine: Engine) -> None:
    import_snapshot(
        engine,
        _parsed(_party("p1", "Alpha"), _party("p2", "Beta")),
        sha256="1" * 64,
        file_name=None,
    )
    import_snapshot(
        engine,
        _parsed(_party("p1", "Alpha"), _party("p2", "Beta"), _party("p3", "C")),
        sha256="2" * 64,
        file_name=None,
    )
    party, snapshot = queries.load_party(engine, "p3")
    assert party.caption == "C" and snapshot.active
