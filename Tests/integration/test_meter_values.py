"""Meter values: sampled during a transaction and clock-aligned, with short intervals."""

from conftest import TIMESTAMP, start_session


def energy(meter_values: dict) -> float:
    """The Energy.Active.Import.Register value (Wh) of a MeterValues payload."""
    (value,) = [v for v in meter_values["meterValue"][0]["sampledValue"] if v.get("measurand", "Energy.Active.Import.Register") == "Energy.Active.Import.Register"]
    assert value.get("unit", "Wh") == "Wh"
    return float(value["value"])


def test_sampled_meter_values_during_a_transaction(csms, station):
    station.configure("MeterValueSampleInterval", "1")
    transaction_id = start_session(station, csms)
    mark = csms.mark()
    samples = []
    for _ in range(3):
        frame = csms.wait_call("MeterValues", samples[-1].index + 1 if samples else mark, transactionId=transaction_id)
        samples.append(frame)
    periodic = [f.payload for f in samples if f.payload["meterValue"][0]["sampledValue"][0]["context"] == "Sample.Periodic"]
    assert periodic, f"no Sample.Periodic among {[f.payload for f in samples]}"
    for payload in periodic:
        assert payload.keys() == {"connectorId", "transactionId", "meterValue"}
        assert payload["connectorId"] == 1
        assert payload["meterValue"][0]["timestamp"] == TIMESTAMP
    readings = [energy(f.payload) for f in samples]
    assert readings == sorted(readings), f"the energy register went backwards: {readings}"
    assert readings[-1] > readings[0], f"the simulated EV drew no energy: {readings}"
    for frame in samples:
        for value in frame.payload["meterValue"][0]["sampledValue"]:
            assert float(value["value"]) >= 0 and value["context"] in ("Sample.Periodic", "Transaction.Begin"), value

    # Interval 0 stops the sampling (the end of the transaction still sends StopTransaction).
    station.configure("MeterValueSampleInterval", "0")
    mark = csms.mark()
    station.swipe("IT-TAG-1")
    stop = csms.wait_call("StopTransaction", mark)
    assert stop.payload["meterStop"] >= readings[0] - 1


def test_clock_aligned_meter_values_with_and_without_a_transaction(csms, station):
    station.configure("ClockAlignedDataInterval", "1")
    mark = csms.mark()
    for connector_id in (1, 2):
        idle = csms.wait_call("MeterValues", mark, connectorId=connector_id)
        assert "transactionId" not in idle.payload
        assert idle.payload["meterValue"][0]["sampledValue"][0]["context"] == "Sample.Clock"
        assert idle.payload["meterValue"][0]["timestamp"] == TIMESTAMP

    transaction_id = start_session(station, csms)
    mark = csms.mark()
    aligned = csms.wait_call(
        "MeterValues", mark, connectorId=1, transactionId=transaction_id,
    )  # fmt: skip
    while aligned.payload["meterValue"][0]["sampledValue"][0]["context"] != "Sample.Clock":
        aligned = csms.wait_call("MeterValues", aligned.index + 1, connectorId=1, transactionId=transaction_id)
    station.configure("ClockAlignedDataInterval", "0")
