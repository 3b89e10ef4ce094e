// Which stations a fleet process runs: the numbers of its slice of the id range (`--first`,
// `--count`, `--shard I/M`) and the charge point id of each number (`--id-template`).

/// An id template such as `SIM-{n:05}`: `{n}` is replaced by the station's number, `{n:0W}` by
/// the number padded with zeros to W digits.
public struct IdTemplate: Sendable, Equatable {
    private let prefix: String
    private let suffix: String
    private let width: Int

    /// Reads `text`; throws when it does not hold exactly one `{n}` or `{n:0W}`.
    public init(_ text: String) throws(FleetError) {
        guard let open = text.firstRange(of: "{n"), let close = text[open.upperBound...].firstIndex(of: "}") else {
            throw FleetError("id template '\(text)': expected {n} or {n:0W} where the station's number goes, e.g. SIM-{n:05}")
        }
        let format = text[open.upperBound..<close]
        if format.isEmpty {
            width = 0
        } else if format.hasPrefix(":0"), let digits = Int(format.dropFirst(2)), (1...12).contains(digits) {
            width = digits
        } else {
            throw FleetError("id template '\(text)': '{n\(format)}' is not {n} or {n:0W} with W from 1 to 12")
        }
        prefix = String(text[..<open.lowerBound])
        suffix = String(text[text.index(after: close)...])
        guard !suffix.contains("{n") else { throw FleetError("id template '\(text)': expected one {n}, found more") }
    }

    /// The charge point id of station `number`.
    public func id(_ number: Int) -> String {
        let digits = String(number)
        let padding = max(0, width - digits.count)
        return prefix + String(repeating: "0", count: padding) + digits + suffix
    }
}

/// `--shard I/M`: the I-th (0-based, the Kubernetes job index) of M disjoint slices.
public struct Shard: Sendable, Equatable {
    /// This slice, 0..<count.
    public var index: Int
    /// How many slices there are.
    public var count: Int

    /// The whole range in one slice.
    public static let whole = Shard(index: 0, count: 1)

    /// A slice; `index` must be in 0..<`count`.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `I/M`.
    public init(parsing text: String) throws(FleetError) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else {
            throw FleetError("--shard '\(text)': expected I/M with 0 <= I < M, e.g. 0/4 (I is the Kubernetes job index)")
        }
        self.init(index: index, count: count)
    }

    /// The station numbers of this slice of `first ..< first + total`: consecutive blocks whose
    /// sizes differ by at most one, so the M slices cover the range exactly once.
    public func numbers(first: Int, total: Int) -> Range<Int> {
        let lower = total * index / count, upper = total * (index + 1) / count
        return (first + lower)..<(first + upper)
    }
}

/// A fleet that cannot be set up or a fleet request that cannot be carried out.
public struct FleetError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what was expected.
    public let description: String

    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
