// CancelReservation (Reservation, central system → charge point): cancel a reservation made with
// ReserveNow.

/// The CancelReservation action.
public enum CancelReservation {
    /// The reservation to cancel.
    public struct Request: OCPPRequest {
        public typealias Response = CancelReservation.Response
        public static var action: Action { .cancelReservation }

        /// The id given in ReserveNow.
        public var reservationId: Int

        /// Creates the request.
        public init(reservationId: Int) {
            self.reservationId = reservationId
        }
    }

    /// Whether the reservation was cancelled (OCPP 1.6 CancelReservationStatus).
    public enum CancelReservationStatus: String, OCPPEnum {
        case accepted = "Accepted"
        /// No reservation with that id.
        case rejected = "Rejected"
    }

    /// The station's answer.
    public struct Response: OCPPPayload {
        public var status: CancelReservationStatus

        /// Creates the response.
        public init(status: CancelReservationStatus) {
            self.status = status
        }
    }
}
