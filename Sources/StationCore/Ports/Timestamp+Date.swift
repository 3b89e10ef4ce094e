// OCPP timestamps from the clocks' wall time: the one place a `Date` becomes a `Timestamp`, so
// that the wire target (OCPP) depends on the standard library alone.

public import FoundationEssentials
public import OCPP

extension Timestamp {
    /// The instant of `date`, rounded to the millisecond.
    public init(_ date: Date) {
        self.init(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000) }
}
