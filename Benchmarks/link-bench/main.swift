// Link benchmark (prints figures, asserts nothing): the station's OCPP-J client (the same
// CentralSystemClient the station runs, release build, in-memory store) sends N Heartbeats and N
// MeterValues one at a time to a running CSMS (scripts/bench starts bench-csms) and prints their
// round trips as one JSON line:
// {"heartbeat": {"p50_us", "p99_us", "count"}, "meterValues": {...}}.
// Usage: link-bench --port P [--heartbeats N] [--meter-values N]

import CentralSystem
import OCPP
import StationCore
import StationHAL
import StationStorage

var port = 0
var heartbeats = 10_000
var meterValues = 10_000
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--port": port = arguments.next().flatMap { Int($0) } ?? 0
    case "--heartbeats": heartbeats = arguments.next().flatMap { Int($0) } ?? heartbeats
    case "--meter-values": meterValues = arguments.next().flatMap { Int($0) } ?? meterValues
    default: fatalError("usage: link-bench --port P [--heartbeats N] [--meter-values N]")
    }
}
precondition(port > 0, "usage: link-bench --port P [--heartbeats N] [--meter-values N]")

/// Answers nothing useful: the benchmark CSMS sends this client no CALLs.
struct NoRequests: CentralSystemRequestHandler {
    func handle(_ call: Call) async -> Result<JSONValue, CallError> { .success(.object([])) }
}

func figures(_ nanoseconds: [Int64]) -> String {
    let sorted = nanoseconds.sorted()
    func at(_ fraction: Double) -> Double { Double(sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]) / 1000 }
    return #"{"p50_us":\#(at(0.5)),"p99_us":\#(at(0.99)),"count":\#(sorted.count)}"#
}

let clock = SystemClock()
let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(port)/ocpp", chargePointId: "LINK-BENCH", pingInterval: .zero)
let client = CentralSystemClient(
    transport: WebSocketTransport(endpoint: endpoint, clock: clock, log: { print("link-bench: \($0)") }), store: InMemoryStationStore(), clock: clock, log: { print("link-bench: \($0)") }
)
await client.attach(handler: NoRequests(), events: { _ in })
let task = Task { await client.run() }
while !(await client.isConnected) { try? await Task.sleep(for: .milliseconds(5)) }
do {
    _ = try await client.call(BootNotification.Request(chargePointVendor: "MAXERO", chargePointModel: "200QC"))
} catch {
    print("link-bench: BootNotification failed: \(error)")
}

let stopwatch = ContinuousClock()
func roundTrips<R: OCPPRequest>(_ count: Int, _ request: (Int) -> R) async throws -> [Int64] {
    var times: [Int64] = []
    times.reserveCapacity(count)
    for index in 0..<count {
        let message = request(index)
        let started = stopwatch.now
        _ = try await client.call(message)
        let elapsed = (stopwatch.now - started).components
        times.append(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
    }
    return times
}
let heartbeatTimes = try await roundTrips(heartbeats) { _ in Heartbeat.Request() }
let meterValueTimes = try await roundTrips(meterValues) { index in
    MeterValues.Request(connectorId: 1, meterValue: [MeterValue(
        timestamp: Timestamp(millisecondsSince1970: 1_795_256_130_123),
        sampledValue: [SampledValue(value: String(index), measurand: .energyActiveImportRegister, unit: .wh)]
    )])
}
print(#"{"heartbeat":\#(figures(heartbeatTimes)),"meterValues":\#(figures(meterValueTimes))}"#)
task.cancel()
