// `station fleet`: N simulated stations in one process (or this process's shard of them), with
// the fleet's control API, until SIGINT/SIGTERM.

import ArgumentParser
import FoundationEssentials
import Logging
import ServiceLifecycle
import StationRuntime

struct Fleet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a fleet of simulated stations in one process until SIGINT or SIGTERM.")

    @Option(help: "A fleet file (with templates) or a station file such as configs/simulated.yaml.") var config = "configs/fleet.yaml"
    @Option(help: "How many stations the fleet has (all shards together).") var count: Int
    @Option(help: "The first station's number.") var first = 1
    @Option(name: .customLong("id-template"), help: "Charge point ids, e.g. SIM-{n:05} (default: the file's, or <chargePointId>-{n}).")
    var idTemplate: String?
    @Option(help: "The CSMS URL, overriding every station file's csms.url (the identity is appended).") var csms: String?
    @Option(help: "HOST:PORT of the control API (off loopback it needs a token in $STATION_CONTROL_TOKEN).") var control = "127.0.0.1:8180"
    @Option(name: .customLong("data-dir"), help: "Where the fleet keeps its state (fleet.sqlite).") var dataDir = "data/fleet"
    @Option(help: "Run the I-th (0-based) of M disjoint slices of the id range, as I/M.") var shard: String?
    @Flag(inversion: .prefixedNo, help: "Start with the automatic sessions on (or off), overriding fleet.sessions.enabled.") var sessions: Bool?
    @Option(help: "The seed of the automatic sessions, overriding fleet.sessions.seed.") var seed: UInt64?
    @Option(name: .customLong("ocpp-version"), help: "1.6 or 2.0.1, overriding every station file's csms.ocppVersion.") var ocppVersion: String?
    @Flag(help: "Print every station's log lines.") var verbose = false

    func run() async throws {
        let fleet: StationFleet
        let address: (host: String, port: Int)
        let access: ControlAccess
        let verbose = verbose
        do {
            address = try StationConfiguration.hostAndPort(control, key: "--control", configuration: nil)
            // Off loopback every route but /metrics needs the token, as for `station run`.
            let token = ProcessInfo.processInfo.environment["STATION_CONTROL_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            guard token != nil || ControlAccess.isLoopback(address.host) else {
                StandardError.write("station: the control API listens on \(address.host), not on loopback: set STATION_CONTROL_TOKEN\n")
                throw ExitCode(2)
            }
            access = try ControlAccess(host: address.host, token: token, configurationPath: config)
            let configuration = try FleetConfiguration.load(path: config)
            var options = FleetOptions(
                count: count, first: first, idTemplate: idTemplate, csmsURL: csms, dataDirectory: dataDir,
                shard: try shard.map { text throws(FleetError) in try Shard(parsing: text) } ?? .whole, sessions: sessions, seed: seed
            )
            options.ocppVersion = ocppVersion
            fleet = try StationFleet(configuration: configuration, options: options, log: { line in if verbose { StandardError.log(line) } })
        } catch let exit as ExitCode {
            throw exit
        } catch {
            StandardError.write("station: \(error)\n")
            throw ExitCode(2)
        }
        var logger = Logger(label: "station")
        logger.logLevel = .warning
        let server = ControlServer.application(fleet: fleet, host: address.host, port: address.port, logger: logger, access: access)
        let ids = fleet.stations.isEmpty ? "none" : "\(fleet.stations[0].chargePointId) ... \(fleet.stations[fleet.stations.count - 1].chargePointId)"
        StandardError.log("fleet of \(fleet.stations.count) stations (\(ids)); control API on http://\(address.host):\(address.port); dashboard on http://\(address.host):\(address.port)/")
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: fleet), .init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        do {
            try await group.run()
        } catch {
            StandardError.write("station: \(error)\n")
            throw ExitCode(1)
        }
        StandardError.log("stopped")
    }
}
