// ClearChargingProfile (Smart Charging, central system → charge point): remove charging profiles,
// by id or by the criteria given (no criteria: all profiles).

/// The ClearChargingProfile action.
public enum ClearChargingProfile {
    /// Which profiles to remove; the criteria combine.
    public struct Request: OCPPRequest {
        public typealias Response = ClearChargingProfile.Response
        public static var action: Action { .clearChargingProfile }

        /// The id of the profile to remove (the other criteria are then ignored).
        public var id: Int?
        /// The connector whose profiles to remove; 0: the profiles of the station as a whole.
        public var connectorId: Int?
        /// Remove only profiles with this purpose.
        public var chargingProfilePurpose: ChargingProfilePurpose?
        /// Remove only profiles with this stack level.
        public var stackLevel: Int?

        /// Creates the request.
        public init(id: Int? = nil, connectorId: Int? = nil, chargingProfilePurpose: ChargingProfilePurpose? = nil, stackLevel: Int? = nil) {
            self.id = id
            self.connectorId = connectorId
            self.chargingProfilePurpose = chargingProfilePurpose
            self.stackLevel = stackLevel
        }
    }

    /// Whether any profile matched (OCPP 1.6 ClearChargingProfileStatus).
    public enum ClearChargingProfileStatus: String, OCPPEnum {
        /// Matching profiles were removed.
        case accepted = "Accepted"
        /// No profile matched.
        case unknown = "Unknown"
    }

    /// The station's answer.
    public struct Response: OCPPPayload {
        public var status: ClearChargingProfileStatus

        /// Creates the response.
        public init(status: ClearChargingProfileStatus) {
            self.status = status
        }
    }
}
