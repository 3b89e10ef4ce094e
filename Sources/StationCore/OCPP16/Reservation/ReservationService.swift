// The Reservation profile as a value: the reservations in force, the answer to ReserveNow and
// CancelReservation, who may use a reserved connector, and expiry. No I/O: a change is decided,
// persisted by the owner, then applied; the owner performs the returned actions.
//
// Choices where OCPP 1.6 leaves one:
// - ReserveNow answers Accepted only for a connector that is Available (or already held by the
//   same reservation id, which is replaced); Faulted and Unavailable as the connector reports;
//   anything else (a session, a plugged vehicle, another reservation) is Occupied. An expiryDate
//   that has already passed is Rejected.
// - A reservation of connector 0 (ReserveConnectorZeroSupported) holds no connector in
//   particular: other users may start, and other reservations be made, only while that leaves
//   another connector free (idle, unplugged and unreserved). A reset or installation pending
//   answers Occupied, for connector 0 as for the others.
// - A reservation ends when a transaction starts with it, at its expiryDate, or on
//   CancelReservation.

import ChargingCore
import OCPP

/// The station's reservations. Owned by the Station actor.
struct ReservationService {
    /// What the owner must do after a change was applied.
    enum Action: Equatable {
        /// Mark the connector reserved (true) or free (false).
        case hold(connectorId: Int, Bool)
        /// Fire `reservationExpiry` for the reservation at this wall time.
        case expire(reservationId: Int, at: Timestamp)
        case cancelExpiry(reservationId: Int)
        case log(String)
    }

    /// What the decisions need to know of the station at the moment they are made.
    struct Context {
        /// The connectors and the station's availability.
        var charger: Charger
        var connectorZeroSupported: Bool
        /// A reset or installation is pending: no new reservation of an idle connector.
        var rebootPending: Bool
        var now: Timestamp

        var connectors: [ConnectorStateMachine] { charger.connectors }
    }

    /// What a reservation means for a tag at a connector (the charging core's notion).
    typealias Check = ReservationMatch

    /// The reservations in force.
    private(set) var reservations: [ReserveNow.Request]

    /// The reservations read from their stored document (none when nil).
    init(stored: JSONValue?) throws(PayloadError) {
        reservations = try stored.map { json throws(PayloadError) in try PayloadDecoding.decode(StoredReservations.self, from: json).reservations } ?? []
    }

    /// The document to persist for `list`.
    static func document(_ list: [ReserveNow.Request]) -> JSONValue? {
        list.isEmpty ? nil : FrameEncoder.payload(StoredReservations(reservations: list))
    }

    // MARK: Requests

    /// The answer to `request`, and on Accepted the list to persist before applying it.
    func decide(_ request: ReserveNow.Request, in context: Context) -> (ReserveNow.ReservationStatus, updated: [ReserveNow.Request]?) {
        let status = status(for: request, in: context)
        guard status == .accepted else { return (status, nil) }
        return (status, reservations.filter { $0.reservationId != request.reservationId } + [request])
    }

    /// Applies an accepted (and persisted) `request`.
    mutating func apply(_ request: ReserveNow.Request) -> [Action] {
        var actions: [Action] = []
        if let replaced = reservations.first(where: { $0.reservationId == request.reservationId }), replaced.connectorId != request.connectorId,
           replaced.connectorId > 0 {
            actions.append(.hold(connectorId: replaced.connectorId, false))
        }
        reservations = reservations.filter { $0.reservationId != request.reservationId } + [request]
        actions += hold(request)
        actions.append(.log("reservation \(request.reservationId): connector \(request.connectorId) for \(request.idTag) until \(request.expiryDate)"))
        return actions
    }

    /// Whether reservation `id` exists (CancelReservation is Accepted for it).
    func contains(_ id: Int) -> Bool { reservations.contains { $0.reservationId == id } }

    /// The list without reservation `id` (to persist before `end`).
    func without(_ id: Int) -> [ReserveNow.Request] { reservations.filter { $0.reservationId != id } }

    /// Ends reservation `id` (persisted as `without(id)` first): cancelled, used or expired.
    mutating func end(_ id: Int, why: String) -> [Action] {
        guard let reservation = reservations.first(where: { $0.reservationId == id }) else { return [] }
        reservations = without(id)
        var actions: [Action] = [.cancelExpiry(reservationId: id)]
        if reservation.connectorId > 0 { actions.append(.hold(connectorId: reservation.connectorId, false)) }
        actions.append(.log("reservation \(id) on connector \(reservation.connectorId) ended: \(why)"))
        return actions
    }

    /// After a (re)boot: the reservations to hold again, and those that expired meanwhile.
    func restore(now: Timestamp) -> (held: [Action], expired: [Int]) {
        var held: [Action] = []
        var expired: [Int] = []
        for reservation in reservations {
            if reservation.expiryDate <= now { expired.append(reservation.reservationId) } else { held += hold(reservation) }
        }
        return (held, expired)
    }

    // MARK: Decisions

    /// The reservation `idTag` (with parent `parentIdTag`) may use on `connectorId`.
    func check(connectorId: Int, idTag: IdToken, parentIdTag: IdToken?, in context: Context) -> Check {
        func matches(_ reservation: ReserveNow.Request) -> Bool {
            if reservation.idTag == idTag { return true }
            guard let reservedParent = reservation.parentIdTag, let parentIdTag else { return false }
            return reservedParent == parentIdTag
        }
        if let held = reservations.first(where: { $0.connectorId == connectorId }) {
            return matches(held) ? .uses(held.reservationId) : .refused
        }
        if let anyConnector = reservations.first(where: { $0.connectorId == 0 }) {
            if matches(anyConnector) { return .uses(anyConnector.reservationId) }
            let othersFree = context.connectors.contains { $0.connectorId != connectorId && isFree($0.connectorId, in: context) }
            return othersFree ? .free : .refused
        }
        return .free
    }

    private func status(for request: ReserveNow.Request, in context: Context) -> ReserveNow.ReservationStatus {
        guard (0...context.connectors.count).contains(request.connectorId), request.expiryDate > context.now else { return .rejected }
        if request.connectorId == 0 {
            guard context.connectorZeroSupported else { return .rejected }
            if context.charger.availability == .inoperative { return .unavailable }
            if context.connectors.allSatisfy({ $0.status == .faulted }) { return .faulted }
            if context.rebootPending { return .occupied }
            let otherZero = reservations.contains { $0.connectorId == 0 && $0.reservationId != request.reservationId }
            let anyFree = context.connectors.contains { isFree($0.connectorId, in: context, ignoring: request.reservationId) }
            return !otherZero && anyFree ? .accepted : .occupied
        }
        let machine = context.connectors[request.connectorId - 1]
        switch machine.status {
        case .faulted: return .faulted
        case .unavailable: return .unavailable
        case .available:
            if context.rebootPending { return .occupied }
            // A connector-0 reservation needs one connector left free besides this one.
            let zero = reservations.contains { $0.connectorId == 0 && $0.reservationId != request.reservationId }
            let otherFree = context.connectors.contains {
                $0.connectorId != request.connectorId && isFree($0.connectorId, in: context, ignoring: request.reservationId)
            }
            return !zero || otherFree ? .accepted : .occupied
        case .reserved:
            let same = reservations.first { $0.connectorId == request.connectorId }?.reservationId == request.reservationId
            return same && machine.session.isIdle && !machine.plugged ? .accepted : .occupied
        default: return .occupied
        }
    }

    /// Whether connector `connectorId` is free for anyone: it could take a new session, no
    /// vehicle is plugged in, and no reservation (other than `ignoring`, being replaced) holds it.
    private func isFree(_ connectorId: Int, in context: Context, ignoring replaced: Int? = nil) -> Bool {
        context.charger.acceptsNewSession(connectorId) && !context.connectors[connectorId - 1].plugged
            && !reservations.contains { $0.connectorId == connectorId && $0.reservationId != replaced }
    }

    private func hold(_ reservation: ReserveNow.Request) -> [Action] {
        let held: [Action] = reservation.connectorId > 0 ? [.hold(connectorId: reservation.connectorId, true)] : []
        return held + [.expire(reservationId: reservation.reservationId, at: reservation.expiryDate)]
    }
}

/// The persisted form of the station's reservations.
struct StoredReservations: OCPPPayload {
    var reservations: [ReserveNow.Request]
}
