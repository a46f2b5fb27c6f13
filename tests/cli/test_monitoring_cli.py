"""`entitywatch parties`, `alerts`, `audit` and `report` as a compliance officer runs them.

Each test drives the real command line in a subprocess against a store on SQLite or
PostgreSQL, with the shipped demo list and tests/fixtures/monitor/register.csv.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import DEMO_LIST, Run, run_cli

REGISTER = Path(__file__).resolve().parents[1] / "fixtures" / "monitor" / "register.csv"
HIKVISION = "Hangzhou Hikvision Digital Technology Co., Ltd."


def _ok(run: Run) -> Run:
    assert run.code == 0, run.stderr
    return run


def _alert_for(alerts: list[dict[str, Any]], external_id: str) -> dict[str, Any]:
    (alert,) = [a for a in alerts if a["counterparty"]["external_id"] == external_id]
    return alert


def test_a_monitoring_session(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cli(*args: str) -> Run:
        return run_cli(tmp_path, *args, database_url=database_url)

    imported = _ok(cli("parties", "import", str(REGISTER), "--json")).json()
    assert imported["imported"] == {"added": 8, "updated": 0, "unchanged": 0, "deactivated": 0}
    assert imported["monitoring"] is None and "no list is loaded" in imported["note"]

    # The load screens the waiting register; its JSON output stays one document.
    loaded = _ok(cli("load", str(DEMO_LIST), "--json"))
    assert loaded.json()["activated"] is True
    assert "monitoring:" in loaded.stderr and "4 new alerts" in loaded.stderr

    alerts = _ok(cli("alerts", "list", "--json")).json()["alerts"]
    assert sorted(a["counterparty"]["external_id"] for a in alerts) == [
        "C-001",
        "C-002",
        "C-004",
        "C-007",
    ]
    hikvision = _alert_for(alerts, "C-001")
    assert (hikvision["party_name"], hikvision["status"]) == (HIKVISION, "open")

    monkeypatch.setenv("ENTITYWATCH_ACTOR", "k.mueller")
    decided = _ok(
        cli("alerts", "decide", str(hikvision["id"]), "--as", "false-positive",
            "--reason", "C-001 is an Ohio reseller, not the listed company", "--json")
    ).json()  # fmt: skip
    assert (decided["decision"], decided["actor"]) == ("false_positive", "k.mueller")
    huawei = _alert_for(alerts, "C-002")
    _ok(cli("alerts", "escalate", str(huawei["id"]), "--reason", "legal", "--actor", "l.chen"))

    shown = _ok(cli("alerts", "show", str(huawei["id"]), "--json")).json()
    assert shown["status"] == "escalated"
    assert [(h["decision"], h["actor"]) for h in shown["history"]] == [("escalated", "l.chen")]
    assert shown["details"]["explanation"]["score"] > 0
    suppressed = _ok(cli("alerts", "list", "--status", "false-positive", "--json")).json()
    assert [a["id"] for a in suppressed["alerts"]] == [hikvision["id"]]

    # A full re-screen keeps the false positive suppressed.
    rerun = _ok(cli("parties", "rescreen", "--full", "--json")).json()
    assert (rerun["new_alerts"], rerun["suppressed_false_positives"]) == (0, 1)

    verified = _ok(cli("audit", "verify", "--json")).json()
    assert verified["ok"] is True
    entries = _ok(cli("audit", "list", "--limit", "50", "--json")).json()["entries"]
    actions = [e["action"] for e in reversed(entries)]
    assert actions == [
        "parties.import",
        "list.load",
        "screening.monitor",
        "alert.decide",
        "alert.escalate",
        "screening.monitor",
    ]
    assert verified["checked"] == len(entries)

    report = tmp_path / "alert.html"
    _ok(cli("report", str(hikvision["id"]), "--out", str(report)))
    page = report.read_text(encoding="utf-8")
    for text in (HIKVISION, "C-001", "false_positive", "k.mueller", "Audit chain verified"):
        assert text in page, text


def test_the_audit_export_writes_csv_and_json(tmp_path: Path) -> None:
    _ok(run_cli(tmp_path, "load", str(DEMO_LIST)))
    _ok(run_cli(tmp_path, "parties", "import", str(REGISTER)))

    _ok(run_cli(tmp_path, "audit", "export", "--format", "csv", "--out", str(tmp_path / "a.csv")))
    _ok(run_cli(tmp_path, "audit", "export", "--format", "json", "--out", str(tmp_path / "a.json")))

    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert [r["action"] for r in rows] == ["list.load", "parties.import", "screening.monitor"]
    assert [e["hash"] for e in document["entries"]] == [r["hash"] for r in rows]
    assert document["verification"]["ok"] is True
    bad = run_cli(tmp_path, "audit", "export", "--format", "xml", "--out", str(tmp_path / "a.x"))
    assert bad.code == 2 and "format" in bad.stderr


def test_audit_verify_exits_1_at_the_first_tampered_entry(tmp_path: Path) -> None:
    _ok(run_cli(tmp_path, "load", str(DEMO_LIST)))
    _ok(run_cli(tmp_path, "parties", "import", str(REGISTER)))
    _ok(run_cli(tmp_path, "audit", "verify"))

    with sqlite3.connect(tmp_path / "entitywatch.db") as connection:
        connection.execute("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2")

    broken = run_cli(tmp_path, "audit", "verify")
    assert broken.code == 1
    assert "broken at entry 2" in broken.stderr


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("id,name,country\nA1,Acme,US\nA2,,US\n", "line 3, column 'name'"),
        ("id,name,country\nA1,Acme,US\nA2,Beta,Atlantis\n", "line 3, column 'country'"),
        ("customer,label\nA1,Acme\n", "line 1"),
    ],
    ids=["empty-name", "bad-country", "no-name-column"],
)
def test_a_bad_register_file_exits_2_and_imports_nothing(
    tmp_path: Path, content: str, where: str
) -> None:
    path = tmp_path / "register.csv"
    path.write_text(content, encoding="utf-8")

    run = run_cli(tmp_path, "parties", "import", str(path))

    assert run.code == 2
    assert where in run.stderr and str(path) in run.stderr
    assert _ok(run_cli(tmp_path, "parties", "list", "--json")).json() == {"counterparties": []}


def test_the_report_escapes_every_text(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "id,name,country\n"
        '<b>X1</b>,"Hangzhou Hikvision Digital Technology <script>x()</script>",CN\n',
        encoding="utf-8",
    )
    _ok(run_cli(tmp_path, "load", str(DEMO_LIST)))
    _ok(run_cli(tmp_path, "parties", "import", str(register)))
    (alert,) = _ok(run_cli(tmp_path, "alerts", "list", "--json")).json()["alerts"]
    _ok(
        run_cli(tmp_path, "alerts", "decide", str(alert["id"]), "--as", "true-match",
                "--reason", "<img src=x onerror=alert(1)> & same address")
    )  # fmt: skip

    out = tmp_path / "report.html"
    _ok(run_cli(tmp_path, "report", str(alert["id"]), "--out", str(out)))

    page = out.read_text(encoding="utf-8")
    assert "<script>x()" not in page and "<img" not in page and "<b>X1" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; same address" in page
    assert "&lt;b&gt;X1&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--out", "r.html"], "name one alert id"),
        (["report", "7", "--out", "r.html"], "no alert 7"),
        (["alerts", "decide", "7", "--as", "maybe", "--reason", "x"], "not a decision"),
        (["alerts", "list", "--status", "closed"], "unknown alert status"),
    ],
    ids=["report-without-subject", "unknown-alert", "unknown-decision", "unknown-status"],
)
def test_bad_requests_exit_2_with_a_reason(tmp_path: Path, args: list[str], message: str) -> None:
    run = run_cli(tmp_path, *args)

    assert run.code == 2
    assert message in run.stderr
