// How much power a DC-charging EV accepts as its battery fills: flat at first, tapering towards
// full (the shape every fast-charging EV shows, to protect its cells).

import StationHAL

/// The share of its maximum power an EV accepts, by state of charge: straight lines between
/// points, flat beyond the first and last point.
public struct DCChargingCurve: Sendable, Equatable, Codable {
    /// A point of the curve.
    public struct Point: Sendable, Equatable, Codable {
        /// State of charge, percent.
        public var stateOfChargePercent: Double
        /// Accepted power as a share of the EV's maximum, 0...1.
        public var powerFraction: Double

        /// Creates a point.
        public init(stateOfChargePercent: Double, powerFraction: Double) {
            self.stateOfChargePercent = stateOfChargePercent
            self.powerFraction = powerFraction
        }
    }

    /// The points, by increasing state of charge.
    public let points: [Point]

    /// A curve through `points` (sorted here; fractions clamped to 0...1). An empty list accepts
    /// full power everywhere.
    public init(points: [Point]) {
        self.points = points
            .map { Point(stateOfChargePercent: $0.stateOfChargePercent, powerFraction: min(max($0.powerFraction, 0), 1)) }
            .sorted { $0.stateOfChargePercent < $1.stateOfChargePercent }
    }

    /// A typical 400 V EV: full power up to 50 %, then tapering to 45 % of it at 80 %, 15 % at
    /// 95 % and 5 % at 100 %.
    public static let typical = DCChargingCurve(points: [
        Point(stateOfChargePercent: 0, powerFraction: 1),
        Point(stateOfChargePercent: 50, powerFraction: 1),
        Point(stateOfChargePercent: 80, powerFraction: 0.45),
        Point(stateOfChargePercent: 95, powerFraction: 0.15),
        Point(stateOfChargePercent: 100, powerFraction: 0.05),
    ])

    /// The accepted share of maximum power at `stateOfChargePercent`.
    public func powerFraction(atStateOfCharge stateOfChargePercent: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 1 }
        if stateOfChargePercent <= first.stateOfChargePercent { return first.powerFraction }
        if stateOfChargePercent >= last.stateOfChargePercent { return last.powerFraction }
        for (low, high) in zip(points, points.dropFirst()) where stateOfChargePercent <= high.stateOfChargePercent {
            let span = high.stateOfChargePercent - low.stateOfChargePercent
            guard span > 0 else { return high.powerFraction }
            let share = (stateOfChargePercent - low.stateOfChargePercent) / span
            return low.powerFraction + share * (high.powerFraction - low.powerFraction)
        }
        return last.powerFraction
    }
}
