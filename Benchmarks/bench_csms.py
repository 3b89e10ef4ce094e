#!/usr/bin/env python3
"""The central system of the link benchmark: the project's CSMS (scripts/csms) without logs,
every tag Accepted. With --get-configuration N it sends N GetConfiguration calls to the first
station that connects, one at a time, and prints their latency as a JSON line
{"getConfiguration": {"p50_ms": .., "p99_ms": .., "count": N}}.
Prints "LISTENING <port>" when ready; stops when stdin closes.
"""
import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from csms import CentralSystem, TagRegistry  # noqa: E402  (scripts/ is not a package)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def measure(csms: CentralSystem, count: int) -> None:
    while not csms.stations:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)
    station = next(iter(csms.stations))
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        await csms.call(station, "GetConfiguration", {"key": ["HeartbeatInterval"]})
        latencies.append((time.perf_counter() - started) * 1000)
    figures = {"p50_ms": statistics.median(latencies), "p99_ms": percentile(latencies, 0.99), "count": len(latencies)}
    print(json.dumps({"getConfiguration": figures}), flush=True)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--get-configuration", type=int, default=0)
    options = parser.parse_args()
    csms = CentralSystem(tags=TagRegistry(unknown_status="Accepted"), interval=3600, log=None)
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    try:
        loop.add_reader(sys.stdin, lambda: sys.stdin.read(1) or stop.done() or stop.set_result(None))
    except (OSError, ValueError, KeyError, PermissionError):
        pass
    async with csms.listen("127.0.0.1", 0, ping_interval=None) as server:
        print(f"LISTENING {server.sockets[0].getsockname()[1]}", flush=True)
        if options.get_configuration:
            loop.create_task(measure(csms, options.get_configuration))
        await stop


if __name__ == "__main__":
    asyncio.run(main())
