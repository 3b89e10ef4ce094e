#!/usr/bin/env python3
"""`scripts/bench fleet`: figures (never a test) of `station fleet` side by side with a fleet of
python `ocpp` charge points (one asyncio ChargePoint per station, all in one process), both
against the native benchmark CSMS `bench-csms` (Benchmarks/bench-csms, swift-nio), on this machine.

Both fleets run the same schedule: HeartbeatInterval 20 s (the CSMS's BootNotification answer),
MeterValueSampleInterval 20 s, two connectors per station, each connector alternating idle and
charging periods of 40-120 s (so about half the connectors charge). bench-csms answers every
CALL at once and keeps the books: stations booted, every StartTransaction matched against its
StopTransaction, the meter values of each transaction checked for order, and the delay from a
MeterValues sample's timestamp to its arrival.

`scripts/bench fleet [--sizes 1000,5000,10000] [--python-sizes ...] [--warmup 90] [--window 60]`
measures per size: RSS and CPU of the fleet process over a steady window after all stations
booted, RSS and CPU per station, time to connect all (process start to the N-th station's first
BootNotification) and MeterValues delay p50/p99; then switches our fleet's sessions off, waits
for every session to end and every queue to drain, and reads the CSMS's books. Python over
station per station is printed as the ratio.

`scripts/bench fleet --endurance [--count 10000] [--duration 600] [--drop-at 200]
[--drop-fraction 0.3] [--drop-seconds 30] [--kill-at 400]` runs our fleet with automatic sessions
for `duration` seconds, drops `drop-fraction` of the connections together at `drop-at` (restored
`drop-seconds` later: the reconnect storm), kill -9's the fleet at `kill-at` and restarts it on the
same data, then switches the sessions off, drains and prints the CSMS's books (nothing lost: every
StartTransaction has its StopTransaction, no meter value out of order).

Subcommand used internally: python-fleet.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def raise_open_files() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def say(text: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# MARK: The python ocpp fleet


async def run_python_fleet(url: str, count: int, ramp: float, seed: int) -> None:
    import websockets
    from ocpp.v16 import ChargePoint, call

    raise_open_files()

    async def connector_sessions(point: ChargePoint, connector: int, rng: random.Random) -> None:
        meter = 0
        while True:
            await asyncio.sleep(rng.uniform(40, 120))
            await point.call(call.Authorize(id_tag="PY-TAG"))
            started = await point.call(call.StartTransaction(connector_id=connector, id_tag="PY-TAG", meter_start=meter, timestamp=now_text()))
            await point.call(call.StatusNotification(connector_id=connector, error_code="NoError", status="Charging", timestamp=now_text()))
            end = time.monotonic() + rng.uniform(40, 120)
            while time.monotonic() < end:
                await asyncio.sleep(min(20, max(0, end - time.monotonic())))
                meter += 150
                await point.call(call.MeterValues(
                    connector_id=connector, transaction_id=started.transaction_id,
                    meter_value=[{"timestamp": now_text(), "sampledValue": [{"value": str(meter), "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}],
                ))  # fmt: skip
            await point.call(call.StopTransaction(meter_stop=meter, timestamp=now_text(), transaction_id=started.transaction_id))
            await point.call(call.StatusNotification(connector_id=connector, error_code="NoError", status="Available", timestamp=now_text()))

    async def station(number: int) -> None:
        name = f"PY-{number:05}"
        rng = random.Random(seed * 1_000_003 + number)
        async with websockets.connect(f"{url}/{name}", subprotocols=["ocpp1.6"], ping_interval=None, open_timeout=300) as websocket:
            point = ChargePoint(name, websocket)
            reader = asyncio.create_task(point.start())
            await point.call(call.BootNotification(charge_point_model="Python", charge_point_vendor="ocpp"))
            for connector in (0, 1, 2):
                await point.call(call.StatusNotification(connector_id=connector, error_code="NoError", status="Available", timestamp=now_text()))
            tasks = [asyncio.create_task(connector_sessions(point, c, rng)) for c in (1, 2)]
            try:
                while True:
                    await asyncio.sleep(20)
                    await point.call(call.Heartbeat())
            finally:
                reader.cancel()
                for task in tasks:
                    task.cancel()

    tasks = []
    started = time.monotonic()
    for number in range(1, count + 1):
        due = started + (number - 1) / ramp
        if due > time.monotonic():
            await asyncio.sleep(due - time.monotonic())
        tasks.append(asyncio.create_task(station(number)))
    await asyncio.gather(*tasks, return_exceptions=True)


# MARK: The processes


def process_figures(pid: int) -> tuple[float, int]:
    """(CPU seconds used so far, RSS in bytes) of `pid`."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    with open(f"/proc/{pid}/status") as status:
        rss = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
    return cpu, rss


class BenchCSMS:
    """bench-csms in its own process, driven through its stdin commands."""

    def __init__(self, binary: Path, threads: int):
        self.process = subprocess.Popen(
            [str(binary), "--threads", str(threads), "--heartbeat-interval", "20", "--real-time"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        line = self.process.stdout.readline().split()
        assert line and line[0] == "LISTENING", line
        self.port = int(line[1])
        self.url = f"ws://127.0.0.1:{self.port}/ocpp"

    def command(self, text: str, answer: str) -> dict:
        """Sends `text` and returns the value under `answer` of the first line that has it."""
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("bench-csms ended")
            parsed = json.loads(line)
            if answer in parsed:
                return parsed[answer]

    def ledger(self) -> dict:
        return self.command("ledger", "ledger")

    def connected(self) -> int:
        return self.command("summary", "summary")["connected"]

    def close(self) -> None:
        self.process.stdin.write("quit\n")
        self.process.stdin.close()
        self.process.wait(30)


def fleet_file(directory: Path, ramp: int) -> Path:
    path = directory / "bench-fleet.yaml"
    path.write_text(f"""
fleet:
  idTemplate: "SIM-{{n:05}}"
  store: sqlite
  rampUpPerSecond: {ramp}
  sessions:
    enabled: true
    seed: 1
    idleSeconds: [40, 120]
    chargeSeconds: [40, 120]
    stateOfChargeProbability: 0
    invalidCardProbability: 0
    suspendProbability: 0
    tags: [BENCH-TAG]
templates:
  - name: maxero-200qc
    station: {ROOT / "configs" / "simulated.yaml"}
    count: 1
    ocpp: {{HeartbeatInterval: 20, MeterValueSampleInterval: 20}}
""")
    return path


def control_get(control: str, path: str) -> dict:
    return json.loads(urllib.request.urlopen(f"http://{control}{path}", timeout=120).read())


def control_post(control: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(f"http://{control}{path}", data=json.dumps(body).encode(), method="POST")
    return json.loads(urllib.request.urlopen(request, timeout=120).read() or b"{}")


def wait_booted(csms: BenchCSMS, process: subprocess.Popen, size: int, limit: float) -> dict | None:
    """The ledger once `size` stations booted; None when the process ended or `limit` passed."""
    deadline = time.time() + limit
    while (ledger := csms.ledger())["stationsBooted"] < size:
        if process.poll() is not None or time.time() > deadline:
            return None
        time.sleep(0.5)
    return ledger


def drain(control: str, size: int, limit: float) -> dict:
    """Switches the sessions off and waits until none runs, no queue holds a message and every
    station is connected; returns the last GET /api/fleet."""
    control_post(control, "/api/fleet/sessions", {"enabled": False})
    deadline = time.time() + limit
    while True:
        fleet = control_get(control, "/api/fleet")
        if fleet["sessions"]["active"] == 0 and fleet["queuedMessages"] == 0 and fleet["connected"] == size:
            return fleet
        if time.time() > deadline:
            say(f"drain: not done within {limit:.0f} s: {fleet}")
            return fleet
        time.sleep(2)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fleet_command(binary: Path, config: Path, size: int, url: str, control: str, data: Path) -> list[str]:
    return [str(binary), "fleet", "--config", str(config), "--count", str(size), "--csms", url, "--control", control, "--data-dir", str(data)]


# MARK: Side by side


def measure(name: str, command: list[str], csms: BenchCSMS, size: int, options, control: str | None) -> dict:
    csms.command("ledger-reset", "ok")
    log = open(Path(tempfile.gettempdir()) / f"fleet-bench-{name.replace(' ', '-')}-{size}.log", "wb")
    launched = time.monotonic_ns()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    figures: dict = {"fleet": name, "stations": size}
    try:
        if (ledger := wait_booted(csms, process, size, options.boot_limit)) is None:
            figures["error"] = f"only {csms.ledger()['stationsBooted']} of {size} booted (exit {process.poll()})"
            return figures
        figures["connectAllSeconds"] = round((ledger["lastNewBootNs"] - launched) / 1e9, 1)
        say(f"{name} {size}: all booted in {figures['connectAllSeconds']} s")
        time.sleep(options.warmup)  # the first sessions start (idle 40-120 s)
        csms.command("delays-reset", "ok")
        cpu0, _ = process_figures(process.pid)
        started = time.monotonic()
        time.sleep(options.window)
        cpu1, rss = process_figures(process.pid)
        cores = (cpu1 - cpu0) / (time.monotonic() - started)
        delay = csms.ledger()["delay"]
        figures.update({
            "rssMiB": round(rss / 2**20, 1), "rssKiBPerStation": round(rss / 1024 / size, 1), "cpuCores": round(cores, 3),
            "cpuMicrosecondsPerStationSecond": round(cores / size * 1e6, 1), "delayP50ms": delay["p50_ms"], "delayP99ms": delay["p99_ms"],
            "delaySamples": delay["samples"],
        })  # fmt: skip
        if control and options.drain:
            drain(control, size, 400)
        ledger = csms.ledger()
        figures.update({key: ledger[key] for key in ("starts", "matched", "open", "duplicateStarts", "meterValues", "meterValuesOutOfOrder")})
        return figures
    finally:
        stop(process)


def run_sizes(options, binary: Path, csms: BenchCSMS) -> None:
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        config = fleet_file(Path(scratch), 1000)
        for size in [int(s) for s in options.sizes.split(",") if s]:
            control = f"127.0.0.1:{free_port()}"
            command = fleet_command(binary, config, size, csms.url, control, Path(scratch) / f"data-{size}")
            results.append(measure("station fleet", command, csms, size, options, control))
            print(json.dumps(results[-1]), flush=True)
        for size in [int(s) for s in options.python_sizes.split(",") if s]:
            command = [sys.executable, __file__, "python-fleet", "--url", csms.url, "--count", str(size)]
            results.append(measure("python ocpp", command, csms, size, options, None))
            print(json.dumps(results[-1]), flush=True)
    print_table(results)


def print_table(results: list[dict]) -> None:
    columns = ["fleet", "stations", "connectAllSeconds", "rssMiB", "rssKiBPerStation", "cpuCores", "cpuMicrosecondsPerStationSecond", "delayP50ms", "delayP99ms", "starts", "matched", "open", "meterValuesOutOfOrder", "error"]  # fmt: skip
    print("\n| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in results:
        print("| " + " | ".join(str(row.get(column, "-")) for column in columns) + " |")
    ours = {row["stations"]: row for row in results if row["fleet"] == "station fleet" and "rssMiB" in row}
    theirs = {row["stations"]: row for row in results if row["fleet"] == "python ocpp" and "rssMiB" in row}
    print("\n| stations | memory per station: python / station | CPU per station: python / station | time to connect all: python / station |\n|---|---|---|---|")
    for size in sorted(set(ours) & set(theirs)):
        a, b = ours[size], theirs[size]
        cpu = f"{b['cpuCores'] / a['cpuCores']:.2f}x" if a["cpuCores"] else "-"
        print(f"| {size} | {b['rssMiB'] / a['rssMiB']:.2f}x | {cpu} | {b['connectAllSeconds'] / max(a['connectAllSeconds'], 0.1):.2f}x |")


# MARK: Endurance: ten minutes, a network drop and a kill -9


def run_endurance(options, binary: Path, csms: BenchCSMS) -> None:
    size = options.count
    report: dict = {"stations": size, "durationSeconds": options.duration}
    with tempfile.TemporaryDirectory() as scratch:
        config = fleet_file(Path(scratch), 1000)
        data = Path(scratch) / "data"
        control = f"127.0.0.1:{free_port()}"
        command = fleet_command(binary, config, size, csms.url, control, data)
        log = open(Path(tempfile.gettempdir()) / f"fleet-bench-endurance-{size}.log", "wb")
        csms.command("ledger-reset", "ok")
        begun = time.monotonic()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            if wait_booted(csms, process, size, 900) is None:
                raise SystemExit(f"only {csms.ledger()['stationsBooted']} of {size} booted")
            report["connectAllSeconds"] = round(time.monotonic() - begun, 1)
            say(f"endurance: {size} booted in {report['connectAllSeconds']} s")
            # The steady figures, as the side-by-side run takes them, in a window before the drop.
            window_start = max(time.monotonic() - begun, options.drop_at - options.window - 30)
            events = sorted([
                (window_start, "window"), (window_start + options.window, "window-end"), (options.drop_at, "drop"),
                (options.drop_at + options.drop_seconds, "restore"), (options.kill_at, "kill"),
            ])  # fmt: skip
            peak_rss = 0
            for at, event in events + [(options.duration, "end")]:
                while time.monotonic() - begun < at:
                    peak_rss = max(peak_rss, process_figures(process.pid)[1])
                    time.sleep(min(5, max(0.1, at - (time.monotonic() - begun))))
                ledger = csms.ledger()
                say(f"endurance {event} at {at} s: starts {ledger['starts']}, matched {ledger['matched']}, open {ledger['open']}, connected {csms.connected()}")
                if event == "window":
                    csms.command("delays-reset", "ok")
                    cpu0, _ = process_figures(process.pid)
                    window_began = time.monotonic()
                elif event == "window-end":
                    cpu1, rss = process_figures(process.pid)
                    cores = (cpu1 - cpu0) / (time.monotonic() - window_began)
                    delay = ledger["delay"]
                    report["steady"] = {
                        "rssMiB": round(rss / 2**20, 1), "rssKiBPerStation": round(rss / 1024 / size, 1), "cpuCores": round(cores, 3),
                        "cpuMicrosecondsPerStationSecond": round(cores / size * 1e6, 1), "delayP50ms": delay["p50_ms"], "delayP99ms": delay["p99_ms"],
                    }  # fmt: skip
                    say(f"endurance steady window: {report['steady']}")
                elif event == "drop":
                    switched = control_post(control, "/api/fleet/network", {"online": False, "fraction": options.drop_fraction})
                    report["dropped"] = switched
                elif event == "restore":
                    control_post(control, "/api/fleet/network", {"online": True, "fraction": 1})
                    stormed = time.monotonic()
                    while csms.connected() < size and time.monotonic() - stormed < 300:
                        time.sleep(0.5)
                    report["reconnectAllSeconds"] = round(time.monotonic() - stormed, 1)
                    say(f"endurance: reconnect storm over in {report['reconnectAllSeconds']} s")
                elif event == "kill":
                    process.kill()
                    process.wait()
                    report["killedAtSeconds"] = at
                    before = csms.ledger()
                    report["atKill"] = {key: before[key] for key in ("starts", "matched", "open")}
                    restarted = time.monotonic()
                    csms_booted = before["stationsBooted"]
                    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
                    while csms.connected() < size and time.monotonic() - restarted < 600:
                        time.sleep(0.5)
                    report["restartReconnectAllSeconds"] = round(time.monotonic() - restarted, 1)
                    say(f"endurance: restarted, all {size} connected again in {report['restartReconnectAllSeconds']} s ({csms_booted} had booted)")
            cpu, rss = process_figures(process.pid)
            report["rssMiBAtEnd"] = round(rss / 2**20, 1)
            report["peakRssMiB"] = round(max(peak_rss, rss) / 2**20, 1)
            report["fleetAfterDrain"] = drain(control, size, 600)
            report["ledger"] = csms.ledger()
        finally:
            stop(process)
    print(json.dumps(report, indent=1), flush=True)
    ledger = report["ledger"]
    lost = ledger["open"] + ledger["meterValuesOutOfOrder"] + ledger["stopsOfUnknownTransactions"] + ledger["meterValuesOfUnknownTransactions"]
    print(f"\nendurance: {ledger['starts']} StartTransaction, {ledger['matched']} matched by their StopTransaction, {ledger['open']} open, "
          f"{ledger['meterValues']} MeterValues ({ledger['meterValuesOutOfOrder']} out of order), duplicates resent: {ledger['duplicateStarts']} starts, "
          f"{ledger['duplicateStops']} stops; {'NOTHING LOST' if lost == 0 else 'SOMETHING LOST OR OUT OF ORDER'}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    bench = sub.add_parser("run")
    bench.add_argument("--bin", help="the directory of the release `station` and `bench-csms`")
    bench.add_argument("--csms-threads", type=int, default=1)
    bench.add_argument("--sizes", default="1000,5000,10000")
    bench.add_argument("--python-sizes", default="1000,5000,10000")
    bench.add_argument("--window", type=float, default=60, help="seconds of steady state measured")
    bench.add_argument("--warmup", type=float, default=90, help="seconds after all booted before measuring")
    bench.add_argument("--boot-limit", type=float, default=600, help="seconds a fleet may take to boot all its stations")
    bench.add_argument("--no-drain", dest="drain", action="store_false", help="skip switching the sessions off and draining (the books then show sessions still open)")
    bench.add_argument("--endurance", action="store_true", help="the long run with a network drop and a kill -9 instead")
    bench.add_argument("--count", type=int, default=10000)
    bench.add_argument("--duration", type=float, default=600)
    bench.add_argument("--drop-at", type=float, default=200)
    bench.add_argument("--drop-fraction", type=float, default=0.3)
    bench.add_argument("--drop-seconds", type=float, default=30)
    bench.add_argument("--kill-at", type=float, default=400)
    python = sub.add_parser("python-fleet")
    python.add_argument("--url", required=True)
    python.add_argument("--count", type=int, required=True)
    python.add_argument("--ramp", type=float, default=1000)
    python.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(sys.argv[1:] if len(sys.argv) > 1 and sys.argv[1] in ("run", "python-fleet") else ["run", *sys.argv[1:]])
    if options.command == "python-fleet":
        asyncio.run(run_python_fleet(options.url, options.count, options.ramp, options.seed))
        return
    bin_dir = Path(options.bin) if options.bin else ROOT / ".build" / "release"
    raise_open_files()
    csms = BenchCSMS(bin_dir / "bench-csms", options.csms_threads)
    try:
        if options.endurance:
            run_endurance(options, bin_dir / "station", csms)
        else:
            run_sizes(options, bin_dir / "station", csms)
    finally:
        csms.close()


if __name__ == "__main__":
    main()
