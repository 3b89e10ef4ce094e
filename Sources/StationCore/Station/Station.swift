// The Station actor: owns the connector state machines, the configuration and the session logic,
// and performs their actions through its ports (hardware, store, central-system link, clock).
// Every input (hardware event, CSMS request, link event, timer) is processed one at a time from
// one queue; network waits happen in tasks that report back as inputs, so none blocks the station.

import ChargingCore
public import OCPP
public import StationHAL

/// Why `Station.run()` returned.
public enum StationExit: Sendable, Equatable {
    /// The central system asked for a reset: build the station again from its store and run it.
    case reset(Reset.ResetType)
    /// The task running the station was cancelled (shutdown).
    case shutdown
}

/// A failure that stops the station from starting (bad configuration defaults, unreadable store).
public struct StationStartError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One charging station. Create it, hand its `handle(_:)` to the link as request handler and its
/// `linkEvent(_:)` as event sink, forward the hardware's events to `hardwareEvent(_:)`, then call
/// `run()`. The hardware's event stream outlives a station (a reset builds a new one on the same
/// hardware), so its one reader is the owner that wires them, not the station. Safe to use from
/// any isolation.
public actor Station<C: StationClock>: CentralSystemRequestHandler {
    enum Input: Sendable {
        case hardware(HardwareEvent)
        case link(LinkEvent)
        case request(Call, CheckedContinuation<Result<JSONValue, CallError>, Never>)
        case bootAnswered(Result<BootNotification.Response, LinkError>)
        case authorizeAnswered(IdToken, AuthorizePurpose, Result<Authorize.Response, LinkError>)
        case callSucceeded
        case statusAcknowledged(connectorId: Int, StatusReport)
        /// A transfer ended (dropped when its job was replaced since).
        case job(JobToken, JobReport)
        /// The timer sleeper `sleeper` woke: the timers due now fire.
        case timersDue(sleeper: Int)
        /// A FirmwareStatusNotification was answered (or could not be sent).
        case firmwareStatusSent
        /// The central system answered SignCertificate.
        case signCertificateAnswered(SignCertificate.Response)
        /// A liveness probe: answered `true` as soon as the input loop takes it.
        case probe(CheckedContinuation<Bool, Never>)
        /// A link security change ended: `held` when a connection with `next` opened.
        case linkSecurityChanged(previous: LinkSecurity, next: LinkSecurity, held: Bool)
    }

    /// Why an Authorize was sent.
    enum AuthorizePurpose: Sendable {
        /// A card at the reader, optionally for a chosen connector.
        case card(connectorId: Int?)
        /// RemoteStartTransaction with AuthorizeRemoteTxRequests.
        case remoteStart(connectorId: Int)
    }

    /// Settings, hardware, store, link, clock, file services and log.
    let ports: StationPorts<C>

    var configuration: Configuration
    /// The charger: its connectors' machines, the station's availability and station-wide faults.
    var charger: Charger
    /// The local authorization list (persisted whole on every change).
    var localList: LocalAuthList
    /// The Reservation profile (its reservations are persisted whole on every change).
    var reservations: ReservationService
    /// Smart Charging: the installed profiles (persisted whole on every change) and the limits.
    var smartCharging: SmartChargingService
    /// Firmware Management, firmware side (its update is persisted on every step).
    var firmware: FirmwareService
    /// Firmware Management, diagnostics side.
    var diagnostics = DiagnosticsService()
    /// GetLog's uploads (Security extension).
    var logUpload = LogUploadService()
    /// Registration with the central system: BootNotification, heartbeat, its clock, the link's state.
    var registration = RegistrationService()
    /// What the central system was told of the statuses, and what waits.
    var statuses = StatusReporter()
    /// Timers and transfers running in the background.
    var jobs = StationJobs<JobKind, C.Instant>()
    /// Meter readings, the clock-aligned schedule and each transaction's StopTransaction data.
    var metering = MeteringService()
    /// A reboot owed to a Reset or a firmware installation, and the decision to leave for it.
    var reboot = RebootPlan()
    /// The root certificates installed by the central system (persisted whole on every change).
    var certificates: InstalledCertificates

    /// Every input, processed one at a time by `run()`.
    let inputs = StationQueue<Input>()
    /// The station's own CALLs that are not transaction messages, sent in order.
    var outbox = Outbox()

    /// Builds a station from its settings and the state in `store`. Throws when the
    /// configuration defaults are invalid or the store cannot be read.
    public init(
        settings: StationSettings, hardware: any StationHardware, store: any StationStore, link: any CentralSystemLink, clock: C,
        files: FileServices? = nil, secrets: any SecretFiles = InMemorySecretFiles(), log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(StationStartError) {
        ports = StationPorts(settings: settings, hardware: hardware, store: store, link: link, clock: clock, files: files, secrets: secrets, log: log)
        do {
            let profiles = Self.supportedProfiles.filter { $0 != .firmwareManagement || files != nil }.map(\.rawValue).joined(separator: ",")
            let connectorCount = hardware.connectors.count
            let defaults = { () throws(ConfigurationDefaultError) -> Configuration in
                var configuration = try Configuration(defaults: settings.configurationDefaults, supportedMeasurands: settings.supportedMeasurands)
                configuration.setInternal(.numberOfConnectors, String(connectorCount))
                configuration.setInternal(.supportedFeatureProfiles, profiles)
                return configuration
            }
            var configuration = try settings.sharedDefaults?.configuration(connectorCount: connectorCount, profiles: profiles, defaults) ?? defaults()
            configuration.overlay(try store.changedConfiguration())
            self.configuration = configuration
            localList = try store.document(.localAuthList).map { try LocalAuthList(json: $0) } ?? LocalAuthList()
            smartCharging = try SmartChargingService(stored: store.document(.chargingProfiles))
            firmware = try FirmwareService(stored: store.document(.firmwareUpdate))
            reservations = try ReservationService(stored: store.document(.reservations))
            certificates = try InstalledCertificates(stored: store.document(.installedCertificates))
            charger = Charger(connectorCount: hardware.connectors.count, availability: try store.availability())
        } catch let error as ConfigurationDefaultError {
            throw StationStartError(error.description)
        } catch {
            throw StationStartError("cannot read the station's store: \(error)")
        }
    }

    /// The feature profiles this station implements completely (SupportedFeatureProfiles). The
    /// Security extension is not among them: OCPP 1.6 defines the key's values as its six
    /// profiles and the whitepaper adds no name; its keys show it.
    static var supportedProfiles: [FeatureProfile] { [.core, .firmwareManagement, .localAuthListManagement, .reservation, .smartCharging, .remoteTrigger] }

    /// Runs the station until a reset is requested or the task is cancelled: recovers
    /// transactions cut by a power loss, boots, and processes inputs one at a time.
    public func run() async -> StationExit {
        // Every boot (a process start or an in-process reboot) is a startup of the device.
        raiseSecurityEvent(.startupOfTheDevice, techInfo: "firmware \(settings.identity.firmwareVersion?.value ?? "unknown")")
        resumeSecurityChange()
        await recoverFromPowerLoss()
        restoreReservations()
        if let files { firmware.installedVersion = await files.installer.installedVersion() }
        perform(firmware.resumed())
        for index in connectors.indices where await hardware.connectors[index].isPlugged() {
            _ = connectors[index].handle(.plugged)
        }
        openOutbox()
        link.setTransactionMessageDelivery(enabled: false)
        applyRetryPolicy()
        // BootNotification goes out when the link reports `.connected` (at once if it is up).
        scheduleAlignedSampling()
        await withTaskCancellationHandler {
            for await input in inputs.stream {
                if case .probe(let continuation) = input {
                    continuation.resume(returning: true)
                    continue
                }
                await process(input)
                publishStatuses()
                await applyChargingLimits()
                installFirmwareIfReady()
                rebootIfReady()
                if reboot.exit != nil { break }
            }
        } onCancel: { [inputs] in
            inputs.continuation.finish()
        }
        // A request that arrived after the last input was taken gets an answer, not silence.
        inputs.continuation.finish()
        for await input in inputs.stream {
            if case .request(let call, let continuation) = input {
                continuation.resume(returning: .failure(CallError(id: call.id, code: .internalError, description: "station is restarting")))
            } else if case .probe(let continuation) = input {
                continuation.resume(returning: false)
            }
        }
        closeOutbox()
        jobs.cancelAll()
        link.setTransactionMessageDelivery(enabled: false)
        return reboot.exit ?? .shutdown
    }

    /// Reports a hardware event (forwarded by the owner from `StationHardware.events`).
    public nonisolated func hardwareEvent(_ event: HardwareEvent) {
        inputs.continuation.yield(.hardware(event))
    }

    /// Reports a link event (called by the link).
    public nonisolated func linkEvent(_ event: LinkEvent) {
        inputs.continuation.yield(.link(event))
    }

    /// Answers a request of the central system (called by the link for every incoming CALL).
    public nonisolated func handle(_ call: Call) async -> Result<JSONValue, CallError> {
        await withCheckedContinuation { continuation in
            if case .terminated = inputs.continuation.yield(.request(call, continuation)) {
                continuation.resume(returning: .failure(CallError(id: call.id, code: .internalError, description: "station is restarting")))
            }
        }
    }

    /// Whether the input loop is taking inputs: `true` once the loop took this probe (in its turn,
    /// after the inputs before it), `false` when the loop has ended. Does not return while the loop
    /// is stuck, which is what a service watchdog needs to see.
    public nonisolated func inputLoopAlive() async -> Bool {
        await withCheckedContinuation { continuation in
            if case .terminated = inputs.continuation.yield(.probe(continuation)) {
                continuation.resume(returning: false)
            }
        }
    }

    func process(_ input: Input) async {
        switch input {
        case .hardware(let event): await handleHardware(event)
        case .link(let event): await handleLink(event)
        case .request(let call, let continuation):
            let answer = await answer(call)
            continuation.resume(returning: answer.result)
            await followUp(answer.followUp)
        case .bootAnswered(let result): handleBootAnswer(result)
        case .authorizeAnswered(let idTag, let purpose, let result): await handleAuthorizeAnswer(idTag, purpose, result)
        case .callSucceeded: scheduleHeartbeat()
        case .statusAcknowledged(let connectorId, let report): statuses.acknowledged(connectorId: connectorId, report)
        case .job(let token, .firmware(let event)):
            guard jobs.finish(token) else { return }
            handleFirmware(event)
        case .timersDue(let sleeper): await fireDueTimers(sleeper: sleeper)
        case .firmwareStatusSent: firmware.notificationSent()
        case .signCertificateAnswered(let response): signCertificateAnswered(response)
        case .linkSecurityChanged(let previous, let next, let held): linkSecurityChanged(previous: previous, next: next, held: held)
        case .probe(let continuation): continuation.resume(returning: true)
        }
    }

    /// Hands TransactionMessageAttempts and TransactionMessageRetryInterval to the link.
    func applyRetryPolicy() {
        link.setRetryPolicy(attempts: configuration.int(.transactionMessageAttempts), interval: .seconds(configuration.int(.transactionMessageRetryInterval)))
    }

    /// The connectors' state machines (the charger's).
    var connectors: [ConnectorStateMachine] {
        get { charger.connectors }
        set { charger.connectors = newValue }
    }

    // MARK: Time

    /// The station's wall time (the central system's clock once BootNotification was accepted).
    var now: Timestamp {
        Timestamp(millisecondsSince1970: Timestamp(clock.wallTime).millisecondsSince1970 + registration.clockOffsetMilliseconds)
    }

    // MARK: Observation

    /// The station as the control API and tests see it, with each connector's meter read now.
    public var snapshot: StationSnapshot {
        get async {
            let queued = (try? store.queuedMessageCount()) ?? 0
            var connectors: [StationSnapshot.Connector] = []
            for machine in self.connectors {
                let reading = (try? await hardware.connectors[machine.connectorId - 1].readMeter()) ?? metering.lastReadings[machine.connectorId]
                let report = effectiveStatus(of: machine.connectorId)
                connectors.append(StationSnapshot.Connector(
                    id: machine.connectorId, status: report.status, errorCode: report.errorCode, transactionId: machine.transaction?.transactionId,
                    transactionRunning: machine.transaction != nil, meterWh: reading?.energyActiveImportWh ?? 0, powerW: reading?.powerActiveImportW ?? 0,
                    idTag: machine.transaction?.authorization.idToken.value
                ))
            }
            return StationSnapshot(registration: registration.status, connected: registration.connected, connectors: connectors, queuedMessages: queued)
        }
    }

    /// The station's configuration (read-only view, for tests and the control API).
    public var currentConfiguration: Configuration { configuration }
}
