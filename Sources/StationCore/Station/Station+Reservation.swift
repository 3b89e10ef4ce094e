// Routing of the Reservation profile: ReserveNow and CancelReservation go to the
// ReservationService, which decides; the station persists the change before answering and
// performs the service's actions (connector holds, expiry timers on the injected clock).

import ChargingCore
import OCPP

extension Station {
    /// What the reservation decisions need to know of the station now.
    var reservationContext: ReservationService.Context {
        ReservationService.Context(
            charger: charger,
            connectorZeroSupported: configuration.bool(.reserveConnectorZeroSupported), rebootPending: reboot.isPending, now: now
        )
    }

    func reserveNow(_ request: ReserveNow.Request) -> Answer {
        let (status, updated) = reservations.decide(request, in: reservationContext)
        guard let updated else {
            log("ReserveNow \(request.reservationId) on connector \(request.connectorId): \(status.rawValue)")
            return .payload(ReserveNow.Response(status: status))
        }
        do {
            try store.saveDocument(.reservations, ReservationService.document(updated))
        } catch {
            log("ReserveNow \(request.reservationId) rejected: the reservation could not be saved: \(error)")
            return .payload(ReserveNow.Response(status: .rejected))
        }
        perform(reservations.apply(request))
        return .payload(ReserveNow.Response(status: .accepted))
    }

    func cancelReservation(_ request: CancelReservation.Request) -> Answer {
        guard reservations.contains(request.reservationId) else { return .payload(CancelReservation.Response(status: .rejected)) }
        endReservation(request.reservationId, why: "cancelled by the central system")
        return .payload(CancelReservation.Response(status: .accepted))
    }

    /// The reservation `idTag` (with parent `parentIdTag`) may use on `connectorId`.
    func reservationCheck(connectorId: Int, idTag: IdToken, parentIdTag: IdToken?) -> ReservationService.Check {
        reservations.check(connectorId: connectorId, idTag: idTag, parentIdTag: parentIdTag, in: reservationContext)
    }

    /// A transaction started with reservation `reservationId`: the reservation is used up.
    func reservationUsed(_ reservationId: Int?) {
        guard let reservationId, reservations.contains(reservationId) else { return }
        endReservation(reservationId, why: "used by a transaction")
    }

    /// Holds the persisted reservations again after a (re)boot, ending those that expired.
    func restoreReservations() {
        let (held, expired) = reservations.restore(now: now)
        perform(held)
        for id in expired { endReservation(id, why: "expired while the station was off") }
    }

    func reservationExpired(_ reservationId: Int) {
        guard reservations.contains(reservationId) else { return }
        endReservation(reservationId, why: "expired")
    }

    private func endReservation(_ reservationId: Int, why: String) {
        do {
            try store.saveDocument(.reservations, ReservationService.document(reservations.without(reservationId)))
        } catch {
            log("reservation \(reservationId) ended (\(why)) but the change could not be saved: \(error)")
        }
        perform(reservations.end(reservationId, why: why))
    }

    private func perform(_ actions: [ReservationService.Action]) {
        for action in actions {
            switch action {
            case .hold(let connectorId, let reserved): _ = connectors[connectorId - 1].handle(.reservationChanged(reserved))
            case .expire(let id, let expiry):
                let milliseconds = expiry.millisecondsSince1970 - now.millisecondsSince1970
                startTimer(.reservationExpiry(reservationId: id), after: .milliseconds(max(0, milliseconds)))
            case .cancelExpiry(let id): cancelTimer(.reservationExpiry(reservationId: id))
            case .log(let line): log(line)
            }
        }
    }
}
