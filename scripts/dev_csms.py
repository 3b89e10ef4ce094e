#!/usr/bin/env python3
"""A small OCPP 1.6J central system (CSMS) for development and integration tests, on loopback.

Built on the `ocpp` package: it accepts WebSocket connections at ws://HOST:PORT/<path>/<id> with
subprotocol ocpp1.6, answers BootNotification (status and interval configurable), authorizes
tags from a tags file, assigns transaction ids, logs every frame readably, and sends any
CSMS-initiated CALL to a connected station on request: from the command line through a small
HTTP command channel (`dev-csms call CP-1 Reset '{"type":"Soft"}'`), or from Python
(`CentralSystem.call`). Every frame is also kept in `CentralSystem.frames` for tests.

Run `scripts/dev-csms --help` for the commands.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

from ocpp.exceptions import OCPPError
from ocpp.messages import Call, MessageType, validate_payload
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call_result
from ocpp.v16.enums import Action
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TAGS = ROOT / "configs" / "tags.json"
SUBPROTOCOL = "ocpp1.6"
REGISTRATION_STATUSES = ("Accepted", "Pending", "Rejected")
OCPP16_ACTIONS = frozenset(action.value for action in Action)


def utc_now() -> str:
    """The current time as an OCPP timestamp: UTC with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# MARK: Tags


class TagRegistry:
    """The identifiers this CSMS knows, read from a JSON file (see configs/tags.json):

        {"tags": {"TAG": {"status": "Accepted", "parentIdTag": "FLEET", "expiryDate": "..."}}}

    `status` defaults to Accepted; an Accepted tag whose expiryDate has passed is Expired; an
    unknown tag is Invalid. Tags compare case-insensitively (IdToken is a CiString). The file is
    read again when it changes, so a developer can edit it while the CSMS runs.
    """

    def __init__(self, path: Path | None = None, tags: dict[str, dict] | None = None):
        self.path = path
        self._mtime: float | None = None
        self._tags: dict[str, dict] = {}
        if tags is not None:
            self.replace(tags)
        self._reload_if_changed()

    def replace(self, tags: dict[str, dict]) -> None:
        """Replaces the known tags (in memory; the file, if any, wins again when it changes)."""
        self._tags = {name.lower(): dict(entry) for name, entry in tags.items()}

    def _reload_if_changed(self) -> None:
        if self.path is None:
            return
        mtime = self.path.stat().st_mtime
        if mtime == self._mtime:
            return
        document = json.loads(self.path.read_text())
        tags = document.get("tags") if isinstance(document, dict) else None
        if not isinstance(tags, dict):
            raise ValueError(f"{self.path}: expected an object with a 'tags' object")
        for name, entry in tags.items():
            if not isinstance(entry, dict):
                raise ValueError(f"{self.path}: tags.{name}: expected an object")
        self.replace(tags)
        self._mtime = mtime

    def id_tag_info(self, id_tag: str) -> dict[str, Any]:
        """The idTagInfo to answer for `id_tag` (camelCase, as on the wire)."""
        try:
            self._reload_if_changed()
        except (OSError, ValueError) as error:
            logging.getLogger("dev-csms").warning("tags file not reloaded: %s", error)
        entry = self._tags.get(id_tag.lower())
        if entry is None:
            return {"status": "Invalid"}
        info: dict[str, Any] = {"status": entry.get("status", "Accepted")}
        if entry.get("parentIdTag"):
            info["parentIdTag"] = entry["parentIdTag"]
        if entry.get("expiryDate"):
            info["expiryDate"] = entry["expiryDate"]
            expiry = datetime.fromisoformat(entry["expiryDate"].replace("Z", "+00:00"))
            if info["status"] == "Accepted" and expiry <= datetime.now(timezone.utc):
                info["status"] = "Expired"
        return info


# MARK: Frames


@dataclass(frozen=True)
class Frame:
    """One OCPP-J frame as it crossed the WebSocket.

    `direction` is "received" (station to CSMS) or "sent" (CSMS to station). For a CALLRESULT or
    CALLERROR, `action` is the action of the CALL it answers (None when no such CALL was seen).
    """

    index: int
    time: float
    station: str
    direction: str
    text: str
    message_type: int | None
    unique_id: str | None
    action: str | None
    payload: Any

    @property
    def kind(self) -> str:
        return {MessageType.Call: "CALL", MessageType.CallResult: "CALLRESULT", MessageType.CallError: "CALLERROR"}.get(
            self.message_type, "INVALID"
        )

    def describe(self) -> str:
        """One readable line for the log."""
        clock = datetime.fromtimestamp(self.time).strftime("%H:%M:%S.%f")[:-3]
        arrow = f"{self.station} -> CSMS" if self.direction == "received" else f"CSMS -> {self.station}"
        if self.message_type == MessageType.CallError:
            code, description, details = self.payload
            body = f"{code} {json.dumps(description)} {json.dumps(details)}"
        elif self.message_type is None:
            body = self.text
        else:
            body = json.dumps(self.payload, separators=(", ", ": "))
        return f"{clock}  {arrow}  {self.kind:<10} {self.action or '?'} {body}"


@dataclass
class CallAnswer:
    """The answer of a station to a CSMS-initiated CALL: `result` (the CALLRESULT payload) or
    `error` (errorCode, errorDescription, errorDetails of the CALLERROR)."""

    result: dict | None = None
    error: tuple[str, str, Any] | None = None

    def as_json(self) -> dict:
        if self.error is not None:
            code, description, details = self.error
            return {"error": {"code": code, "description": description, "details": details}}
        return {"result": self.result}


class StationNotConnected(Exception):
    """The station named in a call is not connected."""


class InvalidCall(Exception):
    """A CALL payload that the action's schema does not accept."""


# MARK: The connection to one station


class RecordingConnection:
    """Wraps a station's WebSocket so that every frame is recorded (before it is sent)."""

    def __init__(self, websocket: ServerConnection, station_id: str, csms: "CentralSystem"):
        self.websocket = websocket
        self.station_id = station_id
        self.csms = csms

    async def recv(self) -> str:
        text = await self.websocket.recv()
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        self.csms.record(self.station_id, "received", text)
        return text

    async def send(self, text: str) -> None:
        self.csms.record(self.station_id, "sent", text)
        await self.websocket.send(text)


class StationConnection(ChargePoint):
    """One connected station: answers its CALLs (schema-checked by the `ocpp` package) with the
    central system's decisions, and sends it CSMS-initiated CALLs."""

    def __init__(self, station_id: str, connection: RecordingConnection, csms: "CentralSystem"):
        super().__init__(station_id, connection, response_timeout=csms.response_timeout)
        self.csms = csms

    async def call_json(self, action: str, payload: dict, validate: bool = True, timeout: float | None = None) -> CallAnswer:
        """Sends a CALL with a camelCase payload and returns the station's answer, as on the
        wire. With `validate`, a payload that the action's schema rejects raises InvalidCall."""
        message = Call(unique_id=str(uuid.uuid4()), action=action, payload=payload)
        if validate:
            if action not in OCPP16_ACTIONS:
                raise InvalidCall(f"{action} is not an OCPP 1.6 action (--no-validate sends it anyway)")
            try:
                await validate_payload(message, self._ocpp_version)
            except OCPPError as error:
                cause = str(error.details.get("cause", error.description)).split("\n")[0]
                raise InvalidCall(f"the {action} schema rejects the payload: {cause} (--no-validate sends it anyway)") from error
        async with self._call_lock:
            await self._send(message.to_json())
            response = await self._get_specific_response(message.unique_id, timeout or self._response_timeout)
        if response.message_type_id == MessageType.CallError:
            return CallAnswer(error=(response.error_code, response.error_description, response.error_details))
        return CallAnswer(result=response.payload)

    @on(Action.boot_notification)
    def on_boot_notification(self, **_request):
        status = self.csms.boot_status_for(self.id)
        return call_result.BootNotification(current_time=utc_now(), interval=self.csms.interval, status=status)

    @on(Action.heartbeat)
    def on_heartbeat(self):
        return call_result.Heartbeat(current_time=utc_now())

    @on(Action.authorize)
    def on_authorize(self, id_tag):
        return call_result.Authorize(id_tag_info=self.csms.tags.id_tag_info(id_tag))

    @on(Action.start_transaction)
    def on_start_transaction(self, connector_id, id_tag, meter_start, timestamp, **_request):
        transaction_id = self.csms.begin_transaction(self.id, connector_id, id_tag, meter_start)
        return call_result.StartTransaction(transaction_id=transaction_id, id_tag_info=self.csms.tags.id_tag_info(id_tag))

    @on(Action.stop_transaction)
    def on_stop_transaction(self, meter_stop, timestamp, transaction_id, id_tag=None, **_request):
        self.csms.end_transaction(transaction_id, meter_stop)
        info = self.csms.tags.id_tag_info(id_tag) if id_tag is not None else None
        return call_result.StopTransaction(id_tag_info=info)

    @on(Action.meter_values)
    def on_meter_values(self, **_request):
        return call_result.MeterValues()

    @on(Action.status_notification)
    def on_status_notification(self, **_request):
        return call_result.StatusNotification()

    @on(Action.data_transfer)
    def on_data_transfer(self, vendor_id, **_request):
        return call_result.DataTransfer(status="UnknownVendorId")

    @on(Action.diagnostics_status_notification)
    def on_diagnostics_status_notification(self, **_request):
        return call_result.DiagnosticsStatusNotification()

    @on(Action.firmware_status_notification)
    def on_firmware_status_notification(self, **_request):
        return call_result.FirmwareStatusNotification()

    @on(Action.security_event_notification)
    def on_security_event_notification(self, **_request):
        return call_result.SecurityEventNotification()

    @on(Action.sign_certificate)
    def on_sign_certificate(self, **_request):
        return call_result.SignCertificate(status="Accepted")

    @on(Action.log_status_notification)
    def on_log_status_notification(self, **_request):
        return call_result.LogStatusNotification()

    @on(Action.signed_firmware_status_notification)
    def on_signed_firmware_status_notification(self, **_request):
        return call_result.SignedFirmwareStatusNotification()


# MARK: The central system


@dataclass
class Transaction:
    """A transaction this CSMS assigned an id to."""

    transaction_id: int
    station: str
    connector_id: int
    id_tag: str
    meter_start: int
    meter_stop: int | None = None


class CentralSystem:
    """The central system: accepts stations, answers them, records frames, sends calls.

    Runs on one asyncio event loop. `record`, `frames` and `wait_for` may be used from other
    threads (tests run the loop in a background thread); everything else on the loop.

    `boot_status` ("Accepted", "Pending" or "Rejected") and `interval` (seconds: the heartbeat
    interval when accepted, the time before the next BootNotification otherwise) may be changed
    at any time; `boot_statuses` overrides the status for single stations.
    """

    def __init__(
        self,
        tags: TagRegistry | None = None,
        boot_status: str = "Accepted",
        interval: int = 300,
        log: Callable[[str], None] | None = print,
        response_timeout: float = 30,
    ):
        self.tags = tags or TagRegistry()
        self.boot_status = boot_status
        self.boot_statuses: dict[str, str] = {}
        self.interval = interval
        self.log = log
        self.response_timeout = response_timeout
        self.stations: dict[str, StationConnection] = {}
        self.transactions: dict[int, Transaction] = {}
        self.frames: list[Frame] = []
        self._transaction_ids = itertools.count(1)
        self._changed = threading.Condition()
        self._open_calls: dict[tuple[str, str, str], str] = {}

    # Registration and transactions

    def boot_status_for(self, station_id: str) -> str:
        return self.boot_statuses.get(station_id, self.boot_status)

    def begin_transaction(self, station_id: str, connector_id: int, id_tag: str, meter_start: int) -> int:
        transaction_id = next(self._transaction_ids)
        self.transactions[transaction_id] = Transaction(transaction_id, station_id, connector_id, id_tag, meter_start)
        return transaction_id

    def end_transaction(self, transaction_id: int, meter_stop: int) -> None:
        if transaction_id in self.transactions:
            self.transactions[transaction_id].meter_stop = meter_stop

    # Frames

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
            self.log(frame.describe())
        return frame

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

    def note(self, text: str) -> None:
        if self.log:
            self.log(f"{datetime.now().strftime('%H:%M:%S.%f')[:-3]}  {text}")

    # Calls to stations

    async def call(self, station_id: str, action: str, payload: dict, validate: bool = True, timeout: float | None = None) -> CallAnswer:
        """Sends a CSMS-initiated CALL to a connected station and returns its answer. Raises
        StationNotConnected, InvalidCall, or TimeoutError when the station does not answer."""
        station = self.stations.get(station_id)
        if station is None:
            raise StationNotConnected(f"station {station_id} is not connected")
        return await station.call_json(action, payload, validate=validate, timeout=timeout)

    # WebSocket server

    def listen(self, host: str = "127.0.0.1", port: int = 9000):
        """The WebSocket server (an async context manager) accepting stations at /<path>/<id>."""
        return serve(
            self._serve_station, host, port, subprotocols=[SUBPROTOCOL], process_request=self._check_path, ping_interval=20, ping_timeout=20
        )

    @staticmethod
    def station_id_of(path: str) -> str | None:
        segments = [segment for segment in urllib.parse.urlsplit(path).path.split("/") if segment]
        return urllib.parse.unquote(segments[-1]) if segments else None

    def _check_path(self, connection: ServerConnection, request):
        if not self.station_id_of(request.path):
            return connection.respond(404, "the URL must end with the charge point id, e.g. /ocpp/CP-1\n")
        return None

    async def _serve_station(self, websocket: ServerConnection) -> None:
        station_id = self.station_id_of(websocket.request.path)
        peer = "%s:%s" % websocket.remote_address[:2]
        if websocket.subprotocol != SUBPROTOCOL:
            self.note(f"{station_id} refused: it did not offer subprotocol {SUBPROTOCOL}")
            await websocket.close(1002, f"subprotocol {SUBPROTOCOL} required")
            return
        previous = self.stations.get(station_id)
        if previous is not None:
            self.note(f"{station_id} connected again: closing its previous connection")
            await previous._connection.websocket.close(1000, "replaced by a new connection")
        station = StationConnection(station_id, RecordingConnection(websocket, station_id, self), self)
        self.stations[station_id] = station
        self.note(f"{station_id} connected from {peer} ({SUBPROTOCOL})")
        try:
            await station.start()
        except ConnectionClosed as closed:
            self.note(f"{station_id} disconnected ({closed.rcvd.code if closed.rcvd else 'no close frame'})")
        finally:
            if self.stations.get(station_id) is station:
                del self.stations[station_id]


# MARK: The command channel (HTTP on loopback)


class CommandServer:
    """A small HTTP server on loopback through which `dev-csms call` reaches the CSMS's loop:

    GET  /stations                 -> {"stations": ["CP-1", ...]}
    GET  /transactions             -> {"transactions": [{...}, ...]}
    POST /stations/{id}/{Action}   (body: the JSON payload)
         -> 200 {"result": {...}} or {"error": {"code", "description", "details"}};
            404 station not connected, 400 payload not valid, 504 no answer in time.
    """

    def __init__(self, csms: CentralSystem, loop: asyncio.AbstractEventLoop, host: str, port: int):
        self.csms = csms
        self.loop = loop
        self.server = ThreadingHTTPServer((host, port), self._handler_class())
        self.thread = threading.Thread(target=self.server.serve_forever, name="dev-csms-commands", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
        self.server.server_close()

    def _handler_class(self):
        command_server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # the CSMS log shows the frames instead
                pass

            def reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                path = urllib.parse.urlsplit(self.path).path.rstrip("/")
                if path == "/stations":
                    self.reply(200, {"stations": sorted(command_server.csms.stations)})
                elif path == "/transactions":
                    transactions = [vars(t) for t in command_server.csms.transactions.values()]
                    self.reply(200, {"transactions": transactions})
                else:
                    self.reply(404, {"error": f"no such path {path}: GET /stations, GET /transactions, POST /stations/ID/ACTION"})

            def do_POST(self):
                parts = [urllib.parse.unquote(p) for p in urllib.parse.urlsplit(self.path).path.split("/") if p]
                if len(parts) != 3 or parts[0] != "stations":
                    self.reply(404, {"error": "POST /stations/ID/ACTION with the payload as body"})
                    return
                _, station_id, action = parts
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                validate = query.get("validate", ["true"])[0] != "false"
                timeout = float(query.get("timeout", [command_server.csms.response_timeout])[0])
                try:
                    length = int(self.headers.get("Content-Length", "0"))
                    payload = json.loads(self.rfile.read(length) or b"{}")
                except ValueError as error:
                    self.reply(400, {"error": f"the body is not JSON: {error}"})
                    return
                if not isinstance(payload, dict):
                    self.reply(400, {"error": "the payload must be a JSON object"})
                    return
                future = asyncio.run_coroutine_threadsafe(
                    command_server.csms.call(station_id, action, payload, validate=validate, timeout=timeout), command_server.loop
                )
                try:
                    answer = future.result(timeout + 5)
                except StationNotConnected as error:
                    self.reply(404, {"error": str(error)})
                except InvalidCall as error:
                    self.reply(400, {"error": str(error)})
                except (TimeoutError, asyncio.TimeoutError):
                    self.reply(504, {"error": f"{station_id} did not answer {action} within {timeout} s"})
                else:
                    self.reply(200, answer.as_json())

        return Handler


# MARK: Command line


def parse_host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host, int(port)


async def run_server(args: argparse.Namespace) -> None:
    try:
        tags = TagRegistry(args.tags)
    except (OSError, ValueError) as error:
        sys.exit(f"dev-csms: cannot read the tags file: {error}")
    csms = CentralSystem(tags=tags, boot_status=args.boot_status, interval=args.interval, log=lambda line: print(line, flush=True))
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    command_host, command_port = args.command
    try:
        commands = CommandServer(csms, loop, command_host, command_port)
    except OSError as error:
        sys.exit(f"dev-csms: cannot listen for commands on {command_host}:{command_port}: {error}")
    try:
        async with csms.listen(args.host, args.port):
            commands.start()
            csms.note(
                f"dev CSMS listening on ws://{args.host}:{args.port}/ocpp/<id> ({SUBPROTOCOL}); boot {args.boot_status}, "
                f"interval {args.interval} s; tags from {args.tags}; commands on http://{command_host}:{command_port}"
            )
            await stop.wait()
            csms.note("dev CSMS stopping")
    except OSError as error:
        sys.exit(f"dev-csms: cannot listen on {args.host}:{args.port}: {error}")
    finally:
        commands.stop()


def command_request(address: tuple[str, int], method: str, path: str, body: dict | None = None, timeout: float = 35) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://{address[0]}:{address[1]}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except (urllib.error.URLError, ConnectionError) as error:
        sys.exit(f"dev-csms: no dev CSMS answers commands on {address[0]}:{address[1]} ({error}); start it with scripts/dev-csms")


def run_call(args: argparse.Namespace) -> int:
    try:
        payload = json.loads(args.payload)
    except ValueError as error:
        print(f"dev-csms: the payload is not JSON: {error}", file=sys.stderr)
        return 2
    path = "/stations/%s/%s?timeout=%s%s" % (
        urllib.parse.quote(args.station, safe=""),
        urllib.parse.quote(args.action, safe=""),
        args.timeout,
        "&validate=false" if args.no_validate else "",
    )
    status, body = command_request(args.command, "POST", path, payload, timeout=args.timeout + 10)
    if status != 200:
        print(f"dev-csms: {body.get('error', body)}", file=sys.stderr)
        return 2
    if "error" in body:
        error = body["error"]
        print(f"CALLERROR {error['code']}: {error['description']} {json.dumps(error['details'])}")
        return 1
    print(json.dumps(body["result"], indent=2))
    return 0


def run_list(args: argparse.Namespace, what: str) -> int:
    status, body = command_request(args.command, "GET", f"/{what}")
    print(json.dumps(body[what], indent=2) if status == 200 else body)
    return 0 if status == 200 else 2


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="dev-csms",
        description="A development OCPP 1.6J central system on loopback (python ocpp package).",
        epilog=(
            "examples:\n"
            "  scripts/dev-csms                                   # serve on ws://127.0.0.1:9000/ocpp/<id>\n"
            "  scripts/dev-csms serve --boot-status Pending --interval 10\n"
            "  scripts/dev-csms stations\n"
            "  scripts/dev-csms call CP-1 RemoteStartTransaction '{\"connectorId\":1,\"idTag\":\"ABC\"}'\n"
            "  scripts/dev-csms call CP-1 ChangeConfiguration '{\"key\":\"HeartbeatInterval\",\"value\":\"30\"}'\n"
            "  scripts/dev-csms call CP-1 GetConfiguration\n"
            "  scripts/dev-csms call CP-1 Reset '{\"type\":\"Soft\"}'\n"
            "\n"
            "tags file (JSON): {\"tags\": {\"ABC\": {\"status\": \"Accepted\", \"parentIdTag\": \"FLEET\", \"expiryDate\": \"...\"}}};\n"
            "status defaults to Accepted, an Accepted tag past its expiryDate is Expired, unknown tags are Invalid."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command_name", metavar="COMMAND")
    command_option = dict(type=parse_host_port, default=("127.0.0.1", 9001), metavar="HOST:PORT", help="the command channel (default 127.0.0.1:9001)")

    serve_parser = commands.add_parser("serve", help="run the CSMS (the default command)")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=9000, help="WebSocket port (default 9000)")
    serve_parser.add_argument("--command", **command_option)
    serve_parser.add_argument("--tags", type=Path, default=DEFAULT_TAGS, help="the tags file (default configs/tags.json)")
    serve_parser.add_argument("--boot-status", choices=REGISTRATION_STATUSES, default="Accepted", help="BootNotification answer (default Accepted)")
    serve_parser.add_argument(
        "--interval", type=int, default=300, help="BootNotification interval, s: heartbeat when accepted, retry otherwise (default 300)"
    )

    call_parser = commands.add_parser("call", help="send a CSMS-initiated CALL to a connected station and print its answer")
    call_parser.add_argument("station", help="the charge point id")
    call_parser.add_argument("action", help="the OCPP action, e.g. RemoteStartTransaction")
    call_parser.add_argument("payload", nargs="?", default="{}", help="the payload as JSON (default {})")
    call_parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for the answer (default 30)")
    call_parser.add_argument("--no-validate", action="store_true", help="send the payload even if the action's schema rejects it")
    call_parser.add_argument("--command", **command_option)

    stations_parser = commands.add_parser("stations", help="list the connected stations")
    stations_parser.add_argument("--command", **command_option)
    transactions_parser = commands.add_parser("transactions", help="list the transactions this CSMS assigned")
    transactions_parser.add_argument("--command", **command_option)

    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "serve")
    args = parser.parse_args(argv)
    if args.command_name == "serve":
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
        # The frame log shows the CALLERROR the ocpp package answers to a bad frame, with its cause.
        logging.getLogger("ocpp").setLevel(logging.CRITICAL)
        asyncio.run(run_server(args))
        return 0
    if args.command_name == "call":
        return run_call(args)
    return run_list(args, args.command_name)


if __name__ == "__main__":
    sys.exit(main())
