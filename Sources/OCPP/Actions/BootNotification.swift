// BootNotification (Core, charge point → central system): the station registers after every boot.

/// The BootNotification action.
public enum BootNotification {
    /// The station's identity and versions.
    public struct Request: OCPPRequest {
        public typealias Response = BootNotification.Response
        public static var action: Action { .bootNotification }

        public var chargePointVendor: CiString<20>
        public var chargePointModel: CiString<20>
        public var chargePointSerialNumber: CiString<25>?
        public var chargeBoxSerialNumber: CiString<25>?
        public var firmwareVersion: CiString<50>?
        public var iccid: CiString<20>?
        public var imsi: CiString<20>?
        public var meterType: CiString<25>?
        public var meterSerialNumber: CiString<25>?

        /// Creates the request.
        public init(
            chargePointVendor: CiString<20>, chargePointModel: CiString<20>, chargePointSerialNumber: CiString<25>? = nil,
            chargeBoxSerialNumber: CiString<25>? = nil, firmwareVersion: CiString<50>? = nil, iccid: CiString<20>? = nil,
            imsi: CiString<20>? = nil, meterType: CiString<25>? = nil, meterSerialNumber: CiString<25>? = nil
        ) {
            self.chargePointVendor = chargePointVendor
            self.chargePointModel = chargePointModel
            self.chargePointSerialNumber = chargePointSerialNumber
            self.chargeBoxSerialNumber = chargeBoxSerialNumber
            self.firmwareVersion = firmwareVersion
            self.iccid = iccid
            self.imsi = imsi
            self.meterType = meterType
            self.meterSerialNumber = meterSerialNumber
        }
    }

    /// Whether the central system accepts the station (OCPP 1.6 RegistrationStatus).
    public enum RegistrationStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case pending = "Pending"
        case rejected = "Rejected"
    }

    /// The central system's decision, its clock and the interval to use.
    public struct Response: OCPPPayload {
        public var status: RegistrationStatus
        /// The central system's current time.
        public var currentTime: Timestamp
        /// Accepted: the heartbeat interval in seconds; otherwise the wait before the next boot.
        public var interval: Int

        /// Creates the response.
        public init(status: RegistrationStatus, currentTime: Timestamp, interval: Int) {
            self.status = status
            self.currentTime = currentTime
            self.interval = interval
        }
    }
}
