#!/usr/bin/env python3
"""Central system for the link benchmark (python `ocpp` package): answers BootNotification,
Heartbeat, StatusNotification and MeterValues; with --get-configuration N it sends N
GetConfiguration calls to the first station that connects, one at a time, and prints their
latency as a JSON line {"getConfiguration": {"p50_ms": .., "p99_ms": .., "count": N}}.
Prints "LISTENING <port>" when ready; stops when stdin closes.
"""
import argparse
import asyncio
import datetime
import json
import statistics
import sys
import time

import websockets
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action, RegistrationStatus


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


class BenchCentralSystem(ChargePoint):
    @on(Action.boot_notification)
    def on_boot(self, **kwargs):
        return call_result.BootNotification(current_time=now(), interval=3600, status=RegistrationStatus.accepted)

    @on(Action.heartbeat)
    def on_heartbeat(self):
        return call_result.Heartbeat(current_time=now())

    @on(Action.status_notification)
    def on_status(self, **kwargs):
        return call_result.StatusNotification()

    @on(Action.meter_values)
    def on_meter_values(self, **kwargs):
        return call_result.MeterValues()

    @on(Action.start_transaction)
    def on_start(self, **kwargs):
        return call_result.StartTransaction(transaction_id=1, id_tag_info={"status": "Accepted"})


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--get-configuration", type=int, default=0)
    options = parser.parse_args()
    done = asyncio.get_running_loop().create_future()

    async def measure(central):
        await asyncio.sleep(0.5)
        latencies = []
        for _ in range(options.get_configuration):
            started = time.perf_counter()
            await central.call(call.GetConfiguration(key=["HeartbeatInterval"]))
            latencies.append((time.perf_counter() - started) * 1000)
        print(json.dumps({"getConfiguration": {"p50_ms": statistics.median(latencies), "p99_ms": percentile(latencies, 0.99), "count": len(latencies)}}), flush=True)

    async def handler(websocket):
        central = BenchCentralSystem(websocket.request.path.split("/")[-1], websocket, response_timeout=30)
        task = asyncio.create_task(central.start())
        if options.get_configuration:
            await measure(central)
        try:
            await task
        except websockets.exceptions.ConnectionClosed:
            pass

    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    try:
        loop.add_reader(sys.stdin, lambda: sys.stdin.read(1) or stop.done() or stop.set_result(None))
    except (OSError, ValueError, KeyError, PermissionError):
        pass
    async with websockets.serve(handler, "127.0.0.1", 0, subprotocols=["ocpp1.6"], ping_interval=None, max_size=None) as server:
        print(f"LISTENING {server.sockets[0].getsockname()[1]}", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
