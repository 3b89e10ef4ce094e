// SetChargingProfile (Smart Charging, central system → charge point): install a charging profile
// on a connector (or, connector 0, on the station as a whole).

/// The SetChargingProfile action.
public enum SetChargingProfile {
    /// The profile and where it applies.
    public struct Request: OCPPRequest {
        public typealias Response = SetChargingProfile.Response
        public static var action: Action { .setChargingProfile }

        /// The connector the profile applies to; 0: the station as a whole (ChargePointMaxProfile,
        /// or a TxDefaultProfile for every connector).
        public var connectorId: Int
        /// The profile to install (replaces one with the same id, or the same purpose and stack level).
        public var csChargingProfiles: ChargingProfile

        /// Creates the request.
        public init(connectorId: Int, csChargingProfiles: ChargingProfile) {
            self.connectorId = connectorId
            self.csChargingProfiles = csChargingProfiles
        }
    }

    /// Whether the profile was installed (OCPP 1.6 ChargingProfileStatus).
    public enum ChargingProfileStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
        /// Smart charging (or this kind of profile) is not supported.
        case notSupported = "NotSupported"
    }

    /// The station's answer.
    public struct Response: OCPPPayload {
        public var status: ChargingProfileStatus

        /// Creates the response.
        public init(status: ChargingProfileStatus) {
            self.status = status
        }
    }
}
