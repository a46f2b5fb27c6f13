"""Use case: download the official list files and load them (`entitywatch update`).

Each official source is fetched over HTTPS with a conditional GET (the ETag and
Last-Modified of the previous successful download are kept in
``HOME/downloads/state.json``), so an unchanged list costs one small request. A body is
streamed into a private temporary directory under ``HOME/downloads/`` with a size cap,
loaded from there with :func:`entitywatch.loading.load_list_file`, and only then moved
into place as ``HOME/downloads/<file name>``: a cut connection or a file that is not a
list leaves the store, the kept files and the saved validators exactly as they were.

Failures are reported per source (``failed``) rather than raised, so that one
unreachable host does not stop the other lists from being refreshed;
:func:`failure_error` turns them into the :class:`DownloadError` the CLI exits with.

The URL of any source can be overridden (``--url KEY=URL`` or
``ENTITYWATCH_SOURCE_URLS="key=url,key=url"``) so that tests and air-gapped deployments
can point at a mirror.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import enum
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Engine

from entitywatch import __version__
from entitywatch.errors import DownloadError, EntitywatchError, InputError
from entitywatch.loading import load_list_file
from entitywatch.model import Snapshot
from entitywatch.sources.csl import OFFICIAL_CSV_URL
from entitywatch.store.database import data_home
from entitywatch.store.snapshots import HELD, ImportOutcome, active_snapshot, find_snapshot

SOURCE_URLS_VARIABLE = "ENTITYWATCH_SOURCE_URLS"
DOWNLOADS_DIR = "downloads"
STATE_FILE = "state.json"
REJECTED_SUFFIX = ".rejected"
USER_AGENT = f"entitywatch/{__version__}"


@dataclass(frozen=True, slots=True)
class OfficialSource:
    """One list that `update` fetches: where from, how to read it, where to keep it."""

    key: str  # the snapshot source key, e.g. "us_trade_csl"
    format_name: str  # the registered format, e.g. "csl_csv"
    url: str
    file_name: str  # the name the downloaded file is kept under in HOME/downloads/

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url


#: What `entitywatch update` fetches by default. The keys are the source keys that the
#: formats' parsers file their snapshots under, so `load` and `update` share history.
OFFICIAL_SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource("us_trade_csl", "csl_csv", OFFICIAL_CSV_URL, "consolidated.csv"),
    OfficialSource(
        "un_sc_sanctions",
        "un_sc_xml",
        "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "un_consolidated.xml",
    ),
    OfficialSource("us_bis_dpl", "bis_dpl_txt", "https://www.bis.doc.gov/dpl/dpl.txt", "dpl.txt"),
    OfficialSource(
        "us_ofac_cons",
        "ofac_enhanced_xml",
        "https://sanctionslistservice.ofac.treas.gov/api/download/CONS_ENHANCED.ZIP",
        "CONS_ENHANCED.ZIP",
    ),
)


class UpdateStatus(enum.StrEnum):
    UPDATED = "updated"  # a new snapshot was loaded (or a held one confirmed) and is active
    UNCHANGED = "unchanged"  # downloaded, but the bytes were loaded before
    NOT_MODIFIED = "not_modified"  # the server answered 304: nothing downloaded
    FAILED = "failed"  # nothing was changed for this source
    HELD = "held"  # loaded, but a list shrank: the previous snapshot stays active


@dataclass(frozen=True, slots=True)
class DownloadPolicy:
    """How patient a download is. The defaults suit the official servers."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0  # longest silence between two chunks of the body
    attempts: int = 3
    backoff_seconds: float = 1.0  # wait before the 2nd attempt; doubles each time
    max_retry_after: float = 30.0  # a longer Retry-After is reported, not waited for
    max_bytes: int = 512 * 1024 * 1024  # the largest official list is ~100 MB

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.read_timeout, connect=self.connect_timeout)

    def backoff(self, failed_attempts: int) -> float:
        return self.backoff_seconds * 2.0 ** (failed_attempts - 1)


DEFAULT_POLICY = DownloadPolicy()


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What `update` did for one source."""

    source: str
    url: str
    status: UpdateStatus
    snapshot_id: int | None
    message: str
    unreachable: bool = False  # failed because the host could not be reached at all

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "url": self.url,
            "status": self.status.value,
            "snapshot_id": self.snapshot_id,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """A step of one source's update, for a progress display.

    ``phase`` is "download" (``done`` bytes of ``total``, None when the server does not
    say), "load" (parsing and storing) or "done".
    """

    source: str
    phase: str
    done: int = 0
    total: int | None = None


ProgressCallback = Callable[[ProgressEvent], None]


# --- choosing what to fetch ---------------------------------------------------------


def plan_update(
    only: Sequence[str] = (),
    url_options: Sequence[str] = (),
    environment: str | None = None,
) -> list[OfficialSource]:
    """The sources to fetch, with their URLs after overrides.

    ``only`` restricts the sources (``--source``); ``url_options`` are ``KEY=URL``
    overrides (``--url``), which win over ``environment`` (the value of
    ``ENTITYWATCH_SOURCE_URLS``, read from the process environment when None).
    """
    if environment is None:
        environment = os.environ.get(SOURCE_URLS_VARIABLE, "")
    overrides = parse_url_overrides(_split_environment(environment), SOURCE_URLS_VARIABLE)
    overrides.update(parse_url_overrides(url_options, "--url"))
    known = {source.key: source for source in OFFICIAL_SOURCES}
    for key in only:
        _check_key(key, "--source")
    wanted = [known[key] for key in dict.fromkeys(only)] if only else list(OFFICIAL_SOURCES)
    return [replace(s, url=overrides[s.key]) if s.key in overrides else s for s in wanted]


def parse_url_overrides(items: Iterable[str], origin: str) -> dict[str, str]:
    """``["key=url", ...]`` as a dict; ``origin`` names the option or variable in errors."""
    overrides: dict[str, str] = {}
    for item in items:
        key, sep, url = item.strip().partition("=")
        key, url = key.strip(), url.strip()
        if not sep or not key or not url:
            raise InputError(
                f"{origin} {item!r} is not SOURCE=URL",
                hint="e.g. us_trade_csl=https://mirror.example/consolidated.csv",
            )
        _check_key(key, origin)
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname:
            raise InputError(f"{origin} {item!r}: the URL must start with http:// or https://")
        overrides[key] = url
    return overrides


def _split_environment(value: str) -> list[str]:
    # Split only at a comma that starts a new "key=http..." item: a URL may hold commas.
    parts = re.split(r",\s*(?=[A-Za-z0-9_.-]+\s*=\s*https?://)", value.strip())
    return [part for part in parts if part.strip()]


def _check_key(key: str, origin: str) -> None:
    keys = [source.key for source in OFFICIAL_SOURCES]
    if key not in keys:
        raise InputError(
            f"{origin}: unknown source {key!r}", hint=f"known sources: {', '.join(keys)}"
        )


# --- running the update ---------------------------------------------------------------


def downloads_dir(home: Path | None = None) -> Path:
    return (home or data_home()) / DOWNLOADS_DIR


def update_sources(
    engine: Engine,
    sources: Sequence[OfficialSource],
    *,
    accept_shrink: bool = False,
    policy: DownloadPolicy | None = None,
    home: Path | None = None,
    on_progress: ProgressCallback | None = None,
) -> list[SourceResult]:
    """Fetch and load each source in turn; one result per source, in order."""
    policy = policy or DEFAULT_POLICY
    folder = downloads_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    state = DownloadState(folder / STATE_FILE)
    report = on_progress or (lambda _event: None)
    results: list[SourceResult] = []
    with httpx.Client(
        timeout=policy.timeout(),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
    ) as client:
        for source in sources:
            updater = _SourceUpdate(engine, client, source, folder, state, policy, report)
            results.append(updater.run(accept_shrink))
            report(ProgressEvent(source.key, "done"))
    return results


def failure_error(results: Sequence[SourceResult]) -> DownloadError | None:
    """The error `update` exits with when any source failed (None when none did)."""
    failed = [r for r in results if r.status is UpdateStatus.FAILED]
    if not failed:
        return None
    if len(failed) == len(results) and all(r.unreachable for r in failed):
        hosts = ", ".join(dict.fromkeys(urlsplit(r.url).hostname or r.url for r in failed))
        return DownloadError(
            f"no source could be reached ({hosts}): this machine seems to be offline, or a "
            "firewall or proxy blocks these hosts; nothing was changed"
        )
    names = ", ".join(r.source for r in failed)
    return DownloadError(
        f"{len(failed)} of {len(results)} sources failed ({names}); nothing was changed "
        "for them, their previous snapshots stay active"
    )


# --- saved validators ------------------------------------------------------------------


@dataclass(slots=True)
class SavedDownload:
    """What the last successful download of a source was, for the next conditional GET."""

    url: str
    sha256: str  # of the content as loaded: finds its snapshot in the store
    etag: str | None = None
    last_modified: str | None = None
    downloaded_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())


class DownloadState:
    """The JSON file of saved downloads, one entry per source key, written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries = self._read()

    def get(self, key: str) -> SavedDownload | None:
        return self._entries.get(key)

    def save(self, key: str, entry: SavedDownload) -> None:
        self._entries[key] = entry
        document = {k: _entry_dict(v) for k, v in sorted(self._entries.items())}
        # A private temporary name: two updates running at once never mix their writes.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.path.parent, suffix=".tmp", delete=False
        ) as handle:
            handle.write(json.dumps(document, indent=2) + "\n")
        os.replace(handle.name, self.path)

    def _read(self) -> dict[str, SavedDownload]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # A damaged state file only costs one full download of each list.
            return {}
        if not isinstance(document, dict):
            return {}
        entries: dict[str, SavedDownload] = {}
        for key, value in document.items():
            try:
                entries[key] = SavedDownload(**value)
            except TypeError:
                continue
        return entries


def _entry_dict(entry: SavedDownload) -> dict[str, str | None]:
    return {
        "url": entry.url,
        "sha256": entry.sha256,
        "etag": entry.etag,
        "last_modified": entry.last_modified,
        "downloaded_at": entry.downloaded_at,
    }


# --- one source ------------------------------------------------------------------------


class _Failure(Exception):
    """A download that cannot succeed now; ``str()`` is the per-source message."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


class _Retryable(_Failure):
    """A failure worth another attempt (network trouble, HTTP 5xx or 429)."""

    def __init__(
        self, message: str, *, unreachable: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(message, unreachable=unreachable)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class _Downloaded:
    path: Path | None  # None: the server answered 304 Not Modified
    etag: str | None = None
    last_modified: str | None = None


_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK = 1 << 16


class _SourceUpdate:
    """Fetch one source, load it, move the file into place, save the validators."""

    def __init__(
        self,
        engine: Engine,
        client: httpx.Client,
        source: OfficialSource,
        folder: Path,
        state: DownloadState,
        policy: DownloadPolicy,
        report: ProgressCallback,
    ) -> None:
        self.engine = engine
        self.client = client
        self.source = source
        self.folder = folder
        self.state = state
        self.policy = policy
        self.report = report
        self.kept_file = folder / source.file_name

    def run(self, accept_shrink: bool) -> SourceResult:
        saved, saved_snapshot = self._usable_saved_download(accept_shrink)
        workdir = Path(tempfile.mkdtemp(prefix=f".{self.source.key}-", dir=self.folder))
        try:
            downloaded = self._download(workdir / self.source.file_name, saved)
            if downloaded.path is None:
                assert saved is not None and saved_snapshot is not None
                return self._not_modified(saved, saved_snapshot, accept_shrink)
            return self._load(downloaded, accept_shrink)
        except _Failure as failure:
            return self._result(
                UpdateStatus.FAILED, None, str(failure), unreachable=failure.unreachable
            )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    # The saved validators are used only when the download they describe is really in
    # the store: a 304 must never stand in for a list that was never loaded (a new
    # database, a changed URL, a file that failed to load).
    def _usable_saved_download(
        self, accept_shrink: bool
    ) -> tuple[SavedDownload | None, Snapshot | None]:
        saved = self.state.get(self.source.key)
        if saved is None or saved.url != self.source.url:
            return None, None
        if not (saved.etag or saved.last_modified):
            return None, None
        with self.engine.connect() as connection:
            snapshot = find_snapshot(connection, self.source.key, saved.sha256)
        if snapshot is None:
            return None, None
        if snapshot.status == HELD and accept_shrink and not self.kept_file.is_file():
            return None, None  # confirming needs the file again: download it in full
        return saved, snapshot

    def _download(self, target: Path, saved: SavedDownload | None) -> _Downloaded:
        headers: dict[str, str] = {}
        if saved is not None and saved.etag:
            headers["If-None-Match"] = saved.etag
        if saved is not None and saved.last_modified:
            headers["If-Modified-Since"] = saved.last_modified
        last: _Retryable | None = None
        for attempt in range(1, self.policy.attempts + 1):
            try:
                return self._attempt(target, headers)
            except _Retryable as failure:
                last = failure
                if attempt < self.policy.attempts:
                    delay = failure.retry_after
                    time.sleep(self.policy.backoff(attempt) if delay is None else delay)
        assert last is not None
        raise _Failure(
            f"{last} (tried {self.policy.attempts} times); nothing was changed",
            unreachable=last.unreachable,
        )

    def _attempt(self, target: Path, headers: Mapping[str, str]) -> _Downloaded:
        host = self.source.host
        try:
            with self.client.stream("GET", self.source.url, headers=headers) as response:
                if response.status_code == 304:
                    return _Downloaded(None)
                self._check_status(response)
                self._stream_body(response, target)
                return _Downloaded(
                    target,
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError) as exc:
            raise _Retryable(f"cannot reach {host}: {_reason(exc)}", unreachable=True) from exc
        except httpx.TimeoutException as exc:
            raise _Retryable(
                f"{host} stopped sending (no data for {self.policy.read_timeout:g} s)"
            ) from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Retryable(f"the download from {host} was cut off: {_reason(exc)}") from exc
        except httpx.HTTPError as exc:
            raise _Failure(
                f"cannot download from {host}: {_reason(exc)}; nothing was changed"
            ) from exc

    def _check_status(self, response: httpx.Response) -> None:
        code = response.status_code
        answer = f"{self.source.host} answered HTTP {code} {response.reason_phrase}".rstrip()
        if code in _RETRY_STATUSES:
            wait = _retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None and wait > self.policy.max_retry_after:
                raise _Failure(
                    f"{answer} and asks to wait {wait:.0f} s before trying again (run "
                    "`entitywatch update` later); nothing was changed"
                )
            raise _Retryable(answer, retry_after=wait)
        if code != 200:
            raise _Failure(f"{answer} for {self.source.url}; nothing was changed")

    def _stream_body(self, response: httpx.Response, target: Path) -> None:
        cap = self.policy.max_bytes
        total = _content_length(response)
        if total is not None and total > cap:
            raise _Failure(self._too_large(f"{total:,} bytes"))
        self.report(ProgressEvent(self.source.key, "download", 0, total))
        received = 0
        with open(target, "wb") as handle:
            for chunk in response.iter_bytes(_CHUNK):
                received += len(chunk)
                if received > cap:
                    raise _Failure(self._too_large(f"more than {cap:,} bytes"))
                handle.write(chunk)
                self.report(ProgressEvent(self.source.key, "download", received, total))

    def _too_large(self, size: str) -> str:
        return (
            f"{self.source.url} is {size}, over the {self.policy.max_bytes:,}-byte limit for "
            "a list file; nothing was changed"
        )

    def _load(self, downloaded: _Downloaded, accept_shrink: bool) -> SourceResult:
        assert downloaded.path is not None
        self.report(ProgressEvent(self.source.key, "load"))
        try:
            outcome = load_list_file(
                self.engine,
                downloaded.path,
                format_name=self.source.format_name,
                source=self.source.key,
                accept_shrink=accept_shrink,
            )
        except InputError as exc:
            return self._rejected(downloaded.path, exc)
        os.replace(downloaded.path, self.kept_file)
        self.state.save(
            self.source.key,
            SavedDownload(
                url=self.source.url,
                sha256=outcome.snapshot.sha256,
                etag=downloaded.etag,
                last_modified=downloaded.last_modified,
            ),
        )
        return self._outcome_result(outcome)

    def _rejected(self, path: Path, exc: InputError) -> SourceResult:
        # Keep what the server sent for inspection; the error names that copy, not the
        # temporary file that is about to be removed.
        rejected = self.folder / (self.source.file_name + REJECTED_SUFFIX)
        os.replace(path, rejected)
        where = InputError(exc.reason, path=rejected, position=exc.position, hint=exc.hint)
        return self._result(
            UpdateStatus.FAILED,
            None,
            f"{self.source.url} did not serve a valid {self.source.format_name} file: {where}; "
            f"nothing was changed{self._still_active()}",
        )

    def _not_modified(
        self, saved: SavedDownload, snapshot: Snapshot, accept_shrink: bool
    ) -> SourceResult:
        since = f"{self.source.host} says the file has not changed since {saved.downloaded_at[:19]}"
        if snapshot.status != HELD:
            return self._result(
                UpdateStatus.NOT_MODIFIED,
                snapshot.id,
                f"{since}; snapshot {snapshot.id} ({snapshot.status}) holds it",
            )
        if not accept_shrink:
            return self._result(
                UpdateStatus.HELD,
                snapshot.id,
                f"{since}; snapshot {snapshot.id} is held because a list shrank: pass "
                "--accept-shrink to activate it",
            )
        # Confirming a held snapshot: load the kept copy of the same bytes again.
        try:
            outcome = load_list_file(
                self.engine,
                self.kept_file,
                format_name=self.source.format_name,
                source=self.source.key,
                accept_shrink=True,
            )
        except EntitywatchError as exc:
            raise _Failure(f"cannot confirm snapshot {snapshot.id}: {exc}") from exc
        return self._outcome_result(outcome)

    def _outcome_result(self, outcome: ImportOutcome) -> SourceResult:
        snapshot = outcome.snapshot
        if snapshot.status == HELD:
            return self._result(UpdateStatus.HELD, snapshot.id, outcome.message)
        if outcome.created or outcome.activated:
            counts = ", ".join(f"{code} {n:,}" for code, n in snapshot.listings.items())
            return self._result(
                UpdateStatus.UPDATED,
                snapshot.id,
                f"{outcome.message}: {snapshot.parties:,} parties ({counts})",
            )
        return self._result(
            UpdateStatus.UNCHANGED, snapshot.id, f"{outcome.message}; nothing was changed"
        )

    def _still_active(self) -> str:
        with self.engine.connect() as connection:
            active = active_snapshot(connection, self.source.key)
        return f", snapshot {active.id} stays active" if active else ""

    def _result(
        self,
        status: UpdateStatus,
        snapshot_id: int | None,
        message: str,
        *,
        unreachable: bool = False,
    ) -> SourceResult:
        return SourceResult(
            self.source.key, self.source.url, status, snapshot_id, message, unreachable
        )


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _content_length(response: httpx.Response) -> int | None:
    # With a Content-Encoding the header counts compressed bytes; the cap is on what we write.
    if response.headers.get("Content-Encoding", "identity") != "identity":
        return None
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
