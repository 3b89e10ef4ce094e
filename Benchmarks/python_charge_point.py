#!/usr/bin/env python3
"""A charge point written with the python `ocpp` package, for comparison in the link benchmark:
sends N Heartbeats one at a time and prints their round trips as a JSON line
{"heartbeat": {"p50_ms": .., "p99_ms": .., "count": N}}; answers GetConfiguration while connected.
Usage: python_charge_point.py URL N [--serve-seconds S]
"""
import asyncio
import json
import statistics
import sys
import time

import websockets
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action


class PythonChargePoint(ChargePoint):
    @on(Action.get_configuration)
    def on_get_configuration(self, key=None):
        return call_result.GetConfiguration(configuration_key=[{"key": "HeartbeatInterval", "readonly": False, "value": "20"}])


async def main():
    url, count = sys.argv[1], int(sys.argv[2])
    serve = float(sys.argv[4]) if len(sys.argv) > 4 else 0
    async with websockets.connect(url, subprotocols=["ocpp1.6"], ping_interval=None) as websocket:
        charge_point = PythonChargePoint("PY-1", websocket)
        task = asyncio.create_task(charge_point.start())
        await charge_point.call(call.BootNotification(charge_point_model="Python", charge_point_vendor="ocpp"))
        latencies = []
        for _ in range(count):
            started = time.perf_counter()
            await charge_point.call(call.Heartbeat())
            latencies.append((time.perf_counter() - started) * 1000)
        ordered = sorted(latencies)
        print(json.dumps({"heartbeat": {"p50_ms": statistics.median(latencies), "p99_ms": ordered[int(0.99 * len(ordered))], "count": count}}), flush=True)
        if serve:
            await asyncio.sleep(serve)
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
