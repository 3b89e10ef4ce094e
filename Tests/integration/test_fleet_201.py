"""`station fleet` with stations speaking OCPP 2.0.1 (a template whose station file says
`csms.ocppVersion: "2.0.1"`, or `--ocpp-version 2.0.1` for all) against the python `ocpp` v201
central system: automatic sessions with every transaction's TransactionEvents Started to Ended in
seqNo order without gaps; a kill -9 mid-sessions and a restart on the same data lose none; a
fleet of a 1.6 kind and a 2.0.1 kind, each against its own central system; the fleet dashboard
opening a 2.0.1 station's view (headless Chromium)."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import CONFIGS, OTHER_TAG, ROOT, STATION_BINARY, TAG, free_port, wait_until
from csms201 import CSMS201
from selenium.webdriver.common.by import By
from test_dashboard_browser import browser, text  # noqa: F401  (the browser fixture)
from test_fleet import FLEET_WAIT, FleetProcess, check_transactions


def station_file(path: Path, url: str, version: str | None) -> Path:
    """configs/simulated.yaml with its csms.url set to `url` and, if `version` is given, its
    csms.ocppVersion; the board path made absolute for the file's new place."""
    text = (CONFIGS / "simulated.yaml").read_text()
    text = text.replace("board: boards/", f"board: {CONFIGS}/boards/")
    text = re.sub(r"(?m)^  url: .*$", f"  url: {url}", text, count=1)
    if version:
        text = re.sub(r"(?m)^csms:\n", f'csms:\n  ocppVersion: "{version}"\n', text, count=1)
    path.write_text(text)
    return path


def fleet_file(path: Path, templates: list[tuple[str, Path]], invalid_card: float = 0.1) -> Path:
    """A fleet of the `templates` (name, station file; one of each per cycle) with short sessions."""
    kinds = "".join(f"  - name: {name}\n    station: {station}\n    count: 1\n" for name, station in templates)
    path.write_text(
        f"""
fleet:
  idTemplate: "F2-{{n:03}}"
  rampUpPerSecond: 200
  sessions:
    enabled: true
    seed: 11
    idleSeconds: [0.5, 3]
    chargeSeconds: [3, 6]
    stateOfChargeProbability: 0.2
    targetStateOfChargePercent: [30, 40]
    arrivalStateOfChargePercent: [20, 25]
    invalidCardProbability: {invalid_card}
    suspendProbability: 0.2
    suspendSeconds: [1, 2]
    tags: [{TAG}, {OTHER_TAG}]
    invalidTag: BLOCKED
templates:
{kinds}"""
    )
    return path


class Fleet201Process(FleetProcess):
    """A `station fleet` process; with `csms` None each station file's csms.url is used."""

    def start(self) -> "Fleet201Process":
        if self.csms is not None:
            return super().start()
        self.runs += 1
        self.port = free_port()
        command = [
            str(STATION_BINARY), "fleet", "--config", str(self.config), "--count", str(self.count),
            "--control", f"127.0.0.1:{self.port}", "--data-dir", str(self.data_dir), *self.extra,
        ]  # fmt: skip
        self.log_path = self.log_dir / f"fleet-{self.port}-run{self.runs}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        wait_until(lambda: self.alive() and self.fleet() is not None, 30, "the fleet's control API answering")
        return self


@pytest.fixture
def csms201():
    server = CSMS201().start()
    yield server
    server.stop()


@pytest.fixture
def start_fleet(tmp_path):
    if not STATION_BINARY.is_file():
        pytest.fail(f"the station executable is missing at {STATION_BINARY}: build it first")
    started: list[FleetProcess] = []

    def start(count: int, csms, config: Path, extra: list[str] | None = None) -> Fleet201Process:
        fleet = Fleet201Process(csms, config, tmp_path / "fleet-data", tmp_path, count, extra)
        started.append(fleet)
        return fleet.start()

    yield start
    for fleet in started:
        assert fleet.terminate() == 0, f"the fleet did not exit cleanly:\n{fleet.log_path.read_text(errors='replace')[-3000:]}"


def check_transactions_201(csms201: CSMS201) -> dict[str, int]:
    """Every transaction's TransactionEvents, per station: seqNo 0, 1, 2 ... in the order they
    came (a message sent again after a kill repeats the one before it, identical), Started first,
    Ended last, Updated between. Returns counts."""
    sequences: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for station, action, payload in list(csms201.received_from):
        if action == "TransactionEvent":
            sequences[(station, payload["transactionInfo"]["transactionId"])].append(payload)
    assert sequences, "no transaction started"
    for key, events in sequences.items():
        distinct: list[dict] = []
        for event in events:
            if distinct and event == distinct[-1]:
                continue  # delivered, but the station was killed before it noted so
            distinct.append(event)
        numbers = [e["seqNo"] for e in distinct]
        assert numbers == list(range(len(distinct))), f"{key}: seqNo out of order or with gaps: {numbers}"
        kinds = [e["eventType"] for e in distinct]
        assert kinds[0] == "Started" and kinds[-1] == "Ended", f"{key}: {kinds}"
        assert all(kind == "Updated" for kind in kinds[1:-1]), f"{key}: {kinds}"
    ended = [events[-1] for events in sequences.values()]
    return {
        "transactions": len(sequences),
        "stations": len({station for station, _ in sequences}),
        "powerLoss": sum(1 for e in ended if e["transactionInfo"].get("stoppedReason") == "PowerLoss"),
    }


def test_a_2_0_1_fleet_runs_automatic_sessions_with_every_transaction_in_seq_order(start_fleet, csms201, tmp_path):
    station = station_file(tmp_path / "v201.yaml", csms201.url, "2.0.1")
    fleet = start_fleet(40, csms201, fleet_file(tmp_path / "fleet.yaml", [("v201", station)]))
    summary = fleet.wait_all_connected()
    assert summary["stations"] == 40
    assert sum(summary["byStatus"].values()) == 80 and set(summary["byStatus"]) <= {"Available", "Occupied", "Reserved", "Unavailable", "Faulted"}
    assert set(csms201.subprotocols) == {"ocpp2.0.1"}
    status, page = fleet.api("GET", "/api/stations?limit=2")
    assert status == 200 and [s["ocppVersion"] for s in page["stations"]] == ["2.0.1", "2.0.1"], page
    fleet.wait_fleet("sessions charging", lambda f: f["charging"] >= 8)
    # The single-station routes (and the dashboard's station view) show the 2.0.1 station.
    status, one = fleet.api("GET", "/api/stations/F2-001")
    assert status == 200 and one["ocppVersion"] == "2.0.1" and one["registration"] == "Accepted", one
    assert fleet.api("GET", "/api/stations/F2-001/variables")[0] == 200
    status, log = fleet.api("GET", "/api/stations/F2-001/log")
    assert status == 200 and 0 < len(log["frames"]) <= 20, log
    wait_until(lambda: fleet.fleet()["sessions"]["started"] >= 60, FLEET_WAIT, "60 sessions started", interval=0.5)
    fleet.wait_quiet()
    counts = check_transactions_201(csms201)
    assert counts["transactions"] >= 40 and counts["stations"] >= 25, counts


def test_a_2_0_1_fleet_killed_mid_sessions_loses_no_transaction_event(start_fleet, csms201, tmp_path):
    # The plain 1.6 station file, made 2.0.1 by the command line.
    station = station_file(tmp_path / "plain.yaml", csms201.url, None)
    fleet = start_fleet(30, csms201, fleet_file(tmp_path / "fleet.yaml", [("plain", station)]), ["--ocpp-version", "2.0.1"])
    fleet.wait_all_connected()
    fleet.wait_fleet("sessions charging", lambda f: f["charging"] >= 8)
    fleet.kill()
    assert fleet.fleet() is None
    fleet.extra = ["--ocpp-version", "2.0.1", "--no-sessions"]
    fleet.start()
    fleet.wait_all_connected()
    fleet.wait_quiet()
    counts = check_transactions_201(csms201)
    assert counts["powerLoss"] >= 8, f"the transactions cut by the kill end with PowerLoss: {counts}"


def test_a_fleet_of_a_1_6_kind_and_a_2_0_1_kind(start_fleet, csms, csms201, tmp_path):
    csms.csms.log = None
    v16 = station_file(tmp_path / "v16.yaml", csms.url, None)
    v201 = station_file(tmp_path / "v201.yaml", csms201.url, "2.0.1")
    config = fleet_file(tmp_path / "mixed.yaml", [("v16", v16), ("v201", v201)], invalid_card=0)
    fleet = start_fleet(20, None, config)
    fleet.wait_all_connected()
    status, page = fleet.api("GET", "/api/stations?limit=4")
    assert status == 200 and [(s["template"], s["ocppVersion"]) for s in page["stations"]] == [
        ("v16", "1.6"), ("v201", "2.0.1"), ("v16", "1.6"), ("v201", "2.0.1"),
    ], page  # fmt: skip
    wait_until(lambda: len(csms.csms.stations) == 10 and len(csms201.stations) == 10, FLEET_WAIT, "10 stations at each central system")
    assert "ocppVersion" not in fleet.api("GET", "/api/stations/F2-001")[1]  # a 1.6 station's view has none
    assert fleet.api("GET", "/api/stations/F2-002")[1]["ocppVersion"] == "2.0.1"
    wait_until(lambda: fleet.fleet()["sessions"]["started"] >= 40, FLEET_WAIT, "40 sessions started", interval=0.5)
    fleet.wait_quiet()
    assert check_transactions(csms, 10)["transactions"] >= 5
    assert check_transactions_201(csms201)["transactions"] >= 5


def test_the_fleet_dashboard_opens_a_2_0_1_station(start_fleet, csms201, browser, tmp_path):  # noqa: F811
    station = station_file(tmp_path / "v201.yaml", csms201.url, "2.0.1")
    fleet = start_fleet(2, csms201, fleet_file(tmp_path / "fleet.yaml", [("v201", station)]), ["--no-sessions"])
    fleet.wait_all_connected()
    browser.get(f"http://127.0.0.1:{fleet.port}/")
    wait_until(lambda: text(browser, "#fleet-total") == "2 stations", what="the fleet's count")
    wait_until(lambda: "Available" in text(browser, "#fleet-counts"), what="the counts by 2.0.1 status")
    wait_until(lambda: browser.find_elements(By.LINK_TEXT, "F2-002"), what="F2-002 in the table")
    browser.find_element(By.LINK_TEXT, "F2-002").click()
    wait_until(lambda: text(browser, "#cpid") == "F2-002" and text(browser, "#ocpp-version") == "2.0.1", what="F2-002's 2.0.1 view")
    wait_until(lambda: browser.find_element(By.ID, "variables-panel").is_displayed(), what="the device model panel")
    assert not browser.find_element(By.ID, "config-panel").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "#connector-1 button[data-act=plug]").click()
    wait_until(lambda: text(browser, "#connector-1 .status") == "Occupied", what="F2-002's EVSE 1 Occupied")
    tag = browser.find_element(By.ID, "tag-1")
    tag.clear()
    tag.send_keys(TAG)
    browser.find_element(By.CSS_SELECTOR, "#connector-1 button[data-act=swipe]").click()
    wait_until(lambda: text(browser, "#connector-1 .charging-state") == "Charging", what="F2-002's EVSE 1 Charging")
    starts = lambda: [s for s, action, p in list(csms201.received_from) if action == "TransactionEvent" and p["eventType"] == "Started"]  # noqa: E731
    assert wait_until(starts, what="the Started TransactionEvent") == ["F2-002"]


def test_a_wrong_ocpp_version_is_refused_before_anything_is_set_up(tmp_path):
    result = subprocess.run(
        [str(STATION_BINARY), "fleet", "--config", str(CONFIGS / "simulated.yaml"), "--count", "2", "--ocpp-version", "2.0",
         "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, timeout=30, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 2 and "--ocpp-version '2.0': expected \"1.6\" or \"2.0.1\"" in result.stderr, result.stderr
    assert not (tmp_path / "d").exists(), "nothing was set up before refusing"
