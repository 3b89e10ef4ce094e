"""An OCPP 2.0.1 central system for the integration tests, in a background thread on a free port,
answering with the dev CSMS's 2.0.1 handlers (scripts/csms/v201.py) on `websockets`. It offers only
subprotocol ocpp2.0.1, answers BootNotification (status and interval settable), Heartbeat,
StatusNotification, Authorize (every idToken but "BLOCKED" is Accepted), TransactionEvent and
NotifyReport, records every CALL received in order, and lets a test send CALLs to a connected station.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import websockets
from csms.tags import TagRegistry
from csms.v201 import StationConnection201


class Station201(StationConnection201):
    """The CSMS side of one connected station: the dev CSMS's, with every CALL received recorded."""

    async def route_message(self, raw_msg):
        frame = json.loads(raw_msg)
        if frame[0] == 2:
            self.csms.received.append((frame[2], frame[3]))
            self.csms.received_from.append((self.id, frame[2], frame[3]))
        return await super().route_message(raw_msg)


class CSMS201:
    """The central system in its own event loop thread."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        # The same CALLs with the id of the station that sent them (a fleet's many stations).
        self.received_from: list[tuple[str, str, dict]] = []
        self.stations: dict[str, Station201] = {}
        self.interval = 300
        self.boot_status = "Accepted"
        # What the dev CSMS's handlers ask of their central system (see csms.v201).
        self.response_timeout = 10
        self.tags = TagRegistry(tags={"BLOCKED": {"status": "Blocked"}}, unknown_status="Accepted")
        self.subprotocols: list[str | None] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="csms201", daemon=True)
        self.port = 0
        self._server = None

    def boot_status_for(self, station_id: str) -> str:
        return self.boot_status

    def begin_transaction(self, *_arguments, **_options) -> None:
        pass  # the tests read the TransactionEvents themselves

    def end_transaction(self, *_arguments) -> None:
        pass

    def note(self, *_arguments, **_details) -> None:
        pass

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
