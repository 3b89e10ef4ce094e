"""OCPP 2.0.1 authorization (functional blocks C and D) of the `station` binary against the python
`ocpp` v201 central system: the authorization cache taken from Authorize answers and used offline,
an unknown card refused offline, SendLocalList / GetLocalListVersion kept across a restart,
ClearCache, a token of the same group stopping a transaction, evseId restrictions, a
TransactionEvent answer that deauthorizes, and AuthorizeRemoteStart. Every frame the station sent
is checked against the official 2.0.1 schemas (the start201 fixture).
"""

from __future__ import annotations

from csms.tags import TagRegistry
from ocpp.v201 import call

from conftest import wait_until
from test_ocpp201_station import booted, csms201, events, start201, wait_ended  # noqa: F401 (fixtures)

STATION = "V201-1"


def set_variable(csms, component: str, variable: str, value: str) -> None:
    answer = csms.call(STATION, call.SetVariables(set_variable_data=[
        {"attribute_value": value, "component": {"name": component}, "variable": {"name": variable}},
    ]))  # fmt: skip
    assert answer.set_variable_result[0]["attribute_status"] == "Accepted", answer


def local_entry(id_token: str, status: str | None) -> dict:
    entry: dict = {"id_token": {"id_token": id_token, "type": "ISO14443"}}
    if status is not None:
        entry["id_token_info"] = {"status": status}
    return entry


def authorized(csms, after: int = 0) -> list[str]:
    return [a["idToken"]["idToken"] for a in csms.calls("Authorize", after)]


def test_cached_card_charges_offline_and_an_unknown_card_does_not(csms201, start201):
    station = booted(csms201, start201)
    mark = csms201.mark()
    station.plug(1)
    station.swipe("CARD-C", 1)
    csms201.wait_call("TransactionEvent", mark, eventType="Started")
    station.swipe("CARD-C", 1)
    wait_ended(csms201, mark)
    station.unplug(1)
    csms201.wait_call("StatusNotification", mark, evseId=1, connectorStatus="Available")
    assert authorized(csms201, mark) == ["CARD-C"]

    station.network(False)
    wait_until(lambda: STATION not in csms201.stations, what="the CSMS seeing the station go")
    offline = csms201.mark()
    station.plug(2)
    station.swipe("STRANGER", 2)  # unknown offline: refused (OfflineTxForUnknownIdEnabled is false)
    station.swipe("CARD-C", 2)  # cached Accepted: charges offline (LocalAuthorizeOffline)
    station.swipe("CARD-C", 2)
    station.network(True)
    ended, sequence = wait_ended(csms201, offline)
    assert sequence[0]["idToken"]["idToken"] == "CARD-C" and all(e.get("offline") is True for e in sequence)
    assert [e["eventType"] for e in csms201.calls("TransactionEvent", offline)].count("Started") == 1
    assert authorized(csms201, offline) == []


def test_local_list_is_managed_used_without_authorize_and_kept_across_a_restart(csms201, start201, tmp_path):
    station = booted(csms201, start201)
    full = csms201.call(STATION, call.SendLocalList(version_number=2, update_type="Full", local_authorization_list=[
        local_entry("LIST-1", "Accepted"), local_entry("LIST-2", "Blocked"),
    ]))  # fmt: skip
    assert full.status == "Accepted"
    assert csms201.call(STATION, call.GetLocalListVersion()).version_number == 2
    stale = csms201.call(STATION, call.SendLocalList(version_number=2, update_type="Differential", local_authorization_list=[local_entry("LIST-3", "Accepted")]))
    assert stale.status == "VersionMismatch"
    bad = csms201.call(STATION, call.SendLocalList(version_number=3, update_type="Full", local_authorization_list=[local_entry("LIST-3", None)]))
    assert bad.status == "Failed"
    entries = csms201.call(STATION, call.GetVariables(get_variable_data=[{"component": {"name": "LocalAuthListCtrlr"}, "variable": {"name": "Entries"}}]))
    assert entries.get_variable_result[0]["attribute_value"] == "2"

    mark = csms201.mark()
    station.plug(1)
    station.swipe("LIST-1", 1)
    started = csms201.wait_call("TransactionEvent", mark, eventType="Started")
    assert started["idToken"] == {"idToken": "LIST-1", "type": "ISO14443"}
    assert authorized(csms201, mark) == []
    assert csms201.call(STATION, call.ClearCache()).status == "Accepted"

    assert station.terminate() == 0, station.log_tail()
    restart = csms201.mark()
    station.start()
    csms201.wait_call("BootNotification", restart)
    csms201.wait_connected(STATION)
    assert csms201.call(STATION, call.GetLocalListVersion()).version_number == 2


def test_a_token_of_the_same_group_stops_the_transaction(csms201, start201):
    csms201.tags = TagRegistry(tags={
        "CARD-A": {"status": "Accepted", "parentIdTag": "TEAM"}, "CARD-B": {"status": "Accepted", "parentIdTag": "TEAM"},
    }, unknown_status="Invalid")  # fmt: skip
    station = booted(csms201, start201)
    mark = csms201.mark()
    station.plug(1)
    station.swipe("CARD-A", 1)
    csms201.wait_call("TransactionEvent", mark, eventType="Started")
    station.swipe("CARD-B")
    ended, sequence = wait_ended(csms201, mark)
    assert ended["triggerReason"] == "StopAuthorized" and ended["transactionInfo"]["stoppedReason"] == "Local"
    assert authorized(csms201, mark) == ["CARD-A", "CARD-B"]


def test_evse_id_restriction_and_a_deauthorizing_transaction_event_answer(csms201, start201):
    csms201.id_token_infos = {"ONLY-2": {"status": "Accepted", "evseId": [2]}, "CARD-D": {"status": "Accepted"}}
    station = booted(csms201, start201)
    mark = csms201.mark()
    station.plug(1)
    station.plug(2)
    station.swipe("ONLY-2", 1)  # not allowed on EVSE 1
    csms201.wait_call("Authorize", mark)
    station.swipe("ONLY-2")  # cached: goes to EVSE 2
    started = csms201.wait_call("TransactionEvent", mark, eventType="Started")
    assert started["evse"]["id"] == 2 and started["idToken"]["idToken"] == "ONLY-2"

    # CARD-D is cached as Accepted; the CSMS then stops accepting it: its next transaction,
    # pre-authorized from the cache, is ended by the TransactionEvent answer (StopTxOnInvalidId).
    station.swipe("CARD-D", 1)
    first = csms201.wait_call("TransactionEvent", mark, eventType="Started", evse={"id": 1, "connectorId": 1})
    station.swipe("CARD-D", 1)
    wait_until(lambda: [e for e in events(csms201, first["transactionInfo"]["transactionId"], mark) if e["eventType"] == "Ended"], what="CARD-D's first end")
    station.unplug(1)
    csms201.wait_call("StatusNotification", mark, evseId=1, connectorStatus="Available")
    csms201.id_token_infos["CARD-D"] = {"status": "Invalid"}
    again = csms201.mark()
    station.plug(1)
    station.swipe("CARD-D", 1)
    ended = csms201.wait_call("TransactionEvent", again, eventType="Ended")
    assert ended["triggerReason"] == "Deauthorized" and ended["transactionInfo"]["stoppedReason"] == "DeAuthorized"
    assert authorized(csms201, again) == []


def test_authorize_remote_start_authorizes_the_token_first(csms201, start201):
    station = booted(csms201, start201)
    set_variable(csms201, "AuthCtrlr", "AuthorizeRemoteStart", "true")
    mark = csms201.mark()
    station.plug(1)
    refused = csms201.call(STATION, call.RequestStartTransaction(id_token={"id_token": "BLOCKED", "type": "KeyCode"}, remote_start_id=1, evse_id=1))
    assert refused.status == "Accepted"
    assert csms201.wait_call("Authorize", mark)["idToken"] == {"idToken": "BLOCKED", "type": "KeyCode"}
    accepted = csms201.call(STATION, call.RequestStartTransaction(id_token={"id_token": "APP-1", "type": "eMAID"}, remote_start_id=2, evse_id=1))
    assert accepted.status == "Accepted"
    started = csms201.wait_call("TransactionEvent", mark, eventType="Started")
    assert started["idToken"] == {"idToken": "APP-1", "type": "eMAID"} and started["transactionInfo"]["remoteStartId"] == 2
    assert authorized(csms201, mark) == ["BLOCKED", "APP-1"]
