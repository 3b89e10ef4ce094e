// Wires one station from its configuration: the hardware (simulated or real, per device), the
// SQLite store in the data directory, the WebSocket link (behind a switch for simulated network
// cuts), the traffic log and the Station itself, rebuilt in-process after each Reset (over a new
// WebSocket connection). Runs as a service until graceful shutdown.

import CentralSystem
import FoundationEssentials
import OCPP
public import ServiceLifecycle
public import StationCore
public import StationHAL
public import StationLinux
import StationFiles
import StationStorage

/// Options of `station run` that override the configuration file.
public struct RunOptions: Sendable {
    public var csmsURL: String?
    public var chargePointId: String?
    public var control: String?
    public var dataDirectory: String
    public var ocppLog: String?
    /// `--ocpp-version`: overrides `csms.ocppVersion`.
    public var ocppVersion: String?

    public init(
        csmsURL: String? = nil, chargePointId: String? = nil, control: String? = nil, dataDirectory: String, ocppLog: String? = nil,
        ocppVersion: String? = nil
    ) {
        self.ocppVersion = ocppVersion
        self.csmsURL = csmsURL
        self.chargePointId = chargePointId
        self.control = control
        self.dataDirectory = dataDirectory
        self.ocppLog = ocppLog
    }
}

/// One running station and what the control API reaches. Safe to use from any isolation.
public final class StationRunner: Service {
    public let configuration: StationConfiguration
    public let chargePointId: String
    /// Where the station connects (with its identity).
    public let endpointURL: String
    public let assembled: AssembledStation
    public let traffic: OCPPTrafficLog
    public let network: SwitchableTransport
    /// The station's Prometheus metrics (GET /metrics).
    public let metrics: StationMetrics
    /// The OCPP frames classified, for the dashboard's live log and the metrics.
    public let frames: FrameFeed
    let client: CentralSystemClient<SystemClock>
    let store: SQLiteStationStore
    let settings: StationSettings
    let clock = SystemClock()
    let log: @Sendable (String) -> Void
    /// The station's log lines, for GetDiagnostics.
    public let stationLog: StationLog
    let files: FileServices
    /// The charge point's private keys and certificate, 0600 files in `<data>/keys`.
    let secrets: DataDirectorySecretFiles
    /// The simulated installer's "the next installation fails" (nil with the command installer).
    let installationFailureSwitch: InstallationFailureSwitch?
    /// Boots the station, reboots it after a Reset or a firmware installation, relays hardware events.
    let supervisor: StationSupervisor<SystemClock>
    /// The OCPP version spoken.
    public let ocppVersion: OCPPVersion
    /// The 2.0.1 station and link, when the version is 2.0.1 (the 1.6 ones then stay idle).
    let ocpp201: OCPP201Runtime?

    /// Builds everything the station needs; throws with a message naming what is wrong.
    /// `metrics` may be shared by several stations (their figures add up). At profiles 2 and 3
    /// the link trusts the installed CentralSystemRootCertificates besides the station file's CA,
    /// and at profile 3 presents the charge point certificate installed with CertificateSigned.
    public init(
        configuration: StationConfiguration, options: RunOptions, metrics: StationMetrics = StationMetrics(),
        log output: @escaping @Sendable (String) -> Void
    ) throws {
        self.configuration = configuration
        self.metrics = metrics
        let clock = self.clock
        let stationLog = StationLog(now: { Timestamp(clock.wallTime) })
        self.stationLog = stationLog
        let log: @Sendable (String) -> Void = { line in
            stationLog.record(line)
            output(line)
        }
        self.log = log
        settings = try configuration.settings()
        try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
        store = try SQLiteStationStore(path: options.dataDirectory + "/station.sqlite")
        // The link settings as the configuration holds them (defaults and the central system's
        // persisted changes, SecurityProfile only ever raised); later changes reconnect at once.
        let link = try Configuration.stored(settings: settings, store: store).linkSecurity
        var endpoint = try configuration.endpoint(url: options.csmsURL, chargePointId: options.chargePointId, pingInterval: .seconds(link.pingIntervalSeconds))
        do {
            endpoint = try endpoint.applying(link)
        } catch {
            log("SecurityProfile \(link.securityProfile) set by the central system does not fit \(endpoint.url) (\(error)); staying at \(endpoint.securityProfile.rawValue)")
        }
        chargePointId = endpoint.chargePointId
        endpointURL = endpoint.connectionURL
        let backends = configuration.hardware.devices?.backends ?? .allSimulated
        assembled = try StationHardwareFactory(clock: clock).build(boardPath: configuration.resolve(configuration.hardware.board), backends: backends)
        traffic = try OCPPTrafficLog(path: options.ocppLog, now: { Timestamp(clock.wallTime) })
        let installationFailureSwitch = configuration.firmware?.installer == "command"
            ? nil : InstallationFailureSwitch(nextInstallationFails: configuration.firmware?.failNextInstallation ?? false)
        self.installationFailureSwitch = installationFailureSwitch
        files = try Self.fileServices(
            configuration: configuration, settings: settings, dataDirectory: options.dataDirectory, stationLog: stationLog, traffic: traffic,
            failureSwitch: installationFailureSwitch
        )
        let secrets = try DataDirectorySecretFiles(directory: options.dataDirectory + "/keys")
        self.secrets = secrets
        let credentials = Self.linkCredentials(store: store, secrets: secrets)
        let version = try configuration.ocppVersion(override: options.ocppVersion)
        ocppVersion = version
        let socket: @Sendable (CentralSystemEndpoint) -> any FrameTransport = { endpoint in
            WebSocketTransport(endpoint: endpoint, subprotocol: version.subprotocol, clock: clock, credentials: credentials, log: { log("link: \($0)") })
        }
        // A 2.0.1 station connects with the network profile slots of each boot (B10).
        let events201 = SecurityEvents201(store: store, capacity: settings.securityLogCapacity, log: log)
        let security201 = Station201SecurityPorts(secrets: secrets, events: events201)
        let profiles201 = version == .v201 ? NetworkProfileTransport(
            base: endpoint, make: socket, connection: security201.connection, events: events201, now: { Timestamp(clock.wallTime) }, log: log
        ) : nil
        network = SwitchableTransport(profiles201 ?? socket(endpoint))
        let (traffic, frames) = (self.traffic, FrameFeed(metrics: metrics, now: { Timestamp(clock.wallTime) }))
        self.frames = frames
        let countedNetwork = ConnectionCountingTransport(network, metrics: metrics)
        let recordFrame: @Sendable (Bool, String) -> Void = { sent, frame in
            traffic.record(sent: sent, frame: frame)
            frames.record(sent: sent, text: frame)
        }
        client = CentralSystemClient(
            transport: countedNetwork, store: store, clock: clock, settings: configuration.clientSettings,
            log: { log("link: \($0)") }, traffic: recordFrame
        )
        var stationSettings = settings
        stationSettings.chargePointId = endpoint.chargePointId
        if let caFile = endpoint.caCertificateFile, let bytes = FileManager.default.contents(atPath: caFile) {
            stationSettings.configuredCentralSystemRoots = String(decoding: bytes, as: UTF8.self)
        }
        let (settings, hardware, store, files) = (stationSettings, assembled.hardware, store, files)
        // The hardware's events have one consumer: the 2.0.1 runtime's relay when it runs.
        ocpp201 = version == .v201 ? OCPP201Runtime(
            transport: countedNetwork, settings: settings, clientSettings: configuration.clientSettings, hardware: hardware, store: store, clock: clock,
            log: log, traffic: recordFrame, files: files, security: security201, networkProfiles: profiles201
        ) : nil
        supervisor = StationSupervisor(hardware: version == .v201 ? nil : hardware, log: log) { link throws(StationStartError) in
            try Station(settings: settings, hardware: hardware, store: store, link: link, clock: clock, files: files, secrets: secrets, log: log)
        }
    }

    /// Firmware Management's services: libcurl transfers, the configured installer (the
    /// simulated one with `failureSwitch`), and diagnostics from the station log and the OCPP
    /// traffic log, in the data directory.
    static func fileServices(
        configuration: StationConfiguration, settings: StationSettings, dataDirectory: String, stationLog: StationLog, traffic: OCPPTrafficLog,
        failureSwitch: InstallationFailureSwitch?
    ) throws -> FileServices {
        let downloads = dataDirectory + "/firmware", archives = dataDirectory + "/diagnostics"
        try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: archives, withIntermediateDirectories: true)
        let installer: any FirmwareInstaller
        if configuration.firmware?.installer == "command", let command = configuration.firmware?.command, let versionFile = configuration.firmware?.versionFile {
            installer = CommandFirmwareInstaller(command: command, version: .file(configuration.resolve(versionFile)))
        } else {
            installer = SimulatedFirmwareInstaller(
                versionFile: dataDirectory + "/firmware-version", initialVersion: settings.identity.firmwareVersion?.value ?? "0.0.0",
                failureSwitch: failureSwitch ?? InstallationFailureSwitch()
            )
        }
        let diagnostics = LogDiagnosticsCollector(directory: archives, chargePointId: configuration.station.chargePointId, sources: [
            DiagnosticsSource(name: "station") { start, stop in stationLog.lines(from: start, to: stop) },
            DiagnosticsSource(name: "ocpp") { start, stop in traffic.lines(from: start, to: stop) },
        ])
        let transfer = CurlFileTransfer(caFile: configuration.firmware?.caCertificate.map(configuration.resolve))
        var services = FileServices(transfer: transfer, installer: installer, diagnostics: diagnostics, downloadDirectory: downloads)
        services.reader = LocalFileReader()
        return services
    }

    /// The station running now (nil between a reset and the next boot).
    public var station: Station<SystemClock>? { supervisor.station }

    /// Whether the running station's input loop takes inputs (false between a reset and the next
    /// boot); does not return while that loop is stuck. For the service watchdog.
    public func inputLoopAlive() async -> Bool {
        if let ocpp201 { return await ocpp201.station?.inputLoopAlive() ?? false }
        return await station?.inputLoopAlive() ?? false
    }

    /// Runs the link and the station (rebuilt after each Reset, by the supervisor) until
    /// graceful shutdown, all on one event loop: the one its WebSocket is opened on.
    public func run() async throws {
        let executor = EventLoopTaskExecutor.next()
        if let ocpp201 {
            let task = StationTask.$executor.withValue(executor) { StationTask.spawn { await ocpp201.run() } }
            log("station \(chargePointId) running (OCPP 2.0.1); central system \(endpointURL)")
            try? await gracefulShutdown()
            log("shutting down: station, link, hardware")
            task.cancel()
            _ = await task.value
            assembled.shutdown()
            return
        }
        let (clientTask, stationTask) = StationTask.$executor.withValue(executor) { [client, supervisor] in
            (StationTask.spawn { await client.run() }, StationTask.spawn { await supervisor.run(on: client) })
        }
        log("station \(chargePointId) running; central system \(endpointURL)")
        await withTaskCancellationHandler {
            try? await gracefulShutdown()
        } onCancel: {}
        log("shutting down: station, link, hardware")
        stationTask.cancel()
        _ = await stationTask.value
        clientTask.cancel()
        _ = await clientTask.value
        supervisor.stopped()
        assembled.shutdown()
        frames.finish()
    }
}
