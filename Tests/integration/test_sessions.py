"""Charging sessions driven by plug, RFID swipes and the CSMS, checked on the frames the CSMS
receives."""

import time

import pytest

from conftest import BLOCKED_TAG, INTEGER, OTHER_TAG, SIBLING_TAG, TAG, TIMESTAMP, UNKNOWN_TAG, Integer, start_session


def assert_transaction_data(payload: dict) -> None:
    """StopTransaction's transactionData begins with Transaction.Begin and ends with Transaction.End."""
    data = payload["transactionData"]
    assert data[0]["sampledValue"][0]["context"] == "Transaction.Begin"
    assert data[-1]["sampledValue"][0]["context"] == "Transaction.End"
    assert all(value["timestamp"] == TIMESTAMP for value in data)


def test_session_by_plug_then_swipe_stopped_by_the_same_tag(csms, station):
    mark = csms.mark()
    station.plug(1)
    csms.wait_status(1, "Preparing", mark)
    station.swipe(TAG)
    authorize = csms.wait_call("Authorize", mark)
    assert authorize.payload == {"idTag": TAG}
    start = csms.wait_call("StartTransaction", mark)
    assert start.payload == {"connectorId": 1, "idTag": TAG, "meterStart": INTEGER, "timestamp": TIMESTAMP}
    transaction_id = csms.answer_to(start)["transactionId"]
    csms.wait_status(1, "Charging", mark)
    station.wait_connector(1, transactionId=transaction_id, status="Charging")

    mark = csms.mark()
    station.swipe(TAG)
    stop = csms.wait_call("StopTransaction", mark)
    meter_start = start.payload["meterStart"]
    assert stop.payload == {
        "idTag": TAG, "meterStop": Integer(meter_start), "timestamp": TIMESTAMP, "transactionId": transaction_id,
        "transactionData": stop.payload.get("transactionData"),
    }  # fmt: skip
    assert_transaction_data(stop.payload)
    # The same tag stops its own transaction without asking the CSMS.
    assert csms.calls("Authorize", mark, stop.index) == []
    csms.wait_status(1, "Finishing", mark)
    station.unplug(1)
    csms.wait_status(1, "Available", mark)


def test_session_by_swipe_then_plug(csms, station):
    mark = csms.mark()
    station.swipe(TAG)
    assert csms.wait_call("Authorize", mark).payload == {"idTag": TAG}
    csms.wait_status(1, "Preparing", mark)
    assert csms.calls("StartTransaction", mark) == []
    station.plug(1)
    start = csms.wait_call("StartTransaction", mark)
    assert start.payload == {"connectorId": 1, "idTag": TAG, "meterStart": INTEGER, "timestamp": TIMESTAMP}
    csms.wait_status(1, "Charging", mark)


def test_stop_by_a_tag_with_the_same_parent(csms, station):
    transaction_id = start_session(station, csms, id_tag=TAG)
    mark = csms.mark()
    station.swipe(SIBLING_TAG)
    assert csms.wait_call("Authorize", mark).payload == {"idTag": SIBLING_TAG}
    stop = csms.wait_call("StopTransaction", mark)
    assert stop.payload["idTag"] == SIBLING_TAG
    assert stop.payload["transactionId"] == transaction_id
    assert "reason" not in stop.payload  # Local is the default reason
    csms.wait_status(1, "Finishing", mark)


def test_a_tag_of_another_parent_does_not_stop_the_transaction(csms, station):
    transaction_id = start_session(station, csms, id_tag=TAG)
    mark = csms.mark()
    station.swipe(OTHER_TAG, 1)
    csms.wait_call("Authorize", mark, idTag=OTHER_TAG)
    time.sleep(1)
    assert csms.calls("StopTransaction", mark) == []
    station.wait_connector(1, transactionId=transaction_id, status="Charging")


@pytest.mark.parametrize(("id_tag", "status"), [(UNKNOWN_TAG, "Invalid"), (BLOCKED_TAG, "Blocked")])
def test_a_refused_tag_is_asked_and_starts_nothing(csms, station, id_tag, status):
    mark = csms.mark()
    station.plug(1)
    station.swipe(id_tag)
    authorize = csms.wait_call("Authorize", mark)
    assert authorize.payload == {"idTag": id_tag}
    assert csms.answer_to(authorize) == {"idTagInfo": {"status": status}}
    # Give the station the time it would need to start, then check it did not.
    csms.wait_status(1, "Preparing", mark)
    time.sleep(1)
    assert csms.calls("StartTransaction", mark) == []
    assert station.connector(1)["transactionId"] is None
    assert station.connector(1)["status"] == "Preparing"


def test_connection_timeout_cancels_an_authorization_without_a_vehicle(csms, station):
    station.configure("ConnectionTimeOut", "2")
    mark = csms.mark()
    station.swipe(TAG)
    csms.wait_call("Authorize", mark, idTag=TAG)
    preparing = csms.wait_status(1, "Preparing", mark)
    csms.wait_status(1, "Available", preparing.index)
    # A vehicle plugged after the timeout starts nothing: the authorization is gone.
    mark = csms.mark()
    station.plug(1)
    csms.wait_status(1, "Preparing", mark)
    time.sleep(1)
    assert csms.calls("StartTransaction") == []


def test_ev_side_disconnect_stops_the_transaction(csms, station):
    transaction_id = start_session(station, csms)
    mark = csms.mark()
    station.unplug(1)
    stop = csms.wait_call("StopTransaction", mark)
    assert stop.payload == {
        "meterStop": INTEGER, "timestamp": TIMESTAMP, "transactionId": transaction_id, "reason": "EVDisconnected",
        "transactionData": stop.payload.get("transactionData"),
    }  # fmt: skip
    assert_transaction_data(stop.payload)
    csms.wait_status(1, "Available", mark)
    station.wait_connector(1, transactionId=None, status="Available")


def test_remote_start_authorizes_then_starts_on_plug_and_remote_stop_ends_it(csms, station):
    mark = csms.mark()
    assert station.call("RemoteStartTransaction", {"connectorId": 2, "idTag": TAG}) == {"status": "Accepted"}
    # AuthorizeRemoteTxRequests is true in the MAXERO profile.
    assert csms.wait_call("Authorize", mark).payload == {"idTag": TAG}
    csms.wait_status(2, "Preparing", mark)
    station.plug(2)
    start = csms.wait_call("StartTransaction", mark)
    assert start.payload == {"connectorId": 2, "idTag": TAG, "meterStart": INTEGER, "timestamp": TIMESTAMP}
    transaction_id = csms.answer_to(start)["transactionId"]
    csms.wait_status(2, "Charging", mark)
    station.wait_connector(2, transactionId=transaction_id)

    assert station.call("RemoteStopTransaction", {"transactionId": transaction_id + 1000}) == {"status": "Rejected"}
    mark = csms.mark()
    assert station.call("RemoteStopTransaction", {"transactionId": transaction_id}) == {"status": "Accepted"}
    stop = csms.wait_call("StopTransaction", mark)
    assert stop.payload == {
        "meterStop": Integer(start.payload["meterStart"]), "timestamp": TIMESTAMP, "transactionId": transaction_id, "reason": "Remote",
        "transactionData": stop.payload.get("transactionData"),
    }  # fmt: skip
    csms.wait_status(2, "Finishing", mark)


def test_remote_start_on_a_plugged_connector_starts_at_once(csms, station):
    mark = csms.mark()
    station.plug(1)
    csms.wait_status(1, "Preparing", mark)
    assert station.call("RemoteStartTransaction", {"connectorId": 1, "idTag": OTHER_TAG}) == {"status": "Accepted"}
    start = csms.wait_call("StartTransaction", mark)
    assert start.payload["connectorId"] == 1 and start.payload["idTag"] == OTHER_TAG
    csms.wait_status(1, "Charging", mark)
    # A second remote start on the busy connector is rejected.
    assert station.call("RemoteStartTransaction", {"connectorId": 1, "idTag": TAG}) == {"status": "Rejected"}
