// Runs the python `ocpp` central system of Tests/Fixtures/csms as a real peer for link tests,
// and reads back the frames and events it printed.

import Foundation
import OCPP
import StationTesting

/// A central system process built on the python `ocpp` package.
final class PythonCSMS: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let lines = Locked<[String]>([])
    private let input = Pipe()

    static var root: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { url.deleteLastPathComponent() }
        return url
    }

    /// Starts the CSMS with `arguments` and waits (bounded) until it listens.
    init(_ arguments: [String] = []) throws {
        let python = Self.root.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw CSMSFailure("\(python.path) missing: run scripts/bootstrap")
        }
        process.executableURL = python
        process.arguments = [Self.root.appendingPathComponent("Tests/Fixtures/csms/ocpp_csms.py").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        let lines = self.lines
        let handle = output.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    lines.withLock { $0.append(line) }
                }
            }
        }
        let deadline = Date().addingTimeInterval(30)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            found = lines.withLock { $0.first { $0.hasPrefix("LISTENING ") } }.flatMap { Int($0.dropFirst(10)) }
            if found == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        guard let found else {
            process.terminate()
            throw CSMSFailure("the python CSMS did not start")
        }
        port = found
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            try? input.fileHandleForWriting.close()
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The records printed so far (frames and events), parsed.
    var records: [JSONValue] {
        lines.withLock { $0 }.filter { $0.hasPrefix("{") }.compactMap { try? JSONParser.parse($0) }
    }

    /// The actions of the CALLs the CSMS received, in order.
    var receivedActions: [String] {
        records.compactMap { record -> String? in
            guard record["direction"] == .string("in"), case .string(let frame)? = record["frame"],
                  case .array(let parts)? = try? JSONParser.parse(frame), parts.count == 4, case .string(let action) = parts[2] else { return nil }
            return action
        }
    }

    /// The events printed (connected, refused, disconnected).
    func events(_ name: String) -> [JSONValue] { records.filter { $0["event"] == .string(name) } }

    /// Waits (bounded, real time) until `condition` holds.
    func waitFor(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }
}

struct CSMSFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
