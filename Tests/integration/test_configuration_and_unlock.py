"""GetConfiguration and ChangeConfiguration, and UnlockConnector on a fixed cable and on a
socket outlet."""

import pytest

from conftest import CONFIGS, INTEGER, TIMESTAMP, start_session


def test_get_configuration_reports_known_and_unknown_keys(csms, station):
    everything = station.call("GetConfiguration", {})
    keys = {entry["key"]: entry for entry in everything["configurationKey"]}
    for name in ("HeartbeatInterval", "MeterValueSampleInterval", "ConnectionTimeOut", "NumberOfConnectors", "SupportedFeatureProfiles"):
        assert name in keys, f"{name} missing from GetConfiguration"
    assert keys["NumberOfConnectors"] == {"key": "NumberOfConnectors", "readonly": True, "value": "2"}
    assert "AuthorizationKey" not in keys  # secrets are never readable
    assert "unknownKey" not in everything

    answer = station.call("GetConfiguration", {"key": ["ConnectionTimeOut", "NoSuchKey"]})
    assert answer["unknownKey"] == ["NoSuchKey"]
    assert [entry["key"] for entry in answer["configurationKey"]] == ["ConnectionTimeOut"]
    assert answer["configurationKey"][0]["readonly"] is False


def test_change_configuration_accepts_rejects_and_persists_across_a_restart(csms, station):
    assert station.call("ChangeConfiguration", {"key": "MeterValueSampleInterval", "value": "7"}) == {"status": "Accepted"}
    assert station.call("ChangeConfiguration", {"key": "NumberOfConnectors", "value": "3"}) == {"status": "Rejected"}
    assert station.call("ChangeConfiguration", {"key": "ConnectionTimeOut", "value": "soon"}) == {"status": "Rejected"}
    assert station.call("ChangeConfiguration", {"key": "NoSuchKey", "value": "1"}) == {"status": "NotSupported"}
    expected = {"configurationKey": [{"key": "MeterValueSampleInterval", "readonly": False, "value": "7"}]}
    assert station.call("GetConfiguration", {"key": ["MeterValueSampleInterval"]}) == expected

    assert station.terminate() == 0
    mark = csms.mark()
    station.start()
    csms.wait_call("BootNotification", mark)
    station.wait_registered()
    assert station.call("GetConfiguration", {"key": ["MeterValueSampleInterval"]}) == expected


def test_unlock_on_a_fixed_cable_is_not_supported(csms, station):
    assert station.call("UnlockConnector", {"connectorId": 1}) == {"status": "NotSupported"}


@pytest.fixture
def outlet_station(csms, start_station):
    config = CONFIGS / "socket-outlet.yaml"
    if not config.is_file():
        pytest.fail(f"{config} is missing: the socket-outlet variant of the station configuration")
    mark = csms.mark()
    station = start_station(config="socket-outlet.yaml", station_id="IT-OUTLET")
    csms.wait_call("BootNotification", mark)
    station.wait_registered()
    return station


def test_unlock_on_a_socket_outlet_unlocks_and_stops_its_transaction(csms, outlet_station):
    station = outlet_station
    assert station.call("UnlockConnector", {"connectorId": 1}) == {"status": "Unlocked"}
    transaction_id = start_session(station, csms, connector_id=1)
    mark = csms.mark()
    assert station.call("UnlockConnector", {"connectorId": 1}) == {"status": "Unlocked"}
    stop = csms.wait_call("StopTransaction", mark)
    assert stop.payload == {
        "meterStop": INTEGER, "timestamp": TIMESTAMP, "transactionId": transaction_id, "reason": "UnlockCommand",
        "transactionData": stop.payload.get("transactionData"),
    }  # fmt: skip
    csms.wait_status(1, "Finishing", mark)
