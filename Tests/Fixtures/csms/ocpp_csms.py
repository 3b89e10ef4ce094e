#!/usr/bin/env python3
"""A real central system for link tests, built on the python `ocpp` package (which validates
every payload against the OCPP 1.6 schemas) and `websockets`.

Prints "LISTENING <port>" once ready, then one JSON line per WebSocket frame received or sent:
{"direction": "in"|"out", "path": "/ocpp/CP-1", "frame": "<text>"} and
{"event": "connected"|"refused"|"disconnected", ...}; "disconnected" carries "closeCode", the code
of the station's Close frame (null when the connection dropped without one). Stops on SIGTERM or when stdin closes.

Options select what a test needs: a Basic-auth password, no subprotocol selection, TLS with a
server certificate, and client-certificate verification.
"""
import argparse
import asyncio
import base64
import datetime
import http
import itertools
import json
import signal
import ssl
import sys

import websockets
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call_result
from ocpp.v16.enums import Action, AuthorizationStatus, RegistrationStatus

transaction_ids = itertools.count(1)


def emit(record):
    print(json.dumps(record), flush=True)


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


class RecordingConnection:
    """Wraps a websockets connection so that every frame is printed."""

    def __init__(self, websocket, path):
        self.websocket = websocket
        self.path = path

    async def recv(self):
        frame = await self.websocket.recv()
        emit({"direction": "in", "path": self.path, "frame": frame})
        return frame

    async def send(self, frame):
        emit({"direction": "out", "path": self.path, "frame": frame})
        await self.websocket.send(frame)


class CentralSystem(ChargePoint):
    boot_interval = 300

    @on(Action.boot_notification)
    def on_boot_notification(self, charge_point_vendor, charge_point_model, **kwargs):
        return call_result.BootNotification(current_time=now(), interval=self.boot_interval, status=RegistrationStatus.accepted)

    @on(Action.heartbeat)
    def on_heartbeat(self):
        return call_result.Heartbeat(current_time=now())

    @on(Action.status_notification)
    def on_status_notification(self, **kwargs):
        return call_result.StatusNotification()

    @on(Action.authorize)
    def on_authorize(self, id_tag):
        return call_result.Authorize(id_tag_info={"status": AuthorizationStatus.accepted})

    @on(Action.start_transaction)
    def on_start_transaction(self, **kwargs):
        return call_result.StartTransaction(transaction_id=next(transaction_ids), id_tag_info={"status": AuthorizationStatus.accepted})

    @on(Action.stop_transaction)
    def on_stop_transaction(self, **kwargs):
        return call_result.StopTransaction()

    @on(Action.meter_values)
    def on_meter_values(self, **kwargs):
        return call_result.MeterValues()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--basic-password")
    parser.add_argument("--no-subprotocol", action="store_true")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca")
    parser.add_argument("--boot-interval", type=int, default=300)
    options = parser.parse_args()
    CentralSystem.boot_interval = options.boot_interval

    def check_request(connection, request):
        if options.basic_password is None:
            return None
        identity = request.path.rstrip("/").split("/")[-1]
        expected = "Basic " + base64.b64encode(f"{identity}:{options.basic_password}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            emit({"event": "refused", "path": request.path, "status": 401})
            return connection.respond(http.HTTPStatus.UNAUTHORIZED, "bad credentials\n")
        return None

    async def handler(websocket):
        path = websocket.request.path
        emit({"event": "connected", "path": path, "subprotocol": websocket.subprotocol})
        central = CentralSystem(path.rstrip("/").split("/")[-1], RecordingConnection(websocket, path))
        try:
            await central.start()
        except websockets.exceptions.ConnectionClosed:
            pass
        # The code of the Close frame the station sent (None: the connection dropped without one).
        received = websocket.protocol.close_rcvd
        emit({"event": "disconnected", "path": path, "closeCode": received.code if received else None})

    context = None
    if options.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(options.cert, options.key)
        if options.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(options.client_ca)

    def select_subprotocol(connection, subprotocols):
        if options.no_subprotocol:
            return None
        return "ocpp1.6" if "ocpp1.6" in subprotocols else None

    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
    try:
        # A test that starts us keeps stdin open as a pipe: when it closes, we stop.
        asyncio.get_running_loop().add_reader(sys.stdin, lambda: sys.stdin.read(1) or stop.done() or stop.set_result(None))
    except (OSError, ValueError, KeyError, PermissionError):
        pass
    async with websockets.serve(
        handler, "127.0.0.1", options.port, subprotocols=["ocpp1.6"], select_subprotocol=select_subprotocol,
        process_request=check_request, ssl=context, ping_interval=None,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"LISTENING {port}", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
