"""GET /metrics of `station fleet`, parsed with prometheus_client's parser: one registry for the
fleet's three stations, no label naming a station, and counters and gauges that are the sums over
the stations (three boots, three connections, one session among three stations)."""

from __future__ import annotations

import urllib.request

from conftest import CONFIGS, TAG, wait_until
from prometheus_client import parser
from test_fleet import start_fleet  # noqa: F401  (the fleet fixture)
from test_metrics import value


def scrape(fleet) -> dict[tuple, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{fleet.port}/metrics", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        body = response.read().decode()
    samples = {}
    for family in parser.text_string_to_metric_families(body):
        for sample in family.samples:
            labels = tuple(sorted(sample.labels.items()))
            assert (sample.name, labels) not in samples, f"{sample.name}{labels} twice"
            samples[(sample.name, labels)] = sample.value
    return samples


def test_fleet_metrics_add_up_over_the_stations(start_fleet):  # noqa: F811
    fleet = start_fleet(3, config=CONFIGS / "simulated.yaml", extra=["--id-template", "MX-{n}", "--no-sessions"])
    fleet.wait_all_connected()
    before = wait_until(lambda: (s := scrape(fleet)) and value(s, "ocpp_connected") == 3 and s, what="three stations connected in the metrics")
    assert not any(name in dict(labels) for _, labels in before for name in ("station", "chargePointId", "instance")), "no label per station"
    assert value(before, "ocpp_registered") == 3
    assert value(before, "ocpp_connections_total") == 3
    assert value(before, "ocpp_reconnects_total") == 0
    assert value(before, "ocpp_frames_total", direction="sent", kind="CALL", action="BootNotification") == 3
    assert value(before, "ocpp_frames_total", direction="received", kind="CALLRESULT", action="BootNotification") == 3
    assert value(before, "ocpp_call_round_trip_seconds_count", action="BootNotification") == 3
    assert value(before, "chargestation_connector_status", connector="1", status="Available") == 3
    assert value(before, "chargestation_connector_status", connector="2", status="Available") == 3

    fleet.post("/api/stations/MX-2/connectors/1/plug", {})
    fleet.post("/api/stations/MX-2/rfid", {"idTag": TAG})
    during = wait_until(
        lambda: (s := scrape(fleet)) and value(s, "chargestation_connector_status", connector="1", status="Charging") == 1 and s,
        what="one connector Charging in the metrics",
    )
    assert value(during, "chargestation_connector_status", connector="1", status="Available") == 2
    assert value(during, "ocpp_frames_total", direction="sent", kind="CALL", action="StartTransaction") == 1
    wait_until(lambda: value(scrape(fleet), "chargestation_connector_energy_wh", connector="1") > 0, what="energy summed over the fleet")

    # One station's network cut and repaired: one reconnect, four connections in all.
    fleet.post("/api/stations/MX-3/network", {"online": False})
    wait_until(lambda: value(scrape(fleet), "ocpp_connected") == 2, what="ocpp_connected 2")
    fleet.post("/api/stations/MX-3/network", {"online": True})
    after = wait_until(lambda: (s := scrape(fleet)) and value(s, "ocpp_connected") == 3 and s, timeout=30, what="ocpp_connected 3 again")
    assert value(after, "ocpp_reconnects_total") == 1
    assert value(after, "ocpp_connections_total") == 4
