// The state of one connector as a value: events in, actions out, no I/O. Its phase (what each
// OCPP version reports as the connector's status) is derived from the inputs (availability,
// plug, session, EV behaviour, faults), never stored.

public import StationHAL

/// One connector's state machine. Owned by the Station actor.
///
/// Choices where the specification leaves room (written down here, as DESIGN.md asks):
/// - A plug without authorization makes the connector Preparing; it stays so until the cable is
///   removed (ConnectionTimeOut bounds only an authorization waiting for a plug).
/// - A fatal device fault during a transaction stops it: reason EmergencyStop for the emergency
///   stop, Other for any other fault.
/// - With StopTransactionOnEVSideDisconnect false, unplugging keeps the transaction; the
///   connector reports SuspendedEV until the vehicle is plugged again.
/// - After a transaction, the connector is Finishing until the vehicle is unplugged.
/// - A reserved connector reports Reserved while idle and unplugged; a vehicle plugged in
///   without a session makes it Preparing (the reservation still holds).
/// - A socket outlet is locked when its transaction begins (the owner locks before recording the
///   start) and unlocked when it ends, except after an EV-side disconnect, where
///   UnlockConnectorOnEVSideDisconnect decides.
public struct ConnectorStateMachine: Sendable, Equatable {
    /// Where the connector is in a charging session.
    public enum Session: Sendable, Equatable {
        /// No session.
        case idle
        /// A user is authorized and the connector waits for the vehicle (ConnectionTimeOut runs).
        case authorized(Authorization)
        /// The station is starting a transaction (reading the meter, recording it).
        case starting(Authorization)
        /// A transaction runs.
        case transaction(TransactionRecord)
        /// The transaction ended; the vehicle is still connected.
        case finishing
    }

    /// Something that happened to the connector.
    public enum Event: Sendable, Equatable {
        case plugged
        /// The vehicle was disconnected; `stopTransaction` is StopTransactionOnEVSideDisconnect.
        case unplugged(stopTransaction: Bool)
        /// A user was authorized for this connector (local decision, Authorize answer or
        /// accepted RemoteStartTransaction).
        case authorized(Authorization)
        /// ConnectionTimeOut passed without a plug.
        case connectionTimedOut
        /// The station recorded the transaction the machine asked to begin.
        case transactionBegan(TransactionRecord)
        /// The station could not begin it (e.g. the meter failed).
        case transactionFailedToBegin
        /// Stop the running transaction, for `reason`, by `idToken` when a user stopped it.
        case stopRequested(StopReason, idToken: IdentifierToken?)
        /// The central system answered StartTransaction with this transaction id.
        case startConfirmed(transactionId: Int)
        /// Stop energy for the rest of the transaction (the central system refused its idTag).
        case blockEnergy
        case evSuspended
        case evResumed
        case faultRaised(DeviceFault)
        case faultCleared(DeviceFault)
        /// ChangeAvailability for this connector (or for the whole station).
        case changeAvailability(Availability)
        /// A reservation of this connector was made (true) or ended (false).
        case reservationChanged(Bool)
    }

    /// What the owner must do.
    public enum Action: Sendable, Equatable {
        /// Read the meter, record and queue StartTransaction, then send `.transactionBegan`.
        case beginTransaction(Authorization)
        /// Read the meter, queue StopTransaction for the record, with reason and stopping tag.
        case endTransaction(TransactionRecord, reason: StopReason, idToken: IdentifierToken?)
        /// Allow or stop energy.
        case offerEnergy(Bool)
        /// Unlock the connector (socket outlets).
        case unlock
        case startConnectionTimer
        case cancelConnectionTimer
        /// Persist the connector's availability.
        case persistAvailability(Availability)
    }

    /// The connector's number (1-based).
    public let connectorId: Int
    /// The current availability.
    public private(set) var availability: Availability
    /// An availability change waiting for the transaction to end.
    public private(set) var scheduledAvailability: Availability?
    /// Whether a vehicle is connected.
    public private(set) var plugged: Bool
    /// The session.
    public private(set) var session: Session = .idle
    /// Whether the EV stopped drawing energy.
    public private(set) var evSuspended = false
    /// Fatal faults present now (the connector is Faulted).
    public private(set) var faults: Set<DeviceFault> = []
    /// Non-fatal faults present now (reported as the error code of the current status).
    public private(set) var warnings: Set<DeviceFault> = []
    /// Whether a reservation holds the connector (the station decides who may use it).
    public private(set) var reserved = false

    /// A connector in `availability`, with the vehicle plugged or not.
    public init(connectorId: Int, availability: Availability = .operative, plugged: Bool = false) {
        self.connectorId = connectorId
        self.availability = availability
        self.plugged = plugged
    }

    /// The running (or starting) transaction's record, if any.
    public var transaction: TransactionRecord? {
        if case .transaction(let record) = session { record } else { nil }
    }

    /// Whether a transaction is being started (the meter read and the start recorded).
    public var isStarting: Bool {
        if case .starting = session { true } else { false }
    }

    /// Whether a new session may begin here (no fault, operative, no session).
    public var acceptsNewSession: Bool {
        faults.isEmpty && availability == .operative && scheduledAvailability == nil && session.isIdle
    }

    // MARK: Derived phase

    /// Where the connector is, derived from the inputs.
    public var phase: ConnectorPhase {
        if !faults.isEmpty { return .faulted }
        switch session {
        case .transaction(let record):
            if record.energyBlocked { return .suspendedByStation }
            if evSuspended || !plugged { return .suspendedByVehicle }
            return .charging
        case .starting:
            return .preparing
        case .authorized, .finishing, .idle:
            if availability == .inoperative { return .unavailable }
            if case .finishing = session { return .finishing }
            if case .authorized = session { return .preparing }
            if plugged { return .preparing }
            return reserved ? .reserved : .available
        }
    }

    /// The fault to report with the phase: the first fatal fault, else the first warning (by
    /// name, so the choice is stable), nil when there is none.
    public var reportedFault: DeviceFault? {
        let present = faults.isEmpty ? warnings : faults
        return present.sorted { $0.rawValue < $1.rawValue }.first
    }

    /// Whether energy should flow now.
    public var energyAllowed: Bool {
        guard faults.isEmpty, case .transaction(let record) = session else { return false }
        return !record.energyBlocked && plugged
    }

    // MARK: Events

    /// Feeds `event`; returns what the owner must do, in order.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .plugged:
            plugged = true
            switch session {
            case .authorized(let authorization):
                session = .starting(authorization)
                return [.cancelConnectionTimer, .beginTransaction(authorization)]
            case .transaction:
                return [.offerEnergy(energyAllowed)]
            default:
                return []
            }

        case .unplugged(let stopTransaction):
            plugged = false
            switch session {
            case .finishing:
                session = .idle
                return []
            case .transaction:
                if stopTransaction { return handle(.stopRequested(.evDisconnected, idToken: nil)) }
                return [.offerEnergy(false)]
            default:
                return []
            }

        case .authorized(let authorization):
            guard faults.isEmpty, availability == .operative else { return [] }
            switch session {
            case .idle where plugged:
                session = .starting(authorization)
                return [.beginTransaction(authorization)]
            case .idle:
                session = .authorized(authorization)
                return [.startConnectionTimer]
            case .authorized:
                session = .authorized(authorization)
                return [.cancelConnectionTimer, .startConnectionTimer]
            default:
                return []
            }

        case .connectionTimedOut:
            guard case .authorized = session else { return [] }
            session = .idle
            return []

        case .transactionBegan(let record):
            guard case .starting = session else { return [] }
            session = .transaction(record)
            return [.offerEnergy(energyAllowed)]

        case .transactionFailedToBegin:
            guard case .starting = session else { return [] }
            session = .idle
            return []

        case .stopRequested(let reason, let idToken):
            guard case .transaction(let record) = session else { return [] }
            session = plugged ? .finishing : .idle
            evSuspended = false
            // A scheduled availability change takes effect when the transaction ends.
            if let scheduled = scheduledAvailability {
                scheduledAvailability = nil
                availability = scheduled
            }
            // The cable is released at the end of a transaction, except when the EV side was
            // unplugged: then UnlockConnectorOnEVSideDisconnect decides (the owner's part).
            let unlock: [Action] = reason == .evDisconnected ? [] : [.unlock]
            return [.offerEnergy(false), .endTransaction(record, reason: reason, idToken: idToken)] + unlock

        case .startConfirmed(let transactionId):
            guard case .transaction(var record) = session else { return [] }
            record.transactionId = transactionId
            session = .transaction(record)
            return []

        case .blockEnergy:
            guard case .transaction(var record) = session, !record.energyBlocked else { return [] }
            record.energyBlocked = true
            session = .transaction(record)
            return [.offerEnergy(false)]

        case .evSuspended:
            evSuspended = true
            return []

        case .evResumed:
            evSuspended = false
            return []

        case .faultRaised(let fault):
            guard fault.isFatal else {
                warnings.insert(fault)
                return []
            }
            let (inserted, _) = faults.insert(fault)
            guard inserted else { return [] }
            if case .transaction = session {
                return handle(.stopRequested(fault == .emergencyStop ? .emergencyStop : .other, idToken: nil))
            }
            if case .authorized = session {
                session = .idle
                return [.cancelConnectionTimer, .offerEnergy(false)]
            }
            return [.offerEnergy(false)]

        case .faultCleared(let fault):
            faults.remove(fault)
            warnings.remove(fault)
            return []

        case .changeAvailability(let requested):
            return changeAvailability(requested).actions

        case .reservationChanged(let isReserved):
            reserved = isReserved
            return []
        }
    }

    /// Applies or schedules an availability change, returning the answer and the actions.
    public mutating func changeAvailability(_ requested: Availability) -> (answer: AvailabilityChange, actions: [Action]) {
        switch session {
        case .transaction, .starting:
            if requested == availability {
                scheduledAvailability = nil
                return (.applied, [])
            }
            scheduledAvailability = requested
            return (.scheduled, [.persistAvailability(requested)])
        default:
            scheduledAvailability = nil
            let changed = requested != availability
            availability = requested
            var actions: [Action] = [.persistAvailability(requested)]
            if changed, requested == .inoperative, case .authorized = session {
                session = .idle
                actions.insert(.cancelConnectionTimer, at: 0)
            }
            return (.applied, actions)
        }
    }
}

extension ConnectorStateMachine.Session {
    /// Whether there is no session.
    public var isIdle: Bool { if case .idle = self { true } else { false } }
}

extension DeviceFault {
    /// Whether the fault stops energy delivery (the connector is faulted); others are reported
    /// as warnings with the current phase.
    public var isFatal: Bool {
        switch self {
        case .readerFailure: false
        default: true
        }
    }
}
