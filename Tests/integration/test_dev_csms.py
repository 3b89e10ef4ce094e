"""The project's CSMS on its own (scripts/dev-csms as a process), against a charge point written
with the python `ocpp` package: security profile 1 refuses a wrong password, profile 3 makes its
certificates and demands a client certificate, and `dev-csms call` sends a CALL exactly as typed
(with --no-validate even one its schema rejects) and prints the answer.
"""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
import websockets
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action

from conftest import ROOT, free_port

PYTHON = sys.executable
SCRIPT = str(ROOT / "scripts" / "dev_csms.py")


class ChargePointPeer(ChargePoint):
    """Answers GetConfiguration and Reset, as a station would."""

    @on(Action.get_configuration)
    def on_get_configuration(self, key=None):
        return call_result.GetConfiguration(configuration_key=[{"key": "HeartbeatInterval", "readonly": False, "value": "20"}])

    @on(Action.reset, skip_schema_validation=True)
    def on_reset(self, type):
        return call_result.Reset(status="Accepted")


class CSMSProcess:
    """`dev_csms.py serve` on a free port, JSON log, stopped with its standard input."""

    def __init__(self, *arguments: str):
        self.command_port = free_port()
        self.process = subprocess.Popen(
            [PYTHON, SCRIPT, "serve", "--port", "0", "--log", "json", "--exit-with-stdin", "--command", f"127.0.0.1:{self.command_port}", *arguments],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        line = self.process.stdout.readline()
        assert line.startswith("LISTENING "), line
        self.port = int(line.split()[1])

    def stop(self) -> list[dict]:
        """Stops the CSMS and returns the JSON records it printed."""
        self.process.stdin.close()
        self.process.wait(15)
        return [json.loads(line) for line in self.process.stdout.read().splitlines() if line.startswith("{")]

    def call(self, *arguments: str) -> subprocess.CompletedProcess:
        command = [PYTHON, SCRIPT, "call", *arguments, "--command", f"127.0.0.1:{self.command_port}"]
        return subprocess.run(command, capture_output=True, text=True, timeout=30)


async def boot(url: str, **connect) -> str:
    async with websockets.connect(url, subprotocols=["ocpp1.6"], **connect) as websocket:
        peer = ChargePointPeer("CP-1", websocket)
        serving = asyncio.create_task(peer.start())
        answer = await peer.call(call.BootNotification(charge_point_model="200QC", charge_point_vendor="MAXERO"))
        serving.cancel()
        return answer.status


def test_profile_1_refuses_a_wrong_password():
    csms = CSMSProcess("--security-profile", "1", "--password", "right")
    try:
        wrong = {"Authorization": "Basic " + base64.b64encode(b"CP-1:wrong").decode()}
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            asyncio.run(boot(f"ws://127.0.0.1:{csms.port}/ocpp/CP-1", additional_headers=wrong))
        assert refused.value.response.status_code == 401
        right = {"Authorization": "Basic " + base64.b64encode(b"CP-1:right").decode()}
        assert asyncio.run(boot(f"ws://127.0.0.1:{csms.port}/ocpp/CP-1", additional_headers=right)) == "Accepted"
    finally:
        records = csms.stop()
    assert [r["status"] for r in records if r.get("event") == "refused"] == [401]
    assert [r["station"] for r in records if r.get("event") == "connected"] == ["CP-1"]


def test_profile_3_makes_its_certificates_and_demands_a_client_certificate(tmp_path: Path):
    certificates = tmp_path / "certs"
    csms = CSMSProcess("--security-profile", "3", "--certs", str(certificates))
    try:
        trusting = ssl.create_default_context(cafile=certificates / "ca.pem")
        with pytest.raises((ssl.SSLError, ConnectionError, websockets.exceptions.WebSocketException, OSError)):
            asyncio.run(boot(f"wss://localhost:{csms.port}/ocpp/CP-1", ssl=trusting))
        trusting.load_cert_chain(certificates / "client.pem", certificates / "client.key")
        assert asyncio.run(boot(f"wss://localhost:{csms.port}/ocpp/CP-1", ssl=trusting)) == "Accepted"
    finally:
        records = csms.stop()
    assert next(r for r in records if r.get("event") == "listening")["profile"] == 3


def test_call_sends_the_payload_as_typed_and_prints_the_answer():
    csms = CSMSProcess()

    async def serve_and_call():
        async with websockets.connect(f"ws://127.0.0.1:{csms.port}/ocpp/CP-1", subprotocols=["ocpp1.6"]) as websocket:
            peer = ChargePointPeer("CP-1", websocket)
            serving = asyncio.create_task(peer.start())
            await peer.call(call.BootNotification(charge_point_model="200QC", charge_point_vendor="MAXERO"))
            answers = [
                await asyncio.to_thread(csms.call, "CP-1", "GetConfiguration", '{"key":["HeartbeatInterval"]}'),
                await asyncio.to_thread(csms.call, "CP-1", "Reset", '{"type":"Sideways"}'),
                await asyncio.to_thread(csms.call, "CP-1", "Reset", '{"type":"Sideways"}', "--no-validate"),
            ]
            serving.cancel()
            return answers

    try:
        configuration, refused, unchecked = asyncio.run(serve_and_call())
    finally:
        records = csms.stop()
    assert configuration.returncode == 0 and json.loads(configuration.stdout)["configurationKey"][0]["value"] == "20", configuration
    assert refused.returncode == 2 and "Sideways" in refused.stderr, refused
    assert unchecked.returncode == 0 and json.loads(unchecked.stdout) == {"status": "Accepted"}, unchecked
    sent = [json.loads(r["frame"]) for r in records if r.get("direction") == "sent" and r["frame"].startswith("[2")]
    assert [(frame[2], frame[3]) for frame in sent] == [("GetConfiguration", {"key": ["HeartbeatInterval"]}), ("Reset", {"type": "Sideways"})]
