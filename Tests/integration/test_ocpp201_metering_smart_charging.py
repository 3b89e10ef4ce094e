"""Meter values (J) and smart charging (K) of the `station` binary speaking OCPP 2.0.1 against the
python `ocpp` v201 central system: clock-aligned MeterValues while idle and MeterValueClock events
in a transaction, the sampled measurands of the periodic events, a TxProfile that lowers the
simulated power (seen in the station's own Power.Active.Import and in the control API) with its
ChargingRateChanged event, GetCompositeSchedule, GetChargingProfiles with ReportChargingProfiles,
ClearChargingProfile, and the Ended event's collected values. Every frame the station sent is
checked against the official 2.0.1 schemas (the start201 fixture's teardown).
"""

from __future__ import annotations

from ocpp.v201 import call

from conftest import wait_until
from test_ocpp201_station import TAG, booted, csms201, start201  # noqa: F401 (fixtures)

LIMIT_W = 11_000


def sample(event: dict, measurand: str) -> float | None:
    for meter_value in event.get("meterValue", []):
        for value in meter_value["sampledValue"]:
            if value.get("measurand", "Energy.Active.Import.Register") == measurand:
                return float(value["value"])
    return None


def set_variables(csms201, items: list[tuple[str, str, str]]) -> None:
    answer = csms201.call("V201-1", call.SetVariables(set_variable_data=[
        {"attribute_value": value, "component": {"name": component}, "variable": {"name": name}} for component, name, value in items
    ]))  # fmt: skip
    assert [r["attribute_status"] for r in answer.set_variable_result] == ["Accepted"] * len(items), answer


def test_aligned_values_sampled_measurands_and_a_tx_profile_that_lowers_the_power(csms201, start201):
    station = booted(csms201, start201)
    set_variables(csms201, [
        ("AlignedDataCtrlr", "Interval", "3"),
        ("SampledDataCtrlr", "TxUpdatedInterval", "1"),
        ("SampledDataCtrlr", "TxUpdatedMeasurands", "Energy.Active.Import.Register,Power.Active.Import,Power.Offered"),
        ("SampledDataCtrlr", "TxEndedInterval", "2"),
    ])  # fmt: skip
    # Idle: clock-aligned MeterValues per EVSE, on a multiple of 3 s.
    mark = csms201.mark()
    idle = csms201.wait_call("MeterValues", mark, evseId=1, timeout=10)
    assert idle["meterValue"][0]["sampledValue"][0]["context"] == "Sample.Clock"
    assert int(idle["meterValue"][0]["timestamp"][17:19]) % 3 == 0, idle

    mark = csms201.mark()
    station.plug(1)
    station.swipe(TAG, 1)
    started = csms201.wait_call("TransactionEvent", mark, eventType="Started")
    transaction_id = started["transactionInfo"]["transactionId"]

    def powers(after: int) -> list[float]:
        """Power.Active.Import of the periodic samples after `after`, in order."""
        samples = [sample(e, "Power.Active.Import") for e in csms201.calls("TransactionEvent", after) if e["triggerReason"] == "MeterValuePeriodic"]
        return [p for p in samples if p is not None]

    # The simulated power module ramps up to the EV's demand, well above the limit to come.
    wait_until(lambda: (p := powers(mark)) and p[-1] > LIMIT_W * 2, 20, "a periodic sample with the full charging power")
    clock_event = csms201.wait_call("TransactionEvent", mark, triggerReason="MeterValueClock", timeout=10)
    assert clock_event["meterValue"][0]["sampledValue"][0]["context"] == "Sample.Clock"

    limited = csms201.mark()
    answer = csms201.call("V201-1", call.SetChargingProfile(evse_id=1, charging_profile={
        "id": 77, "stack_level": 1, "charging_profile_purpose": "TxProfile", "charging_profile_kind": "Relative",
        "transaction_id": transaction_id,
        "charging_schedule": [{"id": 1, "charging_rate_unit": "W", "charging_schedule_period": [{"start_period": 0, "limit": LIMIT_W}]}],
    }))  # fmt: skip
    assert answer.status == "Accepted"
    changed = csms201.wait_call("TransactionEvent", limited, triggerReason="ChargingRateChanged")
    after_change = next(i for i, (action, payload) in enumerate(csms201.received) if payload is changed) + 1
    rejected = csms201.call("V201-1", call.SetChargingProfile(evse_id=1, charging_profile={
        "id": 78, "stack_level": 1, "charging_profile_purpose": "TxProfile", "charging_profile_kind": "Relative",
        "transaction_id": "TX-not-running",
        "charging_schedule": [{"id": 1, "charging_rate_unit": "W", "charging_schedule_period": [{"start_period": 0, "limit": 1000}]}],
    }))  # fmt: skip
    assert rejected.status == "Rejected"

    # The simulated power follows the limit (ramping down): in the station's own samples and in
    # its control API.
    lowered = wait_until(lambda: (p := powers(after_change)) and p[-1] <= LIMIT_W and p[-1], 15, "a sample at the limit")
    assert 0 < lowered <= LIMIT_W
    assert 0 < station.snapshot()["connectors"][0]["powerW"] <= LIMIT_W

    composite = csms201.call("V201-1", call.GetCompositeSchedule(duration=600, evse_id=1))
    assert composite.status == "Accepted"
    assert composite.schedule["charging_schedule_period"][0]["limit"] == LIMIT_W

    reported = csms201.mark()
    profiles = csms201.call("V201-1", call.GetChargingProfiles(request_id=9, charging_profile={"charging_profile_purpose": "TxProfile"}))
    assert profiles.status == "Accepted"
    report = csms201.wait_call("ReportChargingProfiles", reported, requestId=9)
    assert report["evseId"] == 1 and [p["id"] for p in report["chargingProfile"]] == [77]

    restored = csms201.mark()
    cleared = csms201.call("V201-1", call.ClearChargingProfile(charging_profile_id=77))
    assert cleared.status == "Accepted"
    wait_until(lambda: (p := powers(restored)) and p[-1] > LIMIT_W * 2, 15, "the power back above the limit")

    station.swipe(TAG, 1)
    ended = csms201.wait_call("TransactionEvent", mark, eventType="Ended")
    contexts = [mv["sampledValue"][0]["context"] for mv in ended["meterValue"]]
    assert contexts[0] == "Transaction.Begin" and contexts[-1] == "Transaction.End" and "Sample.Periodic" in contexts, contexts
