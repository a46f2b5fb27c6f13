"""The export determination through the real store, on SQLite and PostgreSQL.

A small list in the CSL layout (tests/fixtures/export/mini_csl.csv, invented parties with
the lists' real licence wording) is loaded with the ordinary loader, each party is screened
as `check-export` does it, and the determination must come out the same on both backends.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from entitywatch.loading import load_list_file
from entitywatch.rules.eccn import parse_item
from entitywatch.rules.export import Destination, MatchedParty, determine
from entitywatch.screening import ScreeningRequest, screen

MINI_CSL = Path(__file__).resolve().parents[1] / "fixtures" / "export" / "mini_csl.csv"
ON = dt.date(2022, 5, 1)

QUESTIONS = [
    # party as a user types it, item, destination country, determination, review policy
    ("Quillmere Vision Technology", "1A004.c", None, "license_required", "case_by_case"),
    ("Quillmere Vision Technology", "EAR99", None, "license_required", "presumption_of_denial"),
    ("Zorvandel Freight Forwarding", "EAR99", "SG", "prohibited", "prohibited"),
    ("Braxworth Trading Company", "EAR99", None, "prohibited", "prohibited"),
    ("Tarvoline Aero Components", "5A992.c", None, "license_required", "presumption_of_denial"),
    ("Tarvoline Aero Components", "EAR99", None, "no_license_required", "not_applicable"),
    ("Glenmorrow Instruments", "EAR99", "HK", "no_license_required", "not_applicable"),
    ("Kestrelby Harbour Works", "EAR99", "UA", "license_required", "policy_of_denial"),
    ("Unrelated Bakery Supplies", "EAR99", "CU", "license_required", "policy_of_denial"),
]


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    outcome = load_list_file(engine, MINI_CSL)
    assert outcome.activated, outcome.message
    return engine


def test_determinations_through_the_store(loaded: Engine, tmp_path: Path) -> None:
    answers = []
    for name, item, country, _, _ in QUESTIONS:
        result = screen(loaded, tmp_path, ScreeningRequest(name=name, country=country))
        matches = [MatchedParty(party, decision, m.score) for m, party, decision in result.matches]
        determination = determine(
            name, matches, parse_item(item), Destination(country=country), result.snapshots, ON
        )
        answers.append((determination.determination.value, determination.review_policy))
    assert answers == [(outcome, policy) for *_, outcome, policy in QUESTIONS]
