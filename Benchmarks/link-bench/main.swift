// Link benchmark (prints figures, asserts nothing): round trips of 10,000 Heartbeats one at a
// time, CSMS → station GetConfiguration latency, each side by side with a charge point written
// with the python `ocpp` package against the same python CSMS, and the time to drain 10,000
// queued MeterValues after a reconnect against N × (measured round trip).

import CentralSystem
import Foundation
import ChargingCore
import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting

let heartbeats = 10_000
let getConfigurations = 1_000

/// A python peer of the benchmark (the CSMS or the python charge point), its stderr discarded.
func helper(_ script: String, _ arguments: [String]) throws -> TestProcess {
    try PythonScript.start(script, arguments: arguments, quiet: true)
}

func port(of csms: TestProcess) -> Int { Int(csms.waitForLine(startingWith: "LISTENING ", timeout: .seconds(120))!.dropFirst(10))! }

func milliseconds(_ duration: Duration) -> Double { duration.secondsValue * 1000 }

func percentiles(_ values: [Double]) -> (p50: Double, p99: Double) {
    let sorted = values.sorted()
    return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(0.99 * Double(sorted.count)))])
}

func pythonFigure(_ line: String?, _ key: String) -> (p50: Double, p99: Double)? {
    guard let line, let json = try? JSONParser.parse(line), case .number(let p50)? = json[key]?["p50_ms"], case .number(let p99)? = json[key]?["p99_ms"],
          let a = Double(p50), let b = Double(p99) else { return nil }
    return (a, b)
}

func format(_ value: Double) -> String { String(Int((value * 1000).rounded())) + " µs" }

/// Answers GetConfiguration from a real configuration, as the station does.
struct ConfigurationHandler: CentralSystemRequestHandler {
    let configuration = try! Configuration(defaults: StationSettings.maxeroDefaults, supportedMeasurands: MeterSampling.dcMeasurands)
    func handle(_ call: Call) async -> Result<JSONValue, CallError> {
        guard let request = call.request as? GetConfiguration.Request else { return .success(.object([])) }
        return .success(FrameEncoder.payload(configuration.report(request.key?.map(\.value))))
    }
}

func connectedClient(port: Int, store: any StationStore = InMemoryStationStore(), handler: any CentralSystemRequestHandler = ConfigurationHandler()) async -> (CentralSystemClient<SystemClock>, Task<Void, Never>) {
    let clock = SystemClock()
    let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(port)/ocpp", chargePointId: "BENCH-1", pingInterval: .zero)
    let client = CentralSystemClient(transport: WebSocketTransport(endpoint: endpoint, clock: clock), store: store, clock: clock, settings: ClientSettings(queueLimit: 1_000_000))
    await client.attach(handler: handler, events: { _ in })
    let task = Task { await client.run() }
    while !(await client.isConnected) { try? await Task.sleep(for: .milliseconds(5)) }
    return (client, task)
}

print("link-bench: loopback, python ocpp CSMS, debug or release as built")

// 1. Heartbeat round trips.
let csms = try helper("Benchmarks/bench_csms.py", [])
let csmsPort = port(of: csms)
let (client, clientTask) = await connectedClient(port: csmsPort)
_ = try await client.call(BootNotification.Request(chargePointVendor: "MAXERO", chargePointModel: "200QC"))
var roundTrips: [Double] = []
let clock = ContinuousClock()
for _ in 0..<heartbeats {
    let started = clock.now
    _ = try await client.call(Heartbeat.Request())
    roundTrips.append(milliseconds(clock.now - started))
}
clientTask.cancel()
let ours = percentiles(roundTrips)
let pythonCP = try helper("Benchmarks/python_charge_point.py", ["ws://127.0.0.1:\(csmsPort)/ocpp/PY-1", String(heartbeats)])
let theirs = pythonFigure(pythonCP.waitForLine(startingWith: "{\"heartbeat\"", timeout: .seconds(120)), "heartbeat")
pythonCP.stop()
csms.stop()
print("  \(heartbeats) Heartbeats, one at a time: station p50 \(format(ours.p50)) p99 \(format(ours.p99))" +
      (theirs.map { "; python ocpp charge point p50 \(format($0.p50)) p99 \(format($0.p99)); ratio (python/station) p50 \(String(format: "%.2f", $0.p50 / ours.p50))" } ?? "; python charge point failed"))

// 2. CSMS → station GetConfiguration latency.
let getConfigurationCSMS = try helper("Benchmarks/bench_csms.py", ["--get-configuration", String(getConfigurations)])
let (_, answeringTask) = await connectedClient(port: port(of: getConfigurationCSMS))
let ourAnswers = pythonFigure(getConfigurationCSMS.waitForLine(startingWith: "{\"getConfiguration\"", timeout: .seconds(120)), "getConfiguration")
answeringTask.cancel()
getConfigurationCSMS.stop()
let pythonCSMS = try helper("Benchmarks/bench_csms.py", ["--get-configuration", String(getConfigurations)])
let pythonServing = try helper("Benchmarks/python_charge_point.py", ["ws://127.0.0.1:\(port(of: pythonCSMS))/ocpp/PY-1", "1", "--serve-seconds", "120"])
let pythonAnswers = pythonFigure(pythonCSMS.waitForLine(startingWith: "{\"getConfiguration\"", timeout: .seconds(120)), "getConfiguration")
pythonServing.stop()
pythonCSMS.stop()
if let ourAnswers, let pythonAnswers {
    print("  \(getConfigurations) GetConfiguration CSMS → station: station p50 \(format(ourAnswers.p50)) p99 \(format(ourAnswers.p99)); python ocpp charge point p50 \(format(pythonAnswers.p50)) p99 \(format(pythonAnswers.p99)); ratio (python/station) p50 \(String(format: "%.2f", pythonAnswers.p50 / ourAnswers.p50))")
} else {
    print("  GetConfiguration latency: measurement failed")
}

// 3. Draining 10,000 queued MeterValues after a reconnect.
let store = InMemoryStationStore()
let record = store.recordTransactionStart(
    TransactionRecord(localId: 0, connectorId: 1, authorization: Authorization(idToken: "BENCH"), meterStartWh: 0, startTime: WallClockTime(millisecondsSince1970: 0)),
    startTransaction: FrameEncoder.payload(StartTransaction.Request(connectorId: 1, idTag: "BENCH", meterStart: 0, timestamp: Timestamp(SystemClock().wallTime)))
)
let queued = 10_000
for index in 0..<queued {
    let values = MeterValues.Request(connectorId: 1, transactionId: 0, meterValue: [MeterValue(timestamp: Timestamp(SystemClock().wallTime), sampledValue: [SampledValue(value: String(index), measurand: .energyActiveImportRegister, unit: .wh)])])
    store.enqueue(QueuedMessage(localTransactionId: record.localId, action: .meterValues, payload: FrameEncoder.payload(values)))
}
let drainCSMS = try helper("Benchmarks/bench_csms.py", [])
let (drainClient, drainTask) = await connectedClient(port: port(of: drainCSMS), store: store)
let drainStarted = clock.now
drainClient.setTransactionMessageDelivery(enabled: true)
while store.queuedMessageCount() > 0 { try? await Task.sleep(for: .milliseconds(2)) }
let drained = clock.now - drainStarted
drainTask.cancel()
drainCSMS.stop()
let bound = Double(queued + 1) * ours.p50
print("  drain \(queued) queued MeterValues (+ their StartTransaction): \(String(format: "%.2f", drained.secondsValue)) s; bound N × p50 round trip = \(String(format: "%.2f", bound / 1000)) s (ratio \(String(format: "%.2f", drained.secondsValue * 1000 / bound)))")
