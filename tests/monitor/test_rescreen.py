"""Specification of counterparty monitoring, on SQLite and PostgreSQL.

The lists are versions of the shipped demo list (tests/monitor/demo_lists.py): the
2019-05-16 version holds Huawei; the 2019-10-09 version adds Hikvision, Megvii,
SenseTime, Dahua and five more. The register is tests/fixtures/monitor/register.csv.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from entitywatch.errors import NoListDataError
from entitywatch.loading import load_list_file
from entitywatch.monitor import after_load, rescreen
from entitywatch.monitor.alerts import decide
from entitywatch.monitor.register import import_register
from entitywatch.store.alerts import Alert, list_alerts
from entitywatch.store.audit import list_entries, verify
from entitywatch.store.counterparties import get_counterparty
from entitywatch.store.screenings import list_screenings
from tests.monitor.demo_lists import XINJIANG_DAY, write_demo_list

REGISTER = Path(__file__).resolve().parents[1] / "fixtures" / "monitor" / "register.csv"
HIKVISION = "Hangzhou Hikvision Digital Technology Co., Ltd."
HUAWEI = "Huawei Technologies Co., Ltd."
DAHUA = "Dahua Technology"
MEGVII = "Megvii Technology"


def _alerts(engine: Engine) -> dict[tuple[str, str], Alert]:
    """Alerts by (counterparty external id, listed party's name)."""
    return {
        (get_counterparty(engine, a.counterparty_id).external_id, a.party_name): a
        for a in list_alerts(engine)
    }


def _load(engine: Engine, path: Path) -> None:
    outcome = load_list_file(engine, path)
    assert outcome.activated, outcome.message


def test_new_counterparties_are_screened_against_every_entry(
    engine: Engine, tmp_path: Path
) -> None:
    _load(engine, write_demo_list(tmp_path))

    outcome = import_register(engine, tmp_path, REGISTER)

    run = outcome.run
    assert run is not None
    assert (run.screened_in_full, run.screened_against_changes, run.changed_entries) == (8, 0, 0)
    alerts = _alerts(engine)
    assert set(alerts) == {
        ("C-001", HIKVISION),
        ("C-002", HUAWEI),
        ("C-004", DAHUA),
        ("C-007", MEGVII),
    }
    assert {a.reason for a in alerts.values()} == {"new_counterparty"}
    assert {a.status for a in alerts.values()} == {"open"}
    assert sorted(run.alert_ids) == sorted(a.id for a in alerts.values())


def test_a_list_load_screens_only_the_new_and_changed_entries(
    engine: Engine, tmp_path: Path
) -> None:
    _load(engine, write_demo_list(tmp_path, before=XINJIANG_DAY, name="v1.csv"))
    import_register(engine, tmp_path, REGISTER)
    assert set(_alerts(engine)) == {("C-002", HUAWEI)}

    _load(engine, write_demo_list(tmp_path, through=XINJIANG_DAY, name="v2.csv"))
    run = after_load(engine, tmp_path)

    assert run is not None
    # demo-2 .. demo-10 are new; Huawei's entry is unchanged and is not searched again.
    assert (run.changed_entries, run.screened_against_changes, run.screened_in_full) == (9, 8, 0)
    assert run.already_alerted == 0
    alerts = _alerts(engine)
    assert set(alerts) == {
        ("C-002", HUAWEI),
        ("C-001", HIKVISION),
        ("C-004", DAHUA),
        ("C-007", MEGVII),
    }
    assert {alerts[k].reason for k in alerts if k[0] != "C-002"} == {"list_change"}
    assert sorted(run.alert_ids) == sorted(a.id for k, a in alerts.items() if k[0] != "C-002")


@pytest.mark.parametrize(
    ("edited_entry", "expect_new_alert"),
    [
        ({}, False),  # the entry stays as it was: the false positive stays suppressed
        ({"demo-2": {"alt_names": "Hikvision; HIKVISION Digital Technology"}}, True),
        ({"demo-5": {"alt_names": "Zhejiang Dahua Technology Co., Ltd.; Dahua"}}, False),
    ],
    ids=["entry-unchanged", "entry-changed", "another-entry-changed"],
)
def test_a_false_positive_is_suppressed_until_the_entry_changes(
    engine: Engine, tmp_path: Path, edited_entry: dict[str, dict[str, str]], expect_new_alert: bool
) -> None:
    _load(engine, write_demo_list(tmp_path, through=XINJIANG_DAY, name="v1.csv"))
    import_register(engine, tmp_path, REGISTER)
    first = _alerts(engine)[("C-001", HIKVISION)]
    decide(engine, first.id, "false-positive", "C-001 is a reseller in Ohio", "analyst")

    _load(engine, write_demo_list(tmp_path, edit=edited_entry, name="v2.csv"))
    run = after_load(engine, tmp_path)

    assert run is not None
    hikvision_alerts = [a for a in list_alerts(engine) if a.party_name == HIKVISION]
    if expect_new_alert:
        assert len(hikvision_alerts) == 2
        newest = max(hikvision_alerts, key=lambda a: a.id)
        assert newest.status == "open" and newest.reason == "list_change"
        assert newest.content_hash != first.content_hash
        assert newest.details["previous_alerts"] == [first.id]
    else:
        assert [a.id for a in hikvision_alerts] == [first.id]
    # A full re-screen raises nothing more: the old version is suppressed as a false
    # positive, a new version has its own open alert.
    again = rescreen(engine, tmp_path, full=True)
    assert again.alert_ids == []
    assert again.suppressed_false_positives == (0 if expect_new_alert else 1)


def test_a_decided_true_match_is_not_raised_again(engine: Engine, tmp_path: Path) -> None:
    _load(engine, write_demo_list(tmp_path))
    import_register(engine, tmp_path, REGISTER)
    alert = _alerts(engine)[("C-002", HUAWEI)]
    decide(engine, alert.id, "true-match", "same registration number", "analyst")

    run = rescreen(engine, tmp_path, full=True)

    assert run.alert_ids == []
    assert run.already_alerted == 4  # the true match and the three open alerts
    assert run.suppressed_false_positives == 0


def test_an_edited_counterparty_is_screened_again_in_full(engine: Engine, tmp_path: Path) -> None:
    _load(engine, write_demo_list(tmp_path))
    import_register(engine, tmp_path, REGISTER)
    edited = tmp_path / "edited.csv"
    edited.write_text(
        REGISTER.read_text(encoding="utf-8").replace("Acme Widgets Inc.", "SenseTime Group Ltd"),
        encoding="utf-8",
    )

    outcome = import_register(engine, tmp_path, edited)

    assert len(outcome.imported.updated) == 1
    run = outcome.run
    assert run is not None
    assert (run.screened_in_full, run.changed_entries) == (1, 0)
    assert set(_alerts(engine)) >= {("C-003", "Beijing Sensetime Technology Development Co., Ltd.")}


def test_without_lists_the_register_waits_unscreened(engine: Engine, tmp_path: Path) -> None:
    outcome = import_register(engine, tmp_path, REGISTER)

    assert outcome.run is None and outcome.note is not None and "no list" in outcome.note
    assert after_load(engine, tmp_path) is None
    with pytest.raises(NoListDataError):
        rescreen(engine, tmp_path)

    _load(engine, write_demo_list(tmp_path))
    run = after_load(engine, tmp_path)

    assert run is not None and run.screened_in_full == 8
    assert len(run.alert_ids) == 4


def test_a_run_with_nothing_changed_records_nothing(engine: Engine, tmp_path: Path) -> None:
    _load(engine, write_demo_list(tmp_path))
    import_register(engine, tmp_path, REGISTER)
    entries = len(list_entries(engine))

    run = rescreen(engine, tmp_path)

    assert run.screening_id is None
    assert len(list_entries(engine)) == entries


def test_each_run_is_recorded_and_audited_with_its_snapshots(
    engine: Engine, tmp_path: Path
) -> None:
    _load(engine, write_demo_list(tmp_path, before=XINJIANG_DAY, name="v1.csv"))
    import_register(engine, tmp_path, REGISTER, actor="loader")
    _load(engine, write_demo_list(tmp_path, through=XINJIANG_DAY, name="v2.csv"))
    run = after_load(engine, tmp_path)
    assert run is not None

    first, second = reversed(list_screenings(engine, kind="monitor"))
    assert first.actor == "loader"
    assert second.id == run.screening_id
    assert second.snapshot_ids == run.snapshot_ids != first.snapshot_ids
    assert second.query["baseline_snapshot_ids"] == first.snapshot_ids
    assert second.summary is not None
    assert second.summary["changed_entries"] == 9
    assert second.summary["new_alerts"] == 3
    assert second.summary["seconds"]["total"] > 0
    (entry,) = [e for e in list_entries(engine) if e.subject == f"screening {run.screening_id}"]
    assert entry.action == "screening.monitor"
    assert entry.payload["summary"]["new_alerts"] == 3
    assert verify(engine).ok
