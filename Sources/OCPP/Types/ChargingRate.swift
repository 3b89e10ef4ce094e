// A charging rate limit in A or W with at most one decimal, as the schemas' `multipleOf: 0.1` asks.

/// A charging rate (a schedule period's `limit`, a schedule's `minChargingRate`) in the unit of
/// its schedule, a multiple of 0.1.
public struct ChargingRate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The rate in tenths of the unit; exact, so comparisons and sums do not drift.
    public var tenths: Int

    /// The rate with `tenths` tenths of the unit.
    public init(tenths: Int) { self.tenths = tenths }

    /// The rate nearest to `value` with one decimal.
    public init(_ value: Double) { tenths = Int((value * 10).rounded()) }

    public init(floatLiteral value: Double) { self.init(value) }
    public init(integerLiteral value: Int) { tenths = value * 10 }

    /// The rate as a number of the unit.
    public var value: Double { Double(tenths) / 10 }

    public var description: String {
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    public static func < (lhs: ChargingRate, rhs: ChargingRate) -> Bool { lhs.tenths < rhs.tenths }

    public init(from decoder: any Decoder) throws {
        let number = try decoder.singleValueContainer().decode(Double.self)
        let scaled = number * 10
        guard abs(scaled) < 1e15, abs(scaled - scaled.rounded()) < 1e-6 else {
            throw PayloadError(.invalidValue("must be a multiple of 0.1, found \(number)"), codingPath: decoder.codingPath)
        }
        tenths = Int(scaled.rounded())
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(JSONNumberLiteral(description))
    }
}

/// A number to be written exactly as the given literal.
struct JSONNumberLiteral: Encodable {
    let literal: String
    init(_ literal: String) { self.literal = literal }
    func encode(to encoder: any Encoder) throws {
        guard let encoder = encoder as? PayloadEncoder else {
            var container = encoder.singleValueContainer()
            try container.encode(Double(literal) ?? 0)
            return
        }
        encoder.storage.content = .value(.number(literal))
    }
}
