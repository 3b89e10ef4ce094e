// `station run`: one station until SIGINT/SIGTERM, with its control API, and READY/WATCHDOG
// notifications when systemd started it as a `Type=notify` service.

import ArgumentParser
import FoundationEssentials
import Logging
import ServiceLifecycle
import StationHAL
import StationRuntime

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a station until SIGINT or SIGTERM.")

    @Option(help: "The station configuration file.") var config = "configs/simulated.yaml"
    @Option(help: "The CSMS URL, overriding the file's csms.url (the identity is appended).") var csms: String?
    @Option(help: "The charge point identity, overriding station.chargePointId.") var id: String?
    @Option(help: "HOST:PORT of the control API (default: control.listen, else 127.0.0.1:8180).") var control: String?
    @Option(name: .customLong("data-dir"), help: "Where the station keeps its state (station.sqlite); default $STATE_DIRECTORY when set, else data.")
    var dataDir: String?
    @Option(name: .customLong("ocpp-version"), help: "1.6 or 2.0.1, overriding the file's csms.ocppVersion.") var ocppVersion: String?
    @Option(name: .customLong("ocpp-log"), help: "Append every OCPP frame sent and received to this file as JSON lines.") var ocppLog: String?

    func run() async throws {
        let configuration: StationConfiguration
        let runner: StationRunner
        let address: (host: String, port: Int)
        let access: ControlAccess
        let environment = ProcessInfo.processInfo.environment
        let dataDir = dataDir ?? RunOptions.defaultDataDirectory(environment: environment)
        do {
            configuration = try StationConfiguration.load(path: config)
            runner = try StationRunner(
                configuration: configuration,
                options: RunOptions(csmsURL: csms, chargePointId: id, control: control, dataDirectory: dataDir, ocppLog: ocppLog, ocppVersion: ocppVersion),
                log: StandardError.log
            )
            address = try StationConfiguration.hostAndPort(control ?? configuration.control?.listen ?? "127.0.0.1:8180", key: "control.listen", configuration: configuration)
            access = try ControlAccess(host: address.host, token: configuration.control?.token, configurationPath: configuration.path)
        } catch {
            StandardError.write("station: \(error)\n")
            throw ExitCode(2)
        }
        var logger = Logger(label: "station")
        logger.logLevel = .warning
        let server = ControlServer.application(runner: runner, host: address.host, port: address.port, logger: logger, access: access)
        StandardError.log("control API on http://\(address.host):\(address.port); dashboard on http://\(address.host):\(address.port)/")
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: runner), .init(service: server)]
        if let notifier = SystemdNotifier(environment: environment) {
            let notifications = ServiceManagerNotifications(
                notifier: notifier, clock: SystemClock(), alive: { await runner.inputLoopAlive() }, log: StandardError.log
            )
            services.append(.init(service: notifications))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            StandardError.write("station: \(error)\n")
            throw ExitCode(1)
        }
        StandardError.log("stopped")
    }
}
