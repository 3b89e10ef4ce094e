"""Registration: BootNotification answered Accepted, Pending and Rejected."""

from conftest import TIMESTAMP, wait_until


def test_accepted_boot_sends_identity_then_every_connector_status_and_heartbeats(csms, start_station):
    csms.set_boot("Accepted", 2)
    mark = csms.mark()
    station = start_station()
    boot = csms.wait_call("BootNotification", mark)
    assert {"chargePointVendor", "chargePointModel"} <= boot.payload.keys()
    assert csms.answer_to(boot)["status"] == "Accepted"
    for connector_id in (0, 1, 2):
        status = csms.wait_status(connector_id, "Available", mark)
        assert status.payload == {"connectorId": connector_id, "errorCode": "NoError", "status": "Available", "timestamp": TIMESTAMP}
    heartbeat = csms.wait_call("Heartbeat", mark)
    assert heartbeat.payload == {}
    assert station.call("GetConfiguration", {"key": ["HeartbeatInterval"]}) == {
        "configurationKey": [{"key": "HeartbeatInterval", "readonly": False, "value": "2"}]
    }
    snapshot = station.wait_registered()
    assert snapshot["chargePointId"] == "IT-1"
    assert [c["status"] for c in snapshot["connectors"]] == ["Available", "Available"]


def test_pending_boot_sends_nothing_but_boots_until_accepted(csms, start_station):
    csms.set_boot("Pending", 1)
    mark = csms.mark()
    station = start_station()
    first = csms.wait_call("BootNotification", mark)
    second = csms.wait_call("BootNotification", first.index + 1)
    # While Pending the station answers the CSMS's requests.
    wait_until(lambda: (s := station.snapshot()) and s["registration"] == "Pending", what="registration Pending")
    answer = station.call("GetConfiguration", {"key": ["NumberOfConnectors"]})
    assert answer["configurationKey"] == [{"key": "NumberOfConnectors", "readonly": True, "value": "2"}]
    assert csms.answer_to(second)["status"] == "Pending"  # answered before the CSMS changes its mind
    csms.set_boot("Accepted", 300)
    accepted = csms.wait_call("BootNotification", second.index + 1)
    assert csms.answer_to(accepted)["status"] == "Accepted"
    for connector_id in (0, 1, 2):
        csms.wait_status(connector_id, "Available", accepted.index)
    # Before acceptance it sent BootNotifications only.
    assert {frame.action for frame in csms.calls(after=mark, before=accepted.index)} == {"BootNotification"}
    station.wait_registered()


def test_rejected_boot_is_retried_after_the_interval_and_nothing_else_is_sent(csms, start_station):
    csms.set_boot("Rejected", 1)
    mark = csms.mark()
    station = start_station()
    first = csms.wait_call("BootNotification", mark)
    assert csms.answer_to(first)["status"] == "Rejected"
    wait_until(lambda: (s := station.snapshot()) and s["registration"] == "Rejected", what="registration Rejected")
    # A card and a plug while rejected make no message.
    station.plug(1)
    station.swipe("IT-TAG-1")
    second = csms.wait_call("BootNotification", first.index + 1)
    assert csms.answer_to(second)["status"] == "Rejected"  # answered before the CSMS changes its mind
    csms.set_boot("Accepted", 300)
    accepted = csms.wait_call("BootNotification", second.index + 1)
    assert {frame.action for frame in csms.calls(after=mark, before=accepted.index)} == {"BootNotification"}
    csms.wait_status(0, "Available", accepted.index)
    csms.wait_status(1, "Preparing", accepted.index)
    station.wait_registered()
