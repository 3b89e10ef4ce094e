"""GET /metrics parsed with prometheus_client's own parser, before and after a session: frames by
direction, kind and action, round trips, CALLERRORs, connector gauges, connections and reconnects."""

from __future__ import annotations

import urllib.request

from conftest import TAG, wait_until
from prometheus_client import parser


def scrape(station) -> dict[tuple, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{station.control_port}/metrics", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        body = response.read().decode()
    samples = {}
    for family in parser.text_string_to_metric_families(body):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_move_with_a_session(station, csms):
    before = scrape(station)
    assert value(before, "ocpp_connected") == 1
    assert value(before, "ocpp_connections_total") == 1
    assert value(before, "ocpp_frames_total", direction="sent", kind="CALL", action="BootNotification") >= 1
    assert value(before, "ocpp_frames_total", direction="sent", kind="CALL", action="StartTransaction") == 0
    assert value(before, "chargestation_connector_status", connector="1", status="Available") == 1
    assert not any("station" in dict(labels) or "chargePointId" in dict(labels) for _, labels in before), "no label per station"

    station.plug(1)
    station.swipe(TAG)
    station.wait_connector(1, status="Charging")
    wait_until(lambda: station.connector(1)["meterWh"] > 0, what="energy delivered")
    during = scrape(station)
    assert value(during, "chargestation_connector_status", connector="1", status="Charging") == 1
    assert value(during, "chargestation_connector_status", connector="1", status="Available") == 0
    assert value(during, "chargestation_connector_energy_wh", connector="1") > 0
    assert value(during, "chargestation_connector_power_w", connector="1") > 0
    station.swipe(TAG)
    station.wait_connector(1, transactionId=None)
    station.unplug(1)
    answer = csms._run(csms.csms.call(station.station_id, "NoSuchAction", {}, validate=False, timeout=10))
    assert answer.error is not None

    after = wait_until(
        lambda: (s := scrape(station)) and value(s, "ocpp_frames_total", direction="received", kind="CALLRESULT", action="StopTransaction") >= 1 and s,
        what="StopTransaction answered in the metrics",
    )
    for action in ("StartTransaction", "StopTransaction", "Authorize"):
        assert value(after, "ocpp_frames_total", direction="sent", kind="CALL", action=action) >= 1, action
        assert value(after, "ocpp_call_round_trip_seconds_count", action=action) >= 1, action
        assert value(after, "ocpp_call_round_trip_seconds_sum", action=action) > 0, action
    assert value(after, "ocpp_frames_total", direction="sent", kind="CALL", action="StatusNotification") > value(
        before, "ocpp_frames_total", direction="sent", kind="CALL", action="StatusNotification"
    )
    assert value(after, "ocpp_callerrors_total", direction="sent", code="NotImplemented") == 1
    assert value(after, "ocpp_frames_total", direction="received", kind="CALL", action="NoSuchAction") == 1
    assert value(after, "ocpp_queued_transaction_messages") == 0

    # A network cut and its repair count one reconnect.
    station.network(False)
    wait_until(lambda: value(scrape(station), "ocpp_connected") == 0, what="ocpp_connected 0")
    station.network(True)
    reconnected = wait_until(lambda: (s := scrape(station)) and value(s, "ocpp_connected") == 1 and s, timeout=30, what="ocpp_connected 1 again")
    assert value(reconnected, "ocpp_reconnects_total") == 1
    assert value(reconnected, "ocpp_connections_total") == 2
