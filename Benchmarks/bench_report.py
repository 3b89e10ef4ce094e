"""The text of BENCHMARKS.md, filled from one run of Benchmarks/bench.py (scripts/bench
--markdown BENCHMARKS.md writes it again from a new run)."""


def markdown(rows, host, started, counts, number, advantage):
    table = ["| figure | unit | station | python `ocpp` | advantage | goal | met |", "|---|---|---:|---:|---:|---|---|"]
    for name, unit, station, peer, limit, higher, _, met in rows:
        goal = "" if limit is None else (">= " if higher else "< ") + str(limit)
        table.append(f"| `{name}` | {unit} | {number(station, unit)} | {number(peer, unit)} | {advantage(station, peer, higher)} | {goal} | {met} |")
    meanings = [f"- `{name}`: {meaning}." for name, _, _, _, _, _, meaning, _ in rows]
    return f"""# Benchmarks

What the station itself costs, measured against a central system that is not the bottleneck, side
by side with a charge point written on the python [`ocpp`](https://pypi.org/project/ocpp/) package
(the best-known open OCPP stack) against the same central system in the same run. Benchmarks print
figures and assert nothing; the tests never time anything.

This page is one run of `scripts/bench --markdown BENCHMARKS.md --json bench.json`, which builds
the release binaries, runs everything below and writes this page again.

## The run

{chr(10).join(table)}

"Advantage" is how many times better the station's figure is than the peer's (peer ÷ station for
times, memory and instructions; station ÷ peer for the drain ratio). "Goal" is the goal of the
benchmark issue; "met" says whether the station's figure meets it.

Run on {started}: {host['cpu']}, {host['cores']} cores, {host['memory_mib']:,} MiB, Linux {host['kernel']},
{host['swift']}, Python {host['python']}. Load average {host['load_average']} at the start and
{host['load_average_after']} at the end: **the machine is shared** (other builds run on the same
two cores), so every time figure here carries that noise, the p99 and p99.9 figures most of all.
The instruction counts do not: callgrind counts the same instructions for the same binary and
input whatever else runs.

Counts: {counts['calls']:,} GetConfiguration and {counts['triggers']:,} TriggerMessage calls per
charge point; {counts['round_trips']:,} Heartbeats and as many MeterValues; a queue of
{counts['drained']:,} MeterValues between one StartTransaction and its StopTransaction.

## What each figure is

{chr(10).join(meanings)}

How they are taken:

- **The central system** is `bench-csms` (`Benchmarks/bench-csms`, swift-nio, OCPP-J 1.6): it
  answers every station CALL on its event loop from fixed payloads, without parsing the payload,
  and reads its own time with `CLOCK_MONOTONIC`. Both charge points talk to it over loopback.
- **CSMS-initiated CALLs** (`csms_call_*`, `trigger_message_*`): `bench-csms` sends the calls one
  at a time and times each from its write to the receipt of the answer (for TriggerMessage, of the
  answer and of the Heartbeat it triggers, whichever comes last). The figure holds the central
  system's own share and the kernel's loopback as well as the charge point's time; that share is
  the same for both charge points, so the difference between them is the charge points' own.
- **Station-initiated round trips** (`heartbeat_rtt_*`, `meter_values_rtt_*`): for the station,
  `link-bench` runs the station's own OCPP-J client (`CentralSystemClient`, release build) and
  times each CALL from the call to its decoded answer; the python charge point times
  `ChargePoint.call` the same way.
- **Drain** (`drain_s`, `drain_ratio`): the station's SQLite store is filled with one finished
  transaction's StartTransaction, {counts['drained']:,} MeterValues and StopTransaction, as a day offline
  leaves it; the `station` process is started on it, and `bench-csms` times from the arrival of the
  StartTransaction to its answer to the StopTransaction. One CALL in flight (OCPP 1.6) bounds the
  rate at one message per round trip, so the bound is N × the MeterValues p50 round trip and
  `drain_ratio` = bound ÷ the time taken: 1.0 is the link's speed, less is time the station spends
  between messages. The python charge point sends the same number of MeterValues from a list in
  memory (it has no persistent queue), so its ratio is that of a queue with no storage at all.
- **Start-up** (`start_to_boot_ms`, `start_to_available_ms`): from just before the process is
  started (the driver reads `CLOCK_MONOTONIC`) to the arrival at `bench-csms` of the
  BootNotification and of the last of the three StatusNotification Available (connector 0, 1, 2).
- **Memory** (`rss_*`): `VmRSS` of the process, 2 s after it came up idle, and 4 s after both
  connectors started charging (plug and a card on each, through the control API; the python
  charge point sends StartTransaction on both connectors instead).
- **Instructions per frame**: `valgrind --tool=callgrind` counts the instructions of `ocpp-bench
  --frames N` (decode and encode of a MeterValues frame with 10 sampled values and a
  StartTransaction frame, in turn) for two values of N; the difference divided by the difference of
  N is the cost of one frame, without start-up. The python figure is the same for
  `Benchmarks/python_frames.py` (`ocpp.messages.unpack`, schema validation and `to_json`, what the
  python package does with a frame). `perf stat` has no hardware counters on these virtual
  machines.

## Commands

```sh
scripts/bench                                    # the table
scripts/bench --json bench.json                  # and the figures as JSON
scripts/bench --markdown BENCHMARKS.md           # and this page
scripts/bench --quick                            # a tenth of the counts (a smoke run)
.build/release/bench-csms --help                 # the benchmark CSMS alone (also for fleet runs)
```
"""
