"""Re-screening the counterparty register when the lists or the register change.

A monitoring run screens only what changed since the previous run:

- list entries that are new or changed (their ``content_hash`` differs) in the active
  snapshots, compared with the snapshots of the same sources that the previous run
  used, are searched against every counterparty that was already screened, through a
  small *delta index* over just those entries;
- counterparties that are new or edited since they were last screened are searched
  against everything, through the cached full index.

Each potential match (decision ``match`` or ``review``) becomes an alert, unless the
same counterparty and the same version of the list entry already have one: a false
positive stays suppressed until the entry changes. The run is recorded as a screening of
kind ``monitor`` (whose snapshot ids are the baseline of the next run) with its counts
and timings, in the same transaction as its alerts and the audit entry.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from entitywatch.errors import NoListDataError
from entitywatch.matching.index import PartyQuery
from entitywatch.model import Party, Snapshot
from entitywatch.monitor.matching_pass import Hit, build_delta_index, search_all
from entitywatch.screening import listing_json
from entitywatch.store import queries
from entitywatch.store.alerts import (
    FALSE_POSITIVE,
    LIST_CHANGE,
    NEW_COUNTERPARTY,
    EntryVersion,
    NewAlert,
    entry_versions,
    insert_alerts,
    known_alerts,
)
from entitywatch.store.audit import lock_log
from entitywatch.store.counterparties import Counterparty, list_counterparties, mark_screened
from entitywatch.store.screenings import insert_screening, list_screenings

TRIGGERS = ("list_load", "register_import", "manual")
_DECISION_ORDER = {"match": 2, "review": 1, "clear": 0}
_LOAD_ONE_BY_ONE = 500  # fewer changed entries than this are read by id, more by snapshot
# Candidates kept per counterparty: more than `screen` shows (10), because a counterparty
# named like a listed group (the Entity List holds some 70 Huawei affiliates) must not
# lose an entry at the cut-off, nor gain one there when list statistics shift a little.
RESULTS_PER_COUNTERPARTY = 50


@dataclass(slots=True)
class MonitorRun:
    """What one monitoring run did."""

    trigger: str
    snapshot_ids: list[int]
    baseline_snapshot_ids: list[int]
    counterparties: int = 0
    changed_entries: int = 0
    screened_against_changes: int = 0
    screened_in_full: int = 0
    hits: int = 0
    alert_ids: list[int] = field(default_factory=list)
    new_matches: int = 0
    new_reviews: int = 0
    suppressed_false_positives: int = 0
    already_alerted: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    screening_id: int | None = None  # None: nothing had changed, nothing was recorded

    @property
    def decision(self) -> str:
        if self.new_matches:
            return "match"
        return "review" if self.new_reviews else "clear"

    def summary(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger,
            "counterparties": self.counterparties,
            "changed_entries": self.changed_entries,
            "screened_against_changes": self.screened_against_changes,
            "screened_in_full": self.screened_in_full,
            "hits": self.hits,
            "new_alerts": self.new_matches + self.new_reviews,
            "new_matches": self.new_matches,
            "new_reviews": self.new_reviews,
            "suppressed_false_positives": self.suppressed_false_positives,
            "already_alerted": self.already_alerted,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "screening_id": self.screening_id,
            "snapshot_ids": self.snapshot_ids,
            "baseline_snapshot_ids": self.baseline_snapshot_ids,
            **self.summary(),
            "alert_ids": self.alert_ids,
        }

    def describe(self) -> str:
        if self.screening_id is None:
            return "monitoring: nothing changed since the last run"
        return (
            f"monitoring: {self.changed_entries:,} new or changed list entries screened "
            f"against {self.screened_against_changes:,} counterparties; "
            f"{self.screened_in_full:,} new or edited counterparties screened against all "
            f"entries; {len(self.alert_ids):,} new alerts ({self.new_matches:,} match, "
            f"{self.new_reviews:,} review), {self.suppressed_false_positives:,} suppressed "
            f"as false positives, {self.already_alerted:,} already alerted; "
            f"{self.seconds.get('total', 0.0):.1f} s (screening {self.screening_id})"
        )


def after_load(engine: Engine, home: Path) -> MonitorRun | None:
    """Re-screen the register after a list load; None when there is no register (or no
    active list to screen it against: its records then stay unscreened, never clear)."""
    if not list_counterparties(engine, limit=1) or not queries.active_snapshots(engine):
        return None
    return rescreen(engine, home, trigger="list_load")


def rescreen(
    engine: Engine,
    home: Path,
    *,
    trigger: str = "manual",
    full: bool = False,
    actor: str | None = None,
) -> MonitorRun:
    """One monitoring run (see the module docstring); ``full`` screens everyone in full."""
    from entitywatch.matching.algorithm_v1 import default_thresholds
    from entitywatch.screening import load_index

    started = time.perf_counter()
    active = queries.active_snapshots(engine)
    if not active:
        raise NoListDataError(
            "no list snapshot is loaded, so the register cannot be screened (and nobody is "
            "reported clear): run `entitywatch update` or `entitywatch load FILE`"
        )
    previous = list_screenings(engine, kind="monitor", limit=1)
    baseline = previous[0].snapshot_ids if previous else []
    run = MonitorRun(trigger, sorted(s.id for s in active), baseline)
    register = list_counterparties(engine)
    run.counterparties = len(register)
    # Without an earlier run there is no baseline to compare with: screen everyone fully.
    pending = [c for c in register if full or not previous or c.needs_full_screening]
    pending_ids = {c.id for c in pending}
    settled = [c for c in register if c.id not in pending_ids]
    changed = _changed_entries(engine, active, baseline) if settled else {}
    run.changed_entries = sum(len(ids) for ids in changed.values())
    baseline_moved = set(baseline) != set(run.snapshot_ids)
    if not pending and not run.changed_entries and not baseline_moved:
        run.seconds["total"] = time.perf_counter() - started
        return run
    run.seconds["read"] = time.perf_counter() - started

    thresholds = default_thresholds()
    candidates: list[tuple[Counterparty, Hit, str]] = []
    if pending or run.changed_entries:
        mark = time.perf_counter()
        loaded = load_index(engine, home)
        run.seconds["full_index"] = time.perf_counter() - mark
        if pending:
            mark = time.perf_counter()
            hits = search_all(
                loaded.index,
                [counterparty_query(c) for c in pending],
                min_score=thresholds.review,
                limit=RESULTS_PER_COUNTERPARTY,
            )
            candidates.extend((pending[h.query_number], h, NEW_COUNTERPARTY) for h in hits)
            run.screened_in_full = len(pending)
            run.seconds["screen_new_counterparties"] = time.perf_counter() - mark
        if run.changed_entries and settled:
            mark = time.perf_counter()
            changed_parties = _load_parties(engine, changed)
            delta = build_delta_index(changed_parties, loaded.index)
            run.seconds["delta_index"] = time.perf_counter() - mark
            mark = time.perf_counter()
            hits = search_all(
                delta,
                [counterparty_query(c) for c in settled],
                min_score=thresholds.review,
                limit=RESULTS_PER_COUNTERPARTY,
            )
            candidates.extend((settled[h.query_number], h, LIST_CHANGE) for h in hits)
            run.screened_against_changes = len(settled)
            run.seconds["screen_changed_entries"] = time.perf_counter() - mark
    run.hits = len(candidates)

    mark = time.perf_counter()
    versions = entry_versions(engine, run.snapshot_ids, {hit.party_id for _, hit, _ in candidates})
    snapshots_by_id = {s.id: s for s in active}
    with engine.begin() as connection:
        lock_log(connection)  # one run at a time decides which alerts are new
        known = known_alerts(connection, {(c.id, hit.party_id) for c, hit, _ in candidates})
        new_alerts: list[NewAlert] = []
        for counterparty, hit, reason in candidates:
            version = versions.get(hit.party_id)
            if version is None:
                continue  # the entry left the lists while the run was searching
            earlier = known.get((counterparty.id, hit.party_id), [])
            same_version = [k for k in earlier if k.content_hash == version.content_hash]
            if any(k.status == FALSE_POSITIVE for k in same_version):
                run.suppressed_false_positives += 1
                continue
            if same_version:
                run.already_alerted += 1
                continue
            party = version.party
            decision = thresholds.decide(hit.score)
            if decision == "match":
                run.new_matches += 1
            else:
                run.new_reviews += 1
            new_alerts.append(
                _new_alert(
                    counterparty,
                    hit,
                    party,
                    version,
                    snapshots_by_id[version.snapshot_id],
                    decision=decision,
                    reason=reason,
                    previous_alerts=[k.id for k in earlier],
                    thresholds={"match": thresholds.match, "review": thresholds.review},
                )
            )
        run.seconds["alerts"] = time.perf_counter() - mark
        run.seconds["total"] = time.perf_counter() - started
        run.screening_id = insert_screening(
            connection,
            kind="monitor",
            query={
                "trigger": trigger,
                "full": full,
                "baseline_snapshot_ids": baseline,
                "counterparties": run.counterparties,
            },
            snapshot_ids=run.snapshot_ids,
            decision=run.decision,
            summary=run.summary(),
            actor=actor,
        )
        run.alert_ids = insert_alerts(connection, new_alerts, run.screening_id)
        mark_screened(connection, [(c.id, c.content_hash) for c in pending])
    return run


def counterparty_query(counterparty: Counterparty) -> PartyQuery:
    """The matcher query for a counterparty, as `entitywatch screen` would build it."""
    return PartyQuery(
        name=counterparty.name,
        # An untyped record is screened like `screen` without --type: the matcher then
        # infers a company from a legal form in the name.
        schema=None if counterparty.schema == "LegalEntity" else counterparty.schema,
        countries=(counterparty.country,) if counterparty.country else (),
        identifiers=counterparty.identifiers,
        birth_date=counterparty.birth_date,
    )


def _changed_entries(
    engine: Engine, active: list[Snapshot], baseline_ids: list[int]
) -> dict[int, list[str]]:
    """Party ids new or changed in each active snapshot since the baseline run's snapshot
    of the same source (every party of a source the baseline did not have)."""
    baseline = {queries.get_snapshot(engine, sid).source: sid for sid in baseline_ids}
    out: dict[int, list[str]] = {}
    for snapshot in active:
        before = baseline.get(snapshot.source)
        if before == snapshot.id:
            continue
        if before is None:
            out[snapshot.id] = [
                p.id for p, _ in queries.iter_active_parties(engine, snapshot.source)
            ]
            continue
        diff = queries.diff_snapshots(engine, before, snapshot.id)
        ids = [c.party_id for c in diff.added] + [c.party_id for c in diff.changed]
        if ids:
            out[snapshot.id] = ids
    return out


def _load_parties(engine: Engine, changed: dict[int, list[str]]) -> list[Party]:
    out: list[Party] = []
    for snapshot_id, party_ids in changed.items():
        if len(party_ids) <= _LOAD_ONE_BY_ONE:
            out.extend(queries.load_party(engine, pid, snapshot_id)[0] for pid in party_ids)
            continue
        wanted = set(party_ids)
        source = queries.get_snapshot(engine, snapshot_id).source
        out.extend(p for p, _ in queries.iter_active_parties(engine, source) if p.id in wanted)
    return out


def _new_alert(
    counterparty: Counterparty,
    hit: Hit,
    party: Party,
    version: EntryVersion,
    snapshot: Snapshot,
    *,
    decision: str,
    reason: str,
    previous_alerts: list[int],
    thresholds: dict[str, float],
) -> NewAlert:
    details = {
        "query": {
            "external_id": counterparty.external_id,
            "name": counterparty.name,
            "type": counterparty.schema,
            "country": counterparty.country,
            "identifiers": list(counterparty.identifiers),
            "birth_date": counterparty.birth_date,
        },
        "party": {
            "id": party.id,
            "name": party.caption,
            "schema": party.schema.value,
            "countries": party.countries,
            "names": [{"value": n.value, "kind": n.kind.value} for n in party.names],
            "addresses": [a.full for a in party.addresses if a.full],
        },
        "listings": [listing_json(listing) for listing in party.listings],
        "snapshot": {
            "id": snapshot.id,
            "source": snapshot.source,
            "sha256": snapshot.sha256,
            "loaded_at": snapshot.loaded_at.isoformat(),
        },
        "matched_name_kind": hit.matched_name_kind,
        "explanation": hit.explanation,
        "thresholds": thresholds,
        "previous_alerts": previous_alerts,
    }
    return NewAlert(
        counterparty_id=counterparty.id,
        party_id=party.id,
        source=version.source,
        snapshot_id=version.snapshot_id,
        content_hash=version.content_hash,
        score=hit.score,
        matched_name=hit.matched_name,
        party_name=party.caption,
        decision=decision,
        reason=reason,
        details=details,
    )
