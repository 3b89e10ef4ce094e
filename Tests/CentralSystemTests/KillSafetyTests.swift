// Crash safety: the built `station` executable is killed with SIGKILL at seeded random moments
// during transactions, 50 times, and restarted on the same data directory. What the CSMS (the
// python `ocpp` package) received is then checked against what the station recorded: no
// transaction message lost, none out of order, and a duplicate only as an identical copy (the
// kill fell between the CSMS's answer and the station's commit).

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OCPP
import StationTesting
import XCTest

final class KillSafetyTests: XCTestCase {
    static let kills = 50
    static let seed: UInt64 = 0x5AFE_0016

    var station: TestProcess?
    var folder: URL!
    var controlPort = 0

    override func tearDown() {
        station?.kill()
        try? FileManager.default.removeItem(at: folder)
    }

    func testNoTransactionMessageIsLostOrReorderedAcrossFiftyKills() async throws {
        let binary = PythonCSMS.root.appendingPathComponent(".build/debug/station")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            return XCTFail("\(binary.path) is missing: build the package first (scripts/test does)")
        }
        let csms = try PythonCSMS()
        defer { csms.stop() }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        controlPort = 20_000 + Int(getpid() % 20_000)
        let config = folder.appendingPathComponent("station.yaml")
        try """
        station: { chargePointId: KILL-1, vendor: MAXERO, model: 200QC }
        csms: { url: "ws://127.0.0.1:\(csms.port)/ocpp", reconnectInitialSeconds: 1, reconnectMaximumSeconds: 2 }
        hardware: { board: \(PythonCSMS.root.appendingPathComponent("hardware/boards/maxero-200qc.yaml").path), devices: simulated }
        ocpp: { MeterValueSampleInterval: 1, ClockAlignedDataInterval: 0, HeartbeatInterval: 300, TransactionMessageAttempts: 3 }
        """.write(to: config, atomically: true, encoding: .utf8)

        var random = SeededGenerator(seed: Self.seed)
        for round in 0..<Self.kills {
            try await launch(binary: binary, config: config)
            // Each process starts with the EV unplugged: plug and swipe a new tag.
            let connector = Int.random(in: 1...2, using: &random)
            try await control("POST", "/api/connectors/\(connector)/plug", "{}")
            try await control("POST", "/api/rfid", #"{"idTag":"K\#(round)","connectorId":\#(connector)}"#)
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...1500, using: &random)))
            if Int.random(in: 0..<4, using: &random) == 0 {
                _ = try? await control("POST", "/api/rfid", #"{"idTag":"K\#(round)"}"#)
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...300, using: &random)))
            }
            station!.kill()
        }
        // One last start delivers whatever the last kill left in the queue.
        try await launch(binary: binary, config: config)
        let drained = await poll { (try? await self.stationState())?["queuedMessages"] == .integer(0) }
        XCTAssertTrue(drained, "the queue did not drain after the last restart")
        station!.terminate()
        XCTAssertNotNil(station!.waitForExit(timeout: .seconds(30)), "the station did not end on SIGTERM")

        let report = KillReport(records: csms.records)
        print("kill test: \(Self.kills) kills (seed \(Self.seed)): \(report.summary)")
        XCTAssertGreaterThan(report.sessions, 10, "too few transactions reached the CSMS to test anything")
        XCTAssertEqual(report.lost, 0, report.problems.joined(separator: "\n"))
        XCTAssertEqual(report.outOfOrder, 0, report.problems.joined(separator: "\n"))
        XCTAssertEqual(report.differingDuplicates, 0, report.problems.joined(separator: "\n"))
    }

    // MARK: Driving the process

    func launch(binary: URL, config: URL) async throws {
        station = try TestProcess(
            binary, arguments: ["run", "--config", config.path, "--control", "127.0.0.1:\(controlPort)", "--data-dir", folder.appendingPathComponent("data").path],
            output: .discarded, errors: .appended(to: folder.appendingPathComponent("station.err"))
        )
        let ready = await poll { (try? await self.stationState())?["registration"] == .string("Accepted") }
        guard ready else {
            let log = (try? String(contentsOf: folder.appendingPathComponent("station.err"), encoding: .utf8)) ?? ""
            throw CSMSFailure("the station did not register after a restart; its last log lines:\n" + log.split(separator: "\n").suffix(12).joined(separator: "\n"))
        }
    }

    func stationState() async throws -> JSONValue {
        try await control("GET", "/api/station", nil)
    }

    @discardableResult
    func control(_ method: String, _ path: String, _ body: String?) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(controlPort)\(path)")!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        request.timeoutInterval = 5
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONParser.parse(Array(data))
    }

    func poll(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<1200 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

/// What the CSMS received, checked for loss, order and duplicates.
struct KillReport {
    var sessions = 0
    var duplicates = 0
    var differingDuplicates = 0
    var lost = 0
    var outOfOrder = 0
    var meterValues = 0
    var problems: [String] = []

    var summary: String {
        "\(sessions) transactions, \(meterValues) MeterValues, \(lost) lost, \(outOfOrder) out of order, \(duplicates) identical duplicates, \(differingDuplicates) differing duplicates"
    }

    init(records: [JSONValue]) {
        // The CALLs received and the CSMS's answers, by message id.
        var calls: [(id: String, action: String, payload: JSONValue)] = []
        var answers: [String: JSONValue] = [:]
        for record in records {
            guard case .string(let text)? = record["frame"], case .array(let frame)? = try? JSONParser.parse(text), frame.count >= 3,
                  case .string(let id) = frame[1] else { continue }
            if record["direction"] == .string("received"), frame.count == 4, case .string(let action) = frame[2] {
                calls.append((id, action, frame[3]))
            } else if record["direction"] == .string("sent"), frame[0] == .integer(3) {
                answers[id] = frame[2]
            }
        }
        // A session is one StartTransaction payload; copies of it are duplicates.
        var sessionOfStart: [JSONValue] = []
        var idsOfSession: [[Int]] = []
        var sessionOfTransactionId: [Int: Int] = [:]
        var stopped: [Int: JSONValue] = [:]
        var stopIndex: [Int: Int] = [:]
        for (index, call) in calls.enumerated() {
            switch call.action {
            case "StartTransaction":
                let session: Int
                if let known = sessionOfStart.firstIndex(of: call.payload) {
                    session = known
                    duplicates += 1
                } else {
                    sessionOfStart.append(call.payload)
                    idsOfSession.append([])
                    session = sessionOfStart.count - 1
                }
                if case .number(let literal)? = answers[call.id]?["transactionId"], let id = Int(literal) {
                    idsOfSession[session].append(id)
                    sessionOfTransactionId[id] = session
                }
            case "StopTransaction", "MeterValues":
                guard case .number(let literal)? = call.payload["transactionId"], let id = Int(literal) else { continue }
                guard let session = sessionOfTransactionId[id] else {
                    outOfOrder += 1
                    problems.append("\(call.action) for transaction \(id) before (or without) its StartTransaction")
                    continue
                }
                if call.action == "MeterValues" {
                    meterValues += 1
                    if stopIndex[session] != nil {
                        outOfOrder += 1
                        problems.append("MeterValues of transaction \(id) after its StopTransaction")
                    }
                } else if let earlier = stopped[session] {
                    if earlier == call.payload { duplicates += 1 } else {
                        differingDuplicates += 1
                        problems.append("two different StopTransactions for transaction \(id)")
                    }
                } else {
                    stopped[session] = call.payload
                    stopIndex[session] = index
                }
            default:
                break
            }
        }
        sessions = sessionOfStart.count
        for session in 0..<sessions where stopped[session] == nil {
            lost += 1
            problems.append("transaction \(idsOfSession[session]) started but its StopTransaction never arrived")
        }
    }
}
