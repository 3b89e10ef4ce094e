"""Local Auth List Management and Reservation, driven from outside.

Local list: SendLocalList Full then Differential (Accepted), VersionMismatch for a version that is
not newer, GetLocalListVersion (0 before the first update, then the list's version); a listed tag
starts a transaction while the station is offline (LocalAuthorizeOffline true, cache off, so only
the list can accept it) and the list survives a restart of the process on the same data directory.

Reservation: ReserveNow on connector 1 (Accepted, StatusNotification Reserved), another tag does not
start there, the reserved tag starts with the reservationId in StartTransaction; CancelReservation
(known id Accepted, unknown id Rejected); a reservation whose expiryDate passes frees the connector;
ReserveNow on a Faulted connector answers Faulted.
"""

import time
from datetime import datetime, timedelta, timezone

from conftest import INTEGER, OTHER_TAG, SIBLING_TAG, TAG, TIMESTAMP, go_offline, wait_until


def ocpp_time(seconds_from_now: float) -> str:
    """An OCPP timestamp (UTC, milliseconds) `seconds_from_now` from now."""
    moment = datetime.now(timezone.utc) + timedelta(seconds=seconds_from_now)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def accepted(id_tag: str, **info) -> dict:
    return {"idTag": id_tag, "idTagInfo": {"status": "Accepted", **info}}


def list_version(station) -> int:
    answer = station.call("GetLocalListVersion", {})
    assert answer.keys() == {"listVersion"}, answer
    return answer["listVersion"]


# MARK: Local list


def test_send_local_list_full_then_differential_and_version_mismatch(csms, station):
    assert list_version(station) == 0

    full = {"listVersion": 3, "updateType": "Full", "localAuthorizationList": [accepted(TAG), accepted(OTHER_TAG)]}
    assert station.call("SendLocalList", full) == {"status": "Accepted"}
    assert list_version(station) == 3

    # A Differential update adds SIBLING_TAG and removes OTHER_TAG (an entry without idTagInfo).
    differential = {
        "listVersion": 4, "updateType": "Differential",
        "localAuthorizationList": [accepted(SIBLING_TAG, parentIdTag="IT-FLEET"), {"idTag": OTHER_TAG}],
    }  # fmt: skip
    assert station.call("SendLocalList", differential) == {"status": "Accepted"}
    assert list_version(station) == 4

    # A Differential update that is not newer than the list changes nothing.
    for old_version in (4, 2):
        stale = {"listVersion": old_version, "updateType": "Differential", "localAuthorizationList": [accepted("IT-STALE")]}
        assert station.call("SendLocalList", stale) == {"status": "VersionMismatch"}, f"Differential to version {old_version}"
    assert list_version(station) == 4


def test_a_listed_tag_starts_offline_and_the_list_survives_a_restart(csms, station):
    # Only OTHER_TAG is listed; the authorization cache is off (the MAXERO default), so offline the
    # list is the only thing that can accept a tag.
    update = {"listVersion": 7, "updateType": "Full", "localAuthorizationList": [accepted(OTHER_TAG)]}
    assert station.call("SendLocalList", update) == {"status": "Accepted"}
    assert station.call("GetConfiguration", {"key": ["AuthorizationCacheEnabled"]})["configurationKey"][0]["value"] == "false"

    # Restart the process on the same data directory.
    assert station.terminate() == 0, station.log_tail()
    wait_until(lambda: "IT-1" not in csms.csms.stations, what="the CSMS seeing the station go")
    mark = csms.mark()
    station.start()
    csms.wait_call("BootNotification", mark)
    station.wait_registered()
    assert list_version(station) == 7, station.log_tail()

    station.configure("LocalAuthorizeOffline", "true")
    offline_mark = go_offline(station, csms)

    station.plug(1)
    station.swipe(OTHER_TAG, 1)
    station.wait_connector(1, status="Charging")
    # A tag the CSMS knows but the list does not is refused offline.
    station.plug(2)
    station.swipe(TAG, 2)
    time.sleep(1)
    connector = station.connector(2)
    assert connector["transactionId"] is None and connector["status"] == "Preparing", f"{connector}\n{station.log_tail()}"
    assert csms.calls(after=offline_mark) == []

    station.network(True)
    start = csms.wait_call("StartTransaction", offline_mark, timeout=30)
    assert start.payload == {"connectorId": 1, "idTag": OTHER_TAG, "meterStart": INTEGER, "timestamp": TIMESTAMP}
    assert csms.calls("StartTransaction", offline_mark) == [start], "only the listed tag started a transaction"
    transaction_id = csms.answer_to(start)["transactionId"]
    station.wait_connector(1, transactionId=transaction_id)

    mark = csms.mark()
    station.swipe(OTHER_TAG, 1)
    stop = csms.wait_call("StopTransaction", mark)
    assert stop.payload["transactionId"] == transaction_id


# MARK: Reservation


def test_reserve_now_keeps_the_connector_for_its_tag(csms, station):
    mark = csms.mark()
    reservation = {"connectorId": 1, "expiryDate": ocpp_time(300), "idTag": TAG, "reservationId": 41}
    assert station.call("ReserveNow", reservation) == {"status": "Accepted"}
    csms.wait_status(1, "Reserved", mark)
    station.wait_connector(1, status="Reserved")

    # Another tag at the reserved connector starts nothing.
    mark = csms.mark()
    station.plug(1)
    station.swipe(OTHER_TAG, 1)
    authorize = csms.wait_call("Authorize", mark, idTag=OTHER_TAG)
    assert csms.answer_to(authorize)["idTagInfo"]["status"] == "Accepted"
    time.sleep(1)
    assert csms.calls("StartTransaction", mark) == [], station.log_tail()
    assert station.connector(1)["transactionId"] is None

    # The reserved tag starts, and StartTransaction names the reservation.
    station.swipe(TAG, 1)
    start = csms.wait_call("StartTransaction", mark, connectorId=1)
    assert start.payload == {"connectorId": 1, "idTag": TAG, "meterStart": INTEGER, "timestamp": TIMESTAMP, "reservationId": 41}
    csms.wait_status(1, "Charging", start.index)

    # The reservation was used up; an id that never existed is unknown.
    assert station.call("CancelReservation", {"reservationId": 41}) == {"status": "Rejected"}
    assert station.call("CancelReservation", {"reservationId": 987654}) == {"status": "Rejected"}


def test_cancel_reservation_frees_the_connector(csms, station):
    mark = csms.mark()
    reservation = {"connectorId": 2, "expiryDate": ocpp_time(300), "idTag": TAG, "reservationId": 42}
    assert station.call("ReserveNow", reservation) == {"status": "Accepted"}
    reserved = csms.wait_status(2, "Reserved", mark)
    assert station.call("CancelReservation", {"reservationId": 42}) == {"status": "Accepted"}
    csms.wait_status(2, "Available", reserved.index)
    assert station.call("CancelReservation", {"reservationId": 42}) == {"status": "Rejected"}


def test_a_reservation_expires_at_its_expiry_date(csms, station):
    mark = csms.mark()
    reservation = {"connectorId": 1, "expiryDate": ocpp_time(3), "idTag": TAG, "reservationId": 43}
    assert station.call("ReserveNow", reservation) == {"status": "Accepted"}
    reserved = csms.wait_status(1, "Reserved", mark)
    csms.wait_status(1, "Available", reserved.index)
    station.wait_connector(1, status="Available")
    # Expired: nothing left to cancel, and another tag may use the connector.
    assert station.call("CancelReservation", {"reservationId": 43}) == {"status": "Rejected"}
    mark = csms.mark()
    station.plug(1)
    station.swipe(OTHER_TAG, 1)
    csms.wait_call("StartTransaction", mark, connectorId=1, idTag=OTHER_TAG)


def test_reserve_now_on_a_faulted_connector_answers_faulted(csms, station):
    mark = csms.mark()
    station.post("/api/connectors/1/fault", {"errorCode": "GroundFailure"})
    csms.wait_status(1, "Faulted", mark)
    reservation = {"connectorId": 1, "expiryDate": ocpp_time(300), "idTag": TAG, "reservationId": 44}
    assert station.call("ReserveNow", reservation) == {"status": "Faulted"}
    # The other connector can still be reserved.
    assert station.call("ReserveNow", {**reservation, "connectorId": 2}) == {"status": "Accepted"}

    mark = csms.mark()
    status, answer = station.api("DELETE", "/api/connectors/1/fault")
    assert status == 200, answer
    csms.wait_status(1, "Available", mark)
