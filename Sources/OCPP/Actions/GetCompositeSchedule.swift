// GetCompositeSchedule (Smart Charging, central system → charge point): ask for the schedule that
// results from all active profiles of a connector over a duration.

/// The GetCompositeSchedule action.
public enum GetCompositeSchedule {
    /// The connector and the time span of the schedule.
    public struct Request: OCPPRequest {
        public typealias Response = GetCompositeSchedule.Response
        public static var action: Action { .getCompositeSchedule }

        /// The connector; 0: the expected consumption of the station as a whole.
        public var connectorId: Int
        /// Seconds from now the schedule should cover.
        public var duration: Int
        /// The unit to express the schedule in; absent: the station chooses.
        public var chargingRateUnit: ChargingRateUnit?

        /// Creates the request.
        public init(connectorId: Int, duration: Int, chargingRateUnit: ChargingRateUnit? = nil) {
            self.connectorId = connectorId
            self.duration = duration
            self.chargingRateUnit = chargingRateUnit
        }
    }

    /// Whether the schedule could be computed (OCPP 1.6 GetCompositeScheduleStatus).
    public enum GetCompositeScheduleStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
    }

    /// The composite schedule, when accepted.
    public struct Response: OCPPPayload {
        public var status: GetCompositeScheduleStatus
        /// The connector the schedule is for.
        public var connectorId: Int?
        /// When the schedule starts (the periods' startPeriod counts from here).
        public var scheduleStart: Timestamp?
        /// The composite schedule.
        public var chargingSchedule: ChargingSchedule?

        /// Creates the response.
        public init(
            status: GetCompositeScheduleStatus, connectorId: Int? = nil, scheduleStart: Timestamp? = nil,
            chargingSchedule: ChargingSchedule? = nil
        ) {
            self.status = status
            self.connectorId = connectorId
            self.scheduleStart = scheduleStart
            self.chargingSchedule = chargingSchedule
        }
    }
}
