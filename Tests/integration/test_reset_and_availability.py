"""Reset (soft and hard, with and without a transaction) and ChangeAvailability, which must
survive a reset and a restart."""

import pytest

from conftest import INTEGER, TIMESTAMP, start_session


@pytest.mark.parametrize("reset_type", ["Soft", "Hard"])
def test_reset_without_a_transaction_boots_again(csms, station, reset_type):
    mark = csms.mark()
    assert station.call("Reset", {"type": reset_type}) == {"status": "Accepted"}
    boot = csms.wait_call("BootNotification", mark)
    assert csms.answer_to(boot)["status"] == "Accepted"
    for connector_id in (0, 1, 2):
        csms.wait_status(connector_id, "Available", boot.index)
    assert csms.calls("StopTransaction", mark) == []
    station.wait_registered()


@pytest.mark.parametrize("reset_type", ["Soft", "Hard"])
def test_reset_with_a_transaction_stops_it_before_booting_again(csms, station, reset_type):
    transaction_id = start_session(station, csms)
    mark = csms.mark()
    assert station.call("Reset", {"type": reset_type}) == {"status": "Accepted"}
    stop = csms.wait_call("StopTransaction", mark)
    assert stop.payload == {
        "meterStop": INTEGER, "timestamp": TIMESTAMP, "transactionId": transaction_id, "reason": f"{reset_type}Reset",
        "transactionData": stop.payload.get("transactionData"),
    }  # fmt: skip
    boot = csms.wait_call("BootNotification", mark)
    assert stop.index < boot.index, "the StopTransaction goes out before the reboot"
    csms.wait_status(0, "Available", boot.index)
    # The vehicle is still plugged after the reboot, without a transaction.
    csms.wait_status(1, "Preparing", boot.index)
    station.wait_connector(1, transactionId=None)


def test_change_availability_persists_across_a_reset_and_a_restart(csms, station, start_station):
    mark = csms.mark()
    assert station.call("ChangeAvailability", {"connectorId": 2, "type": "Inoperative"}) == {"status": "Accepted"}
    csms.wait_status(2, "Unavailable", mark)
    # An unavailable connector takes no remote start.
    assert station.call("RemoteStartTransaction", {"connectorId": 2, "idTag": "IT-TAG-1"}) == {"status": "Rejected"}

    mark = csms.mark()
    assert station.call("Reset", {"type": "Soft"}) == {"status": "Accepted"}
    boot = csms.wait_call("BootNotification", mark)
    csms.wait_status(2, "Unavailable", boot.index)
    csms.wait_status(1, "Available", boot.index)
    station.wait_connector(2, status="Unavailable")

    assert station.terminate() == 0
    mark = csms.mark()
    station.start()
    boot = csms.wait_call("BootNotification", mark)
    csms.wait_status(2, "Unavailable", boot.index)

    mark = csms.mark()
    assert station.call("ChangeAvailability", {"connectorId": 2, "type": "Operative"}) == {"status": "Accepted"}
    csms.wait_status(2, "Available", mark)


def test_change_availability_during_a_transaction_is_scheduled(csms, station):
    start_session(station, csms, connector_id=1)
    mark = csms.mark()
    assert station.call("ChangeAvailability", {"connectorId": 1, "type": "Inoperative"}) == {"status": "Scheduled"}
    station.swipe("IT-TAG-1")
    csms.wait_call("StopTransaction", mark)
    csms.wait_status(1, "Unavailable", mark)
