"""The central system: the WebSocket server that accepts stations (under the configured security
profile) speaking OCPP 1.6 or, when told, 2.0.1, the registration and transaction decisions, the
frame record, and calls to stations."""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import Callable

from ocpp.messages import MessageType
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from csms.certificates import Issued
from csms.frames import CallAnswer, Frame, clock_text
from csms.security import Security
from csms.station import InvalidCall, RecordingConnection, StationConnection
from csms.tags import TagRegistry
from csms.v201 import StationConnection201

SUBPROTOCOL = "ocpp1.6"
#: The subprotocol and the station connection class of each OCPP version the CSMS speaks.
VERSIONS = {"1.6": (SUBPROTOCOL, StationConnection), "2.0.1": ("ocpp2.0.1", StationConnection201)}
REGISTRATION_STATUSES = ("Accepted", "Pending", "Rejected")

__all__ = ["CentralSystem", "InvalidCall", "StationNotConnected", "Transaction", "SUBPROTOCOL", "REGISTRATION_STATUSES", "VERSIONS"]


class StationNotConnected(Exception):
    """The station named in a call is not connected."""


@dataclass
class Transaction:
    """A transaction this CSMS assigned an id to."""

    transaction_id: int | str  # 2.0.1: the station's transactionId
    station: str
    connector_id: int  # 2.0.1: the EVSE id
    id_tag: str
    meter_start: int
    meter_stop: int | None = None


class CentralSystem:
    """The central system: accepts stations, answers them, records frames, sends calls.

    Runs on one asyncio event loop. `record`, `frames`, `mark` and `wait_for` may be used from
    other threads (tests run the loop in a background thread); everything else on the loop.

    `boot_status` ("Accepted", "Pending" or "Rejected") and `interval` (seconds: the heartbeat
    interval when accepted, the time before the next BootNotification otherwise) may be changed
    at any time; `boot_statuses` overrides the status for single stations.

    `log` receives one line per frame and per event: readable text, or with `json_log` one JSON
    object (frames `{"time", "station", "direction", "frame"}`, events `{"event": "connected" |
    "refused" | "disconnected" | "note", ...}`).

    `ocpp_version` "1.6" (the default) or "2.0.1" is the one version the CSMS speaks: it selects
    only that version's subprotocol (ocpp1.6 or ocpp2.0.1) and answers with its handlers.
    """

    def __init__(
        self,
        tags: TagRegistry | None = None,
        boot_status: str = "Accepted",
        interval: int = 300,
        log: Callable[[str], None] | None = print,
        response_timeout: float = 30,
        security: Security | None = None,
        json_log: bool = False,
        select_subprotocol: bool = True,
        certificate_authority: Issued | None = None,
        ocpp_version: str = "1.6",
    ):
        if ocpp_version not in VERSIONS:
            raise ValueError(f"unknown OCPP version {ocpp_version!r}; expected one of {', '.join(VERSIONS)}")
        self.ocpp_version = ocpp_version
        self.subprotocol, self._station_class = VERSIONS[ocpp_version]
        self.tags = tags or TagRegistry()
        self.boot_status = boot_status
        self.boot_statuses: dict[str, str] = {}
        self.interval = interval
        self.log = log
        self.json_log = json_log
        self.response_timeout = response_timeout
        self.security = security or Security()
        # The CA that signs stations' CSRs (SignCertificate -> CertificateSigned); None: refused.
        self.certificate_authority = certificate_authority
        self.select_subprotocol = select_subprotocol
        self.stations: dict[str, StationConnection | StationConnection201] = {}
        self.transactions: dict[int, Transaction] = {}
        self.frames: list[Frame] = []
        self._transaction_ids = itertools.count(1)
        self._changed = threading.Condition()
        self._open_calls: dict[tuple[str, str, str], str] = {}

    # Registration and transactions

    def boot_status_for(self, station_id: str) -> str:
        return self.boot_statuses.get(station_id, self.boot_status)

    def begin_transaction(self, station_id: str, connector_id: int, id_tag: str, meter_start: int, transaction_id: int | str | None = None) -> int | str:
        """Records a transaction; its id is the next number, or (2.0.1) the station's `transaction_id`."""
        if transaction_id is None:
            transaction_id = next(self._transaction_ids)
        self.transactions[transaction_id] = Transaction(transaction_id, station_id, connector_id, id_tag, meter_start)
        return transaction_id

    def end_transaction(self, transaction_id: int | str, meter_stop: int) -> None:
        if transaction_id in self.transactions:
            self.transactions[transaction_id].meter_stop = meter_stop

    # Frames and events

    def record(self, station_id: str, direction: str, text: str) -> Frame:
        """Records (and logs) one frame. `direction` is "received" or "sent"."""
        message_type = unique_id = action = payload = None
        try:
            message = json.loads(text)
            message_type, unique_id = message[0], message[1]
            # A CALL's answer travels the other way: remember which action it answers.
            if message_type == MessageType.Call:
                action, payload = message[2], message[3]
                self._open_calls[(station_id, direction, unique_id)] = action
            else:
                caller = "sent" if direction == "received" else "received"
                action = self._open_calls.pop((station_id, caller, unique_id), None)
                payload = message[2] if message_type == MessageType.CallResult else (message[2], message[3], message[4])
        except (ValueError, IndexError, TypeError, KeyError):
            message_type = unique_id = action = payload = None
        with self._changed:
            frame = Frame(len(self.frames), time.time(), station_id, direction, text, message_type, unique_id, action, payload)
            self.frames.append(frame)
            self._changed.notify_all()
        if self.log:
            self.log(json.dumps(frame.record()) if self.json_log else frame.describe())
        return frame

    def note(self, text: str, event: str = "note", **details) -> None:
        """Logs an event: `text` for people, `event` and `details` in the JSON log."""
        if self.log:
            self.log(json.dumps({"time": time.time(), "event": event, **details, "text": text}) if self.json_log else f"{clock_text()}  {text}")

    def mark(self) -> int:
        """The index of the next frame: pass it as `after` to wait for frames from now on."""
        with self._changed:
            return len(self.frames)

    def wait_for(self, predicate: Callable[[Frame], bool], timeout: float, after: int = 0) -> Frame:
        """The first frame from index `after` on that satisfies `predicate`, waiting at most
        `timeout` seconds for it (raises TimeoutError). Call from a thread other than the loop's."""
        deadline = time.monotonic() + timeout
        index = after
        with self._changed:
            while True:
                while index < len(self.frames):
                    frame = self.frames[index]
                    index += 1
                    if predicate(frame):
                        return frame
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no matching frame within {timeout} s")
                self._changed.wait(remaining)

    # Calls to stations

    async def call(self, station_id: str, action: str, payload: dict, validate: bool = True, timeout: float | None = None) -> CallAnswer:
        """Sends a CSMS-initiated CALL to a connected station and returns its answer. Raises
        StationNotConnected, InvalidCall, or TimeoutError when the station does not answer."""
        station = self.stations.get(station_id)
        if station is None:
            raise StationNotConnected(f"station {station_id} is not connected")
        return await station.call_json(action, payload, validate=validate, timeout=timeout)

    # WebSocket server

    def listen(self, host: str = "127.0.0.1", port: int = 9000, ping_interval: float | None = 20):
        """The WebSocket server (an async context manager) accepting stations at /<path>/<id>,
        over TLS when the security demands it. `ping_interval` None sends no pings."""
        return serve(
            self._serve_station, host, port, subprotocols=[self.subprotocol], select_subprotocol=self._choose_subprotocol,
            process_request=self._check_request, ssl=self.security.ssl_context(), ping_interval=ping_interval,
            ping_timeout=ping_interval, max_size=None,
        )  # fmt: skip

    @staticmethod
    def station_id_of(path: str) -> str | None:
        segments = [segment for segment in urllib.parse.urlsplit(path).path.split("/") if segment]
        return urllib.parse.unquote(segments[-1]) if segments else None

    def _choose_subprotocol(self, connection: ServerConnection, offered):
        if self.select_subprotocol and self.subprotocol in offered:
            return self.subprotocol
        return None  # the upgrade completes without one; _serve_station closes it

    def _check_request(self, connection: ServerConnection, request):
        station_id = self.station_id_of(request.path)
        if not station_id:
            self.note(f"refused {request.path}: no charge point id", "refused", path=request.path, status=404)
            return connection.respond(404, "the URL must end with the charge point id, e.g. /ocpp/CP-1\n")
        if not self.security.authorizes(station_id, request.headers.get("Authorization")):
            self.note(f"{station_id} refused: wrong or missing HTTP Basic credentials", "refused", station=station_id, path=request.path, status=401)
            return connection.respond(401, "bad credentials\n")
        return None

    async def _serve_station(self, websocket: ServerConnection) -> None:
        path = websocket.request.path
        station_id = self.station_id_of(path)
        peer = "%s:%s" % websocket.remote_address[:2]
        if websocket.subprotocol != self.subprotocol:
            self.note(f"{station_id} connected without subprotocol {self.subprotocol}: closing", "connected", station=station_id, path=path, subprotocol=None)
            await websocket.close(1002, f"subprotocol {self.subprotocol} required")
            return
        previous = self.stations.get(station_id)
        if previous is not None:
            self.note(f"{station_id} connected again: closing its previous connection")
            await previous.connection.close(1000, "replaced by a new connection")
        station = self._station_class(station_id, RecordingConnection(websocket, station_id, self), self)
        self.stations[station_id] = station
        self.note(f"{station_id} connected from {peer} ({self.subprotocol})", "connected", station=station_id, path=path, subprotocol=self.subprotocol)
        try:
            await station.start()
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
            self.note(f"{station_id} disconnected ({code or 'no close frame'})", "disconnected", station=station_id, path=path, code=code)
        finally:
            if self.stations.get(station_id) is station:
                del self.stations[station_id]
