// Reservations (the Reservation profile): ReserveNow and CancelReservation, who may use a
// reserved connector, expiry on the injected clock, and the reservation used by a transaction.
// Reservations are persisted whole on every change.
//
// Choices where OCPP 1.6 leaves one:
// - ReserveNow answers Accepted only for a connector that is Available (or already held by the
//   same reservation id, which is replaced); Faulted and Unavailable as the connector reports;
//   anything else (a session, a plugged vehicle, another reservation) is Occupied. An expiryDate
//   that has already passed is Rejected.
// - A reservation of connector 0 (ReserveConnectorZeroSupported) holds no connector in
//   particular: other users may start only while that leaves another connector free.
// - A reservation ends when a transaction starts with it, at its expiryDate, or on
//   CancelReservation.

import OCPP

extension Station {
    func reserveNow(_ request: ReserveNow.Request) -> Answer {
        let status = reservationStatus(for: request)
        guard status == .accepted else {
            log("ReserveNow \(request.reservationId) on connector \(request.connectorId): \(status.rawValue)")
            return .payload(ReserveNow.Response(status: status))
        }
        var updated = reservations.filter { $0.reservationId != request.reservationId }
        updated.append(request)
        do {
            try saveReservations(updated)
        } catch {
            log("ReserveNow \(request.reservationId) rejected: the reservation could not be saved: \(error)")
            return .payload(ReserveNow.Response(status: .rejected))
        }
        if let replaced = reservations.first(where: { $0.reservationId == request.reservationId }), replaced.connectorId != request.connectorId {
            release(connectorId: replaced.connectorId)
        }
        reservations = updated
        hold(request)
        log("reservation \(request.reservationId): connector \(request.connectorId) for \(request.idTag) until \(request.expiryDate)")
        return .payload(ReserveNow.Response(status: .accepted))
    }

    func cancelReservation(_ request: CancelReservation.Request) -> Answer {
        guard reservations.contains(where: { $0.reservationId == request.reservationId }) else {
            return .payload(CancelReservation.Response(status: .rejected))
        }
        endReservation(request.reservationId, why: "cancelled by the central system")
        return .payload(CancelReservation.Response(status: .accepted))
    }

    private func reservationStatus(for request: ReserveNow.Request) -> ReserveNow.ReservationStatus {
        guard (0...connectors.count).contains(request.connectorId), request.expiryDate > now else { return .rejected }
        if request.connectorId == 0 {
            guard configuration.bool(.reserveConnectorZeroSupported) else { return .rejected }
            if stationAvailability == .inoperative { return .unavailable }
            if connectors.allSatisfy({ $0.status == .faulted }) { return .faulted }
            let otherZero = reservations.contains { $0.connectorId == 0 && $0.reservationId != request.reservationId }
            return !otherZero && connectors.contains(where: { isFree($0.connectorId) }) ? .accepted : .occupied
        }
        let machine = connectors[request.connectorId - 1]
        switch effectiveStatus(of: request.connectorId).status {
        case .faulted: return .faulted
        case .unavailable: return .unavailable
        case .available: return pendingReset == nil ? .accepted : .occupied
        case .reserved:
            let same = reservations.first { $0.connectorId == request.connectorId }?.reservationId == request.reservationId
            return same && machine.session.isIdle && !machine.plugged ? .accepted : .occupied
        default: return .occupied
        }
    }

    /// Whether connector `connectorId` could take a new session with no reservation on it.
    private func isFree(_ connectorId: Int) -> Bool {
        connectors[connectorId - 1].acceptsNewSession && stationAvailability == .operative
            && !reservations.contains { $0.connectorId == connectorId }
    }

    /// The reservation `idTag` (with parent `parentIdTag`) may use on `connectorId`: nil when
    /// the connector may be used without one; `.refused` when a reservation keeps this tag out.
    func reservationCheck(connectorId: Int, idTag: IdToken, parentIdTag: IdToken?) -> ReservationCheck {
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
            let othersFree = connectors.contains { $0.connectorId != connectorId && isFree($0.connectorId) }
            return othersFree ? .free : .refused
        }
        return .free
    }

    /// What a reservation means for a tag at a connector.
    enum ReservationCheck: Equatable {
        /// No reservation concerns this connector.
        case free
        /// The tag uses this reservation.
        case uses(Int)
        /// A reservation for someone else holds the connector.
        case refused

        /// The reservation the tag uses, if any.
        var reservationId: Int? { if case .uses(let id) = self { id } else { nil } }
    }

    /// A transaction started with reservation `reservationId`: the reservation is used up.
    func reservationUsed(_ reservationId: Int?) {
        guard let reservationId, reservations.contains(where: { $0.reservationId == reservationId }) else { return }
        endReservation(reservationId, why: "used by a transaction")
    }

    /// Restores the expiry timers of persisted reservations (dropping those that expired).
    func restoreReservations() {
        for reservation in reservations {
            if reservation.expiryDate <= now {
                endReservation(reservation.reservationId, why: "expired while the station was off")
            } else {
                hold(reservation)
            }
        }
    }

    func reservationExpired(_ reservationId: Int) {
        guard reservations.contains(where: { $0.reservationId == reservationId }) else { return }
        endReservation(reservationId, why: "expired")
    }

    private func hold(_ reservation: ReserveNow.Request) {
        if reservation.connectorId > 0 { _ = connectors[reservation.connectorId - 1].handle(.reservationChanged(true)) }
        let milliseconds = reservation.expiryDate.millisecondsSince1970 - now.millisecondsSince1970
        startTimer(.reservationExpiry(reservationId: reservation.reservationId), after: .milliseconds(max(0, milliseconds)))
    }

    private func release(connectorId: Int) {
        if connectorId > 0 { _ = connectors[connectorId - 1].handle(.reservationChanged(false)) }
    }

    private func endReservation(_ reservationId: Int, why: String) {
        guard let reservation = reservations.first(where: { $0.reservationId == reservationId }) else { return }
        let remaining = reservations.filter { $0.reservationId != reservationId }
        do {
            try saveReservations(remaining)
        } catch {
            log("reservation \(reservationId) ended (\(why)) but the change could not be saved: \(error)")
        }
        reservations = remaining
        cancelTimer(.reservationExpiry(reservationId: reservationId))
        release(connectorId: reservation.connectorId)
        log("reservation \(reservationId) on connector \(reservation.connectorId) ended: \(why)")
    }

    private func saveReservations(_ list: [ReserveNow.Request]) throws(StoreError) {
        try store.saveDocument(.reservations, list.isEmpty ? nil : FrameEncoder.payload(StoredReservations(reservations: list)))
    }
}

/// The persisted form of the station's reservations.
struct StoredReservations: OCPPPayload {
    var reservations: [ReserveNow.Request]
}
