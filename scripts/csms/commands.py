"""The command channel: a small HTTP server on loopback through which `dev-csms call`,
`dev-csms stations` and `dev-csms transactions` reach a running CSMS's event loop."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from csms.central_system import CentralSystem, InvalidCall, StationNotConnected


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
