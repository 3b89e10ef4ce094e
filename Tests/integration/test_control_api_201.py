"""The control API of an OCPP 2.0.1 station against the python `ocpp` v201 central system: the
device model routes (GET /api/variables lists every variable with its attributes; POST
/api/variables is SetVariables, with its validation, its statuses and its persistence), the 1.6
dashboard routes answering 404 with a pointer to the device model, and every `station sim`
subcommand driving the 2.0.1 station. Also: a 1.6 station has no /api/variables."""

from __future__ import annotations

import subprocess

from conftest import STATION_BINARY, wait_until
from ocpp.v201 import call
from test_ocpp201_station import booted, csms201, start201  # noqa: F401  (the 2.0.1 fixtures)

STATION = "API-201"


def entry(variables: list[dict], component: str, variable: str, instance: str | None = None) -> dict:
    return next(
        e for e in variables
        if e["component"]["name"] == component and e["variable"]["name"] == variable and e["variable"].get("instance") == instance
    )  # fmt: skip


def set_item(component: str, variable: str, value: str, **extra) -> dict:
    return {"setVariableData": [{"attributeValue": value, "component": {"name": component}, "variable": {"name": variable}, **extra}]}


def test_the_device_model_is_read_and_written_through_set_variables(csms201, start201):  # noqa: F811
    station = booted(csms201, start201, STATION)
    status, answer = station.api("GET", "/api/variables")
    assert status == 200
    variables = answer["variables"]
    assert {"OCPPCommCtrlr", "TxCtrlr", "SampledDataCtrlr", "DeviceDataCtrlr", "ChargingStation", "EVSE", "Connector"} <= {e["component"]["name"] for e in variables}
    heartbeat = entry(variables, "OCPPCommCtrlr", "HeartbeatInterval")
    assert heartbeat["variableAttribute"][0]["mutability"] == "ReadWrite" and heartbeat["variableAttribute"][0]["persistent"] is True
    assert heartbeat["variableCharacteristics"]["dataType"] == "integer" and heartbeat["variableCharacteristics"]["unit"] == "s"
    power = next(e for e in variables if e["component"]["name"] == "EVSE" and e["component"]["evse"] == {"id": 1} and e["variable"]["name"] == "Power")
    assert [a["type"] for a in power["variableAttribute"]] == ["Actual", "MaxSet"]
    password = entry(variables, "SecurityCtrlr", "BasicAuthPassword")
    assert password["variableAttribute"][0]["mutability"] == "WriteOnly" and "value" not in password["variableAttribute"][0]

    # A ReadOnly variable is refused with the SetVariables status and reason; nothing changes.
    status, answer = station.api("POST", "/api/variables", set_item("ChargingStation", "Model", "Other"))
    assert status == 400, answer
    result = answer["setVariableResult"][0]
    assert result["attributeStatus"] == "Rejected" and result["attributeStatusInfo"]["reasonCode"] == "ReadOnly"
    assert "ChargingStation.Model: Rejected ReadOnly" in answer["error"]
    # Values the variable cannot take: not an integer, below the minimum.
    status, answer = station.api("POST", "/api/variables", set_item("OCPPCommCtrlr", "HeartbeatInterval", "soon"))
    assert status == 400 and answer["setVariableResult"][0]["attributeStatusInfo"]["reasonCode"] == "InvalidValue", answer
    status, answer = station.api("POST", "/api/variables", set_item("OCPPCommCtrlr", "HeartbeatInterval", "-5"))
    assert status == 400 and answer["setVariableResult"][0]["attributeStatusInfo"]["reasonCode"] == "ValueTooLow", answer
    status, answer = station.api("POST", "/api/variables", set_item("NoSuchCtrlr", "HeartbeatInterval", "5"))
    assert status == 400 and answer["setVariableResult"][0]["attributeStatus"] == "UnknownComponent", answer
    # A body that is no SetVariables request: the CALLERROR the CSMS would get.
    status, answer = station.api("POST", "/api/variables", {"setVariableData": [{"attributeValue": "5"}]})
    assert status == 400 and answer["error"].split(":")[0] in ("OccurrenceConstraintViolation", "FormatViolation", "TypeConstraintViolation"), answer
    status, answer = station.api("POST", "/api/variables", {"setVariableData": []})
    assert status == 400, answer
    _, answer = station.api("GET", "/api/variables")
    assert entry(answer["variables"], "OCPPCommCtrlr", "HeartbeatInterval")["variableAttribute"][0]["value"] == heartbeat["variableAttribute"][0]["value"]

    # Accepted: the CSMS reads it back, and it survives a restart (persistent).
    status, answer = station.api("POST", "/api/variables", set_item("SampledDataCtrlr", "TxUpdatedInterval", "17", attributeType="Actual"))
    assert status == 200 and answer["setVariableResult"][0]["attributeStatus"] == "Accepted", answer
    read = csms201.call(STATION, call.GetVariables(get_variable_data=[{"component": {"name": "SampledDataCtrlr"}, "variable": {"name": "TxUpdatedInterval"}}]))
    assert read.get_variable_result[0]["attribute_value"] == "17"
    assert station.terminate() == 0, station.log_tail()
    station.start()
    csms201.wait_connected(STATION)
    _, answer = station.api("GET", "/api/variables")
    assert entry(answer["variables"], "SampledDataCtrlr", "TxUpdatedInterval")["variableAttribute"][0]["value"] == "17"


def test_the_16_views_answer_404_on_a_201_station(csms201, start201):  # noqa: F811
    station = booted(csms201, start201, STATION)
    for path in ("/api/configuration", "/api/charging-profiles", "/api/composite-schedule?connectorId=1", "/api/firmware"):
        status, answer = station.api("GET", path)
        assert status == 404 and "2.0.1" in answer["error"] and "variables" in answer["error"], (path, answer)


def test_a_16_station_has_no_device_model_route(station):
    status, answer = station.api("GET", "/api/variables")
    assert status == 404 and "1.6" in answer["error"], answer
    status, answer = station.api("POST", "/api/variables", set_item("OCPPCommCtrlr", "HeartbeatInterval", "5"))
    assert status == 404, answer


def test_every_sim_command_drives_a_201_station(csms201, start201):  # noqa: F811
    station = booted(csms201, start201, STATION)

    def sim(*arguments: str) -> str:
        done = subprocess.run([str(STATION_BINARY), "sim", *arguments, "--control", f"127.0.0.1:{station.control_port}"], capture_output=True, text=True, timeout=20)
        assert done.returncode == 0, f"sim {arguments}: {done.stdout}{done.stderr}"
        return done.stdout

    mark = csms201.mark()
    sim("plug", "1")
    station.wait_connector(1, status="Occupied")
    sim("swipe", "SIM-CARD", "--connector", "1")
    started = csms201.wait_call("TransactionEvent", mark, eventType="Started")
    transaction_id = started["transactionInfo"]["transactionId"]
    station.wait_connector(1, chargingState="Charging", transactionId=transaction_id, idToken="SIM-CARD")
    sim("ev", "1", "--suspend")
    station.wait_connector(1, chargingState="SuspendedEV")
    sim("ev", "1", "--resume")
    station.wait_connector(1, chargingState="Charging")
    sim("ev", "1", "--soc", "70")
    wait_until(lambda: station.connector(1)["ev"]["socPercent"] >= 70, what="the EV's state of charge at 70 %")
    table = sim("status")
    assert "OCPP 2.0.1" in table and "registration Accepted" in table and transaction_id in table and "Charging" in table, table
    header, first = table.splitlines()[1:3]
    assert header.split()[:3] == ["evse", "status", "charging"] and first.split()[:3] == ["1", "Occupied", "Charging"], table

    sim("fault", "2", "GroundFailure")
    csms201.wait_call("StatusNotification", mark, evseId=2, connectorStatus="Faulted")
    station.wait_connector(2, status="Faulted")
    sim("fault", "2", "--clear")
    csms201.wait_call("StatusNotification", mark, evseId=2, connectorStatus="Available")

    # Connector 0 is the whole station: an emergency stop faults both EVSEs and ends the transaction.
    sim("fault", "0", "EmergencyStop")
    ended = csms201.wait_call("TransactionEvent", mark, eventType="Ended")
    assert ended["transactionInfo"]["transactionId"] == transaction_id, ended
    station.wait_connector(1, status="Faulted")
    station.wait_connector(2, status="Faulted")
    sim("fault", "0", "--clear")
    station.wait_connector(2, status="Available")

    sim("network", "--offline")
    wait_until(lambda: (s := station.snapshot()) and not s["connected"], what="the link down")
    sim("network", "--online")
    wait_until(lambda: (s := station.snapshot()) and s["connected"], what="the link up again")

    # A new session (the EV plugged in again), stopped by the card at the reader (no connector named).
    sim("unplug", "1")
    sim("plug", "1")
    mark = csms201.mark()
    sim("swipe", "SIM-CARD", "--connector", "1")
    csms201.wait_call("TransactionEvent", mark, eventType="Started")
    sim("swipe", "SIM-CARD")
    csms201.wait_call("TransactionEvent", mark, eventType="Ended")
    sim("unplug", "1")
    station.wait_connector(1, status="Available", transactionId=None)
