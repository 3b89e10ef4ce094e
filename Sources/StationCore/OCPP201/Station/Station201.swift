// The OCPP 2.0.1 station: the same charging core (one ConnectorStateMachine per connector, each
// connector its own EVSE), hardware, store and clock as the 1.6 station, with the 2.0.1 adapter:
// registration, statuses, TransactionEvents and the device model. Inputs are processed one at a
// time from one queue; network waits run in tasks that report back as inputs.

import ChargingCore
public import OCPP201
public import StationHAL
public import struct OCPP.Timestamp
public import enum OCPP.JSONValue
public import enum OCPP.PayloadDecoding

/// Why `Station201.run()` returned.
public enum Station201Exit: Sendable, Equatable {
    /// The central system asked for a Reset: build the station again and boot with RemoteReset.
    case reset
    /// The task running the station was cancelled (shutdown).
    case shutdown
}

/// One OCPP 2.0.1 charging station. Hand it to the link as request handler and event sink
/// (`linkEvent(_:)`), forward the hardware's events to `hardwareEvent(_:)`, then `run()` it.
/// Safe to use from any isolation.
public actor Station201<C: StationClock>: RequestHandler201 {
    enum Input: Sendable {
        case hardware(HardwareEvent)
        case link(LinkEvent201)
        case request(Call, frameBytes: Int, CheckedContinuation<Result<JSONValue, CallError>, Never>)
        case bootAnswered(Result<BootNotification.Response, Link201Error>)
        case authorizeAnswered(AuthorizeOutcome201)
        case meterTick(evseId: Int)
        case alignedTick(AlignedSchedule201)
        case endedSampleTick(evseId: Int)
        case chargingLimitTick
        case bootRetry
        case stop
        /// A liveness probe: answered `true` as soon as the input loop takes it.
        case probe(CheckedContinuation<Bool, Never>)
        /// A firmware update's timer or job reported back.
        case firmware(Firmware201Input)
        /// A log upload's timer or job reported back.
        case logs(Logs201Input)
    }

    let settings: StationSettings
    let hardware: any StationHardware
    let store: any StationStore
    let link: any CentralSystemLink201
    let queue: TransactionEventQueue
    let clock: C
    let log: @Sendable (String) -> Void
    let bootReason: BootNotification.BootReason
    let inputs = AsyncStream<Input>.makeStream()
    /// The station's own CALLs without an answer to act on, in order (`send(_:)`).
    let outbox = AsyncStream<OutboxCall201>.makeStream()

    /// The device model, with the values the central system wrote.
    var model: DeviceModel
    /// The charging core: one machine per connector (connector n is EVSE n, connector 1).
    var connectors: [ConnectorStateMachine]
    /// The running 2.0.1 transactions by EVSE id (persisted on every change).
    var transactions: [Int: Transaction201] = [:]
    /// The last status sent per connector.
    var reported: [Int: StatusNotification.ConnectorStatus] = [:]
    var connected = false
    /// A BootNotification waits for its answer.
    var bootInFlight = false
    var registration: BootNotification.RegistrationStatus?
    var heartbeatTask: Task<Void, Never>?
    var meterTasks: [Int: Task<Void, Never>] = [:]
    /// The Resets OnIdle waiting for transactions to end: the station's, and single EVSEs'.
    var resetsOnIdle = ResetsOnIdle()
    var exit: Station201Exit?
    var nextLocalId: Int64 = 1
    /// EVSEs whose transaction a TriggerMessage asked an Updated event of.
    var triggeredEvents: [Int] = []
    /// Tokens authorized for a connector whose transaction begins with the core's session
    /// (TxStartPoint PowerPathClosed): sent with the Started event.
    var pendingTokens: [Int: (idTag: String, type: IdTokenType, remoteStartId: Int?, trigger: TransactionEvent.TriggerReason)] = [:]
    /// The file services of L Firmware management and N Diagnostics (nil: both NotImplemented).
    let files: FileServices?
    /// L Firmware management: the update in progress, its timer and job.
    var firmware: Firmware201State
    /// N Diagnostics: the log upload in progress, its timer and job.
    var logs = Logs201State()
    /// The authorization cache and the local list (kept in the store).
    var authorization = AuthorizationState201()
    /// Meter values (J): the clock-aligned timers and the values collected for Ended events.
    var metering = Metering201()
    /// Smart charging (K): the installed profiles and the limits in force.
    var smartCharging = SmartCharging201()
    /// Functional block A: certificates, key files, security events, network profiles.
    var security: Station201SecurityState

    /// Builds the station from its store: the device model with the stored values, the open
    /// transactions (ended with PowerLoss once the station runs), a firmware update in progress
    /// (a station rebooted by its installation boots with reason FirmwareUpdate).
    public init(
        settings: StationSettings, bootReason: BootNotification.BootReason, hardware: any StationHardware, store: any StationStore,
        link: any CentralSystemLink201, queue: TransactionEventQueue, clock: C, log: @escaping @Sendable (String) -> Void,
        files: FileServices? = nil,
        security securityPorts: Station201SecurityPorts = Station201SecurityPorts()
    ) {
        self.settings = settings
        self.files = files
        let firmware = FirmwareService201(stored: files == nil ? nil : Self.storedFirmwareUpdate(store, log: log))
        self.firmware = Firmware201State(service: firmware)
        self.bootReason = firmware.isRebooting ? .firmwareUpdate : bootReason
        self.hardware = hardware
        self.store = store
        self.link = link
        self.queue = queue
        self.clock = clock
        self.log = log
        let description = StationDeviceDescription(
            vendorName: settings.identity.chargePointVendor.value, model: settings.identity.chargePointModel.value,
            connectorsPerEVSE: Array(repeating: 1, count: hardware.connectors.count), evseMaximumPowerW: settings.maximumPowerW,
            supplyPhases: 3, connectorType: "cCCS2"
        )
        var model = DeviceModel.standard(description)
        model.addSecurityVariables(identity: settings.chargePointId, securityProfile: securityPorts.connection.current?.securityProfile ?? 0)
        security = Station201SecurityState(ports: securityPorts, store: store, log: log)
        model.restore(Self.storedVariables(store, log: log))
        let authorization = AuthorizationState201(restoringFrom: store, log: log)
        model.reportStorage(of: authorization)
        self.authorization = authorization
        self.model = model
        let availability = (try? store.availability()) ?? [:]
        connectors = (1...max(1, hardware.connectors.count)).map {
            ConnectorStateMachine(connectorId: $0, availability: availability[$0] ?? availability[0] ?? .operative)
        }
    }

    /// A hardware event; call from the one reader of the hardware's event stream.
    public nonisolated func hardwareEvent(_ event: HardwareEvent) { inputs.continuation.yield(.hardware(event)) }

    /// A link event; hand this to the link as its event sink.
    public nonisolated func linkEvent(_ event: LinkEvent201) { inputs.continuation.yield(.link(event)) }

    /// A request that arrives after the station stopped (a Reset, shutdown) is answered
    /// InternalError at once, so that the link never waits for a station that is gone.
    public nonisolated func handle(_ call: Call, frameBytes: Int) async -> Result<JSONValue, CallError> {
        await withCheckedContinuation { continuation in
            if case .terminated = inputs.continuation.yield(.request(call, frameBytes: frameBytes, continuation)) {
                continuation.resume(returning: .failure(Self.stoppedError(call)))
            }
        }
    }

    /// Whether the input loop takes inputs (false once the station stopped); does not return
    /// while the loop is stuck. For the service watchdog.
    public nonisolated func inputLoopAlive() async -> Bool {
        await withCheckedContinuation { continuation in
            if case .terminated = inputs.continuation.yield(.probe(continuation)) { continuation.resume(returning: false) }
        }
    }

    static func stoppedError(_ call: Call) -> CallError {
        CallError(id: call.id, code: .internalError, description: "the station is rebooting")
    }

    /// Runs the station until a Reset (returns `.reset`) or cancellation.
    public func run() async -> Station201Exit {
        for (index, connector) in hardware.connectors.enumerated() {
            if await connector.isPlugged() { _ = connectors[index].handle(.plugged) }
        }
        let outboxTask = startOutbox()
        restoreChargingProfiles()
        securityBooted()
        await endTransactionsOpenAtBoot()
        await resumeFirmware()
        scheduleAlignedSampling()
        sendBoot()
        await withTaskCancellationHandler {
            for await input in inputs.stream {
                await process(input)
                firmwareAfterInput()
                if exit != nil { break }
                await applyChargingLimits()
            }
        } onCancel: { [inputs] in inputs.continuation.yield(.stop) }
        securityStopped(exit ?? .shutdown)
        heartbeatTask?.cancel()
        for task in meterTasks.values { task.cancel() }
        firmware.cancel()
        logs.cancel()
        metering.cancelAll()
        smartCharging.limitTask?.cancel()
        outbox.continuation.finish()
        outboxTask.cancel()
        // Requests already queued get their answer too.
        inputs.continuation.finish()
        for await input in inputs.stream {
            switch input {
            case .request(let call, _, let continuation): continuation.resume(returning: .failure(Self.stoppedError(call)))
            case .probe(let continuation): continuation.resume(returning: false)
            default: break
            }
        }
        link.setTransactionEventDelivery(enabled: false)
        return exit ?? .shutdown
    }

    func process(_ input: Input) async {
        switch input {
        case .hardware(let event): await handleHardware(event)
        case .link(.transactionEventAnswered(let request, let response)): await transactionEventAnswered(request: request, response: response)
        case .link(let event): linkChanged(event)
        case .request(let call, let frameBytes, let continuation): continuation.resume(returning: await answer(call, frameBytes: frameBytes))
        case .bootAnswered(let result): bootAnswered(result)
        case .authorizeAnswered(let outcome): await authorizeAnswered(outcome)
        case .meterTick(let evseId): await meterTick(evseId: evseId)
        case .alignedTick(let schedule): await alignedTick(schedule)
        case .endedSampleTick(let evseId): await endedSampleTick(evseId: evseId)
        case .chargingLimitTick: await chargingLimitTick()
        case .bootRetry: sendBoot()
        case .stop: exit = .shutdown
        case .probe(let continuation): continuation.resume(returning: true)
        case .firmware(let event): firmwareEvent(event)
        case .logs(let event): logsEvent(event)
        }
    }

    /// The current UTC time as an OCPP timestamp.
    var now: Timestamp { Timestamp(clock.wallTime) }

    /// Waits `duration` on the station clock in a task, then yields `input`.
    @discardableResult
    func after(_ duration: Duration, _ input: Input) -> Task<Void, Never> {
        let (clock, continuation) = (clock, inputs.continuation)
        return StationTask.spawn {
            do {
                try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil)
            } catch {
                return
            }
            continuation.yield(input)
        }
    }

    static func storedVariables(_ store: any StationStore, log: @Sendable (String) -> Void) -> [StoredVariableValue] {
        do {
            guard let document = try store.document(.ocpp201Variables) else { return [] }
            return try PayloadDecoding.decode([StoredVariable201].self, from: document).map(\.value201)
        } catch {
            log("stored device model values unreadable, defaults apply: \(error)")
            return []
        }
    }
}
