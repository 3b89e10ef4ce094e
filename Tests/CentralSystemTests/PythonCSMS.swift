// Runs the project's central system (scripts/dev_csms.py, on the python `ocpp` package) as a real
// peer for link tests, and reads back the frames and events it printed as JSON lines.

import Foundation
import OCPP
import StationTesting

/// The project's central system (built on the python `ocpp` package) as a process: any port,
/// no command channel, every unknown tag Accepted, JSON log lines (see `dev-csms --help`).
final class PythonCSMS: Sendable {
    private let fixture: PythonFixture

    /// The package's root (the directory holding Package.swift).
    static var root: URL { PythonFixture.packageRoot }

    /// Starts the CSMS with `arguments` added to `serve` (for example `--password`, `--cert`,
    /// `--port`) and waits (bounded) until it listens.
    init(_ arguments: [String] = []) throws {
        let serve = ["serve", "--port", "0", "--no-command", "--unknown-tags", "Accepted", "--log", "json", "--exit-with-stdin"]
        fixture = try PythonFixture(script: "scripts/dev_csms.py", arguments: serve + arguments, portLinePrefix: "LISTENING ", timeout: .seconds(30))
    }

    /// The CSMS process.
    var process: TestProcess { fixture.process }
    /// The port it listens on.
    var port: Int { fixture.port }

    /// Stops the CSMS and waits for it to end.
    func stop() { fixture.stop() }

    /// The records printed so far (frames and events), parsed.
    var records: [JSONValue] {
        fixture.lines.filter { $0.hasPrefix("{") }.compactMap { try? JSONParser.parse($0) }
    }

    /// The actions of the CALLs the CSMS received, in order.
    var receivedActions: [String] {
        records.compactMap { record -> String? in
            guard record["direction"] == .string("received"), case .string(let frame)? = record["frame"],
                  case .array(let parts)? = try? JSONParser.parse(frame), parts.count == 4, case .string(let action) = parts[2] else { return nil }
            return action
        }
    }

    /// The events printed (connected, refused, disconnected).
    func events(_ name: String) -> [JSONValue] { records.filter { $0["event"] == .string(name) } }

    /// Waits (at most 20 s of real time) until `condition`, on what the CSMS printed, holds; it
    /// is checked again each time the CSMS prints a line.
    func waitFor(_ condition: () -> Bool) -> Bool {
        fixture.waitUntil(timeout: .seconds(20), condition)
    }
}

struct CSMSFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
