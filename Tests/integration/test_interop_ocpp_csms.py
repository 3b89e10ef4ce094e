"""Interoperability with a central system we did not write: `ocpp-csms` from PyPI (pinned in
scripts/requirements.txt), an asyncio/aiohttp CSMS on the python `ocpp` package.

The CSMS runs in this process on its own event loop in a background thread. It is mounted in an
aiohttp application of ours, the way its README shows for embedding, so that the test sees each
WebSocket open and the code of the Close frame that ended it (`WebSocketResponse.close_code`).
Every OCPP frame in both directions comes from its documented `ocpp_csms.wire` logger (debug
level: the `ocpp` package logs "receive message" and "send" with the frame), in the order the CSMS
read and wrote them. CSMS-initiated calls go through its typed methods (`async_get_configuration`,
`async_trigger_message`, `async_remote_start_transaction`, `async_remote_stop_transaction`,
`async_reset`). Every frame is validated against the official OCPP 1.6 schemas in
Tests/Fixtures/ocpp16-schemas; no CALLERROR may go either way.

The station is the built `station run` on configs/simulated.yaml with a CSMS URL that uses the
`{chargePointId}` placeholder and a slash after the identity, driven through its control API.
"""

from __future__ import annotations

import asyncio
import decimal
import json
import logging
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable

import jsonschema
import ocpp_csms  # pinned in scripts/requirements.txt; scripts/bootstrap installs it
import pytest
from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
STATION_BINARY = Path(os.environ.get("STATION_BINARY", ROOT / ".build" / "debug" / "station"))
SCHEMAS = ROOT / "Tests" / "Fixtures" / "ocpp16-schemas"
STATION_ID = "INTEROP-1"
TAG = "04E1F2A3"
WAIT = 20.0  # seconds: the bound of any wait for the station or the CSMS


def wait_until(condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    """Polls `condition` until it returns something truthy (returned); fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    pytest.fail(f"{what} did not happen within {timeout} s")


class Wire:
    """What the CSMS saw, in order: ("open", n), ("closed", n, code) and ("frame", "in"|"out", [frame])."""

    def __init__(self) -> None:
        self.entries: list[tuple] = []
        self.lock = threading.Lock()

    def add(self, entry: tuple) -> None:
        with self.lock:
            self.entries.append(entry)

    def snapshot(self) -> list[tuple]:
        with self.lock:
            return list(self.entries)

    def mark(self) -> int:
        return len(self.snapshot())

    def frames(self, after: int = 0) -> list[tuple[int, str, list]]:
        """(index, direction, frame) of every frame from entry `after` on."""
        return [(i, e[1], e[2]) for i, e in enumerate(self.snapshot()) if i >= after and e[0] == "frame"]

    def call_index(self, action: str, after: int = 0) -> int | None:
        """The index of the first CALL `action` the station sent from entry `after` on."""
        return next((i for i, d, f in self.frames(after) if d == "in" and f[0] == 2 and f[2] == action), None)

    def answer_index(self, action: str, after: int = 0) -> int | None:
        """The index of the station's answer to the first CSMS CALL `action` from entry `after` on."""
        ids = [f[1] for i, d, f in self.frames(after) if d == "out" and f[0] == 2 and f[2] == action]
        if not ids:
            return None
        return next((i for i, d, f in self.frames(after) if d == "in" and f[0] in (3, 4) and f[1] == ids[0]), None)

    def index_of(self, entry: tuple, after: int = 0) -> int | None:
        return next((i for i, e in enumerate(self.snapshot()) if i >= after and e[: len(entry)] == entry), None)


class WireHandler(logging.Handler):
    """Turns the `ocpp` package's "receive message" / "send" log lines into wire entries."""

    def __init__(self, wire: Wire) -> None:
        super().__init__(logging.DEBUG)
        self.wire = wire

    def emit(self, record: logging.LogRecord) -> None:
        direction = {"%s: receive message %s": "in", "%s: send %s": "out"}.get(str(record.msg))
        if direction and isinstance(record.args, tuple) and len(record.args) == 2:
            self.wire.add(("frame", direction, json.loads(record.args[1])))


class InteropCSMS:
    """ocpp-csms behind our aiohttp application, on a free port, in a background thread."""

    def __init__(self) -> None:
        self.wire = Wire()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="ocpp-csms", daemon=True)
        self.connections = 0
        self.port = 0
        self.logger = logging.getLogger("ocpp_csms.wire")
        self.handler = WireHandler(self.wire)

    def start(self) -> "InteropCSMS":
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.handler)
        self.thread.start()
        self.run(self._start())
        return self

    async def _start(self) -> None:
        self.central = ocpp_csms.CentralSystem(call_timeout=15)
        app = web.Application()
        app.router.add_get("/ocpp/{charge_point_id}/", self._serve)
        self.runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self.runner.setup()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        self.connections += 1
        number = self.connections
        self.wire.add(("open", number))
        ws = await self.central.async_handle_request(request)
        self.wire.add(("closed", number, getattr(ws, "close_code", None)))
        return ws

    def stop(self) -> None:
        async def close() -> None:
            await self.central.async_stop()
            await self.runner.cleanup()

        try:
            self.run(close())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.logger.removeHandler(self.handler)

    def run(self, coroutine, timeout: float = WAIT) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    @property
    def charge_point(self):
        return self.central.charge_points[STATION_ID]

    def request(self, method: str, *args, **kwargs) -> Any:
        """Calls one of the charge point's typed request methods and returns its answer."""

        async def call():
            return await getattr(self.charge_point, method)(*args, **kwargs)

        return self.run(call())

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ocpp/{{chargePointId}}/"


class Station:
    """`station run` against the interop CSMS, driven through its control API."""

    def __init__(self, csms: InteropCSMS, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.control = probe.getsockname()[1]
        self.log = folder / "station.log"
        command = [
            str(STATION_BINARY), "run", "--config", str(ROOT / "configs" / "simulated.yaml"), "--csms", csms.url, "--id", STATION_ID,
            "--control", f"127.0.0.1:{self.control}", "--data-dir", str(folder / "data"),
        ]  # fmt: skip
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)

    def post(self, path: str, body: dict | None = None) -> None:
        request = urllib.request.Request(f"http://127.0.0.1:{self.control}{path}", data=json.dumps(body or {}).encode(), method="POST")
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200, f"POST {path}: {response.status}"

    def terminate(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
                pytest.fail("the station did not exit within 15 s of SIGTERM")
        return self.process.returncode

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])


def validate(frames: list[tuple[int, str, list]]) -> list[str]:
    """Checks every frame against the official schemas; returns what is wrong (nothing: empty)."""
    validators: dict[str, Any] = {}
    calls: dict[tuple[str, str], str] = {}  # (sender, message id) -> action
    problems = []
    for index, direction, frame in frames:
        frame = json.loads(json.dumps(frame), parse_float=decimal.Decimal)
        if frame[0] == 2:
            calls[(direction, frame[1])] = frame[2]
            schema, payload = frame[2], frame[3]
        elif frame[0] == 3:
            action = calls.get(("out" if direction == "in" else "in", frame[1]))
            if action is None:
                problems.append(f"#{index}: answer to an unknown CALL: {frame}")
                continue
            schema, payload = f"{action}Response", frame[2]
        else:
            problems.append(f"#{index}: CALLERROR {frame}")
            continue
        if schema not in validators:
            document = json.loads((SCHEMAS / f"{schema}.json").read_text(), parse_float=decimal.Decimal)
            cls = jsonschema.validators.validator_for(document)
            validators[schema] = cls(document, format_checker=cls.FORMAT_CHECKER)
        problems += [f"#{index} {schema} {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validators[schema].iter_errors(payload)]
    return problems


@pytest.fixture
def interop(tmp_path):
    if not STATION_BINARY.is_file():
        pytest.fail(f"the station executable is missing at {STATION_BINARY}: build it with `swift build --product station`")
    csms = InteropCSMS().start()
    station = Station(csms, tmp_path)
    yield csms, station
    station.terminate()
    csms.stop()
    print("station log:\n" + station.log_tail())
    print("wire:\n" + "\n".join(map(str, csms.wire.snapshot())))


def test_a_whole_session_and_the_remote_requests_of_ocpp_csms(interop):
    csms, station = interop
    wire = csms.wire

    # Boot: one connection, through the {chargePointId} URL with a slash after the identity.
    wait_until(lambda: wire.call_index("BootNotification") is not None, "BootNotification")
    wait_until(lambda: len(csms.charge_point.connectors) == 3, "the three boot StatusNotifications")
    assert csms.charge_point.registration_status == ocpp_csms.RegistrationStatus.ACCEPTED
    assert wire.index_of(("open", 1)) < wire.call_index("BootNotification")

    # Plug and swipe, meter values every second, swipe to stop.
    assert csms.request("async_change_configuration", "MeterValueSampleInterval", "1") == "Accepted"
    mark = wire.mark()
    station.post("/api/connectors/1/plug")
    station.post("/api/rfid", {"idTag": TAG, "connectorId": 1})
    transaction = wait_until(lambda: csms.charge_point.get_transaction(1), "the transaction starting")
    def periodic_samples():
        values = [f[3] for _, d, f in wire.frames(mark) if d == "in" and f[0] == 2 and f[2] == "MeterValues"]
        return [v for mv in values for m in mv["meterValue"] for v in m["sampledValue"] if v.get("context", "Sample.Periodic") == "Sample.Periodic"]

    wait_until(periodic_samples, "periodic MeterValues of the transaction")
    station.post("/api/rfid", {"idTag": TAG})
    stop_index = wait_until(lambda: wire.call_index("StopTransaction", mark), "StopTransaction")
    stop = wire.snapshot()[stop_index][2][3]
    assert stop["transactionId"] == transaction.transaction_id
    end = [v for mv in stop["transactionData"] for v in mv["sampledValue"] if v.get("context") == "Transaction.End" and v.get("measurand", "Energy.Active.Import.Register") == "Energy.Active.Import.Register"]
    assert [v["value"] for v in end] == [str(stop["meterStop"])], "meterStop is the Transaction.End sample"
    station.post("/api/connectors/1/unplug")

    # GetConfiguration and TriggerMessage.
    configuration = csms.request("async_get_configuration", ["HeartbeatInterval", "MeterValueSampleInterval"])
    assert configuration.values["MeterValueSampleInterval"].value == "1"
    mark = wire.mark()
    assert csms.request("async_trigger_message", ocpp_csms.MessageTrigger.STATUS_NOTIFICATION, 2) == "Accepted"
    triggered = wait_until(lambda: wire.call_index("StatusNotification", mark), "the triggered StatusNotification")
    assert wire.answer_index("TriggerMessage", mark) < triggered, "the answer goes before the triggered message"

    # RemoteStart on a plugged connector, then RemoteStop: each answer before its consequences.
    station.post("/api/connectors/2/plug")
    wait_until(lambda: csms.charge_point.connectors.get(2) and csms.charge_point.connectors[2].status == "Preparing", "connector 2 Preparing")
    mark = wire.mark()
    assert csms.request("async_remote_start_transaction", TAG, 2) == "Accepted"
    remote = wait_until(lambda: csms.charge_point.get_transaction(2), "the remote transaction starting")
    answered = wire.answer_index("RemoteStartTransaction", mark)
    # Everything the station sent after the request but a Heartbeat (which it did not cause).
    first_call = min(i for i, d, f in wire.frames(mark) if d == "in" and f[0] == 2 and f[2] != "Heartbeat")
    assert answered < first_call, "RemoteStartTransaction is answered before anything it causes"
    mark = wire.mark()
    assert csms.request("async_remote_stop_transaction", remote.transaction_id) == "Accepted"
    stopped = wait_until(lambda: wire.call_index("StopTransaction", mark), "the remote StopTransaction")
    assert wire.answer_index("RemoteStopTransaction", mark) < stopped, "RemoteStopTransaction is answered before its StopTransaction"
    assert wire.snapshot()[stopped][2][3]["reason"] == "Remote"

    # Reset: answered, the connection ends with a Close frame (1001), a new one carries the boot.
    mark = wire.mark()
    assert csms.request("async_reset", ocpp_csms.ResetType.SOFT) == "Accepted"
    boot = wait_until(lambda: wire.call_index("BootNotification", mark), "BootNotification after the Reset")
    closed = wait_until(lambda: wire.index_of(("closed", 1)), "the first connection closing")
    assert wire.snapshot()[closed][2] == 1001, "a Close frame with 1001 (going away) ended the first connection"
    reopened = wire.index_of(("open", 2), mark)
    assert reopened is not None and wire.answer_index("Reset", mark) < reopened < boot, "answer, new connection, then BootNotification"
    wait_until(lambda: csms.charge_point.connected and csms.charge_point.registration_status == ocpp_csms.RegistrationStatus.ACCEPTED, "registered again")

    # Shutdown: SIGTERM ends the connection with a Close frame (1001) too.
    assert station.terminate() == 0, station.log_tail()
    closed = wait_until(lambda: wire.index_of(("closed", 2)), "the second connection closing")
    assert wire.snapshot()[closed][2] == 1001, "SIGTERM closes with a Close frame, 1001 (going away)"
    assert csms.connections == 2

    problems = validate(wire.frames())
    assert problems == [], "\n".join(problems)
