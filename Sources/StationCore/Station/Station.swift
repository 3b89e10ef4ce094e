// The Station actor: owns the connector state machines, the configuration and the session logic,
// and performs their actions through its ports (hardware, store, central-system link, clock).
// Every input (hardware event, CSMS request, link event, timer) is processed one at a time from
// one queue; network waits happen in tasks that report back as inputs, so none blocks the station.

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
        case answerSent(MessageId)
        case bootAnswered(Result<BootNotification.Response, LinkError>)
        case authorizeAnswered(IdToken, AuthorizePurpose, Result<Authorize.Response, LinkError>)
        case callSucceeded
        case statusAcknowledged(connectorId: Int, StatusReport)
        case timer(TimerKind, generation: Int)
        case firmware(FirmwareEvent)
        /// A FirmwareStatusNotification was answered (or could not be sent).
        case firmwareStatusSent
        /// A liveness probe: answered `true` as soon as the input loop takes it.
        case probe(CheckedContinuation<Bool, Never>)
    }

    /// Why an Authorize was sent.
    enum AuthorizePurpose: Sendable {
        /// A card at the reader, optionally for a chosen connector.
        case card(connectorId: Int?)
        /// RemoteStartTransaction with AuthorizeRemoteTxRequests.
        case remoteStart(connectorId: Int)
    }

    /// A status as reported in StatusNotification.
    struct StatusReport: Equatable, Sendable {
        var status: ChargePointStatus
        var errorCode: ChargePointErrorCode
    }

    let settings: StationSettings
    let hardware: any StationHardware
    let store: any StationStore
    let link: any CentralSystemLink
    let clock: C
    let log: @Sendable (String) -> Void
    /// Transfers, installer and diagnostics for Firmware Management (nil: not supported).
    let files: FileServices?

    var configuration: Configuration
    var connectors: [ConnectorStateMachine]
    /// The local authorization list (persisted whole on every change).
    var localList: LocalAuthList
    /// The reservations in force (persisted whole on every change).
    var reservations: [ReserveNow.Request]
    /// The installed charging profiles (persisted whole on every change).
    var chargingProfiles: ChargingProfileSet
    /// The TxProfile of an accepted RemoteStartTransaction, by connector, with the idTag whose
    /// transaction it is for: installed once that StartTransaction is answered.
    var pendingTxProfiles: [Int: (idTag: IdToken, profile: ChargingProfile)] = [:]
    /// The power limit last put on each connector's power module, W (0 when off).
    var offeredPowerW: [Int: Double] = [:]
    /// When the charging limits change next (the chargingLimit timer is set for it).
    var chargingLimitChangesAt: Timestamp?
    /// The firmware update in progress (persisted on every step).
    var firmwareUpdate: FirmwareUpdate?
    var firmwareDownloadTask: Task<Void, Never>?
    /// Bumped when an update replaces another, so a stale download's report is ignored.
    var firmwareGeneration = 0
    /// FirmwareStatusNotifications handed to the outbox and not sent yet (a reboot after an
    /// installation waits for Installing to go out).
    var firmwareNotificationsInFlight = 0
    /// What a triggered FirmwareStatusNotification reports.
    var firmwareStatus: FirmwareStatusNotification.FirmwareStatus = .idle
    /// The version the installer reports (BootNotification's firmwareVersion), once read.
    var installedFirmwareVersion: String?
    var diagnosticsUpload: DiagnosticsUpload?
    var diagnosticsTask: Task<Void, Never>?
    var diagnosticsGeneration = 0
    /// What a triggered DiagnosticsStatusNotification reports.
    var diagnosticsStatus: DiagnosticsStatusNotification.DiagnosticsStatus = .idle
    var stationAvailability: Availability
    var stationFaults: Set<DeviceFault> = []
    var registration: BootNotification.RegistrationStatus?
    var bootInFlight = false
    var connected = false
    /// Seconds to add to the clock's wall time: the central system's clock, once known.
    var wallClockOffset: Double = 0
    /// Statuses the central system acknowledged, by connector (0 = the station).
    var acknowledged: [Int: StatusReport] = [:]
    /// Statuses sent or waiting for MinimumStatusDuration.
    var notified: [Int: StatusReport] = [:]
    var statusChangedAt: [Int: C.Instant] = [:]
    var timers: [TimerKind: (generation: Int, task: Task<Void, Never>)] = [:]
    var timerGeneration = 0
    /// When each timer was set to fire (the base of the next period of a periodic timer).
    var timerDeadlines: [TimerKind: C.Instant] = [:]
    /// The clock-aligned boundary sampled last, and the next one scheduled.
    var lastAlignedBoundary: Timestamp?
    var nextAlignedBoundary: Timestamp?
    var lastReadings: [Int: MeterReading] = [:]
    /// Meter values collected for each running transaction's StopTransaction.
    var transactionData: [Int64: [MeterValue]] = [:]
    /// Energy register when the central system refused a transaction's idTag, by connector.
    var invalidIdEnergyStart: [Int: Double] = [:]
    var exit: StationExit?
    /// Transactions whose StartTransaction or StopTransaction the central system has not answered
    /// yet, by connector: that connector's status waits, so that the CSMS sees StartTransaction
    /// before Charging and StopTransaction before Finishing.
    var awaitingDelivery: [Int: [Int64]] = [:]
    /// Accepted TriggerMessages whose answer is not sent yet: the triggered message follows it.
    var pendingTriggers: [MessageId: TriggerMessage.Request] = [:]
    /// A reset waiting for the StopTransactions to be delivered.
    var pendingReset: Reset.ResetType?

    let inputs: AsyncStream<Input>
    let inputContinuation: AsyncStream<Input>.Continuation
    let outbox: AsyncStream<OutgoingCall>
    let outboxContinuation: AsyncStream<OutgoingCall>.Continuation

    /// Builds a station from its settings and the state in `store`. Throws when the
    /// configuration defaults are invalid or the store cannot be read.
    public init(
        settings: StationSettings, hardware: any StationHardware, store: any StationStore, link: any CentralSystemLink, clock: C,
        files: FileServices? = nil, log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(StationStartError) {
        self.files = files
        self.settings = settings
        self.hardware = hardware
        self.store = store
        self.link = link
        self.clock = clock
        self.log = log
        do {
            var configuration = try Configuration(
                defaults: settings.configurationDefaults, changed: try store.changedConfiguration(), supportedMeasurands: settings.supportedMeasurands
            )
            configuration.setInternal(.numberOfConnectors, String(hardware.connectors.count))
            let profiles = Self.supportedProfiles.filter { $0 != .firmwareManagement || files != nil }
            configuration.setInternal(.supportedFeatureProfiles, profiles.map(\.rawValue).joined(separator: ","))
            self.configuration = configuration
            localList = try store.document(.localAuthList).map { try LocalAuthList(json: $0) } ?? LocalAuthList()
            chargingProfiles = try store.document(.chargingProfiles).map { try ChargingProfileSet(json: $0) } ?? ChargingProfileSet()
            firmwareUpdate = try store.document(.firmwareUpdate).map { try PayloadDecoding.decode(FirmwareUpdate.self, from: $0) }
            reservations = try store.document(.reservations).map { try PayloadDecoding.decode(StoredReservations.self, from: $0).reservations } ?? []
            let availability = try store.availability()
            stationAvailability = availability[0] ?? .operative
            connectors = hardware.connectors.indices.map { index in
                ConnectorStateMachine(connectorId: index + 1, availability: availability[index + 1] ?? .operative)
            }
        } catch let error as ConfigurationDefaultError {
            throw StationStartError(error.description)
        } catch {
            throw StationStartError("cannot read the station's store: \(error)")
        }
        (inputs, inputContinuation) = AsyncStream.makeStream(of: Input.self)
        (outbox, outboxContinuation) = AsyncStream.makeStream(of: OutgoingCall.self)
    }

    /// The feature profiles this station implements completely (SupportedFeatureProfiles).
    static var supportedProfiles: [FeatureProfile] { [.core, .firmwareManagement, .localAuthListManagement, .reservation, .smartCharging, .remoteTrigger] }

    /// Runs the station until a reset is requested or the task is cancelled: recovers
    /// transactions cut by a power loss, boots, and processes inputs one at a time.
    public func run() async -> StationExit {
        await recoverFromPowerLoss()
        restoreReservations()
        if let files { installedFirmwareVersion = await files.installer.installedVersion() }
        resumeFirmwareUpdate()
        for index in connectors.indices where await hardware.connectors[index].isPlugged() {
            _ = connectors[index].handle(.plugged)
        }
        let outboxTask = Task { await self.runOutbox() }
        link.setTransactionMessageDelivery(enabled: false)
        applyRetryPolicy()
        // BootNotification goes out when the link reports `.connected` (at once if it is up).
        scheduleAlignedSampling()
        await withTaskCancellationHandler {
            for await input in inputs {
                if case .probe(let continuation) = input {
                    continuation.resume(returning: true)
                    continue
                }
                await process(input)
                await publishStatuses()
                await applyChargingLimits()
                installFirmwareIfReady()
                rebootIfReady()
                if exit != nil { break }
            }
        } onCancel: { [inputContinuation] in
            inputContinuation.finish()
        }
        // A request that arrived after the last input was taken gets an answer, not silence.
        inputContinuation.finish()
        for await input in inputs {
            if case .request(let call, let continuation) = input {
                continuation.resume(returning: .failure(CallError(id: call.id, code: .internalError, description: "station is restarting")))
            } else if case .probe(let continuation) = input {
                continuation.resume(returning: false)
            }
        }
        outboxTask.cancel()
        firmwareDownloadTask?.cancel()
        diagnosticsTask?.cancel()
        outboxContinuation.finish()
        for (_, timer) in timers { timer.task.cancel() }
        timers = [:]
        link.setTransactionMessageDelivery(enabled: false)
        return exit ?? .shutdown
    }

    /// Reports a hardware event (forwarded by the owner from `StationHardware.events`).
    public nonisolated func hardwareEvent(_ event: HardwareEvent) {
        inputContinuation.yield(.hardware(event))
    }

    /// The link sent the answer to the CSMS's CALL `id`.
    public nonisolated func answerSent(to id: MessageId) {
        inputContinuation.yield(.answerSent(id))
    }

    /// Reports a link event (called by the link).
    public nonisolated func linkEvent(_ event: LinkEvent) {
        inputContinuation.yield(.link(event))
    }

    /// Answers a request of the central system (called by the link for every incoming CALL).
    public nonisolated func handle(_ call: Call) async -> Result<JSONValue, CallError> {
        await withCheckedContinuation { continuation in
            if case .terminated = inputContinuation.yield(.request(call, continuation)) {
                continuation.resume(returning: .failure(CallError(id: call.id, code: .internalError, description: "station is restarting")))
            }
        }
    }

    /// Whether the input loop is taking inputs: `true` once the loop took this probe (in its turn,
    /// after the inputs before it), `false` when the loop has ended. Does not return while the loop
    /// is stuck, which is what a service watchdog needs to see.
    public nonisolated func inputLoopAlive() async -> Bool {
        await withCheckedContinuation { continuation in
            if case .terminated = inputContinuation.yield(.probe(continuation)) {
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
        case .answerSent(let id):
            if let trigger = pendingTriggers.removeValue(forKey: id) { await sendTriggered(trigger) }
        case .bootAnswered(let result): handleBootAnswer(result)
        case .authorizeAnswered(let idTag, let purpose, let result): await handleAuthorizeAnswer(idTag, purpose, result)
        case .callSucceeded: scheduleHeartbeat()
        case .statusAcknowledged(let connectorId, let report): acknowledged[connectorId] = report
        case .timer(let kind, let generation):
            guard timers[kind]?.generation == generation else { return }
            timers[kind] = nil
            await fire(kind)
        case .firmware(let event): await handleFirmware(event)
        case .firmwareStatusSent: firmwareNotificationsInFlight -= 1
        case .probe(let continuation): continuation.resume(returning: true)
        }
    }

    /// Hands TransactionMessageAttempts and TransactionMessageRetryInterval to the link.
    func applyRetryPolicy() {
        link.setRetryPolicy(attempts: configuration.int(.transactionMessageAttempts), interval: .seconds(configuration.int(.transactionMessageRetryInterval)))
    }

    // MARK: Time

    /// The station's wall time (the central system's clock once BootNotification was accepted).
    var now: Timestamp {
        Timestamp(millisecondsSince1970: Timestamp(clock.wallTime).millisecondsSince1970 + Int64((wallClockOffset * 1000).rounded()))
    }

    // MARK: Observation

    /// The station as the control API and tests see it, with each connector's meter read now.
    public var snapshot: StationSnapshot {
        get async {
            let queued = (try? store.queuedMessageCount()) ?? 0
            var connectors: [StationSnapshot.Connector] = []
            for machine in self.connectors {
                let reading = (try? await hardware.connectors[machine.connectorId - 1].readMeter()) ?? lastReadings[machine.connectorId]
                let report = effectiveStatus(of: machine.connectorId)
                connectors.append(StationSnapshot.Connector(
                    id: machine.connectorId, status: report.status, errorCode: report.errorCode, transactionId: machine.transaction?.transactionId,
                    transactionRunning: machine.transaction != nil, meterWh: reading?.energyActiveImportWh ?? 0, powerW: reading?.powerActiveImportW ?? 0
                ))
            }
            return StationSnapshot(registration: registration, connected: connected, connectors: connectors, queuedMessages: queued)
        }
    }

    /// The station's configuration (read-only view, for tests and the control API).
    public var currentConfiguration: Configuration { configuration }
}
