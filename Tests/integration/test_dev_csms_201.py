"""The dev CSMS in OCPP 2.0.1 mode (`dev-csms serve --ocpp-version 2.0.1`) with the `station` binary
speaking 2.0.1: `dev-csms call` starts and stops a remote transaction, `transactions` lists it,
a 1.6 client is refused, and `scripts/demo --ocpp-version 2.0.1 --once` shows a whole session.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import websockets

from conftest import ROOT, STATION_BINARY, WAIT, wait_until
from test_dev_csms import PYTHON, SCRIPT, CSMSProcess
from test_ocpp201_station import Station201Process

TAG = "04A2B3C4"  # Accepted in configs/tags.json, in group FLEET-1


def listed(csms: CSMSProcess, what: str) -> list:
    result = subprocess.run([PYTHON, SCRIPT, what, "--command", f"127.0.0.1:{csms.command_port}"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result
    return json.loads(result.stdout)


def test_call_starts_and_stops_a_remote_transaction_on_a_201_station(tmp_path: Path):
    if not STATION_BINARY.is_file():
        pytest.fail(f"the station executable is missing at {STATION_BINARY}")
    csms = CSMSProcess("--ocpp-version", "2.0.1")
    station = Station201Process(SimpleNamespace(url=f"ws://127.0.0.1:{csms.port}/ocpp"), "V201-CALL", tmp_path / "data", ROOT / "configs/simulated.yaml", tmp_path)
    try:
        station.start()
        wait_until(lambda: listed(csms, "stations") == ["V201-CALL"], WAIT, "the station connected to the dev CSMS")
        station.plug(2)
        start = csms.call("V201-CALL", "RequestStartTransaction", json.dumps({"idToken": {"idToken": TAG, "type": "ISO14443"}, "remoteStartId": 1, "evseId": 2}))
        assert start.returncode == 0, start
        answer = json.loads(start.stdout)
        assert answer["status"] == "Accepted" and answer["transactionId"], answer
        transaction_id = answer["transactionId"]

        def transaction():
            return next((t for t in listed(csms, "transactions") if t["transaction_id"] == transaction_id), None)

        begun = wait_until(transaction, WAIT, "the transaction listed")
        assert begun["station"] == "V201-CALL" and begun["connector_id"] == 2 and begun["id_tag"] == TAG, begun
        stop = csms.call("V201-CALL", "RequestStopTransaction", json.dumps({"transactionId": transaction_id}))
        assert stop.returncode == 0 and json.loads(stop.stdout) == {"status": "Accepted"}, stop
        ended = wait_until(lambda: (t := transaction()) and t["meter_stop"] is not None and t, WAIT, "the transaction ended")
        assert ended["meter_stop"] >= ended["meter_start"]
        # A 1.6 action is refused before it is sent.
        refused = csms.call("V201-CALL", "RemoteStartTransaction", json.dumps({"connectorId": 1, "idTag": TAG}))
        assert refused.returncode == 2 and "not an OCPP 2.0.1 action" in refused.stderr, refused
    finally:
        if station.process is not None and station.process.poll() is None:
            assert station.terminate() == 0, station.log_tail()
        records = csms.stop()
    assert [r["subprotocol"] for r in records if r.get("event") == "connected"] == ["ocpp2.0.1"]
    frames = [(r["direction"], json.loads(r["frame"])) for r in records if "frame" in r]
    sent_calls = [frame[2] for direction, frame in frames if direction == "sent" and frame[0] == 2]
    assert sent_calls == ["RequestStartTransaction", "RequestStopTransaction"]
    event_calls = [frame for direction, frame in frames if direction == "received" and frame[0] == 2 and frame[2] == "TransactionEvent"]
    events = [frame[3] for frame in event_calls]
    assert [e["eventType"] for e in events][0] == "Started" and events[-1]["eventType"] == "Ended", events
    assert events[0]["triggerReason"] == "RemoteStart" and events[-1]["transactionInfo"]["stoppedReason"] == "Remote"
    # The Started event's idToken is answered from the tags file, in 2.0.1 terms.
    answers = {frame[1]: frame[2] for direction, frame in frames if direction == "sent" and frame[0] == 3}
    assert answers[event_calls[0][1]]["idTokenInfo"] == {"status": "Accepted", "groupIdToken": {"idToken": "FLEET-1", "type": "Central"}}


def test_201_mode_refuses_a_client_that_offers_only_ocpp16():
    csms = CSMSProcess("--ocpp-version", "2.0.1")

    async def connect():
        async with websockets.connect(f"ws://127.0.0.1:{csms.port}/ocpp/CP-16", subprotocols=["ocpp1.6"]) as websocket:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await websocket.recv()
            return websocket.subprotocol, closed.value.rcvd.code

    try:
        assert asyncio.run(connect()) == (None, 1002)
    finally:
        csms.stop()


def demo_ports_free() -> bool:
    for port in (9000, 9001, 8180):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return False
    return True


def test_demo_shows_a_201_session():
    if not STATION_BINARY.is_file():
        pytest.fail(f"the station executable is missing at {STATION_BINARY}")
    if not demo_ports_free():
        pytest.skip("the demo's fixed ports 9000, 9001 or 8180 are in use (another demo running?)")
    result = subprocess.run(
        [str(ROOT / "scripts" / "demo"), "--ocpp-version", "2.0.1", "--once"], cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={**os.environ, "STATION_BINARY": str(STATION_BINARY)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    output = result.stdout
    assert "connected from" in output and "(ocpp2.0.1)" in output
    assert "SetVariables" in output and '"attributeStatus": "Accepted"' in output
    positions = []
    for event in ("Started", "Updated", "Ended"):
        found = re.search(rf'CALL +TransactionEvent .*"eventType": "{event}"', output)
        assert found, f"no TransactionEvent {event} shown:\n{output}"
        positions.append(found.start())
    assert positions == sorted(positions), "the TransactionEvents are not shown in order"
    assert "Session done (--once)" in output
