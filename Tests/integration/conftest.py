"""Fixtures of the integration tests: a real CSMS (the project's, scripts/csms, on the python
`ocpp` package) in a background thread, and the built `station` executable started on a temporary data
directory with a free control port, driven only from outside: the control API, CSMS calls and
process signals.

Every wait is bounded by a deadline; no test asserts a timing.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import csms as project_csms  # noqa: E402  (scripts/ is not a package)

STATION_BINARY = Path(os.environ.get("STATION_BINARY", ROOT / ".build" / "debug" / "station"))
CONFIGS = ROOT / "configs"

# Tags the test CSMS knows. Unknown tags are Invalid.
TAG = "IT-TAG-1"
SIBLING_TAG = "IT-TAG-2"  # same parent as TAG
OTHER_TAG = "IT-TAG-3"  # no parent
BLOCKED_TAG = "IT-BLOCKED"
UNKNOWN_TAG = "IT-UNKNOWN"
TEST_TAGS = {
    TAG: {"status": "Accepted", "parentIdTag": "IT-FLEET"},
    SIBLING_TAG: {"status": "Accepted", "parentIdTag": "IT-FLEET"},
    OTHER_TAG: {"status": "Accepted"},
    BLOCKED_TAG: {"status": "Blocked"},
}

WAIT = 15.0  # seconds: the bound of a wait for something the station does on its own


class Timestamp:
    """Equal to an OCPP timestamp as the station writes it: UTC with milliseconds."""

    pattern = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and bool(self.pattern.match(other))

    def __repr__(self) -> str:
        return "<timestamp>"


class Integer:
    """Equal to any int (not bool) in the range."""

    def __init__(self, minimum: int = -(2**63), maximum: int = 2**63):
        self.minimum, self.maximum = minimum, maximum

    def __eq__(self, other: object) -> bool:
        return isinstance(other, int) and not isinstance(other, bool) and self.minimum <= other <= self.maximum

    def __repr__(self) -> str:
        return f"<int {self.minimum}..{self.maximum}>"


TIMESTAMP = Timestamp()
INTEGER = Integer()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], Any], timeout: float = WAIT, what: str = "the condition", interval: float = 0.1) -> Any:
    """Polls `condition` until it returns something truthy (returned), failing after `timeout`."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    pytest.fail(f"{what} did not happen within {timeout} s (last seen: {last!r})")


# MARK: The CSMS


class TestCSMS:
    """The project's CSMS on its own event loop in a background thread, on a free port."""

    __test__ = False  # not a test class for pytest

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.csms = project_csms.CentralSystem(tags=project_csms.TagRegistry(tags=TEST_TAGS), interval=300, log=self.lines.append, response_timeout=10)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="test-csms", daemon=True)
        self.port = 0
        self._server = None

    def start(self) -> "TestCSMS":
        self.thread.start()
        self._server = self._run(self._listen())
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _listen(self):
        return await self.csms.listen("127.0.0.1", 0).__aenter__()

    def stop(self) -> None:
        async def close():
            self._server.close()
            await self._server.wait_closed()

        try:
            self._run(close(), timeout=10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)

    def _run(self, coroutine, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ocpp"

    # Settings of the answers

    def set_boot(self, status: str, interval: int) -> None:
        self.csms.boot_status, self.csms.interval = status, interval

    # Calls to the station

    def call(self, station_id: str, action: str, payload: dict, timeout: float = 10) -> dict:
        """Sends a CALL and returns the CALLRESULT payload (fails the test on a CALLERROR)."""
        answer = self._run(self.csms.call(station_id, action, payload, timeout=timeout), timeout=timeout + 5)
        assert answer.error is None, f"{action} answered with CALLERROR {answer.error}"
        return answer.result

    def call_answer(self, station_id: str, action: str, payload: dict, timeout: float = 10) -> project_csms.CallAnswer:
        return self._run(self.csms.call(station_id, action, payload, timeout=timeout), timeout=timeout + 5)

    # Frames the station sent

    def mark(self) -> int:
        return self.csms.mark()

    def wait_call(self, action: str, after: int = 0, timeout: float = WAIT, **fields) -> project_csms.Frame:
        """The first CALL `action` the station sent from frame `after` on whose payload has
        `fields` (top-level values)."""

        def matches(frame: project_csms.Frame) -> bool:
            return (
                frame.direction == "received"
                and frame.message_type == 2
                and frame.action == action
                and all(frame.payload.get(name) == value for name, value in fields.items())
            )

        try:
            return self.csms.wait_for(matches, timeout, after)
        except TimeoutError:
            seen = [f"{f.action} {json.dumps(f.payload)}" for f in self.csms.frames[after:] if f.direction == "received" and f.message_type == 2]
            pytest.fail(f"the station sent no {action} with {fields} within {timeout} s; it sent: {seen}")

    def wait_status(self, connector_id: int, status: str, after: int = 0, timeout: float = WAIT) -> project_csms.Frame:
        return self.wait_call("StatusNotification", after, timeout, connectorId=connector_id, status=status)

    def calls(self, action: str | None = None, after: int = 0, before: int | None = None) -> list[project_csms.Frame]:
        """The CALLs the station sent between frames `after` and `before` (of `action`, if given)."""
        frames = self.csms.frames[after:before]
        return [f for f in frames if f.direction == "received" and f.message_type == 2 and (action is None or f.action == action)]

    def answer_to(self, frame: project_csms.Frame, timeout: float = WAIT) -> Any:
        """The payload of the CSMS's answer to the station's CALL `frame`."""
        answer = self.csms.wait_for(lambda f: f.direction == "sent" and f.message_type != 2 and f.unique_id == frame.unique_id, timeout, frame.index)
        return answer.payload

    def wait_connected(self, station_id: str, timeout: float = WAIT) -> None:
        wait_until(lambda: station_id in self.csms.stations, timeout, f"{station_id} connecting to the CSMS")


# MARK: The station process


class StationProcess:
    """One `station run` process on a data directory, with a free control port."""

    def __init__(self, csms: TestCSMS, station_id: str, data_dir: Path, config: Path, log_dir: Path):
        self.csms = csms
        self.station_id = station_id
        self.data_dir = data_dir
        self.config = config
        self.log_dir = log_dir
        self.control_port = free_port()
        self.process: subprocess.Popen | None = None
        self.runs = 0

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.station_id}-run{self.runs}.log"

    def start(self) -> "StationProcess":
        """Starts the process and waits until its control API answers."""
        assert self.process is None or self.process.poll() is not None, "the station is already running"
        self.runs += 1
        self.control_port = free_port()
        command = [
            str(STATION_BINARY), "run", "--config", str(self.config), "--csms", self.csms.url, "--id", self.station_id,
            "--control", f"127.0.0.1:{self.control_port}", "--data-dir", str(self.data_dir),
            "--ocpp-log", str(self.log_dir / f"{self.station_id}-run{self.runs}.ocpp.jsonl"),
        ]  # fmt: skip
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)

        def answering():
            if self.process.poll() is not None:
                pytest.fail(f"station exited with {self.process.returncode} at start:\n{self.log_tail()}")
            try:
                return self.api("GET", "/api/station")[0] == 200
            except OSError:
                return False

        wait_until(answering, WAIT, "the control API answering")
        return self

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def terminate(self, timeout: float = 15) -> int:
        """SIGTERM, then waits for the clean exit; returns the exit status."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            pytest.fail(f"station did not exit within {timeout} s of SIGTERM:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: a power cut."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)

    # The control API

    def api(self, method: str, path: str, body: dict | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.control_port}{path}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text.decode(errors="replace")

    def post(self, path: str, body: dict | None = None) -> Any:
        status, answer = self.api("POST", path, body if body is not None else {})
        assert status == 200, f"POST {path} answered {status}: {answer}"
        return answer

    def snapshot(self) -> dict | None:
        """GET /api/station, or None while the station reboots."""
        try:
            status, answer = self.api("GET", "/api/station")
        except OSError:
            return None
        return answer if status == 200 else None

    def connector(self, connector_id: int) -> dict:
        snapshot = wait_until(self.snapshot, WAIT, "GET /api/station answering")
        return next(c for c in snapshot["connectors"] if c["id"] == connector_id)

    def plug(self, connector_id: int) -> None:
        self.post(f"/api/connectors/{connector_id}/plug")

    def unplug(self, connector_id: int) -> None:
        self.post(f"/api/connectors/{connector_id}/unplug")

    def swipe(self, id_tag: str, connector_id: int | None = None) -> None:
        body: dict[str, Any] = {"idTag": id_tag}
        if connector_id is not None:
            body["connectorId"] = connector_id
        self.post("/api/rfid", body)

    def network(self, online: bool) -> None:
        self.post("/api/network", {"online": online})

    # Waits on the station's own view

    def wait_registered(self, timeout: float = WAIT) -> dict:
        return wait_until(
            lambda: (s := self.snapshot()) and s["registration"] == "Accepted" and s["connected"] and s,
            timeout,
            f"{self.station_id} registered and connected",
        )

    def wait_connector(self, connector_id: int, timeout: float = WAIT, **fields) -> dict:
        def matching():
            snapshot = self.snapshot()
            if snapshot is None:
                return None
            connector = next(c for c in snapshot["connectors"] if c["id"] == connector_id)
            return connector if all(connector.get(k) == v for k, v in fields.items()) else None

        return wait_until(matching, timeout, f"connector {connector_id} with {fields}")

    # Call shortcuts

    def call(self, action: str, payload: dict, timeout: float = 10) -> dict:
        return self.csms.call(self.station_id, action, payload, timeout)

    def configure(self, key: str, value: str) -> None:
        answer = self.call("ChangeConfiguration", {"key": key, "value": value})
        assert answer == {"status": "Accepted"}, f"ChangeConfiguration {key}={value}: {answer}"


# MARK: Fixtures


@pytest.fixture
def csms():
    server = TestCSMS().start()
    yield server
    server.stop()
    # The CSMS's log (every frame) shows in pytest's report of a failed test.
    print("\n".join(server.lines))


@pytest.fixture
def start_station(csms, tmp_path):
    """Starts a station (not waiting for its boot): start_station(config="simulated.yaml",
    station_id="IT-1", data_dir=None). Every station is terminated after the test."""
    if not STATION_BINARY.is_file():
        pytest.fail(
            f"the station executable is missing at {STATION_BINARY}: build it first with "
            "`swift build --product station` (scripts/test builds it), or set STATION_BINARY"
        )
    started: list[StationProcess] = []

    def start(config: str = "simulated.yaml", station_id: str = "IT-1", data_dir: Path | None = None) -> StationProcess:
        path = CONFIGS / config
        assert path.is_file(), f"configuration {path} is missing"
        station = StationProcess(csms, station_id, data_dir or tmp_path / f"{station_id}-data", path, tmp_path)
        started.append(station)
        return station.start()

    yield start
    for station in started:
        status = station.terminate()
        assert status == 0, f"{station.station_id} exited with {status} after SIGTERM:\n{station.log_tail()}"


@pytest.fixture
def station(csms, start_station):
    """A station booted against the CSMS (Accepted) with every connector reported Available."""
    mark = csms.mark()
    station = start_station()
    csms.wait_call("BootNotification", mark)
    for connector_id in (0, 1, 2):
        csms.wait_status(connector_id, "Available", mark)
    station.wait_registered()
    return station


def go_offline(station: StationProcess, csms: TestCSMS) -> int:
    """Cuts the station's link through the control API, waits until both sides noticed, and
    returns a CSMS mark from which nothing should arrive while offline."""
    station.network(False)
    wait_until(lambda: (s := station.snapshot()) and not s["connected"], what="the station noticing the network cut")
    wait_until(lambda: station.station_id not in csms.csms.stations, what="the CSMS seeing the station go")
    return csms.mark()


def start_session(station: StationProcess, csms: TestCSMS, connector_id: int = 1, id_tag: str = TAG) -> int:
    """Plugs in, swipes `id_tag` and waits for the transaction to charge; returns its id."""
    mark = csms.mark()
    station.plug(connector_id)
    station.swipe(id_tag, connector_id)
    start = csms.wait_call("StartTransaction", mark, connectorId=connector_id, idTag=id_tag)
    transaction_id = csms.answer_to(start)["transactionId"]
    csms.wait_status(connector_id, "Charging", mark)
    station.wait_connector(connector_id, transactionId=transaction_id)
    return transaction_id
