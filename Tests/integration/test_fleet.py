"""`station fleet`: a few hundred stations in one process against the project's CSMS. Automatic
sessions run with every StartTransaction matched by its StopTransaction and meter values in
order; a kill -9 mid-sessions and a restart on the same data lose nothing; a 30 % network drop
and its reconnect storm recover with nothing lost; two shards cover the id range exactly once."""

from __future__ import annotations

import json
import signal
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from conftest import CONFIGS, OTHER_TAG, ROOT, STATION_BINARY, TAG, UNKNOWN_TAG, free_port, wait_until

FLEET_WAIT = 60.0  # seconds: the bound of a wait for the whole fleet


def fleet_file(path: Path, store: str = "sqlite") -> Path:
    """A mixed fleet with short sessions on the test CSMS's tags."""
    path.write_text(
        f"""
fleet:
  idTemplate: "FL-{{n:04}}"
  store: {store}
  rampUpPerSecond: 400
  sessions:
    enabled: true
    seed: 7
    idleSeconds: [0.5, 4]
    chargeSeconds: [3, 8]
    stateOfChargeProbability: 0.2
    targetStateOfChargePercent: [30, 40]
    arrivalStateOfChargePercent: [20, 25]
    invalidCardProbability: 0.1
    suspendProbability: 0.2
    suspendSeconds: [1, 2]
    tags: [{TAG}, {OTHER_TAG}]
    invalidTag: {UNKNOWN_TAG}
templates:
  - name: dc
    station: {CONFIGS / "simulated.yaml"}
    count: 3
    ocpp: {{MeterValueSampleInterval: 2}}
  - name: sockets
    station: {CONFIGS / "socket-outlet.yaml"}
    count: 1
    ocpp: {{MeterValueSampleInterval: 2}}
  - name: wallbox
    station: {CONFIGS / "ac-wallbox.yaml"}
    count: 1
    ocpp: {{MeterValueSampleInterval: 2}}
"""
    )
    return path


class FleetProcess:
    """One `station fleet` process."""

    def __init__(self, csms, config: Path, data_dir: Path, log_dir: Path, count: int, extra: list[str] | None = None):
        self.csms, self.config, self.data_dir, self.log_dir, self.count = csms, config, data_dir, log_dir, count
        self.extra = extra or []
        self.process: subprocess.Popen | None = None
        self.runs = 0
        self.port = 0

    def start(self) -> "FleetProcess":
        self.runs += 1
        self.port = free_port()
        command = [
            str(STATION_BINARY), "fleet", "--config", str(self.config), "--count", str(self.count), "--csms", self.csms.url,
            "--control", f"127.0.0.1:{self.port}", "--data-dir", str(self.data_dir), *self.extra,
        ]  # fmt: skip
        self.log_path = self.log_dir / f"fleet-{self.port}-run{self.runs}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        wait_until(lambda: self.alive() and self.fleet() is not None, 30, "the fleet's control API answering")
        return self

    def alive(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"fleet exited with {self.process.returncode}:\n{self.log_path.read_text(errors='replace')[-3000:]}")
        return True

    def api(self, method: str, path: str, body: dict | None = None) -> tuple[int, Any]:
        import urllib.error
        import urllib.request

        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def fleet(self) -> dict | None:
        try:
            status, answer = self.api("GET", "/api/fleet")
        except OSError:
            return None
        return answer if status == 200 else None

    def post(self, path: str, body: dict) -> Any:
        status, answer = self.api("POST", path, body)
        assert status == 200, f"POST {path}: {status} {answer}"
        return answer

    def wait_fleet(self, what: str, condition, timeout: float = FLEET_WAIT) -> dict:
        return wait_until(lambda: self.alive() and (f := self.fleet()) and condition(f) and f, timeout, what, interval=0.5)

    def wait_all_connected(self) -> dict:
        return self.wait_fleet("every station connected and accepted", lambda f: f["connected"] == self.count and f["accepted"] == self.count)

    def wait_quiet(self) -> dict:
        """Switches the sessions off and waits until no session runs and no message is queued."""
        self.post("/api/fleet/sessions", {"enabled": False})
        return self.wait_fleet(
            "the sessions finished and every queue delivered",
            lambda f: f["sessions"]["active"] == 0 and f["charging"] == 0 and f["queuedMessages"] == 0 and f["connected"] == self.count,
        )

    def terminate(self) -> int:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
                pytest.fail("the fleet did not exit within 30 s of SIGTERM")
        return self.process.returncode if self.process else 0

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)


@pytest.fixture
def start_fleet(csms, tmp_path):
    if not STATION_BINARY.is_file():
        pytest.fail(f"the station executable is missing at {STATION_BINARY}: build it first")
    csms.csms.log = None  # hundreds of stations: the frame record is enough
    started: list[FleetProcess] = []

    def start(count: int, config: Path | None = None, data_dir: Path | None = None, extra: list[str] | None = None) -> FleetProcess:
        fleet = FleetProcess(csms, config or fleet_file(tmp_path / "fleet.yaml"), data_dir or tmp_path / "fleet-data", tmp_path, count, extra)
        started.append(fleet)
        return fleet.start()

    yield start
    for fleet in started:
        assert fleet.terminate() == 0, f"the fleet did not exit cleanly:\n{fleet.log_path.read_text(errors='replace')[-3000:]}"


def check_transactions(csms, stations: int) -> dict[str, int]:
    """Every StartTransaction answered and matched by one StopTransaction of the same station,
    each transaction's MeterValues in time and register order between them; returns counts."""
    frames = list(csms.csms.frames)
    calls = {(f.station, f.unique_id): f for f in frames if f.direction == "received" and f.message_type == 2}
    answers = {(f.station, f.unique_id): f for f in frames if f.direction == "sent" and f.message_type == 3}
    starts: dict[tuple, list[int]] = defaultdict(list)  # (station, connector, timestamp, meterStart) -> ids given
    owner: dict[int, str] = {}
    stops: dict[int, dict] = {}
    meter: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for key, call in calls.items():
        if call.action == "StartTransaction":
            answer = answers.get(key)
            if answer is None:
                continue  # cut by a kill or a drop: the station sent it again
            p = call.payload
            transaction_id = answer.payload["transactionId"]
            starts[(call.station, p["connectorId"], p["timestamp"], p["meterStart"])].append(transaction_id)
            owner[transaction_id] = call.station
    for key, call in calls.items():
        if call.action == "StopTransaction":
            transaction_id = call.payload["transactionId"]
            assert owner.get(transaction_id) == call.station, f"StopTransaction of unknown transaction {transaction_id} from {call.station}"
            assert transaction_id not in stops or stops[transaction_id]["timestamp"] == call.payload["timestamp"], f"two different stops of {transaction_id}"
            stops[transaction_id] = call.payload
        elif call.action == "MeterValues" and "transactionId" in call.payload:
            for value in call.payload["meterValue"]:
                energy = [float(s["value"]) for s in value["sampledValue"] if s.get("measurand", "Energy.Active.Import.Register") == "Energy.Active.Import.Register"]
                if energy:
                    meter[call.payload["transactionId"]].append((value["timestamp"], energy[0]))
    assert starts, "no transaction started"
    for start, ids in starts.items():
        stopped = [i for i in ids if i in stops]
        assert stopped, f"transaction {start} (ids {ids}) has no StopTransaction"
        for transaction_id in stopped:
            samples = sorted(set(meter[transaction_id]))
            stop = stops[transaction_id]
            assert all(a[1] <= b[1] for a, b in zip(samples, samples[1:])), f"meter register of {transaction_id} goes back: {samples}"
            assert all(start[2] <= t <= stop["timestamp"] for t, _ in samples), f"meter values of {transaction_id} outside its time"
            assert start[3] <= stop["meterStop"], f"meterStop of {transaction_id} below meterStart"
    by_station = {s for s, *_ in starts}
    return {"transactions": len(starts), "stations": len(by_station), "stopped": len(stops)}


def test_a_fleet_runs_automatic_sessions_with_every_start_stopped(start_fleet, csms):
    fleet = start_fleet(200)
    summary = fleet.wait_all_connected()
    assert summary["stations"] == 200
    assert sum(summary["byStatus"].values()) == 120 * 2 + 40 * 2 + 40  # 120 DC and 40 socket stations with 2 connectors, 40 wallboxes with 1
    status, page = fleet.api("GET", "/api/stations?offset=195&limit=10")
    assert status == 200 and [s["chargePointId"] for s in page["stations"]] == [f"FL-{n:04}" for n in range(196, 201)]
    assert {s["template"] for s in page["stations"]} == {"dc", "sockets", "wallbox"}
    fleet.wait_fleet("sessions charging", lambda f: f["charging"] >= 20)
    status, one = fleet.api("GET", "/api/stations/FL-0001")
    assert status == 200 and one["chargePointId"] == "FL-0001" and one["registration"] == "Accepted"
    assert fleet.api("GET", "/api/stations/NOPE/log")[0] == 404
    # A station's last frames (kept once, in its frame feed): the route's shape, oldest first.
    status, log = fleet.api("GET", "/api/stations/FL-0001/log?limit=5")
    assert status == 200 and len(log["frames"]) == 5, log
    assert all(set(f) == {"timestamp", "direction", "frame"} and f["direction"] in ("sent", "received") for f in log["frames"]), log
    assert [f["timestamp"] for f in log["frames"]] == sorted(f["timestamp"] for f in log["frames"]), log
    assert all(json.loads(f["frame"])[0] in (2, 3, 4) for f in log["frames"]), log
    status, log = fleet.api("GET", "/api/stations/FL-0001/log")
    assert status == 200 and 5 < len(log["frames"]) <= 20, log
    wait_until(lambda: fleet.fleet()["sessions"]["started"] >= 300, FLEET_WAIT, "300 sessions started", interval=0.5)
    fleet.wait_quiet()
    counts = check_transactions(csms, 200)
    # Some of the 300 sessions end without a transaction (an invalid card, a remote start that
    # never comes); how many depends on timing, so the bound leaves room: 249 were seen under load.
    assert counts["transactions"] >= 200 and counts["stations"] >= 150, counts


def test_a_fleet_killed_mid_sessions_loses_no_transaction_message(start_fleet, csms, tmp_path):
    fleet = start_fleet(150)
    fleet.wait_all_connected()
    fleet.wait_fleet("sessions charging", lambda f: f["charging"] >= 30)
    fleet.kill()
    assert fleet.fleet() is None
    fleet.extra = ["--no-sessions"]
    fleet.start()
    fleet.wait_all_connected()
    fleet.wait_quiet()
    counts = check_transactions(csms, 150)
    stops = [f.payload for f in csms.calls("StopTransaction")]
    assert any(s.get("reason") == "PowerLoss" for s in stops), "the transactions cut by the kill stopped with PowerLoss"
    assert counts["transactions"] >= 30, counts


def test_a_thirty_percent_network_drop_and_its_reconnect_storm_lose_nothing(start_fleet, csms):
    fleet = start_fleet(200)
    fleet.wait_all_connected()
    fleet.wait_fleet("sessions charging", lambda f: f["charging"] >= 20)
    fleet.post("/api/fleet/network", {"online": False, "fraction": 0.3})
    dropped = fleet.wait_fleet("60 stations offline", lambda f: f["connected"] == 140 and f["networkOffline"] == 60)
    assert dropped["accepted"] == 200
    fleet.wait_fleet("messages queued while offline", lambda f: f["queuedMessages"] > 0)
    fleet.post("/api/fleet/network", {"online": True})
    fleet.wait_all_connected()
    fleet.wait_quiet()
    check_transactions(csms, 200)


def test_two_shards_cover_the_range_exactly_once(start_fleet, csms, tmp_path):
    config = fleet_file(tmp_path / "shards.yaml", store="memory")
    first = start_fleet(101, config, tmp_path / "shard0", ["--shard", "0/2", "--no-sessions"])
    second = start_fleet(101, config, tmp_path / "shard1", ["--shard", "1/2", "--no-sessions"])
    ids = []
    for fleet in (first, second):
        status, page = fleet.api("GET", "/api/stations?limit=1000")
        assert status == 200
        ids += [s["chargePointId"] for s in page["stations"]]
    assert sorted(ids) == [f"FL-{n:04}" for n in range(1, 102)]
    wait_until(lambda: len(csms.csms.stations) == 101, FLEET_WAIT, "both shards' stations connected to the CSMS")


def test_a_fleet_too_large_for_the_open_file_limit_says_how_many_fit(tmp_path):
    import resource

    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    result = subprocess.run(
        [str(STATION_BINARY), "fleet", "--config", str(fleet_file(tmp_path / "fleet.yaml")), "--count", "500", "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, timeout=30, preexec_fn=low_limit, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "open-file limit is 256" in result.stderr and "128 fit" in result.stderr, result.stderr
    assert not (tmp_path / "d").exists(), "nothing was set up before refusing"
