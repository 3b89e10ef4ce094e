"""The `station` binary speaking OCPP 2.0.1 (`--ocpp-version 2.0.1`) against a python `ocpp` v201
central system: subprotocol, boot, heartbeat and statuses, a local and a remote session with
TransactionEvents in seqNo order, an offline session replayed with offline=true, a kill -9 in a
transaction, GetBaseReport, SetVariables (persisted) and Reset. Every frame the station sent is
checked against the official 2.0.1 schemas (Tests/Fixtures/ocpp201-schemas).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ocpp.v201 import call

from conftest import ROOT, STATION_BINARY, WAIT, StationProcess, wait_until
from csms201 import CSMS201

TAG = "CARD-201"


class Station201Process(StationProcess):
    """`station run --ocpp-version 2.0.1` (its control API's /api/station is 1.6's: the test
    waits for /api/log instead)."""

    #: The version option given on the command line (empty: the configuration file decides).
    version_options = ["--ocpp-version", "2.0.1"]

    def start(self) -> "Station201Process":
        self.runs += 1
        from conftest import free_port

        self.control_port = free_port()
        command = [
            str(STATION_BINARY), "run", "--config", str(self.config), "--csms", self.csms.url, "--id", self.station_id,
            "--control", f"127.0.0.1:{self.control_port}", "--data-dir", str(self.data_dir),
            "--ocpp-log", str(self.ocpp_log), *self.version_options,
        ]  # fmt: skip
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)

        def answering():
            if self.process.poll() is not None:
                pytest.fail(f"station exited with {self.process.returncode} at start:\n{self.log_tail()}")
            try:
                return self.api("GET", "/api/log?limit=1")[0] == 200
            except OSError:
                return False

        wait_until(answering, WAIT, "the control API answering")
        return self

    @property
    def ocpp_log(self) -> Path:
        return self.log_dir / f"{self.station_id}-run{self.runs}.ocpp.jsonl"


def validate_sent_frames(log_dir: Path) -> int:
    """Checks every CALL and CALLRESULT the station sent (all runs' traffic logs) against its
    2.0.1 schema; returns how many were checked."""
    items = []
    for path in sorted(log_dir.glob("*.ocpp.jsonl")):
        received_actions = {}
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            frame = json.loads(entry["frame"])
            if entry["direction"] == "received" and frame[0] == 2:
                received_actions[frame[1]] = frame[2]
            elif entry["direction"] == "sent" and frame[0] == 2:
                items.append({"schema": f"{frame[2]}Request", "payload": frame[3]})
            elif entry["direction"] == "sent" and frame[0] == 3:
                items.append({"schema": f"{received_actions[frame[1]]}Response", "payload": frame[2]})
    result = subprocess.run(
        [sys.executable, str(ROOT / "Tests/Fixtures/validate_payloads.py"), "ocpp201-schemas"],
        input="\n".join(json.dumps(item) for item in items), capture_output=True, text=True, check=True,
    )  # fmt: skip
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    failures = [v for v in verdicts if not v["ok"]]
    assert len(verdicts) == len(items) and not failures, failures
    return len(items)


@pytest.fixture
def csms201():
    server = CSMS201().start()
    yield server
    server.stop()


@pytest.fixture
def start201(csms201, tmp_path):
    started: list[Station201Process] = []

    def start(station_id: str = "V201-1", data_dir: Path | None = None) -> Station201Process:
        if not STATION_BINARY.is_file():
            pytest.fail(f"the station executable is missing at {STATION_BINARY}")
        station = Station201Process(csms201, station_id, data_dir or tmp_path / f"{station_id}-data", ROOT / "configs/simulated.yaml", tmp_path)
        started.append(station)
        return station.start()

    yield start
    for station in started:
        if station.process is not None and station.process.poll() is None:
            assert station.terminate() == 0, station.log_tail()
    assert validate_sent_frames(tmp_path) > 0


def booted(csms201: CSMS201, start201, station_id: str = "V201-1", **kwargs) -> Station201Process:
    station = start201(station_id, **kwargs)
    csms201.wait_call("BootNotification")
    csms201.wait_call("StatusNotification", evseId=1, connectorStatus="Available")
    csms201.wait_call("StatusNotification", evseId=2, connectorStatus="Available")
    return station


def events(csms201: CSMS201, transaction_id: str, after: int = 0) -> list[dict]:
    return [e for e in csms201.calls("TransactionEvent", after) if e["transactionInfo"]["transactionId"] == transaction_id]


def wait_ended(csms201: CSMS201, after: int = 0) -> tuple[dict, list[dict]]:
    ended = csms201.wait_call("TransactionEvent", after, eventType="Ended")
    return ended, events(csms201, ended["transactionInfo"]["transactionId"], after)


def assert_in_seq_order(sequence: list[dict]) -> None:
    assert [e["seqNo"] for e in sequence] == list(range(len(sequence))), sequence
    assert sequence[0]["eventType"] == "Started" and sequence[-1]["eventType"] == "Ended"
    assert all(e["eventType"] == "Updated" for e in sequence[1:-1])


def test_boots_with_subprotocol_ocpp201_reports_statuses_and_beats(csms201, start201):
    csms201.interval = 1
    booted(csms201, start201)
    assert csms201.subprotocols == ["ocpp2.0.1"]
    boot = csms201.calls("BootNotification")[0]
    assert boot["reason"] == "PowerUp" and boot["chargingStation"]["vendorName"]
    csms201.wait_call("Heartbeat", timeout=5)


def test_local_session_sends_transaction_events_in_seq_order(csms201, start201):
    station = booted(csms201, start201)
    mark = csms201.mark()
    station.plug(1)
    station.swipe(TAG, 1)
    csms201.wait_call("Authorize", mark)
    started = csms201.wait_call("TransactionEvent", mark, eventType="Started")
    assert started["idToken"] == {"idToken": TAG, "type": "ISO14443"} and started["evse"] == {"id": 1, "connectorId": 1}
    assert started["meterValue"][0]["sampledValue"][0]["context"] == "Transaction.Begin"
    csms201.wait_call("StatusNotification", mark, evseId=1, connectorStatus="Occupied")
    # The control API shows the 2.0.1 station: its registration, status and transaction.
    snapshot = wait_until(lambda: (s := station.snapshot()) and s["connectors"][0]["transactionId"] and s, what="the snapshot's transaction")
    assert snapshot["registration"] == "Accepted" and snapshot["ocppVersion"] == "2.0.1"
    assert snapshot["connectors"][0]["status"] == "Occupied"
    assert snapshot["connectors"][0]["transactionId"] == started["transactionInfo"]["transactionId"]
    station.swipe(TAG, 1)
    ended, sequence = wait_ended(csms201, mark)
    assert ended["transactionInfo"]["stoppedReason"] == "Local" and ended["triggerReason"] == "StopAuthorized"
    assert_in_seq_order(sequence)
    assert all("offline" not in e for e in sequence)
    station.unplug(1)
    csms201.wait_call("StatusNotification", mark, evseId=1, connectorStatus="Available")


def test_remote_session_started_and_stopped_by_the_csms(csms201, start201):
    station = booted(csms201, start201)
    mark = csms201.mark()
    station.plug(2)
    answer = csms201.call("V201-1", call.RequestStartTransaction(id_token={"id_token": "REMOTE-1", "type": "Central"}, remote_start_id=7, evse_id=2))
    assert answer.status == "Accepted" and answer.transaction_id
    started = csms201.wait_call("TransactionEvent", mark, eventType="Started")
    assert started["triggerReason"] == "RemoteStart" and started["transactionInfo"]["remoteStartId"] == 7
    assert started["transactionInfo"]["transactionId"] == answer.transaction_id
    stop = csms201.call("V201-1", call.RequestStopTransaction(transaction_id=answer.transaction_id))
    assert stop.status == "Accepted"
    ended, sequence = wait_ended(csms201, mark)
    assert ended["transactionInfo"]["stoppedReason"] == "Remote" and ended["triggerReason"] == "RemoteStop"
    assert_in_seq_order(sequence)


def test_offline_session_is_replayed_after_reconnect_with_offline_true(csms201, start201):
    station = booted(csms201, start201)
    # Offline, a card nothing local knows is accepted only with OfflineTxForUnknownIdEnabled.
    enabled = csms201.call("V201-1", call.SetVariables(set_variable_data=[
        {"attribute_value": "true", "component": {"name": "AuthCtrlr"}, "variable": {"name": "OfflineTxForUnknownIdEnabled"}},
    ]))  # fmt: skip
    assert enabled.set_variable_result[0]["attribute_status"] == "Accepted"
    station.network(False)
    wait_until(lambda: "V201-1" not in csms201.stations, what="the CSMS seeing the station go")
    mark = csms201.mark()
    station.plug(1)
    station.swipe(TAG, 1)
    station.swipe(TAG, 1)
    station.unplug(1)
    # Nothing arrives while offline; after reconnecting the whole transaction comes, in order.
    assert csms201.calls("TransactionEvent", mark) == []
    station.network(True)
    ended, sequence = wait_ended(csms201, mark)
    assert_in_seq_order(sequence)
    assert all(e.get("offline") is True for e in sequence), sequence


def test_kill_9_in_a_transaction_loses_nothing(csms201, start201, tmp_path):
    station = booted(csms201, start201)
    mark = csms201.mark()
    station.plug(1)
    station.swipe(TAG, 1)
    started = csms201.wait_call("TransactionEvent", mark, eventType="Started")
    csms201.wait_call("TransactionEvent", mark, eventType="Updated", triggerReason="ChargingStateChanged")
    station.kill()
    wait_until(lambda: "V201-1" not in csms201.stations, what="the CSMS seeing the station go")
    station.start()
    ended, sequence = wait_ended(csms201, mark)
    assert ended["transactionInfo"]["transactionId"] == started["transactionInfo"]["transactionId"]
    assert ended["transactionInfo"]["stoppedReason"] == "PowerLoss"
    assert_in_seq_order(sequence)


def test_get_base_report_set_variables_persisted_and_reset(csms201, start201):
    station = booted(csms201, start201)
    mark = csms201.mark()
    report = csms201.call("V201-1", call.GetBaseReport(request_id=5, report_base="FullInventory"))
    assert report.status == "Accepted"
    wait_until(lambda: any(not r.get("tbc", False) for r in csms201.calls("NotifyReport", mark)), what="the last NotifyReport part")
    parts = csms201.calls("NotifyReport", mark)
    assert [p["seqNo"] for p in parts] == list(range(len(parts))) and all(p["requestId"] == 5 for p in parts)
    names = {item["component"]["name"] for p in parts for item in p["reportData"]}
    assert {"OCPPCommCtrlr", "TxCtrlr", "EVSE", "Connector"} <= names

    written = csms201.call("V201-1", call.SetVariables(set_variable_data=[
        {"attribute_value": "123", "component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"}},
    ]))  # fmt: skip
    assert written.set_variable_result[0]["attribute_status"] == "Accepted"

    mark = csms201.mark()
    reset = csms201.call("V201-1", call.Reset(type="Immediate"))
    assert reset.status == "Accepted"
    boot = csms201.wait_call("BootNotification", mark)
    assert boot["reason"] == "RemoteReset"
    csms201.wait_connected("V201-1")
    read = csms201.call("V201-1", call.GetVariables(get_variable_data=[
        {"component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"}},
    ]))  # fmt: skip
    assert read.get_variable_result[0]["attribute_value"] == "123"
    assert station.process.poll() is None


def test_refuses_a_server_that_does_not_select_ocpp201(csms, tmp_path):
    """Against the 1.6 CSMS (it offers only ocpp1.6) the 2.0.1 station connects, sees no
    ocpp2.0.1 selected, and closes: no BootNotification reaches the server."""
    station = Station201Process(csms, "V201-REFUSED", tmp_path / "refused-data", ROOT / "configs/simulated.yaml", tmp_path).start()
    try:
        wait_until(lambda: "not ocpp2.0.1" in station.log_path.read_text(), what="the station refusing the subprotocol")
        assert csms.calls("BootNotification") == []
    finally:
        assert station.terminate() == 0, station.log_tail()


def test_configuration_file_selects_ocpp201_and_names_a_bad_version(csms201, tmp_path):
    text = (ROOT / "configs/simulated.yaml").read_text().replace("boards/maxero-200qc.yaml", str(ROOT / "configs/boards/maxero-200qc.yaml"))
    assert "  securityProfile: 0\n" in text
    bad = tmp_path / "bad-version.yaml"
    bad.write_text(text.replace("  securityProfile: 0\n", '  securityProfile: 0\n  ocppVersion: "2.1"\n'))
    check = subprocess.run([str(STATION_BINARY), "config", "check", str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 2 and "csms.ocppVersion" in check.stderr and '"2.0.1"' in check.stderr, check.stderr

    good = tmp_path / "v201.yaml"
    good.write_text(text.replace("  securityProfile: 0\n", '  securityProfile: 0\n  ocppVersion: "2.0.1"\n'))
    station = Station201Process(csms201, "V201-FILE", tmp_path / "file-data", good, tmp_path)
    station.version_options = []
    station.start()
    try:
        csms201.wait_call("BootNotification")
        assert csms201.subprotocols == ["ocpp2.0.1"]
    finally:
        assert station.terminate() == 0, station.log_tail()
