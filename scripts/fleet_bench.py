#!/usr/bin/env python3
"""`scripts/bench fleet`: figures (never a test) of `station fleet` against the same CSMS as a
fleet of python `ocpp` charge points (one asyncio ChargePoint per station), on this machine.

Both fleets run the same schedule: HeartbeatInterval 20 s, MeterValueSampleInterval 20 s, two
connectors per station, each connector alternating idle and charging periods of 40-120 s (so
about half the connectors charge). The CSMS is a lean asyncio + websockets server (no `ocpp`
validation) in its own process, so that it takes the load of 10,000 stations; it answers every
CALL, counts StartTransaction/StopTransaction, and measures message delay as the time from a
MeterValues sample's timestamp to its arrival.

Per fleet size: RSS and CPU of the fleet process over a steady window after all stations
connected, CPU per station, time to connect all (process start to the N-th BootNotification),
message delay p50/p99; for our fleet also whether every StartTransaction got its StopTransaction
after the sessions were switched off.

Usage: scripts/bench fleet [--sizes 1000,5000,10000] [--python-sizes ...] [--warmup 90] [--window 60]
Subcommands used internally: csms, python-fleet.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
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


# MARK: The lean CSMS


class LeanCSMS:
    def __init__(self) -> None:
        self.boots: set[str] = set()
        self.first_connect: float | None = None
        self.last_boot: float | None = None
        self.connected = 0
        self.messages = 0
        self.delays: list[float] = []
        self.starts = 0
        self.stops = 0
        self.open: set[int] = set()
        self.ids = itertools.count(1)

    def answer(self, action: str, payload: dict, station: str) -> dict:
        if action == "BootNotification":
            if station not in self.boots:
                self.boots.add(station)
                self.last_boot = time.time()
            return {"status": "Accepted", "currentTime": now_text(), "interval": 20}
        if action == "Heartbeat":
            return {"currentTime": now_text()}
        if action == "Authorize":
            return {"idTagInfo": {"status": "Accepted"}}
        if action == "StartTransaction":
            transaction_id = next(self.ids)
            self.starts += 1
            self.open.add(transaction_id)
            return {"transactionId": transaction_id, "idTagInfo": {"status": "Accepted"}}
        if action == "StopTransaction":
            self.stops += 1
            self.open.discard(payload.get("transactionId"))
            return {}
        if action == "MeterValues":
            arrived = time.time()
            for value in payload.get("meterValue", []):
                try:
                    stamp = datetime.fromisoformat(value["timestamp"].replace("Z", "+00:00")).timestamp()
                    self.delays.append(arrived - stamp)
                except (KeyError, ValueError):
                    pass
            return {}
        return {}

    async def serve_station(self, websocket) -> None:
        station = websocket.request.path.rstrip("/").rsplit("/", 1)[-1]
        self.connected += 1
        if self.first_connect is None:
            self.first_connect = time.time()
        try:
            async for text in websocket:
                self.messages += 1
                try:
                    message = json.loads(text)
                except ValueError:
                    continue
                if message[0] == 2:
                    await websocket.send(json.dumps([3, message[1], self.answer(message[2], message[3], station)]))
        except Exception:  # noqa: BLE001  (a dropped connection is normal in a benchmark)
            pass
        finally:
            self.connected -= 1

    def stats(self) -> dict:
        delays = sorted(self.delays)

        def at(fraction: float) -> float | None:
            return round(delays[min(len(delays) - 1, int(fraction * len(delays)))] * 1000, 1) if delays else None

        return {
            "boots": len(self.boots), "connected": self.connected, "messages": self.messages, "firstConnect": self.first_connect,
            "lastBoot": self.last_boot, "delayP50ms": at(0.5), "delayP99ms": at(0.99), "delaySamples": len(delays),
            "starts": self.starts, "stops": self.stops, "open": len(self.open),
        }  # fmt: skip

    def reset(self) -> None:
        self.boots.clear()
        self.first_connect = self.last_boot = None
        self.messages = self.starts = self.stops = 0
        self.delays.clear()
        self.open.clear()


async def run_csms(port: int) -> None:
    """Serves on `port`; reads commands from stdin: `stats` (prints a JSON line), `reset`,
    `delays` (forgets the delay samples)."""
    from websockets.asyncio.server import serve

    raise_open_files()
    csms = LeanCSMS()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    async with serve(csms.serve_station, "127.0.0.1", port, subprotocols=["ocpp1.6"], ping_interval=None, max_size=None, backlog=4096):
        print("LISTENING", flush=True)
        while line := (await reader.readline()).decode().strip():
            if line == "stats":
                print(json.dumps(csms.stats()), flush=True)
            elif line == "reset":
                csms.reset()
            elif line == "delays":
                csms.delays.clear()


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
        async with websockets.connect(f"{url}/{name}", subprotocols=["ocpp1.6"], ping_interval=None, open_timeout=120) as websocket:
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


# MARK: Measuring


def process_figures(pid: int) -> tuple[float, int]:
    """(CPU seconds used so far, RSS in bytes) of `pid`."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    with open(f"/proc/{pid}/status") as status:
        rss = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
    return cpu, rss


class CSMSProcess:
    def __init__(self, port: int):
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, __file__, "csms", "--port", str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        assert self.process.stdout.readline().strip() == "LISTENING"

    def command(self, text: str) -> dict | None:
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline()) if text == "stats" else None

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(30)


def fleet_file(directory: Path) -> Path:
    path = directory / "bench-fleet.yaml"
    path.write_text(f"""
fleet:
  idTemplate: "SIM-{{n:05}}"
  store: sqlite
  rampUpPerSecond: 1000
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


def measure(name: str, command: list[str], csms: CSMSProcess, size: int, window: float, warmup: float, control: str | None) -> dict:
    csms.command("reset")
    launched = time.time()
    log = open(Path(tempfile.gettempdir()) / f"fleet-bench-{name}-{size}.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    figures: dict = {"fleet": name, "stations": size}
    try:
        deadline = time.time() + 600
        while (stats := csms.command("stats"))["boots"] < size:
            if process.poll() is not None or time.time() > deadline:
                figures["error"] = f"only {stats['boots']} of {size} booted (exit {process.poll()})"
                return figures
            time.sleep(0.5)
        figures["connectAllSeconds"] = round(stats["lastBoot"] - launched, 1)
        time.sleep(warmup)  # the first sessions start (idle 40-120 s)
        csms.command("delays")
        cpu0, _ = process_figures(process.pid)
        started = time.monotonic()
        time.sleep(window)
        cpu1, rss = process_figures(process.pid)
        elapsed = time.monotonic() - started
        stats = csms.command("stats")
        cores = (cpu1 - cpu0) / elapsed
        figures.update({
            "rssMiB": round(rss / 2**20, 1), "rssKiBPerStation": round(rss / 1024 / size, 1), "cpuCores": round(cores, 3),
            "cpuMicrosecondsPerStationSecond": round(cores / size * 1e6, 1), "delayP50ms": stats["delayP50ms"], "delayP99ms": stats["delayP99ms"],
            "messagesPerSecond": round(stats["messages"] / (time.time() - launched), 1),
        })  # fmt: skip
        if control:
            request = urllib.request.Request(f"http://{control}/api/fleet/sessions", data=b'{"enabled": false}', method="POST")
            urllib.request.urlopen(request, timeout=60).read()
            deadline = time.time() + 400
            while time.time() < deadline:
                fleet = json.loads(urllib.request.urlopen(f"http://{control}/api/fleet", timeout=60).read())
                if fleet["sessions"]["active"] == 0 and fleet["queuedMessages"] == 0:
                    break
                time.sleep(2)
            stats = csms.command("stats")
            figures.update({"starts": stats["starts"], "stops": stats["stops"], "unstopped": stats["open"]})
        return figures
    finally:
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


def run(options) -> None:
    binary = Path(os.environ.get("STATION_BINARY", ROOT / ".build" / "release" / "station"))
    csms = CSMSProcess(free_port())
    url = f"ws://127.0.0.1:{csms.port}/ocpp"
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        config = fleet_file(Path(scratch))
        for size in [int(s) for s in options.sizes.split(",") if s]:
            control = f"127.0.0.1:{free_port()}"
            data = Path(scratch) / f"data-{size}"
            command = [str(binary), "fleet", "--config", str(config), "--count", str(size), "--csms", url, "--control", control, "--data-dir", str(data)]
            results.append(measure("station fleet", command, csms, size, options.window, options.warmup, control))
            print(json.dumps(results[-1]), flush=True)
        for size in [int(s) for s in options.python_sizes.split(",") if s]:
            command = [sys.executable, __file__, "python-fleet", "--url", url, "--count", str(size)]
            results.append(measure("python ocpp", command, csms, size, options.window, options.warmup, None))
            print(json.dumps(results[-1]), flush=True)
    csms.close()
    columns = ["fleet", "stations", "connectAllSeconds", "rssMiB", "rssKiBPerStation", "cpuCores", "cpuMicrosecondsPerStationSecond", "delayP50ms", "delayP99ms", "starts", "stops", "unstopped", "error"]
    print("\n| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in results:
        print("| " + " | ".join(str(row.get(column, "-")) for column in columns) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    bench = sub.add_parser("run")
    bench.add_argument("--sizes", default="1000,5000,10000")
    bench.add_argument("--python-sizes", default="1000,5000,10000")
    bench.add_argument("--window", type=float, default=60, help="seconds of steady state measured")
    bench.add_argument("--warmup", type=float, default=90, help="seconds after all booted before measuring")
    csms = sub.add_parser("csms")
    csms.add_argument("--port", type=int, required=True)
    python = sub.add_parser("python-fleet")
    python.add_argument("--url", required=True)
    python.add_argument("--count", type=int, required=True)
    python.add_argument("--ramp", type=float, default=1000)
    python.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(sys.argv[1:] if len(sys.argv) > 1 and sys.argv[1] in ("run", "csms", "python-fleet") else ["run", *sys.argv[1:]])
    if options.command == "csms":
        asyncio.run(run_csms(options.port))
    elif options.command == "python-fleet":
        asyncio.run(run_python_fleet(options.url, options.count, options.ramp, options.seed))
    else:
        run(options)


if __name__ == "__main__":
    main()
