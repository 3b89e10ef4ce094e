// Where a presented identifier leads, decided on the charger's state: it stops the transaction it
// started (or one of its group), or it gets a connector for a new session (the chosen one, the
// one reserved for it, a plugged one waiting, else the first free one), or nothing.

/// What a reservation means for an identifier at a connector.
public enum ReservationMatch: Sendable, Equatable {
    /// No reservation concerns this connector.
    case free
    /// The identifier uses this reservation.
    case uses(Int)
    /// A reservation for someone else holds the connector.
    case refused

    /// The reservation the identifier uses, if any.
    public var reservationId: Int? { if case .uses(let id) = self { id } else { nil } }
}

/// What to do with an identifier whose standing is known.
public enum CardDecision: Sendable, Equatable {
    /// Stop the transaction on this connector: the identifier started it (`sameGroup` false) or
    /// shares the group of the identifier that did.
    case stop(connectorId: Int, sameGroup: Bool)
    /// Authorize a session on this connector.
    case authorize(connectorId: Int, Authorization)
    /// Nothing happens; why, for the log.
    case refuse(String)
}

extension Charger {
    /// The connector whose running transaction `token` started.
    public func transactionStarted(by token: IdentifierToken) -> Int? {
        connectors.first { $0.transaction?.authorization.idToken == token }?.connectorId
    }

    /// The connector whose running transaction was started by an identifier of `group`.
    public func transaction(ofGroup group: IdentifierToken) -> Int? {
        connectors.first { $0.transaction?.authorization.groupIdToken == group }?.connectorId
    }

    /// The connector for a new session and the reservation it uses: `chosen` if it can take the
    /// session; otherwise the connector reserved for the identifier, a plugged connector waiting
    /// for authorization, else the first free one. Connectors a reservation keeps for someone
    /// else are left out, and nothing is free while `sessionsBlocked` (a reboot or installation
    /// pending). `reservation` tells what a reservation means for the identifier at a connector.
    public func connectorForNewSession(
        chosen: Int?, sessionsBlocked: Bool, reservation: (Int) -> ReservationMatch
    ) -> (connectorId: Int, reservationId: Int?)? {
        guard !sessionsBlocked else { return nil }
        let usable = connectors.filter { acceptsNewSession($0.connectorId) }.compactMap { machine -> (ConnectorStateMachine, ReservationMatch)? in
            let match = reservation(machine.connectorId)
            return match == .refused ? nil : (machine, match)
        }
        if let chosen {
            guard let (_, match) = usable.first(where: { $0.0.connectorId == chosen }) else { return nil }
            return (chosen, match.reservationId)
        }
        let reserved = usable.first { machine, match in match != .free && machine.reserved }
        guard let (machine, match) = reserved ?? usable.first(where: { $0.0.plugged }) ?? usable.first else { return nil }
        return (machine.connectorId, match.reservationId)
    }

    /// What an identifier `token` with standing `info` does, presented for `chosen` (or any
    /// connector): an identifier of a running transaction's group stops it (whatever its own
    /// status); an accepted one gets a connector for a new session.
    public func decide(
        card token: IdentifierToken, info: IdentifierInfo, chosen: Int?, sessionsBlocked: Bool, reservation: (Int) -> ReservationMatch
    ) -> CardDecision {
        if let group = info.group, let connectorId = transaction(ofGroup: group) { return .stop(connectorId: connectorId, sameGroup: true) }
        guard info.status == .accepted else { return .refuse("\(token) not accepted: \(info.status.rawValue)") }
        guard let (connectorId, reservationId) = connectorForNewSession(chosen: chosen, sessionsBlocked: sessionsBlocked, reservation: reservation) else {
            return .refuse("\(token) accepted but no connector is free for it (in use, unavailable or reserved)")
        }
        return .authorize(connectorId: connectorId, Authorization(idToken: token, groupIdToken: info.group, reservationId: reservationId))
    }
}
