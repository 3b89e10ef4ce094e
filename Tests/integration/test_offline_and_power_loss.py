"""A session while the network is cut through the control API, and a power loss (SIGKILL)
during a transaction followed by a restart on the same data directory."""

import time

from conftest import INTEGER, TAG, TIMESTAMP, go_offline, start_session, wait_until


def test_offline_session_is_delivered_after_the_network_returns(csms, station):
    # Tags the CSMS accepted while online are accepted offline from the authorization cache.
    station.configure("AuthorizationCacheEnabled", "true")
    station.configure("LocalAuthorizeOffline", "true")
    # A short online session caches the tag.
    start_session(station, csms, connector_id=2)
    mark = csms.mark()
    station.swipe(TAG, 2)
    csms.wait_call("StopTransaction", mark)
    station.unplug(2)
    csms.wait_status(2, "Available", mark)

    offline_mark = go_offline(station, csms)

    station.plug(1)
    station.swipe(TAG, 1)
    station.wait_connector(1, status="Charging")
    time.sleep(1)
    station.swipe(TAG, 1)
    station.wait_connector(1, status="Finishing")
    snapshot = station.snapshot()
    assert snapshot["queuedMessages"] >= 2, snapshot
    assert csms.calls(after=offline_mark) == []

    station.network(True)
    start = csms.wait_call("StartTransaction", offline_mark, connectorId=1, timeout=30)
    assert start.payload == {"connectorId": 1, "idTag": TAG, "meterStart": INTEGER, "timestamp": TIMESTAMP}
    transaction_id = csms.answer_to(start)["transactionId"]
    stop = csms.wait_call("StopTransaction", start.index)
    assert stop.payload["transactionId"] == transaction_id
    assert stop.payload["idTag"] == TAG
    assert stop.payload["meterStop"] >= start.payload["meterStart"]
    # A reconnect is not a reboot.
    assert csms.calls("BootNotification", offline_mark) == []
    csms.wait_status(1, "Finishing", offline_mark)
    wait_until(lambda: (s := station.snapshot()) and s["connected"] and s["queuedMessages"] == 0, what="the queue emptied")


def test_power_loss_during_a_transaction_is_stopped_with_reason_power_loss_after_restart(csms, station):
    transaction_id = start_session(station, csms)
    time.sleep(1)
    station.kill()
    wait_until(lambda: "IT-1" not in csms.csms.stations, what="the CSMS seeing the station go")
    mark = csms.mark()
    station.start()
    boot = csms.wait_call("BootNotification", mark)
    stop = csms.wait_call("StopTransaction", mark)
    assert boot.index < stop.index
    assert stop.payload == {
        "meterStop": INTEGER, "timestamp": TIMESTAMP, "transactionId": transaction_id, "reason": "PowerLoss",
        **({"transactionData": stop.payload["transactionData"]} if "transactionData" in stop.payload else {}),
    }  # fmt: skip
    station.wait_connector(1, transactionId=None)
    wait_until(lambda: (s := station.snapshot()) and s["queuedMessages"] == 0, what="the queue emptied")
