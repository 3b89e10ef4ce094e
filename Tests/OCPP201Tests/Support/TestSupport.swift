// Helpers for the OCPP 2.0.1 tests: the schema folder, existential equality, running the schema
// validator (through StationTesting's TestProcess).

import Foundation
import protocol OCPP.OCPPPayload
import enum OCPP.JSONValue
import enum OCPP.JSONWriter
import StationTesting

enum TestSupport {
    /// The repository root (the folder holding Package.swift).
    static var packageRoot: URL { PythonScript.packageRoot }

    /// The Python interpreter of the environment scripts/bootstrap makes.
    static var python: URL { packageRoot.appendingPathComponent(".venv/bin/python") }

    /// The folder of the official OCPP 2.0.1 schemas (a copy in the test fixtures).
    static var schemaFolder: URL { packageRoot.appendingPathComponent("Tests/Fixtures/ocpp201-schemas") }

    /// Whether two payloads are of the same type and equal.
    static func same(_ a: any OCPPPayload, _ b: any OCPPPayload) -> Bool {
        func compare<T: OCPPPayload>(_ a: T) -> Bool {
            guard let b = b as? T else { return false }
            return a == b
        }
        return compare(a)
    }

    /// The validation result of one payload.
    struct Verdict: Decodable {
        let schema: String
        let ok: Bool
        let errors: [String]
    }

    /// Validates each (schema name, payload) pair with Python `jsonschema` against the official
    /// OCPP 2.0.1 schemas. Throws when the validator cannot run (run scripts/bootstrap first).
    static func validate(_ items: [(schema: String, payload: JSONValue)]) throws -> [Verdict] {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw ValidatorUnavailable(reason: "\(python.path) is missing: run scripts/bootstrap")
        }
        let text = items.map { JSONWriter.string(.object([("schema", .string($0.schema)), ("payload", $0.payload)])) }.joined(separator: "\n") + "\n"
        let script = packageRoot.appendingPathComponent("Tests/Fixtures/validate_payloads.py").path
        // The launcher reads the output while the input is written, so a full pipe cannot block.
        let validator = try TestProcess.run(python, arguments: [script, "ocpp201-schemas"], input: text, timeout: .seconds(300))
        guard validator.succeeded else {
            throw ValidatorUnavailable(reason: "validator \(validator.termination)")
        }
        return try validator.lines.filter { !$0.isEmpty }.map {
            try JSONDecoder().decode(Verdict.self, from: Data($0.utf8))
        }
    }

    struct ValidatorUnavailable: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}
