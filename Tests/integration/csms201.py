"""An OCPP 2.0.1 central system for the integration tests, on the python `ocpp` package's v201
ChargePoint and `websockets`, in a background thread on a free port. It offers only subprotocol
ocpp2.0.1, answers BootNotification (status and interval settable), Heartbeat, StatusNotification,
Authorize (every idToken but "BLOCKED" is Accepted), TransactionEvent and NotifyReport, records
every CALL received in order, and lets a test send CALLs to a connected station.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from datetime import datetime, timezone
from typing import Any

import websockets
from ocpp.routing import on
from ocpp.v201 import ChargePoint, call_result


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Station201(ChargePoint):
    """The CSMS side of one connected station."""

    def __init__(self, station_id: str, connection, csms: "CSMS201"):
        super().__init__(station_id, connection, response_timeout=10)
        self.csms = csms

    async def route_message(self, raw_msg):
        frame = json.loads(raw_msg)
        if frame[0] == 2:
            self.csms.received.append((frame[2], frame[3]))
        return await super().route_message(raw_msg)

    @on("BootNotification")
    async def on_boot(self, charging_station, reason, **_):
        return call_result.BootNotification(current_time=now(), interval=self.csms.interval, status=self.csms.boot_status)

    @on("Heartbeat")
    async def on_heartbeat(self, **_):
        return call_result.Heartbeat(current_time=now())

    @on("StatusNotification")
    async def on_status(self, **_):
        return call_result.StatusNotification()

    @on("Authorize")
    async def on_authorize(self, id_token, **_):
        status = "Blocked" if id_token["id_token"] == "BLOCKED" else "Accepted"
        return call_result.Authorize(id_token_info={"status": status})

    @on("TransactionEvent")
    async def on_transaction_event(self, **_):
        return call_result.TransactionEvent()

    @on("NotifyReport")
    async def on_notify_report(self, **_):
        return call_result.NotifyReport()


class CSMS201:
    """The central system in its own event loop thread."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        self.stations: dict[str, Station201] = {}
        self.interval = 300
        self.boot_status = "Accepted"
        self.subprotocols: list[str | None] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="csms201", daemon=True)
        self.port = 0
        self._server = None

    def start(self) -> "CSMS201":
        self.thread.start()
        self._server = self._run(self._listen())
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _listen(self):
        return await websockets.serve(self._connected, "127.0.0.1", 0, subprotocols=["ocpp2.0.1"])

    async def _connected(self, connection):
        station_id = connection.request.path.rstrip("/").split("/")[-1]
        self.subprotocols.append(connection.subprotocol)
        station = Station201(station_id, connection, self)
        self.stations[station_id] = station
        try:
            await station.start()
        except websockets.ConnectionClosed:
            pass
        finally:
            if self.stations.get(station_id) is station:
                del self.stations[station_id]

    def stop(self) -> None:
        async def close():
            self._server.close()
            await self._server.wait_closed()

        try:
            self._run(close(), timeout=10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)

    def _run(self, coroutine, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ocpp"

    def call(self, station_id: str, message, timeout: float = 15) -> Any:
        """Sends a CALL (an `ocpp.v201.call` object) and returns the typed answer."""
        return self._run(self.stations[station_id].call(message), timeout)

    def mark(self) -> int:
        return len(self.received)

    def calls(self, action: str, after: int = 0) -> list[dict]:
        return [payload for name, payload in list(self.received)[after:] if name == action]

    def wait_call(self, action: str, after: int = 0, timeout: float = 15, **fields) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for payload in self.calls(action, after):
                if all(payload.get(key) == value for key, value in fields.items()):
                    return payload
            time.sleep(0.05)
        raise AssertionError(f"no {action} with {fields} within {timeout} s; received: {self.received[after:]}")

    def wait_connected(self, station_id: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while station_id not in self.stations:
            assert time.monotonic() < deadline, f"{station_id} did not connect"
            time.sleep(0.05)
