"""The delta re-screen misses nothing a full re-screen would find (real lists).

The Consolidated Screening List as it stood before 2019-10-09 and on that day is rebuilt
from the 2022 CSL's start dates (tests/csl_versions.py). After the register was screened against the
earlier list and the later list was loaded, the monitor searches only that day's
additions. A full re-screen afterwards must then raise no alert the delta run did not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from entitywatch.loading import load_list_file
from entitywatch.monitor import after_load, rescreen
from entitywatch.monitor.register import import_register
from entitywatch.store.alerts import list_alerts
from tests.csl_versions import read_csl_rows, rows_as_of, write_csl

REGISTER = Path(__file__).resolve().parents[1] / "fixtures" / "monitor" / "register.csv"
XINJIANG_DAY = dt.date(2019, 10, 9)


def _csl_as_of(directory: Path, day: dt.date) -> Path:
    header, rows = read_csl_rows()
    return write_csl(directory / f"csl_{day.isoformat()}.csv", header, rows_as_of(rows, day))


@pytest.mark.shared_data
def test_a_full_rescreen_after_the_delta_run_finds_nothing_new(
    engine: Engine, tmp_path: Path
) -> None:
    day_before = XINJIANG_DAY - dt.timedelta(days=1)
    assert load_list_file(engine, _csl_as_of(tmp_path, day_before)).activated
    initial = import_register(engine, tmp_path, REGISTER).run
    assert initial is not None and initial.alert_ids  # Huawei's entries at least
    assert load_list_file(engine, _csl_as_of(tmp_path, XINJIANG_DAY)).activated

    delta = after_load(engine, tmp_path)

    assert delta is not None
    assert delta.changed_entries >= 28 and delta.screened_in_full == 0
    raised = {a.party_name for a in list_alerts(engine) if a.id in set(delta.alert_ids)}
    assert {
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "Dahua Technology",
        "Megvii Technology",
    } <= raised

    full = rescreen(engine, tmp_path, full=True)

    assert full.alert_ids == []
    assert full.already_alerted == full.hits > 0
