"""Specification of `entitywatch update`: downloads from a real HTTP server on loopback.

Every test runs its own ``http.server`` in a background thread (port 0) serving files
copied from ../shared/data into ``tmp_path``, and its own store (``ENTITYWATCH_HOME`` =
``tmp_path``). The server speaks ETag / Last-Modified and can be told to fail first,
to cut a body short, or to answer with an error page.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from entitywatch import __version__, updating
from entitywatch.cli import app
from entitywatch.errors import InputError
from entitywatch.sources import get_format
from entitywatch.store import open_engine, queries
from entitywatch.updating import (
    OFFICIAL_SOURCES,
    DownloadPolicy,
    SourceResult,
    UpdateStatus,
    failure_error,
    plan_update,
    update_sources,
)
from tests.conftest import shared_file
from tests.csl_versions import read_csl_rows, write_csl

CSL = "us_trade_csl"
CSL_FILE = "consolidated.csv"  # the name `update` keeps the CSL under
FAST = DownloadPolicy(connect_timeout=2.0, read_timeout=5.0, backoff_seconds=0.01)

HTML_ERROR_PAGE = b"""<!DOCTYPE html>
<html><head><title>Service Unavailable</title></head>
<body><h1>The site is down for maintenance</h1></body></html>
"""


# --- the server ---------------------------------------------------------------------------


@dataclass
class Behaviour:
    """How the server answers one path (beyond serving the file)."""

    fail_first: list[int] = field(default_factory=list)  # statuses to answer before the file
    retry_after: str | None = None  # Retry-After header sent with those statuses
    cut_after: int | None = None  # send this many body bytes, then close the connection
    conditional: bool = True  # send ETag / Last-Modified and honour them with 304
    content_type: str = "text/csv"


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    status: int


class ListServer(ThreadingHTTPServer):
    """Serves the files of ``root`` with ETag (sha256) and Last-Modified (mtime)."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.behaviours: dict[str, Behaviour] = {}
        self.requests: list[Request] = []

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"

    def serve(self, name: str, source: Path | bytes, behaviour: Behaviour | None = None) -> str:
        """Put a file at /name (copied, or written from bytes) and return its URL."""
        target = self.root / name
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            shutil.copyfile(source, target)
        self.behaviours[name] = behaviour or Behaviour()
        return self.url(name)

    def statuses(self, name: str) -> list[int]:
        return [r.status for r in self.requests if r.path == "/" + name]


class _Handler(BaseHTTPRequestHandler):
    server: ListServer

    def do_GET(self) -> None:
        name = self.path.lstrip("/")
        file = self.server.root / name
        behaviour = self.server.behaviours.get(name, Behaviour())
        if not name or not file.is_file():
            return self._answer(404, b"not found")
        if behaviour.fail_first:
            status = behaviour.fail_first.pop(0)
            extra = {"Retry-After": behaviour.retry_after} if behaviour.retry_after else {}
            return self._answer(status, b"try again later", extra)
        body = file.read_bytes()
        validators = {}
        if behaviour.conditional:
            validators = {
                "ETag": '"' + hashlib.sha256(body).hexdigest()[:16] + '"',
                "Last-Modified": email.utils.formatdate(file.stat().st_mtime, usegmt=True),
            }
            if self._not_modified(validators):
                return self._answer(304, b"", validators)
        if behaviour.cut_after is not None:
            return self._cut(body, behaviour.cut_after)
        self._answer(200, body, {"Content-Type": behaviour.content_type, **validators})

    def _not_modified(self, validators: dict[str, str]) -> bool:
        if "If-None-Match" in self.headers:
            return self.headers["If-None-Match"] == validators["ETag"]
        since = self.headers.get("If-Modified-Since")
        return since is not None and since == validators["Last-Modified"]

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self._log(status)
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _cut(self, body: bytes, keep: int) -> None:
        """Promise the whole body, send part of it, and hang up."""
        self._log(200)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:keep])
        self.wfile.flush()
        self.close_connection = True

    def _log(self, status: int) -> None:
        self.server.requests.append(Request(self.path, dict(self.headers.items()), status))

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ListServer]:
    root = tmp_path / "mirror"
    root.mkdir()
    httpd = ListServer(root)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data home for this test, fast retries, and no URLs from the environment."""
    folder = tmp_path / "home"
    monkeypatch.setenv("ENTITYWATCH_HOME", str(folder))
    monkeypatch.delenv("ENTITYWATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv(updating.SOURCE_URLS_VARIABLE, raising=False)
    monkeypatch.setattr(updating, "DEFAULT_POLICY", FAST)
    return folder


@pytest.fixture
def store(home: Path) -> Iterator[Engine]:
    engine = open_engine()
    try:
        yield engine
    finally:
        engine.dispose()


# --- small CSL files built from the real one ------------------------------------------------


CslRows = tuple[list[str], list[dict[str, str]]]
SmallCsl = Callable[[int], Path]


@pytest.fixture(scope="module")
def csl_rows() -> CslRows:
    return read_csl_rows()


@pytest.fixture
def small_csl(tmp_path: Path, csl_rows: CslRows) -> SmallCsl:
    """Writes the first N rows of the real 2022 CSL: enough where the counts don't matter."""

    def write(count: int) -> Path:
        header, rows = csl_rows
        return write_csl(tmp_path / f"csl_first_{count}.csv", header, rows[:count])

    return write


def update_csl(engine: Engine, url: str, *, accept_shrink: bool = False) -> SourceResult:
    (result,) = update_sources(
        engine, plan_update([CSL], [f"{CSL}={url}"]), accept_shrink=accept_shrink, policy=FAST
    )
    return result


def snapshot_ids(engine: Engine) -> list[tuple[int, str]]:
    return [(s.id, s.status) for s in queries.list_snapshots(engine)]


def kept_files(home: Path) -> list[str]:
    """Everything left in HOME/downloads (partial downloads would show up here)."""
    return sorted(p.name for p in (home / "downloads").iterdir())


# --- the table of official sources ----------------------------------------------------------


@pytest.mark.parametrize("source", OFFICIAL_SOURCES, ids=lambda s: s.key)
def test_each_official_source_is_a_registered_format_under_its_own_key(
    source: updating.OfficialSource,
) -> None:
    fmt = get_format(source.format_name)
    assert (source.key, source.url) == (fmt.source, fmt.official_url)
    assert source.url.startswith("https://")


# --- downloading and loading ----------------------------------------------------------------


def test_first_update_loads_the_list_and_the_second_is_not_modified(
    server: ListServer, store: Engine, home: Path
) -> None:
    url = server.serve("consolidated.csv", shared_file("csl_2022/consolidated.csv"))

    first = update_csl(store, url)

    assert first.status is UpdateStatus.UPDATED
    (snapshot,) = queries.list_snapshots(store)
    assert (first.snapshot_id, snapshot.active) == (snapshot.id, True)
    assert snapshot.listings["EL"] == 2001
    assert snapshot.parties == 14160
    assert kept_files(home) == [CSL_FILE, "state.json"]
    saved = json.loads((home / "downloads" / "state.json").read_text())[CSL]
    assert saved["url"] == url and saved["etag"] and saved["last_modified"]

    second = update_csl(store, url)

    assert (second.status, second.snapshot_id) == (UpdateStatus.NOT_MODIFIED, snapshot.id)
    assert snapshot_ids(store) == [(snapshot.id, "active")]
    asked = server.requests[-1].headers
    assert asked["If-None-Match"] == saved["etag"]
    assert asked["If-Modified-Since"] == saved["last_modified"]
    assert asked["User-Agent"] == f"entitywatch/{__version__}"
    assert server.statuses("consolidated.csv") == [200, 304]


def test_a_changed_file_becomes_a_new_active_snapshot(
    server: ListServer, store: Engine, home: Path, small_csl: SmallCsl
) -> None:
    url = server.serve("consolidated.csv", small_csl(50))
    first = update_csl(store, url)
    changed = small_csl(53)
    server.serve("consolidated.csv", changed)

    second = update_csl(store, url)

    assert (first.status, second.status) == (UpdateStatus.UPDATED, UpdateStatus.UPDATED)
    assert snapshot_ids(store) == [
        (first.snapshot_id, "superseded"),
        (second.snapshot_id, "active"),
    ]
    assert (home / "downloads" / CSL_FILE).read_bytes() == changed.read_bytes()


def test_identical_bytes_without_validators_are_unchanged(
    server: ListServer, store: Engine, small_csl: SmallCsl
) -> None:
    small = small_csl(50)
    url = server.serve("consolidated.csv", small, Behaviour(conditional=False))

    first = update_csl(store, url)
    second = update_csl(store, url)

    assert second.status is UpdateStatus.UNCHANGED
    assert second.snapshot_id == first.snapshot_id
    assert len(queries.list_snapshots(store)) == 1
    assert "If-None-Match" not in server.requests[-1].headers


@pytest.mark.parametrize(
    ("fail_first", "retry_after"),
    [
        ([500, 500], None),  # two server errors, then the file
        ([503], None),
        ([429], "0"),  # rate limited, told to retry at once
        ([502, 504], None),
    ],
)
def test_server_errors_and_rate_limits_are_retried(
    server: ListServer,
    store: Engine,
    small_csl: SmallCsl,
    fail_first: list[int],
    retry_after: str | None,
) -> None:
    small = small_csl(50)
    url = server.serve(
        "consolidated.csv", small, Behaviour(fail_first=list(fail_first), retry_after=retry_after)
    )

    result = update_csl(store, url)

    assert result.status is UpdateStatus.UPDATED
    assert server.statuses("consolidated.csv") == [*fail_first, 200]


@pytest.mark.parametrize(
    ("fail_first", "retry_after", "requests", "message"),
    [
        ([500, 500, 500], None, 3, "answered HTTP 500 Internal Server Error (tried 3 times)"),
        ([404], None, 1, "answered HTTP 404 Not Found for http://127.0.0.1"),
        ([503], "3600", 1, "asks to wait 3600 s before trying again"),
    ],
)
def test_lasting_http_errors_fail_without_changing_anything(
    server: ListServer,
    store: Engine,
    home: Path,
    small_csl: SmallCsl,
    fail_first: list[int],
    retry_after: str | None,
    requests: int,
    message: str,
) -> None:
    small = small_csl(50)
    url = server.serve(
        "consolidated.csv", small, Behaviour(fail_first=list(fail_first), retry_after=retry_after)
    )

    result = update_csl(store, url)

    assert result.status is UpdateStatus.FAILED
    assert message in result.message
    assert result.message.endswith("nothing was changed")
    assert len(server.statuses("consolidated.csv")) == requests
    assert queries.list_snapshots(store) == []
    assert kept_files(home) == []


def test_a_cut_connection_leaves_nothing_half_written(
    server: ListServer, store: Engine, home: Path, small_csl: SmallCsl
) -> None:
    good = small_csl(50)
    url = server.serve("consolidated.csv", good)
    before = update_csl(store, url)
    newer = small_csl(60)
    server.serve("consolidated.csv", newer, Behaviour(cut_after=5000))

    result = update_csl(store, url)

    assert result.status is UpdateStatus.FAILED
    assert "the download from 127.0.0.1 was cut off" in result.message
    assert server.statuses("consolidated.csv") == [200, 200, 200, 200]  # first + 3 attempts
    assert snapshot_ids(store) == [(before.snapshot_id, "active")]
    assert kept_files(home) == [CSL_FILE, "state.json"]
    assert (home / "downloads" / CSL_FILE).read_bytes() == good.read_bytes()


def test_a_file_over_the_size_cap_is_refused(
    server: ListServer, store: Engine, home: Path, small_csl: SmallCsl
) -> None:
    small = small_csl(50)
    url = server.serve("consolidated.csv", small)
    tiny_cap = DownloadPolicy(backoff_seconds=0.01, max_bytes=1000)

    (result,) = update_sources(store, plan_update([CSL], [f"{CSL}={url}"]), policy=tiny_cap)

    assert result.status is UpdateStatus.FAILED
    assert "over the 1,000-byte limit" in result.message
    assert kept_files(home) == []


def test_an_error_page_served_with_200_is_rejected_and_the_previous_snapshot_stays(
    server: ListServer, store: Engine, home: Path, small_csl: SmallCsl
) -> None:
    good = small_csl(50)
    url = server.serve("consolidated.csv", good)
    before = update_csl(store, url)
    saved_before = (home / "downloads" / "state.json").read_text()
    server.serve("consolidated.csv", HTML_ERROR_PAGE, Behaviour(content_type="text/html"))

    result = update_csl(store, url)

    assert result.status is UpdateStatus.FAILED
    rejected = home / "downloads" / (CSL_FILE + ".rejected")
    with pytest.raises(InputError) as parse_error:
        get_format("csl_csv").parse(rejected)
    assert parse_error.value.reason in result.message
    assert str(rejected) in result.message
    assert f"snapshot {before.snapshot_id} stays active" in result.message
    assert snapshot_ids(store) == [(before.snapshot_id, "active")]
    assert (home / "downloads" / CSL_FILE).read_bytes() == good.read_bytes()
    assert (home / "downloads" / "state.json").read_text() == saved_before


def test_a_shrunk_list_is_held_until_accepted_even_when_not_modified(
    server: ListServer, store: Engine, small_csl: SmallCsl
) -> None:
    url = server.serve("consolidated.csv", small_csl(50))
    first = update_csl(store, url)
    server.serve("consolidated.csv", small_csl(20))

    held = update_csl(store, url)
    again = update_csl(store, url)
    accepted = update_csl(store, url, accept_shrink=True)

    assert [held.status, again.status, accepted.status] == [
        UpdateStatus.HELD,
        UpdateStatus.HELD,
        UpdateStatus.UPDATED,
    ]
    assert "--accept-shrink" in again.message
    assert server.statuses("consolidated.csv") == [200, 200, 304, 304]
    assert snapshot_ids(store) == [(first.snapshot_id, "superseded"), (held.snapshot_id, "active")]


def test_validators_are_not_sent_when_the_store_lacks_that_download(
    server: ListServer, home: Path, small_csl: SmallCsl
) -> None:
    url = server.serve("consolidated.csv", small_csl(50))
    engine = open_engine()
    update_csl(engine, url)
    engine.dispose()
    (home / "entitywatch.db").unlink()  # a new, empty store with the old state file
    fresh = open_engine()

    result = update_csl(fresh, url)

    assert result.status is UpdateStatus.UPDATED
    assert "If-None-Match" not in server.requests[-1].headers
    fresh.dispose()


# --- the command ------------------------------------------------------------------------------


def closed_port() -> int:
    """A port on loopback that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_source_exits_4_naming_the_host_and_changes_nothing(
    server: ListServer, home: Path, small_csl: SmallCsl
) -> None:
    url = server.serve("consolidated.csv", small_csl(50))
    runner = CliRunner(mix_stderr=False)
    loaded = runner.invoke(app, ["update", "--source", CSL, "--url", f"{CSL}={url}"])
    assert loaded.exit_code == 0, loaded.output
    listed = runner.invoke(app, ["lists", "--json"]).stdout
    state = (home / "downloads" / "state.json").read_text()
    dead = f"http://127.0.0.1:{closed_port()}/consolidated.csv"

    result = runner.invoke(app, ["update", "--source", CSL, "--url", f"{CSL}={dead}"])

    assert result.exit_code == 4
    assert "cannot reach 127.0.0.1" in result.stdout
    assert "nothing was changed" in result.stdout
    assert "seems to be offline" in result.stderr
    assert runner.invoke(app, ["lists", "--json"]).stdout == listed
    assert (home / "downloads" / "state.json").read_text() == state
    assert kept_files(home) == [CSL_FILE, "state.json"]


def test_json_output_and_the_environment_variable(
    server: ListServer,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_csl: SmallCsl,
) -> None:
    url = server.serve("consolidated.csv", small_csl(50))
    monkeypatch.setenv(updating.SOURCE_URLS_VARIABLE, f"{CSL}={url}")

    result = CliRunner(mix_stderr=False).invoke(app, ["update", "--source", CSL, "--json"])

    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["results"]
    assert entry == {
        "source": CSL,
        "url": url,
        "status": "updated",
        "snapshot_id": 1,
        "message": entry["message"],
    }
    assert entry["message"].startswith("snapshot 1 is now active for us_trade_csl: 50 parties")


# --- choosing sources and URLs ----------------------------------------------------------------


DEFAULT_URLS = {source.key: source.url for source in OFFICIAL_SOURCES}


@pytest.mark.parametrize(
    ("only", "url_options", "environment", "expected"),
    [
        ([], [], "", DEFAULT_URLS),
        (["us_bis_dpl"], [], "", {"us_bis_dpl": DEFAULT_URLS["us_bis_dpl"]}),
        (
            ["us_bis_dpl"],
            [],
            "us_bis_dpl=http://mirror/dpl.txt, un_sc_sanctions=http://mirror/un.xml",
            {"us_bis_dpl": "http://mirror/dpl.txt"},
        ),
        (  # --url wins over the environment
            ["us_bis_dpl"],
            ["us_bis_dpl=https://other/dpl.txt"],
            "us_bis_dpl=http://mirror/dpl.txt",
            {"us_bis_dpl": "https://other/dpl.txt"},
        ),
        (  # a comma inside a URL does not split it
            ["us_trade_csl"],
            [],
            "us_trade_csl=http://mirror/csl?cols=a,b,us_bis_dpl=http://mirror/dpl.txt",
            {"us_trade_csl": "http://mirror/csl?cols=a,b"},
        ),
    ],
)
def test_sources_and_url_overrides(
    only: list[str], url_options: list[str], environment: str, expected: dict[str, str]
) -> None:
    plan = plan_update(only, url_options, environment)
    assert {source.key: source.url for source in plan} == expected


@pytest.mark.parametrize(
    ("only", "url_options", "environment", "error"),
    [
        (["nope"], [], "", "--source: unknown source 'nope'"),
        ([], ["nope=http://x/y"], "", "--url: unknown source 'nope'"),
        ([], ["us_bis_dpl"], "", "--url 'us_bis_dpl' is not SOURCE=URL"),
        ([], ["us_bis_dpl=ftp://x/y"], "", "the URL must start with http:// or https://"),
        ([], [], "oops", "ENTITYWATCH_SOURCE_URLS 'oops' is not SOURCE=URL"),
    ],
)
def test_bad_sources_and_urls_are_input_errors(
    only: list[str], url_options: list[str], environment: str, error: str
) -> None:
    with pytest.raises(InputError, match=re.escape(error)):
        plan_update(only, url_options, environment)


def test_offline_is_said_only_when_every_source_was_unreachable() -> None:
    def failed(source: str, unreachable: bool) -> SourceResult:
        return SourceResult(
            source, f"https://{source}.example/x", UpdateStatus.FAILED, None, "", unreachable
        )

    ok = SourceResult("b", "https://b.example/x", UpdateStatus.NOT_MODIFIED, 1, "")
    assert failure_error([ok]) is None
    assert "seems to be offline" in str(failure_error([failed("a", True), failed("c", True)]))
    assert "1 of 2 sources failed (a)" in str(failure_error([failed("a", True), ok]))
    assert "offline" not in str(failure_error([failed("a", False)]))
