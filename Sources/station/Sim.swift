// `station sim ...`: drive a running simulated station through its control API.

import ArgumentParser
import OCPP

struct Sim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drive a running simulated station through its control API.",
        subcommands: [Swipe.self, Plug.self, Unplug.self, EV.self, Fault.self, Network.self, Status.self]
    )

    struct Target: ParsableArguments {
        @Option(help: "HOST:PORT of the station's control API.") var control = "127.0.0.1:8180"
        @Option(help: "The charge point id of one station of a fleet (`station fleet`).") var station: String?

        /// `path` of the single-station API, under /api/stations/{id} when a fleet's station is named.
        func path(_ path: String) -> String {
            guard let station else { return path }
            let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@".utf8)
            let encoded = station.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : "%" + String($0, radix: 16, uppercase: true).leftPadded }.joined()
            return path == "/api/station" ? "/api/stations/\(encoded)" : "/api/stations/\(encoded)" + path.dropFirst("/api".count)
        }
    }

    struct Swipe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Present a card at the reader.")
        @OptionGroup var target: Target
        @Argument(help: "The card's idTag.") var tag: String
        @Option(help: "The connector the user chose.") var connector: Int?
        func run() async throws {
            var body: [(key: String, value: JSONValue)] = [("idTag", .string(tag))]
            if let connector { body.append(("connectorId", .integer(connector))) }
            try await ControlClient(target.control).request("POST", target.path("/api/rfid"), .object(body))
        }
    }

    struct Plug: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Connect the EV at a connector.")
        @OptionGroup var target: Target
        @Argument var connector: Int
        func run() async throws { try await ControlClient(target.control).request("POST", target.path("/api/connectors/\(connector)/plug"), .object([])) }
    }

    struct Unplug: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disconnect the EV at a connector.")
        @OptionGroup var target: Target
        @Argument var connector: Int
        func run() async throws { try await ControlClient(target.control).request("POST", target.path("/api/connectors/\(connector)/unplug"), .object([])) }
    }

    struct EV: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ev", abstract: "Change the EV's behaviour.")
        @OptionGroup var target: Target
        @Argument var connector: Int
        @Flag var suspend = false
        @Flag var resume = false
        @Option(help: "State of charge in percent.") var soc: Double?
        func run() async throws {
            var body: [(key: String, value: JSONValue)] = []
            if suspend || resume { body.append(("suspended", .bool(suspend))) }
            if let soc { body.append(("socPercent", .double(soc))) }
            guard !body.isEmpty else { throw ValidationError("give --suspend, --resume or --soc P") }
            try await ControlClient(target.control).request("POST", target.path("/api/connectors/\(connector)/ev"), .object(body))
        }
    }

    struct Fault: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Raise (or --clear) a hardware fault; connector 0 is the station.")
        @OptionGroup var target: Target
        @Argument var connector: Int
        @Argument(help: "An error code such as GroundFailure or EmergencyStop.") var code: String?
        @Flag var clear = false
        func run() async throws {
            let body: JSONValue = code.map { .object([("errorCode", .string($0))]) } ?? .object([])
            if clear {
                try await ControlClient(target.control).request("DELETE", target.path("/api/connectors/\(connector)/fault"), body)
            } else {
                guard code != nil else { throw ValidationError("give an error code, or --clear") }
                try await ControlClient(target.control).request("POST", target.path("/api/connectors/\(connector)/fault"), body)
            }
        }
    }

    struct Network: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cut or restore the link to the central system.")
        @OptionGroup var target: Target
        @Flag var offline = false
        @Flag var online = false
        func run() async throws {
            guard offline != online else { throw ValidationError("give --offline or --online") }
            try await ControlClient(target.control).request("POST", target.path("/api/network"), .object([("online", .bool(online))]))
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show connectors, transactions, meters, queue and registration.")
        @OptionGroup var target: Target
        func run() async throws {
            let station = try await ControlClient(target.control).request("GET", target.path("/api/station"), nil, quiet: true)
            print(StatusTable.render(station))
        }
    }
}

/// The status table of `station sim status`: one row per connector, or for a 2.0.1 station per
/// EVSE with its status, chargingState, transactionId, seqNo and idToken. Columns are as wide as
/// their longest entry (a 2.0.1 transactionId has 36 characters).
enum StatusTable {
    static func render(_ station: JSONValue) -> String {
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let text)?: text
            case .number(let literal)?: literal
            case .bool(let flag)?: flag ? "yes" : "no"
            default: "-"
            }
        }
        let v201 = station["ocppVersion"] == .string("2.0.1")
        let columns: [(title: String, key: String)] = v201
            ? [("evse", "id"), ("status", "status"), ("charging", "chargingState"), ("transaction", "transactionId"), ("seqNo", "seqNo"),
               ("idToken", "idToken"), ("meter Wh", "meterWh"), ("power W", "powerW")]
            : [("connector", "id"), ("status", "status"), ("error", "errorCode"), ("transaction", "transactionId"), ("meter Wh", "meterWh"), ("power W", "powerW")]
        var rows = [columns.map(\.title)]
        if case .array(let connectors)? = station["connectors"] {
            rows += connectors.map { connector in columns.map { text(connector[$0.key]) } }
        }
        let widths = columns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count + 2) }.joined().trimmingTrailingSpaces
        }
        let version = v201 ? "  OCPP 2.0.1" : ""
        let header = "station \(text(station["chargePointId"]))\(version)  registration \(text(station["registration"]))  connected \(text(station["connected"]))  queued messages \(text(station["queuedMessages"]))"
        return ([header] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    /// The string without the spaces at its end.
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

extension String {
    /// Two hex digits: a leading zero added to one.
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
