"""The text of BENCHMARKS.md, filled from one run of Benchmarks/bench.py (scripts/bench
--markdown BENCHMARKS.md writes it again from a new run)."""


def markdown(rows, host, started, counts, number, advantage):
    table = ["| figure | unit | station | python `ocpp` | advantage | goal | met |", "|---|---|---:|---:|---:|---|---|"]
    for name, unit, station, peer, limit, higher, _, met in rows:
        goal = "" if limit is None else (">= " if higher else "< ") + str(limit)
        table.append(f"| `{name}` | {unit} | {number(station, unit)} | {number(peer, unit)} | {advantage(station, peer, higher)} | {goal} | {met} |")
    meanings = [f"- `{name}`: {meaning}." for name, _, _, _, _, _, meaning, _ in rows]
    by_mapping = counts.get("rss_idle_by_mapping", {})
    mapping_rows = ["| station: mapping | resident KiB | python `ocpp`: mapping | resident KiB |", "|---|---:|---|---:|"]
    station_maps, peer_maps = by_mapping.get("station", []), by_mapping.get("peer", [])
    for index in range(max(len(station_maps), len(peer_maps))):
        left = station_maps[index] if index < len(station_maps) else ("", "")
        right = peer_maps[index] if index < len(peer_maps) else ("", "")
        mapping_rows.append(f"| `{left[0].rsplit('/', 1)[-1]}` | {left[1]} | `{right[0].rsplit('/', 1)[-1]}` | {right[1]} |")
    method = (f"Each latency probe, round-trip series and drain ran {counts.get('repeats', 1)} times after a warm-up probe; "
              "the table gives the median of the repeats for each figure. "
              + ("The central system ran pinned to CPU 0 and the measured charge point (and `link-bench`) to CPU 1 (`taskset`)."
                 if counts.get("pinned") else "No process was pinned to a CPU."))
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

{method}

Counts: {counts['calls']:,} GetConfiguration and {counts['triggers']:,} TriggerMessage calls per
charge point; {counts['round_trips']:,} Heartbeats and as many MeterValues; a queue of
{counts['drained']:,} MeterValues between one StartTransaction and its StopTransaction.

Resident memory when idle, by mapping (the ten largest, from `/proc/PID/smaps`):

{chr(10).join(mapping_rows)}

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

## What limits the figures (read off the profiles at the time of writing)

- **Memory**: almost all of the station's RSS is pages of its binary and of the shared libraries
  it maps, not data: `rss_idle_anon_mib` is the station's own heap and stacks (see the table by
  mapping above). The station no longer links full Foundation: Yams (YAML), `station sim`'s
  URLSession and Hummingbird's default traits each pulled in libFoundation, which loads
  FoundationInternationalization and ICU; with our own YAML reader, a plain-socket HTTP client
  and Hummingbird built without traits, those 9.4 MiB are gone (47.7 MiB before, release binary,
  idle). What is left is mostly the binary's own pages (the Swift runtime reads every protocol
  conformance record of every loaded image at the first dynamic cast, which touches type
  descriptors all over the binary), libswiftCore and FoundationEssentials, and the C libraries
  (libc, libstdc++, SQLite, and libcurl's OpenSSL and GnuTLS). File-backed pages of shared
  libraries are shared with every other process that maps them and are dropped first under
  memory pressure; for what each process keeps of its own data, compare `rss_idle_anon_mib`.
  Under 20 MiB would need a smaller binary (fewer conformances and metadata: for example no
  Hummingbird and swift-certificates in the same process) or libcurl loaded only when a file
  transfer starts.
- **Drain and round trips**: a CPU profile of a drain (`perf record -e cpu-clock`) is led by the
  kernel switching threads: each message crosses from the NIO event loop to the WebSocket reader
  task, an `AsyncStream`, the client actor, the queue's task and back to the event loop. The
  SQLite work per message is now small (rows are read 64 at a time, answered MeterValues removed
  64 at a time), so the hops between threads are what is left between the station and the bound.
- **CSMS-initiated CALLs**: between the CSMS's write and the answer on the wire, an incoming
  CALL crosses five threads or tasks in the station: the NIO event loop, the WebSocket reader task
  (`NIOAsyncChannel` inbound stream), the client actor's receive loop (an `AsyncStream`), a task
  spawned per CALL, and the `Station` actor's input loop (another `AsyncStream`), then back
  through the client task to the event loop. Each crossing is a wake-up of a thread that may be
  waiting for a core. The answer is now written without a further suspension on the writer.
  The crossings in the client (reader task to receive loop to per-CALL task) are the next place
  to look; no profile of the CSMS-initiated path was taken in this round, so how the time splits
  between the crossings and the decoding and encoding is not measured here.
- **p99 and p99.9 on this machine**: with other builds on the same two cores, a thread that is
  ready waits for a core for milliseconds now and then; that is the tail of every time figure,
  for both charge points. The p50 figures and the instruction counts are the ones to compare
  between runs here.

## Memory and measurement: before and after the second round

The second round removed full Foundation from the station process and changed how the figures are
taken (a warm-up probe, a median of 3 repeats; `--pin` puts the CSMS and the measured peer on cores
of their own, off by default because on this shared machine it made the station's latencies worse:
p50 170 and p99 802 µs pinned against 134 and 324 µs not, two runs minutes apart). Before it, the same benchmark from a fresh clone (2026-11-30 15:05 UTC, `--quick`, one run,
not pinned, load average 5.6 falling to 4.9):

| figure | before (quick run) | earlier full run (12:04 UTC, load 7.4) | after |
|---|---:|---:|---|
| `csms_call_p50_us` | 132 | 138 | the table above |
| `csms_call_p99_us` | 218 | 3,958 | the table above |
| `drain_ratio` | 0.39 (1,000 messages) | 0.77 | the table above |
| `start_to_boot_ms` | 67.5 | 207 | the table above |
| `rss_idle_mib` | 46.74 | 44.09 | the table above |
| `instructions_per_frame` | 127,127 | 127,250 | the table above |

Idle RSS of the release `station` by mapping before (not connected, same configuration):
station 13.9 MiB, libswiftCore 5.5, libFoundation 4.2, libFoundationEssentials 3.7, ICU 3.6,
anonymous 1.9, libc 1.7, libstdc++ 1.5, libcrypto 1.4, SQLite 1.2, GnuTLS 1.1,
FoundationInternationalization 1.0, FoundationNetworking 0.6: 47.7 MiB in all. After, measured
the same way: station 13.3, libswiftCore 5.5, libFoundationEssentials 3.7, anonymous 1.6, libc
1.6, libcrypto 1.4, SQLite 1.3, libstdc++ 1.1, GnuTLS 1.1, the rest under 0.7 each: 37.1 MiB in
all (PSS 14.9 MiB, of which 4.2 MiB anonymous).

## The drain before and after the queue's rework

Measured with this benchmark on the same machine, both under other helpers' builds (load average
about 9 before, 5 to 7 after), so the times are noisy; the difference is not:

| | before | after |
|---|---:|---:|
| 10,000 queued MeterValues (+ Start, Stop) drained | 8.25 s | 1.17 s |
| `drain_ratio` (1.0 = one message per round trip) | 0.13 | 0.77 |
| MeterValues round trip p50 (the bound's unit) | 110 µs | 89 µs |
| the same drain repeated, `station` process only, within minutes | 9.2 to 10.5 s | 1.2 to 2.1 s |

On this shared machine one drain can take half as long again as the next, so `drain_ratio` moved
between 0.43 and 0.80 over the runs after the change (0.09 to 0.17 before): read it as a range.

Before, each message cost a read of the queue's head, a read of its transactionId, a removal
committed with an fsync (`synchronous=FULL`: about 4 ms on this disk), a hop to a separate
`CallSlot` actor and back, and a timer task for its response timeout that was never cancelled.
Now rows are read a page at a time with the transactionIds kept, answered MeterValues are removed
a page at a time in one commit that does not wait for the disk (a kill -9 cannot undo it; a power
cut can, and then they are sent again, identical and in order, before anything after them: at
least once, as OCPP's transaction messages are delivered), the slot is a value in the client
actor, and one task watches the response deadlines. Unanswered messages are written with an
fsync before they are sent, as before, so they survive kill -9 and power loss.

## Commands

```sh
scripts/bench                                    # the table
scripts/bench --json bench.json                  # and the figures as JSON
scripts/bench --markdown BENCHMARKS.md           # and this page
scripts/bench --quick                            # a tenth of the counts (a smoke run)
.build/release/bench-csms --help                 # the benchmark CSMS alone (also for fleet runs)
```
"""
