#!/usr/bin/env python3
"""The peer of the benchmark: a charge point written with the python `ocpp` package (the same
job as our station, on the best-known python OCPP stack). It boots, reports its connectors
Available, answers GetConfiguration and TriggerMessage (sending the triggered message after its
answer), and takes commands on stdin, one per line, each answered by one JSON line on stdout:
  heartbeats N     N Heartbeats one at a time: {"heartbeat": {"p50_us", "p99_us", "count"}}
  metervalues N    N MeterValues one at a time: {"meterValues": {...}}
  drain N          N MeterValues back to back from a list in memory: {"drain": {"seconds", "count"}}
  charge           StartTransaction on connectors 1 and 2 and a MeterValues each: {"charging": true}
Usage: python_charge_point.py URL   (the charge point id is the URL's last path segment)
"""
import asyncio
import json
import sys
import time

import websockets
from ocpp.routing import after, on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def figures(latencies_ns):
    ordered = sorted(latencies_ns)
    return {"p50_us": percentile(ordered, 0.5) / 1000, "p99_us": percentile(ordered, 0.99) / 1000, "count": len(ordered)}


def meter_value(index, transaction_id=None):
    return call.MeterValues(
        connector_id=1,
        transaction_id=transaction_id,
        meter_value=[{"timestamp": "2026-01-01T00:00:00.000Z", "sampledValue": [{"value": str(index), "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}],
    )


class PythonChargePoint(ChargePoint):
    @on(Action.get_configuration)
    def on_get_configuration(self, key=None):
        return call_result.GetConfiguration(configuration_key=[{"key": "HeartbeatInterval", "readonly": False, "value": "3600"}])

    @on(Action.trigger_message)
    def on_trigger_message(self, requested_message, connector_id=None):
        return call_result.TriggerMessage(status="Accepted")

    @after(Action.trigger_message)
    async def after_trigger_message(self, requested_message, connector_id=None):
        if requested_message == "Heartbeat":
            await self.call(call.Heartbeat())

    async def timed(self, payloads):
        latencies = []
        for payload in payloads:
            started = time.perf_counter_ns()
            await self.call(payload)
            latencies.append(time.perf_counter_ns() - started)
        return latencies

    async def command(self, words):
        if words[0] == "heartbeats":
            return {"heartbeat": figures(await self.timed(call.Heartbeat() for _ in range(int(words[1]))))}
        if words[0] == "metervalues":
            return {"meterValues": figures(await self.timed(meter_value(index) for index in range(int(words[1]))))}
        if words[0] == "drain":
            queue = [meter_value(index, 1) for index in range(int(words[1]))]
            started = time.perf_counter_ns()
            while queue:
                await self.call(queue[0])
                queue.pop(0)
            return {"drain": {"seconds": (time.perf_counter_ns() - started) / 1e9, "count": int(words[1])}}
        if words[0] == "charge":
            for connector in (1, 2):
                await self.call(call.StatusNotification(connector_id=connector, error_code="NoError", status="Preparing"))
                answer = await self.call(call.StartTransaction(connector_id=connector, id_tag=f"PY{connector}", meter_start=0, timestamp="2026-01-01T00:00:00.000Z"))
                await self.call(call.StatusNotification(connector_id=connector, error_code="NoError", status="Charging"))
                await self.call(meter_value(0, answer.transaction_id))
            return {"charging": True}
        return {"error": f"unknown command {words}"}


async def main():
    url = sys.argv[1]
    loop = asyncio.get_running_loop()
    lines = asyncio.Queue()
    loop.add_reader(sys.stdin, lambda: lines.put_nowait(sys.stdin.readline()))
    async with websockets.connect(url, subprotocols=["ocpp1.6"], ping_interval=None) as websocket:
        charge_point = PythonChargePoint(url.rstrip("/").split("/")[-1], websocket)
        task = asyncio.create_task(charge_point.start())
        await charge_point.call(call.BootNotification(charge_point_model="Python", charge_point_vendor="ocpp"))
        for connector in (0, 1, 2):
            await charge_point.call(call.StatusNotification(connector_id=connector, error_code="NoError", status="Available"))
        while True:
            line = await lines.get()
            if not line:
                break
            if line.strip():
                print(json.dumps(await charge_point.command(line.split())), flush=True)
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
