"""The control server's access rule: a server listening anywhere but 127.0.0.1, ::1 or localhost
(here 127.0.0.2 and 0.0.0.0) asks for control.token on every route except /metrics, answers 401
without it or with a wrong one, and refuses to start when no token is configured. The dashboard
opened as /?token=TOKEN works there in Chromium (its fetches and its live log carry the token)."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request

import pytest
from conftest import CONFIGS, STATION_BINARY, free_port, wait_until
from selenium.webdriver.common.by import By
from test_dashboard_browser import browser, text  # noqa: F401  (the browser fixture)


def start_with(tmp_path, listen: str, token: str | None) -> subprocess.Popen:
    text = (CONFIGS / "simulated.yaml").read_text()
    text = text.replace("board: boards/", f"board: {CONFIGS}/boards/").replace("listen: 127.0.0.1:8180", f"listen: {listen}" + (f"\n  token: {token}" if token else ""))
    config = tmp_path / "station.yaml"
    config.write_text(text)
    command = [str(STATION_BINARY), "run", "--config", str(config), "--csms", "ws://127.0.0.1:9/ocpp", "--data-dir", str(tmp_path / "data")]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def status_of(url: str, headers: dict | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_a_server_off_loopback_asks_for_its_token(tmp_path):
    port = free_port()
    process = start_with(tmp_path, f"127.0.0.2:{port}", "s3cret-token")
    try:
        base = f"http://127.0.0.2:{port}"
        wait_until(lambda: status_of(base + "/metrics") == 200, what="the control server on 127.0.0.2")
        for path in ("/", "/api/station", "/api/configuration", "/api/log?limit=5"):
            assert status_of(base + path) == 401, path
            assert status_of(base + path, {"Authorization": "Bearer wrong"}) == 401, path
            assert status_of(base + path, {"Authorization": "Bearer s3cret-token"}) == 200, path
        assert status_of(base + "/api/station?token=s3cret-token") == 200
        request = urllib.request.Request(base + "/api/network", data=b'{"online": false}', method="POST", headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 401 and "token" in json.loads(refused.value.read())["error"]
        # station sim sends the token from $STATION_CONTROL_TOKEN.
        sim = [str(STATION_BINARY), "sim", "status", "--control", f"127.0.0.2:{port}"]
        without = subprocess.run(sim, capture_output=True, timeout=15, env={"PATH": "/usr/bin:/bin"})
        assert without.returncode != 0 and b"401" in without.stderr + without.stdout
        with_token = subprocess.run(sim, capture_output=True, timeout=15, env={"PATH": "/usr/bin:/bin", "STATION_CONTROL_TOKEN": "s3cret-token"})
        assert with_token.returncode == 0, with_token.stderr
    finally:
        process.terminate()
        assert process.wait(15) == 0


def test_a_server_off_loopback_without_a_token_does_not_start(tmp_path):
    process = start_with(tmp_path, f"0.0.0.0:{free_port()}", None)
    output, _ = process.communicate(timeout=15)
    assert process.returncode == 2
    assert b"control.token" in output and b"loopback" in output


def test_the_dashboard_opened_with_its_token_works_off_loopback(tmp_path, browser):  # noqa: F811
    port = free_port()
    process = start_with(tmp_path, f"127.0.0.2:{port}", "s3cret-token")
    try:
        base = f"http://127.0.0.2:{port}"
        wait_until(lambda: status_of(base + "/metrics") == 200, what="the control server on 127.0.0.2")
        browser.get(base + "/?token=s3cret-token")
        # The page's requests carry the token: the station's figures arrive, and so does the live
        # log (EventSource, with the token in its query).
        wait_until(lambda: text(browser, "#cpid") == "MAXERO-SIM-1", what="the station's id on the page")
        wait_until(lambda: "on" in browser.find_element(By.ID, "live").get_attribute("class").split(), what="the live log open")
        browser.find_element(By.CSS_SELECTOR, "#connector-2 button[data-act=plug]").click()
        wait_until(lambda: text(browser, "#connector-2 .ev") != "unplugged" and text(browser, "#connector-2 .ev") != "–", what="connector 2 plugged from the page")
        browser.get(base + "/")
        assert "needs its token" in browser.find_element(By.TAG_NAME, "body").text
    finally:
        process.terminate()
        assert process.wait(15) == 0


def test_a_fleet_off_loopback_asks_for_its_token(tmp_path):
    """`station fleet` follows the same rule: off loopback it refuses to start without
    $STATION_CONTROL_TOKEN, and with it every route but /metrics needs the token."""
    config = tmp_path / "station.yaml"
    config.write_text((CONFIGS / "simulated.yaml").read_text().replace("board: boards/", f"board: {CONFIGS}/boards/"))
    port = free_port()
    command = [str(STATION_BINARY), "fleet", "--config", str(config), "--count", "2", "--csms", "ws://127.0.0.1:9/ocpp",
               "--control", f"127.0.0.2:{port}", "--data-dir", str(tmp_path / "fleet")]  # fmt: skip
    refused = subprocess.run(command, capture_output=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
    assert refused.returncode == 2 and b"STATION_CONTROL_TOKEN" in refused.stderr
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={"PATH": "/usr/bin:/bin", "STATION_CONTROL_TOKEN": "fleet-token"})
    try:
        base = f"http://127.0.0.2:{port}"
        wait_until(lambda: status_of(base + "/api/fleet", {"Authorization": "Bearer fleet-token"}) == 200, what="the fleet's control server")
        for path in ("/api/fleet", "/api/stations", "/api/stations/MAXERO-SIM-1-1"):
            assert status_of(base + path) == 401, path
            assert status_of(base + path, {"Authorization": "Bearer wrong"}) == 401, path
            assert status_of(base + path, {"Authorization": "Bearer fleet-token"}) in (200, 503), path
    finally:
        process.terminate()
        process.wait(15)
