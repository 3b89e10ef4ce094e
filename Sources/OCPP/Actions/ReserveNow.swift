// ReserveNow (Reservation, central system → charge point): reserve a connector (or, connector 0,
// the station) for an idTag until an expiry date.

/// The ReserveNow action.
public enum ReserveNow {
    /// The reservation to make.
    public struct Request: OCPPRequest {
        public typealias Response = ReserveNow.Response
        public static var action: Action { .reserveNow }

        /// The connector to reserve; 0: any connector of the station.
        public var connectorId: Int
        /// When the reservation ends.
        public var expiryDate: Timestamp
        /// The identifier the connector is reserved for.
        public var idTag: IdToken
        /// A parent identifier whose children may also use the reservation.
        public var parentIdTag: IdToken?
        /// The reservation's id (a new id, or an existing one to replace that reservation).
        public var reservationId: Int

        /// Creates the request.
        public init(connectorId: Int, expiryDate: Timestamp, idTag: IdToken, parentIdTag: IdToken? = nil, reservationId: Int) {
            self.connectorId = connectorId
            self.expiryDate = expiryDate
            self.idTag = idTag
            self.parentIdTag = parentIdTag
            self.reservationId = reservationId
        }
    }

    /// The outcome of a reservation (OCPP 1.6 ReservationStatus).
    public enum ReservationStatus: String, OCPPEnum {
        case accepted = "Accepted"
        /// The connector (or station) is faulted.
        case faulted = "Faulted"
        /// The connector is occupied or already reserved.
        case occupied = "Occupied"
        /// The station does not accept reservations (or not on connector 0).
        case rejected = "Rejected"
        /// The connector (or station) is unavailable.
        case unavailable = "Unavailable"
    }

    /// Whether the reservation was made.
    public struct Response: OCPPPayload {
        public var status: ReservationStatus

        /// Creates the response.
        public init(status: ReservationStatus) {
            self.status = status
        }
    }
}
