#!/usr/bin/env python3
"""The benchmark driver behind scripts/bench (prints figures, asserts nothing). Against the native
benchmark CSMS (bench-csms), it measures the release `station` binary and the python `ocpp`
charge point (Benchmarks/python_charge_point.py) in the same run, prints one table and, on
request, writes the figures as JSON ({"figures": [{"name", "unit", "station", "peer", "limit"}]})
and BENCHMARKS.md.
Usage: bench.py --bin DIR [--json FILE] [--markdown FILE] [--quick]
"""
import argparse
import json
import os
import platform
import queue
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SAMPLE = '{"timestamp":"2026-11-19T10:15:30.123Z","sampledValue":[' + ",".join(
    f'{{"value":"{value}","measurand":"{measurand}","unit":"{unit}"}}'
    for measurand, unit, value in [("Energy.Active.Import.Register", "Wh", "15320"), ("Power.Active.Import", "W", "49800"),
                                   ("Current.Import", "A", "120.4"), ("Voltage", "V", "413.7"), ("SoC", "Percent", "64")]
) + "]}"


# CPUs for taskset (None: not pinned). With --pin and two cores or more, the CSMS gets the first
# and the measured peer (station, python charge point, link-bench) the second, so that they do not
# take turns on one core and neither migrates between them mid-measurement.
PIN = {"csms": None, "peer": None}


def pinned(arguments):
    return ["taskset", "-c", PIN["peer"], *arguments] if PIN["peer"] is not None else arguments


def median(values):
    ordered = sorted(v for v in values if v is not None)
    return ordered[len(ordered) // 2] if ordered else None


def probe(csms, station, kind, count, repeats):
    """A warm-up probe (not counted), then `repeats` probes; each percentile is the median of the
    repeats' (one noisy repeat on a shared machine does not make the figure)."""
    csms.command(f"probe {station} {kind} {max(50, count // 10)}", "probe")
    runs = [csms.command(f"probe {station} {kind} {count}", "probe") for _ in range(repeats)]
    return tuple(median([run[key] for run in runs]) for key in ("p50_us", "p99_us", "p999_us"))


class Process:
    """A child process whose stdout lines are collected by a thread; stdin stays open for commands."""

    def __init__(self, arguments, log, environment=None, cpus=None):
        if cpus is not None:
            arguments = ["taskset", "-c", cpus, *arguments]
        self.started_ns = time.monotonic_ns()
        self.process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(log, "ab"), text=True, env=environment, cwd=ROOT)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def send(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def line(self, predicate=lambda line: True, timeout=300.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no expected line from {self.process.args[0]} within {timeout} s") from None
            if predicate(line):
                return line

    def json(self, key, timeout=300.0):
        return json.loads(self.line(lambda line: line.startswith("{") and key in json.loads(line), timeout))

    def rss_mib(self, field="VmRSS"):
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        return None

    def rss_by_mapping(self, top=10):
        """Resident kB per mapped file (anonymous memory as "[anonymous]"), largest first, from
        /proc/PID/smaps: what the resident pages are."""
        sizes, name = {}, "[anonymous]"
        for line in Path(f"/proc/{self.process.pid}/smaps").read_text().splitlines():
            fields = line.split()
            if fields and "-" in fields[0] and not fields[0].endswith(":"):
                name = fields[5] if len(fields) > 5 and fields[5].startswith("/") else "[anonymous]"
            elif fields and fields[0] == "Rss:":
                sizes[name] = sizes.get(name, 0) + int(fields[1])
        return sorted(sizes.items(), key=lambda item: -item[1])[:top]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class CSMS(Process):
    """bench-csms with events on; events are kept by kind and station."""

    def __init__(self, binary, log):
        super().__init__([str(binary), "--events"], log, cpus=PIN["csms"])
        self.port = int(self.line(lambda line: line.startswith("LISTENING ")).split()[1])
        self.events = []

    def wait_events(self, kind, station, count, timeout=30.0):
        deadline = time.monotonic() + timeout
        while len([e for e in self.events if e["event"] == kind and e["id"] == station]) < count:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line.startswith('{"event"'):
                self.events.append(json.loads(line))
            if time.monotonic() > deadline:
                break
        return [e["t"] for e in self.events if e["event"] == kind and e["id"] == station]

    def command(self, text, key):
        self.send(text)
        while True:
            line = self.line(lambda line: line.startswith("{"))
            value = json.loads(line)
            if "event" in value:
                self.events.append(value)
            elif "error" in value:
                raise RuntimeError(f"bench-csms: {value['error']}")
            elif key in value:
                return value


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def station_config(folder, csms_port, station_id):
    config = folder / f"{station_id}.yaml"
    config.write_text(
        f"station: {{ chargePointId: {station_id}, vendor: MAXERO, model: 200QC }}\n"
        f'csms: {{ url: "ws://127.0.0.1:{csms_port}/ocpp", reconnectInitialSeconds: 1, reconnectMaximumSeconds: 2 }}\n'
        f"hardware: {{ board: {ROOT / 'hardware/boards/maxero-200qc.yaml'}, devices: simulated }}\n"
        "ocpp: { HeartbeatInterval: 3600, MeterValueSampleInterval: 10, ClockAlignedDataInterval: 0, "
        "MeterValuesSampledData: 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC' }\n"
    )
    return config


def start_station(binary, folder, csms, station_id, data):
    control = free_port()
    process = Process([str(binary), "run", "--config", str(station_config(folder, csms.port, station_id)), "--control", f"127.0.0.1:{control}", "--data-dir", str(data)],
                      folder / f"{station_id}.log", cpus=PIN["peer"])
    process.control = control
    return process


def control(station, method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{station.control}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


def prefill_queue(database, count):
    """Writes one finished transaction's StartTransaction, `count` MeterValues and StopTransaction
    into the station's queue, as a day offline would leave them."""
    with sqlite3.connect(database) as db:
        cursor = db.execute("INSERT INTO transactions(connector, id_tag, meter_start, start_time, open) VALUES (1, 'DRAIN', 0, 1795256130123, 0)")
        local = cursor.lastrowid
        rows = [(local, "StartTransaction", '{"connectorId":1,"idTag":"DRAIN","meterStart":0,"timestamp":"2026-11-19T10:15:30.123Z"}')]
        rows += [(local, "MeterValues", '{"connectorId":1,"transactionId":0,"meterValue":[' + SAMPLE + "]}")] * count
        rows.append((local, "StopTransaction", '{"idTag":"DRAIN","meterStop":10000,"timestamp":"2026-11-19T10:15:30.123Z","transactionId":0,"reason":"Local"}'))
        db.executemany("INSERT INTO queue(local_transaction_id, action, payload) VALUES (?, ?, ?)", rows)


def callgrind_instructions(arguments, folder):
    out = folder / "callgrind.out"
    result = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *arguments], capture_output=True, text=True, cwd=ROOT)
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise RuntimeError(f"callgrind gave no count for {arguments}: {result.stderr[-500:]}")


def per_frame(arguments, small, large, folder):
    low = callgrind_instructions([*arguments, str(small)], folder)
    high = callgrind_instructions([*arguments, str(large)], folder)
    return (high - low) / (large - small)


def measure(bin_dir, quick, repeats):
    n_calls, n_trigger, n_rtt, n_drain = (500, 200, 1000, 1000) if quick else (5000, 2000, 10000, 10000)
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    station_binary = bin_dir / "station"
    csms = CSMS(bin_dir / "bench-csms", folder / "bench-csms.log")
    s, p = {}, {}
    try:
        # Start-up, RSS and CSMS-initiated CALLs: the station process.
        station = start_station(station_binary, folder, csms, "BENCH-ST", folder / "data-st")
        boot = csms.wait_events("boot", "BENCH-ST", 1)
        available = csms.wait_events("available", "BENCH-ST", 3, timeout=10)
        s["start_to_boot_ms"] = (boot[0] - station.started_ns) / 1e6
        s["start_to_available_ms"] = (max(available) - station.started_ns) / 1e6 if len(available) >= 3 else None
        time.sleep(2)
        s["rss_idle_mib"], s["rss_idle_anon_mib"] = station.rss_mib(), station.rss_mib("RssAnon")
        mappings = {"station": station.rss_by_mapping()}
        s["csms_call_p50_us"], s["csms_call_p99_us"], s["csms_call_p999_us"] = probe(csms, "BENCH-ST", "getconfiguration", n_calls, repeats)
        s["trigger_message_p50_us"], s["trigger_message_p99_us"], s["trigger_message_p999_us"] = probe(csms, "BENCH-ST", "trigger", n_trigger, repeats)
        for connector in (1, 2):
            control(station, "POST", f"/api/connectors/{connector}/plug", {})
            control(station, "POST", "/api/rfid", {"idTag": f"BENCH{connector}", "connectorId": connector})
        time.sleep(4)
        charging = [c["status"] for c in control(station, "GET", "/api/station")["connectors"]]
        s["rss_charging_mib"] = station.rss_mib() if charging.count("Charging") == 2 else None
        station.stop()

        # The same for the python charge point.
        python = Process([PYTHON, str(ROOT / "Benchmarks/python_charge_point.py"), f"ws://127.0.0.1:{csms.port}/ocpp/PY-1"], folder / "python.log", cpus=PIN["peer"])
        boot = csms.wait_events("boot", "PY-1", 1)
        available = csms.wait_events("available", "PY-1", 3, timeout=10)
        p["start_to_boot_ms"] = (boot[0] - python.started_ns) / 1e6
        p["start_to_available_ms"] = (max(available) - python.started_ns) / 1e6
        time.sleep(2)
        p["rss_idle_mib"], p["rss_idle_anon_mib"] = python.rss_mib(), python.rss_mib("RssAnon")
        mappings["peer"] = python.rss_by_mapping()
        p["csms_call_p50_us"], p["csms_call_p99_us"], p["csms_call_p999_us"] = probe(csms, "PY-1", "getconfiguration", n_calls, repeats)
        p["trigger_message_p50_us"], p["trigger_message_p99_us"], p["trigger_message_p999_us"] = probe(csms, "PY-1", "trigger", n_trigger, repeats)
        for command, key, name in (("heartbeats", "heartbeat", "heartbeat_rtt"), ("metervalues", "meterValues", "meter_values_rtt")):
            runs = []
            for _ in range(repeats):
                python.send(f"{command} {n_rtt}")
                runs.append(python.json(key)[key])
            p[f"{name}_p50_us"], p[f"{name}_p99_us"] = median([run["p50_us"] for run in runs]), median([run["p99_us"] for run in runs])
        drains = []
        for _ in range(repeats):
            python.send(f"drain {n_drain + 2}")
            drains.append(python.json("drain")["drain"]["seconds"])
        p["drain_s"] = median(drains)
        p["drain_ratio"] = (n_drain + 2) * p["meter_values_rtt_p50_us"] / 1e6 / p["drain_s"]
        python.send("charge")
        python.json("charging")
        time.sleep(1)
        p["rss_charging_mib"] = python.rss_mib()
        python.stop()

        # Station-initiated round trips: the station's own OCPP-J client, in process.
        runs = []
        for _ in range(repeats):
            result = subprocess.run(pinned([str(bin_dir / "link-bench"), "--port", str(csms.port), "--heartbeats", str(n_rtt), "--meter-values", str(n_rtt)]),
                                    capture_output=True, text=True, check=True, cwd=ROOT)
            runs.append(json.loads(next(line for line in result.stdout.splitlines() if line.startswith('{"heartbeat"'))))
        s["heartbeat_rtt_p50_us"], s["heartbeat_rtt_p99_us"] = (median([run["heartbeat"][key] for run in runs]) for key in ("p50_us", "p99_us"))
        s["meter_values_rtt_p50_us"], s["meter_values_rtt_p99_us"] = (median([run["meterValues"][key] for run in runs]) for key in ("p50_us", "p99_us"))

        # Draining a queue left by a day offline: the station process on a filled SQLite store.
        # Each repeat is a station of its own (its own id, so the CSMS's counts start at zero).
        drains = []
        for repeat in range(repeats):
            station_id, data = f"BENCH-DRAIN-{repeat}", folder / f"data-drain-{repeat}"
            drain = start_station(station_binary, folder, csms, station_id, data)
            csms.wait_events("boot", station_id, 1)
            drain.stop()
            prefill_queue(data / "station.sqlite", n_drain)
            drain = start_station(station_binary, folder, csms, station_id, data)
            csms.wait_events("boot", station_id, 2)
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                stats = csms.command(f"stats {station_id}", "stats")["actions"]
                if stats.get("StopTransaction", {}).get("count", 0) >= 1 and stats.get("MeterValues", {}).get("count", 0) >= n_drain:
                    break
                time.sleep(0.2)
            drains.append((stats["StopTransaction"]["last_answered"] - stats["StartTransaction"]["first"]) / 1e9)
            drain.stop()
        s["drain_s"] = median(drains)
        s["drain_ratio"] = (n_drain + 2) * s["meter_values_rtt_p50_us"] / 1e6 / s["drain_s"]
    finally:
        csms.send("quit")
        csms.stop()

    # Instructions per frame decoded and encoded (callgrind: a count, steady on a busy machine).
    s["instructions_per_frame"] = per_frame([str(bin_dir / "ocpp-bench"), "--frames"], 200, 2200, folder)
    p["instructions_per_frame"] = per_frame([PYTHON, str(ROOT / "Benchmarks/python_frames.py")], 20, 220, folder)
    shutil.rmtree(folder, ignore_errors=True)
    return s, p, {"calls": n_calls, "triggers": n_trigger, "round_trips": n_rtt, "drained": n_drain, "repeats": repeats,
                  "pinned": PIN["peer"] is not None, "rss_idle_by_mapping": mappings}


# name, unit, limit (the goal, or None), whether higher is better, what it is.
FIGURES = [
    ("csms_call_p50_us", "µs", None, False, "CSMS-initiated GetConfiguration, CSMS send to answer received, p50"),
    ("csms_call_p99_us", "µs", 100, False, "the same, p99 (goal: under 100 µs)"),
    ("csms_call_p999_us", "µs", None, False, "the same, p99.9"),
    ("trigger_message_p50_us", "µs", None, False, "TriggerMessage(Heartbeat), CSMS send to answer and triggered Heartbeat received, p50"),
    ("trigger_message_p99_us", "µs", None, False, "the same, p99"),
    ("trigger_message_p999_us", "µs", None, False, "the same, p99.9"),
    ("heartbeat_rtt_p50_us", "µs", None, False, "station-initiated Heartbeat round trip, p50"),
    ("heartbeat_rtt_p99_us", "µs", None, False, "the same, p99"),
    ("meter_values_rtt_p50_us", "µs", None, False, "station-initiated MeterValues (5 sampled values) round trip, p50"),
    ("meter_values_rtt_p99_us", "µs", None, False, "the same, p99"),
    ("drain_s", "s", None, False, "time to deliver the queued StartTransaction, 10,000 MeterValues and StopTransaction"),
    ("drain_ratio", "ratio", 0.8, True, "achieved drain rate ÷ the one-in-flight bound (1 ÷ MeterValues p50 round trip); goal: 0.8 or more"),
    ("start_to_boot_ms", "ms", 150, False, "process start to BootNotification on the wire (goal: under 150 ms)"),
    ("start_to_available_ms", "ms", None, False, "process start to the last of the three StatusNotification Available"),
    ("rss_idle_mib", "MiB", 20, False, "resident memory, connected and idle (goal: under 20 MiB)"),
    ("rss_idle_anon_mib", "MiB", None, False, "of which anonymous memory (heap and stacks: the process's own data, not the pages of its binary and libraries)"),
    ("rss_charging_mib", "MiB", None, False, "resident memory, charging on both connectors"),
    ("instructions_per_frame", "instructions", None, False, "instructions to decode and encode one OCPP-J frame (callgrind)"),
]


def number(value, unit):
    if value is None:
        return "n/a"
    if unit == "instructions":
        return f"{value:,.0f}"
    if unit in ("ratio", "s", "MiB"):
        return f"{value:.2f}"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def advantage(station, peer, higher_is_better):
    if station is None or peer is None or station == 0 or peer == 0:
        return "n/a"
    return f"{(station / peer if higher_is_better else peer / station):.1f}x"


def rows(s, p):
    for name, unit, limit, higher, meaning in FIGURES:
        station, peer = s.get(name), p.get(name)
        met = "" if limit is None or station is None else ("yes" if (station >= limit if higher else station < limit) else "NO")
        yield name, unit, station, peer, limit, higher, meaning, met


def table(s, p):
    lines = [f"{'figure':<26}{'unit':>13}{'station':>14}{'python ocpp':>14}{'advantage':>11}{'goal':>8}{'met':>5}"]
    for name, unit, station, peer, limit, higher, _, met in rows(s, p):
        goal = "" if limit is None else (">= " if higher else "< ") + str(limit)
        lines.append(f"{name:<26}{unit:>13}{number(station, unit):>14}{number(peer, unit):>14}{advantage(station, peer, higher):>11}{goal:>8}{met:>5}")
    return "\n".join(lines)


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0] if subprocess.run(["which", "swift"], capture_output=True).returncode == 0 else "swift"
    return {"cpu": model, "cores": os.cpu_count(), "memory_mib": memory, "kernel": platform.release(), "swift": swift, "python": platform.python_version(),
            "load_average": " ".join(f"{value:.2f}" for value in os.getloadavg())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--quick", action="store_true", help="a tenth of the counts (a smoke run)")
    parser.add_argument("--repeats", type=int, default=3, help="latency probes, round trips and drains each run this often; the median counts")
    # Not pinned by default: on this shared 2-core machine, pinning the station's threads to one
    # core made its p50 and p99 worse (170 and 802 µs pinned, 134 and 324 µs not, same hour).
    parser.add_argument("--pin", action="store_true", help="pin the CSMS and the measured peer to cores of their own (taskset)")
    options = parser.parse_args()
    if options.pin and (os.cpu_count() or 1) >= 2 and shutil.which("taskset"):
        PIN["csms"], PIN["peer"] = "0", "1"
    host = machine()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    s, p, counts = measure(options.bin, options.quick, max(1, options.repeats))
    host["load_average_after"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"bench: {started}, {host['cpu']} ({host['cores']} cores), load {host['load_average']} -> {host['load_average_after']}")
    print(table(s, p))
    if options.json:
        figures = [{"name": name, "unit": unit, "station": station, "peer": peer, "limit": limit}
                   for name, unit, station, peer, limit, _, _, _ in rows(s, p)]
        options.json.write_text(json.dumps({"figures": figures, "machine": host, "date": started, "counts": counts}, indent=2) + "\n")
    if options.markdown:
        from bench_report import markdown  # Benchmarks/bench_report.py: the text of BENCHMARKS.md
        text = markdown(list(rows(s, p)), host, started, counts, number, advantage)
        # The fleet section comes from `scripts/bench fleet` runs: a new run of this page keeps it.
        previous = options.markdown.read_text() if options.markdown.exists() else ""
        if "\n## Fleet" in previous:
            text = text.rstrip("\n") + "\n\n" + previous[previous.index("\n## Fleet") + 1:]
        options.markdown.write_text(text)


if __name__ == "__main__":
    main()
