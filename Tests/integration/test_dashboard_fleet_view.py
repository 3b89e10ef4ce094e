"""The dashboard's fleet view, in headless Chromium, against a stand-in for fleet mode's API (the
routes that issue #13 names: GET /api/fleet, GET /api/stations?offset&limit and every station
route under /api/stations/{id}/), served next to the page that the built station serves. The page
opened on a server without /api/station lands on the fleet view, shows the counts and the table,
searches, and opens one station's view on that station's routes."""

from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import wait_until
from selenium.webdriver.common.by import By
from test_dashboard_browser import browser, screenshot, text  # noqa: F401  (the browser fixture)

STATIONS = [
    {"chargePointId": f"S-{n}", "registration": "Accepted", "connected": n != 3, "queuedMessages": 0,
     "connectors": [{"id": 1, "status": "Charging" if n == 2 else "Available"}, {"id": 2, "status": "Available"}]}
    for n in (1, 2, 3)
]  # fmt: skip


def station_answer(station_id: str) -> dict:
    connector = lambda id, status: {  # noqa: E731
        "id": id, "status": status, "errorCode": "NoError", "transactionId": 11 if status == "Charging" else None, "meterWh": 1234.5,
        "powerW": 50000 if status == "Charging" else 0, "idTag": "FLEET-TAG" if status == "Charging" else None,
        "ev": {"plugged": status == "Charging", "socPercent": 42.0, "suspended": False, "drawing": status == "Charging"},
    }  # fmt: skip
    return {"chargePointId": station_id, "registration": "Accepted", "connected": True, "queuedMessages": 0,
            "connectors": [connector(1, "Charging"), connector(2, "Available")]}  # fmt: skip


@pytest.fixture
def fleet_server(station):
    page = urllib.request.urlopen(f"http://127.0.0.1:{station.control_port}/", timeout=5).read()
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def answer(self, status: int, body, content_type: str = "application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlsplit(self.path)
            requested.append(url.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/":
                return self.answer(200, page, "text/html; charset=utf-8")
            if url.path == "/api/fleet":
                return self.answer(200, {"stations": 3, "connected": 2, "accepted": 3, "charging": 1, "queuedMessages": 0,
                                         "byStatus": {"Available": 5, "Charging": 1}})  # fmt: skip
            if url.path == "/api/stations":
                offset, limit = int(query.get("offset", 0)), int(query.get("limit", 50))
                return self.answer(200, {"stations": STATIONS[offset : offset + limit], "total": len(STATIONS)})
            if url.path.startswith("/api/stations/") and url.path.endswith("/station"):
                return self.answer(200, station_answer(url.path.split("/")[3]))
            if url.path.startswith("/api/stations/") and url.path.endswith("/configuration"):
                return self.answer(200, {"configurationKey": [{"key": "HeartbeatInterval", "readonly": False, "value": "300"}]})
            if url.path.startswith("/api/stations/") and url.path.endswith("/charging-profiles"):
                return self.answer(200, {"profiles": []})
            return self.answer(404, {"error": f"no route {url.path}"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requested
    server.shutdown()
    server.server_close()


def test_the_fleet_view_lists_stations_and_opens_one(fleet_server, browser):  # noqa: F811
    base, requested = fleet_server
    browser.get(base + "/")
    wait_until(lambda: browser.execute_script("return location.hash") == "#/fleet", what="the page landing on the fleet view")
    wait_until(lambda: text(browser, "#fleet-total") == "3 stations", what="the fleet's count")
    counts = text(browser, "#fleet-counts")
    assert "Charging" in counts and "connected" in counts
    wait_until(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#fleet-table tbody tr")) == 3, what="three stations in the table")
    assert "1: Charging" in text(browser, "#fleet-table tbody")
    assert not browser.find_element(By.ID, "network-off").is_displayed(), "no single-station controls over the fleet"
    assert not browser.find_element(By.ID, "tab-fleet").get_attribute("hidden")
    screenshot(browser, "dashboard-fleet.png")

    browser.find_element(By.ID, "fleet-search").send_keys("S-2")
    wait_until(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#fleet-table tbody tr")) == 1, what="the search leaving S-2")
    browser.find_element(By.LINK_TEXT, "S-2").click()
    wait_until(lambda: text(browser, "#cpid") == "S-2", what="S-2's station view")
    wait_until(lambda: text(browser, "#connector-1 .status") == "Charging", what="S-2's connector 1")
    assert text(browser, "#connector-1 .idtag") == "FLEET-TAG"
    assert "/api/stations/S-2/station" in requested and "/api/stations/S-2/configuration" in requested
