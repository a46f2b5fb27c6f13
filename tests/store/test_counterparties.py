"""Specification of the counterparty register in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine

from entitywatch.errors import NotFoundError
from entitywatch.store.audit import list_entries
from entitywatch.store.counterparties import (
    Counterparty,
    CounterpartyInput,
    count_counterparties,
    get_counterparty,
    list_counterparties,
    mark_screened,
    upsert_counterparties,
)

ACME = CounterpartyInput("C-1", "Acme Widgets Inc.", "Company", "US")
HIKVISION = CounterpartyInput(
    "C-2", "Hangzhou Hikvision Digital Technology Co Ltd", "Company", "CN"
)
PERSON = CounterpartyInput("C-3", "Maria Gonzalez", "Person", "ES", ("X1234567",), "1971-03-02")


def _by_external_id(engine: Engine) -> dict[str, Counterparty]:
    return {c.external_id: c for c in list_counterparties(engine, include_inactive=True)}


def test_an_import_adds_records_and_audits_the_counts(engine: Engine) -> None:
    outcome = upsert_counterparties(engine, [ACME, HIKVISION, PERSON], source="crm.csv")

    assert (len(outcome.added), len(outcome.updated), outcome.unchanged) == (3, 0, 0)
    records = list_counterparties(engine)
    assert [c.external_id for c in records] == ["C-1", "C-2", "C-3"]
    person = records[2]
    assert (person.schema, person.country, person.identifiers, person.birth_date) == (
        "Person",
        "ES",
        ("X1234567",),
        "1971-03-02",
    )
    assert all(c.needs_full_screening for c in records)
    (entry,) = list_entries(engine, action="parties.import")
    assert entry.payload == {
        "file": "crm.csv",
        "added": 3,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
    }


@pytest.mark.parametrize(
    ("second_import", "expected"),
    [
        ([ACME, HIKVISION], (0, 0, 2)),
        ([ACME, dataclasses.replace(HIKVISION, name="Hikvision")], (0, 1, 1)),
        ([ACME, HIKVISION, PERSON], (1, 0, 2)),
    ],
    ids=["unchanged", "renamed", "one-new"],
)
def test_a_reimport_updates_by_external_id(
    engine: Engine, second_import: list[CounterpartyInput], expected: tuple[int, int, int]
) -> None:
    upsert_counterparties(engine, [ACME, HIKVISION], source="a.csv")

    outcome = upsert_counterparties(engine, second_import, source="b.csv")

    assert (len(outcome.added), len(outcome.updated), outcome.unchanged) == expected
    assert len(list_counterparties(engine)) == 2 + len(outcome.added)


def test_an_edited_record_needs_screening_again(engine: Engine) -> None:
    upsert_counterparties(engine, [ACME, HIKVISION], source="a.csv")
    with engine.begin() as connection:
        mark_screened(connection, [(c.id, c.content_hash) for c in list_counterparties(engine)])
    assert count_counterparties(engine) == (2, 0)

    renamed = CounterpartyInput("C-2", "Hikvision", "Company", "CN")
    upsert_counterparties(engine, [ACME, renamed], source="b.csv")

    records = _by_external_id(engine)
    assert not records["C-1"].needs_full_screening
    assert records["C-2"].needs_full_screening
    assert count_counterparties(engine) == (2, 1)


def test_marking_screened_ignores_a_record_edited_meanwhile(engine: Engine) -> None:
    upsert_counterparties(engine, [ACME], source="a.csv")
    (before,) = list_counterparties(engine)
    upsert_counterparties(engine, [CounterpartyInput("C-1", "Acme Widgets LLC")], source="b.csv")

    with engine.begin() as connection:
        mark_screened(connection, [(before.id, before.content_hash)])  # the old version

    assert get_counterparty(engine, before.id).needs_full_screening


def test_deactivate_missing_retires_records_absent_from_the_file(engine: Engine) -> None:
    upsert_counterparties(engine, [ACME, HIKVISION, PERSON], source="a.csv")

    outcome = upsert_counterparties(
        engine, [ACME], source="full-register.csv", deactivate_missing=True
    )

    assert len(outcome.deactivated) == 2
    assert [c.external_id for c in list_counterparties(engine)] == ["C-1"]
    assert len(list_counterparties(engine, include_inactive=True)) == 3
    # A retired record that comes back is active again, and screened in full: it missed
    # the list changes while it was not monitored.
    with engine.begin() as connection:
        mark_screened(connection, [(c.id, c.content_hash) for c in list_counterparties(engine)])
    again = upsert_counterparties(engine, [ACME, PERSON], source="c.csv")
    assert len(again.updated) == 1
    records = list_counterparties(engine)
    assert [c.external_id for c in records] == ["C-1", "C-3"]
    assert [c.needs_full_screening for c in records] == [False, True]


def test_an_unknown_counterparty_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFoundError, match="parties list"):
        get_counterparty(engine, 404)
