"""Smart Charging, driven from outside, and the configuration keys of the optional profiles.

The limit a profile sets is observed in the transaction's MeterValues as Power.Offered (added to
MeterValuesSampledData): a TxDefaultProfile on connector 0 (20000 W), then a TxProfile for the
running transaction whose second period starts a few seconds in (11000 W, then 7000 W), then the
TxDefaultProfile again once the TxProfile is cleared. GetCompositeSchedule in A and in W;
ClearChargingProfile by id (Accepted, then Unknown); a TxProfile without a transaction and a
RemoteStartTransaction with a TxDefaultProfile are Rejected. GetConfiguration without keys lists
the keys of Local Auth List Management, Reservation, Smart Charging and Firmware Management with
their access, and SupportedFeatureProfiles names the six profiles.
"""

import time
from datetime import datetime, timedelta, timezone

import pytest

from conftest import OTHER_TAG, WAIT, start_session

# The supply of configs/simulated.yaml (and the station's default): 230 V, 3 phases.
VOLTS_TIMES_PHASES = 230 * 3


def ocpp_time(seconds_from_now: float = 0) -> str:
    moment = datetime.now(timezone.utc) + timedelta(seconds=seconds_from_now)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def profile(profile_id: int, purpose: str, periods: list[tuple[int, float]], unit: str = "W", kind: str = "Relative", stack_level: int = 0, **extra) -> dict:
    """A csChargingProfiles / chargingProfile object; `periods` are (startPeriod, limit) pairs.
    `startSchedule` in `extra` goes into the schedule, anything else into the profile."""
    schedule = {"chargingRateUnit": unit, "chargingSchedulePeriod": [{"startPeriod": start, "limit": limit} for start, limit in periods]}
    if "startSchedule" in extra:
        schedule["startSchedule"] = extra.pop("startSchedule")
    return {
        "chargingProfileId": profile_id, "stackLevel": stack_level, "chargingProfilePurpose": purpose,
        "chargingProfileKind": kind, "chargingSchedule": schedule, **extra,
    }  # fmt: skip


def power_offered(payload: dict) -> float | None:
    """The Power.Offered value (W) of a MeterValues payload, or None when it has none."""
    values = [v for mv in payload["meterValue"] for v in mv["sampledValue"] if v.get("measurand") == "Power.Offered"]
    if not values:
        return None
    assert values[-1].get("unit", "W") == "W", values
    assert isinstance(values[-1]["value"], str), values
    return float(values[-1]["value"])


def offered_samples(csms, transaction_id: int, after: int, until: float, timeout: float = WAIT, station=None) -> list[tuple[int, float]]:
    """(frame index, Power.Offered) of the transaction's periodic MeterValues from frame `after`
    on, up to and including the first one whose value is `until`."""
    seen: list[tuple[int, float]] = []
    deadline = time.monotonic() + timeout
    index = after
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            pytest.fail(f"no MeterValues with Power.Offered {until} within {timeout} s; seen {seen}\n{station.log_tail() if station else ''}")
        frame = csms.wait_call("MeterValues", index, timeout=remaining, transactionId=transaction_id)
        index = frame.index + 1
        if frame.payload["meterValue"][0]["sampledValue"][0].get("context") != "Sample.Periodic":
            continue
        value = power_offered(frame.payload)
        assert value is not None, f"a periodic MeterValues without Power.Offered: {frame.payload}"
        seen.append((frame.index, value))
        if value == until:
            return seen


@pytest.fixture
def sampling_power_offered(station):
    station.configure("MeterValuesSampledData", "Energy.Active.Import.Register,Power.Active.Import,Power.Offered")
    station.configure("MeterValueSampleInterval", "1")
    return station


def test_power_offered_follows_the_tx_default_profile_then_a_tx_profile(csms, sampling_power_offered):
    station = sampling_power_offered
    default = profile(1, "TxDefaultProfile", [(0, 20000)])
    assert station.call("SetChargingProfile", {"connectorId": 0, "csChargingProfiles": default}) == {"status": "Accepted"}

    mark = csms.mark()
    transaction_id = start_session(station, csms)
    samples = offered_samples(csms, transaction_id, mark, until=20000, station=station)
    assert [value for _, value in samples] == [20000], f"the TxDefaultProfile applies from the start: {samples}"

    # A TxProfile for this transaction: 11000 W now, 7000 W from 4 s on.
    tx_profile = profile(2, "TxProfile", [(0, 11000), (4, 7000)], kind="Absolute", transactionId=transaction_id, startSchedule=ocpp_time())
    mark = csms.mark()
    assert station.call("SetChargingProfile", {"connectorId": 1, "csChargingProfiles": tx_profile}) == {"status": "Accepted"}
    samples = offered_samples(csms, transaction_id, mark, until=7000, station=station)
    values = [value for _, value in samples]
    assert set(values) <= {20000, 11000, 7000}, values
    if 11000 in values:
        assert 20000 not in values[values.index(11000) :], f"the TxProfile's limit went back to the default: {values}"
    # And it stays at 7000.
    later = offered_samples(csms, transaction_id, samples[-1][0] + 1, until=7000, station=station)
    assert [value for _, value in later] == [7000], later
    # The power module is held to the limit.
    station.wait_connector(1, transactionId=transaction_id)
    deadline = time.monotonic() + WAIT
    while station.connector(1)["powerW"] > 7000 + 1:
        assert time.monotonic() < deadline, f"connector 1 still draws {station.connector(1)['powerW']} W over a 7000 W limit\n{station.log_tail()}"
        time.sleep(0.2)

    # The composite schedule of connector 1: the TxProfile's 7000 W, in W and in A.
    in_watts = station.call("GetCompositeSchedule", {"connectorId": 1, "duration": 300, "chargingRateUnit": "W"})
    assert in_watts["status"] == "Accepted" and in_watts["connectorId"] == 1, in_watts
    assert isinstance(in_watts["scheduleStart"], str), in_watts
    schedule = in_watts["chargingSchedule"]
    assert schedule["chargingRateUnit"] == "W" and isinstance(schedule["startSchedule"], str), in_watts
    periods = schedule["chargingSchedulePeriod"]
    assert periods[0]["startPeriod"] == 0 and periods[0]["limit"] == pytest.approx(7000), in_watts
    assert [p["startPeriod"] for p in periods] == sorted({p["startPeriod"] for p in periods}), in_watts

    in_amperes = station.call("GetCompositeSchedule", {"connectorId": 1, "duration": 300, "chargingRateUnit": "A"})
    assert in_amperes["status"] == "Accepted" and in_amperes["connectorId"] == 1, in_amperes
    assert isinstance(in_amperes["scheduleStart"], str), in_amperes
    schedule = in_amperes["chargingSchedule"]
    assert schedule["chargingRateUnit"] == "A" and isinstance(schedule["startSchedule"], str), in_amperes
    periods = schedule["chargingSchedulePeriod"]
    assert periods[0]["startPeriod"] == 0, in_amperes
    assert periods[0]["limit"] == pytest.approx(7000 / VOLTS_TIMES_PHASES, abs=0.1), in_amperes

    # Cleared by id: the TxDefaultProfile applies again; the same id is then unknown.
    mark = csms.mark()
    assert station.call("ClearChargingProfile", {"id": 2}) == {"status": "Accepted"}
    assert station.call("ClearChargingProfile", {"id": 2}) == {"status": "Unknown"}
    samples = offered_samples(csms, transaction_id, mark, until=20000, station=station)
    assert {value for _, value in samples} <= {7000, 20000}, samples


def test_composite_schedule_of_a_profile_with_a_later_period(csms, station):
    # On a whole second in the past: the composite schedule starts on the current whole second,
    # so the profile is in effect for all of it.
    start = (datetime.now(timezone.utc).replace(microsecond=0) - timedelta(seconds=2)).isoformat().replace("+00:00", ".000Z")
    own = profile(5, "TxDefaultProfile", [(0, 11000), (3600, 7000)], kind="Absolute", stack_level=1, startSchedule=start)
    assert station.call("SetChargingProfile", {"connectorId": 1, "csChargingProfiles": own}) == {"status": "Accepted"}

    for unit, scale in (("W", 1), ("A", 1 / VOLTS_TIMES_PHASES)):
        answer = station.call("GetCompositeSchedule", {"connectorId": 1, "duration": 7200, "chargingRateUnit": unit})
        assert answer["status"] == "Accepted" and answer["connectorId"] == 1, answer
        assert isinstance(answer["scheduleStart"], str), answer
        schedule = answer["chargingSchedule"]
        assert schedule["chargingRateUnit"] == unit, answer
        assert isinstance(schedule["startSchedule"], str), answer
        periods = schedule["chargingSchedulePeriod"]
        assert [p["limit"] for p in periods] == [pytest.approx(11000 * scale, abs=0.1), pytest.approx(7000 * scale, abs=0.1)], answer
        assert periods[0]["startPeriod"] == 0, answer
        # The second period begins 3600 s after the profile's start, counted from scheduleStart.
        assert 3600 - 60 <= periods[1]["startPeriod"] <= 3600, answer

    # Another connector is not limited by this connector's profile.
    other = station.call("GetCompositeSchedule", {"connectorId": 2, "duration": 7200, "chargingRateUnit": "W"})
    assert other["status"] == "Accepted", other
    assert all(p["limit"] > 11000 for p in other["chargingSchedule"]["chargingSchedulePeriod"]), other

    assert station.call("ClearChargingProfile", {"id": 5}) == {"status": "Accepted"}
    assert station.call("ClearChargingProfile", {"id": 5}) == {"status": "Unknown"}


def test_a_tx_profile_without_a_transaction_is_rejected(csms, station):
    tx_profile = profile(3, "TxProfile", [(0, 11000)])
    assert station.call("SetChargingProfile", {"connectorId": 2, "csChargingProfiles": tx_profile}) == {"status": "Rejected"}
    with_id = profile(3, "TxProfile", [(0, 11000)], transactionId=424242)
    assert station.call("SetChargingProfile", {"connectorId": 2, "csChargingProfiles": with_id}) == {"status": "Rejected"}
    # Nothing was installed.
    assert station.call("ClearChargingProfile", {"id": 3}) == {"status": "Unknown"}


def test_remote_start_with_a_tx_default_profile_is_rejected(csms, station):
    mark = csms.mark()
    request = {"connectorId": 1, "idTag": OTHER_TAG, "chargingProfile": profile(4, "TxDefaultProfile", [(0, 11000)])}
    assert station.call("RemoteStartTransaction", request) == {"status": "Rejected"}
    time.sleep(1)
    assert csms.calls("Authorize", mark) == [] and csms.calls("StartTransaction", mark) == []
    assert station.connector(1)["status"] == "Available"
    # The same request with a TxProfile is accepted.
    request["chargingProfile"] = profile(4, "TxProfile", [(0, 11000)])
    assert station.call("RemoteStartTransaction", request) == {"status": "Accepted"}
    csms.wait_call("Authorize", mark, idTag=OTHER_TAG)


def test_get_configuration_lists_the_keys_of_the_optional_profiles(csms, station):
    answer = station.call("GetConfiguration", {})
    keys = {entry["key"]: entry for entry in answer["configurationKey"]}
    assert not answer.get("unknownKey"), answer

    read_only = [
        "ChargeProfileMaxStackLevel", "ChargingScheduleAllowedChargingRateUnit", "ChargingScheduleMaxPeriods",
        "MaxChargingProfilesInstalled", "LocalAuthListMaxLength", "SendLocalListMaxLength", "ReserveConnectorZeroSupported",
        "SupportedFileTransferProtocols", "SupportedFeatureProfiles",
    ]  # fmt: skip
    for key in read_only + ["LocalAuthListEnabled"]:
        assert key in keys, f"GetConfiguration lacks {key}: {sorted(keys)}"
        assert isinstance(keys[key].get("value"), str), keys[key]
    for key in read_only:
        assert keys[key]["readonly"] is True, keys[key]
    assert keys["LocalAuthListEnabled"]["readonly"] is False, keys["LocalAuthListEnabled"]
    assert keys["LocalAuthListEnabled"]["value"] in ("true", "false")

    for key in ("ChargeProfileMaxStackLevel", "ChargingScheduleMaxPeriods", "MaxChargingProfilesInstalled", "LocalAuthListMaxLength", "SendLocalListMaxLength"):
        assert int(keys[key]["value"]) >= (0 if key == "ChargeProfileMaxStackLevel" else 1), keys[key]
    assert set(keys["ChargingScheduleAllowedChargingRateUnit"]["value"].split(",")) <= {"Current", "Power"}
    assert keys["ChargingScheduleAllowedChargingRateUnit"]["value"]
    assert keys["ReserveConnectorZeroSupported"]["value"] in ("true", "false")
    protocols = keys["SupportedFileTransferProtocols"]["value"].split(",")
    assert {"FTP", "HTTP"} <= set(protocols) <= {"FTP", "FTPS", "HTTP", "HTTPS", "SFTP"}, protocols
    assert keys["SupportedFeatureProfiles"]["value"] == "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger"

    # A read-only key cannot be changed.
    assert station.call("ChangeConfiguration", {"key": "MaxChargingProfilesInstalled", "value": "5"}) == {"status": "Rejected"}
    # LocalAuthListEnabled can.
    value = keys["LocalAuthListEnabled"]["value"]
    station.configure("LocalAuthListEnabled", "false" if value == "true" else "true")
    station.configure("LocalAuthListEnabled", value)
