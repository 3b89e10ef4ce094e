// The pymodbus meter server of Tests/Fixtures/hardware/modbus_meter_server.py, run (through
// StationTesting's launcher) as a real Modbus-RTU peer on the peer end of a socat pair. Started
// and stopped by the test.

import StationTesting
import XCTest

/// A running pymodbus server serving the fixture meters.
final class ModbusPeer {
    private let process: TestProcess

    /// Starts the server on `port` and waits (at most 15 s) until it prints `ready`.
    /// - Throws: `XCTSkip` when the project's Python environment is missing.
    init(port: String) throws {
        guard (try? PythonScript.python()) != nil else { throw XCTSkip("no .venv with pymodbus (scripts/bootstrap creates it)") }
        process = try PythonScript.start("Tests/Fixtures/hardware/modbus_meter_server.py", arguments: ["--port", port], quiet: true)
        guard process.waitForLine(startingWith: "ready", timeout: .seconds(15)) != nil else {
            throw WaitTimeout(what: process.termination == nil ? "pymodbus server ready" : "pymodbus server exited at start")
        }
    }

    deinit {
        stop()
    }

    /// Sends a command line (see the fixture) and waits (at most 5 s) for its acknowledgement,
    /// a line `ok <command> ...`.
    func command(_ line: String) throws {
        let name = line.split(separator: " ").first.map(String.init) ?? line
        let acknowledgements = { self.process.lines.count { $0.hasPrefix("ok \(name)") } }
        let before = acknowledgements()
        try process.write(line + "\n")
        guard process.waitUntil(timeout: .seconds(5), { acknowledgements() > before }) else {
            throw WaitTimeout(what: "server acknowledged \(line)")
        }
    }

    /// Stops the server at once (SIGKILL: the meter goes silent).
    func stop() {
        process.kill()
    }
}
