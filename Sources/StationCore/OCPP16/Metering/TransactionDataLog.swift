// StopTransaction's transactionData while its transaction runs: the first value, the samples
// after it thinned evenly to stay within a count and a byte budget, and the Transaction.End value.

public import OCPP

/// The meter values a transaction's StopTransaction will carry, bounded while the transaction
/// runs. A value type; the Station actor holds one per running transaction.
///
/// Decision: the MAXERO-200QC's StopTransactionMaxMeterValues is 2147483647, so a transaction's
/// StopTransaction carries its whole span, from Transaction.Begin to Transaction.End. A long
/// session would make that one frame as large as the session is long (a day at the default 20 s
/// sampling is 4,320 values), and a CSMS closes the connection on a message larger than it
/// accepts, which would block the transaction queue behind it. So whatever the key says, the
/// values take at most ``maximumBytes`` of JSON text: the first value (Transaction.Begin) and the
/// last (Transaction.End) are always kept, and the samples between them are thinned evenly over
/// the whole transaction (every 2nd, then every 4th... sample), never cut to the latest ones. The
/// same thinning applies when StopTransactionMaxMeterValues is lower than what was recorded.
public struct TransactionDataLog: Sendable, Equatable {
    /// The most bytes the transactionData array takes as JSON text. The rest of a StopTransaction
    /// frame is under 400 bytes, so the whole frame stays below 8 KiB: the smallest message limit
    /// among common CSMS servers (Tomcat's default text buffer, which Spring-based servers keep
    /// unless raised; AWS API Gateway takes 32 KB frames, Jetty 64 KiB, python `websockets`
    /// 1 MiB). A message over the limit closes the connection, and a StopTransaction that can
    /// never be delivered would hold up every transaction message after it. Ten minutes
    /// at the default 20 s sampling of Energy.Active.Import.Register (about 180 bytes a value)
    /// keep every sample, an hour every 8th; twelve hours of five measurands (about 660 bytes a
    /// value) keep every 256th, one value every 85 minutes.
    public static let maximumBytes = 7_680

    /// A kept value with its JSON size and its position among the samples after the first.
    private struct Entry: Sendable, Equatable {
        var value: MeterValue
        var bytes: Int
        var number: Int
    }

    /// The byte budget of this log.
    public let byteBudget: Int
    private var first: Entry?
    private var samples: [Entry] = []
    private var end: Entry?
    /// Samples after the first that were recorded, kept or not.
    private var recorded = 0
    /// Only samples whose number is a multiple of the stride are kept.
    private var stride = 1

    /// An empty log whose values take at most `byteBudget` bytes of JSON text.
    public init(byteBudget: Int = Self.maximumBytes) {
        self.byteBudget = byteBudget
    }

    /// Whether nothing was recorded.
    public var isEmpty: Bool { first == nil && end == nil }

    /// Records `value`, sampled with `context`: Transaction.End is kept as the last value; any
    /// other value after the first is a sample, thinned when the samples kept would exceed
    /// `maximumValues` (StopTransactionMaxMeterValues) or the budget, with room left for the end.
    public mutating func record(_ value: MeterValue, context: ReadingContext, maximumValues: Int) {
        let entry = Entry(value: value, bytes: Self.size(of: value), number: 0)
        if context == .transactionEnd {
            end = entry
            return
        }
        guard first != nil else {
            first = entry
            return
        }
        recorded += 1
        guard recorded % stride == 0 else { return }
        samples.append(Entry(value: value, bytes: entry.bytes, number: recorded))
        // Room is kept for the end value, taken to be as large as this sample, so that closing
        // the log rarely has to thin again.
        Self.thin(&samples, stride: &stride, fixed: [first, entry], maximumValues: maximumValues, byteBudget: byteBudget)
    }

    /// The transactionData: the first value, the kept samples and the end value, within
    /// `maximumValues` values and the byte budget (the first and the end value always stay).
    public func meterValues(maximumValues: Int) -> [MeterValue] {
        var kept = samples
        var stride = stride
        Self.thin(&kept, stride: &stride, fixed: [first, end], maximumValues: maximumValues, byteBudget: byteBudget)
        return ([first] + kept.map(Optional.some) + [end]).compactMap { $0?.value }
    }

    /// The bytes `values` take as a JSON array.
    public static func encodedSize(of values: [MeterValue]) -> Int {
        values.isEmpty ? 2 : 1 + values.reduce(0) { $0 + size(of: $1) + 1 }
    }

    /// Doubles `stride` and keeps the samples on it until the samples and the `fixed` values fit
    /// `maximumValues` and `byteBudget`.
    private static func thin(_ samples: inout [Entry], stride: inout Int, fixed: [Entry?], maximumValues: Int, byteBudget: Int) {
        let fixedEntries = fixed.compactMap { $0 }
        // A JSON array: the brackets, and each value followed by a comma (one too many: the
        // closing bracket's place).
        let fixedBytes = 1 + fixedEntries.reduce(0) { $0 + $1.bytes + 1 }
        var bytes = fixedBytes + samples.reduce(0) { $0 + $1.bytes + 1 }
        while !samples.isEmpty, fixedEntries.count + samples.count > maximumValues || bytes > byteBudget {
            stride *= 2
            samples.removeAll { $0.number % stride != 0 }
            bytes = fixedBytes + samples.reduce(0) { $0 + $1.bytes + 1 }
        }
    }

    private static func size(of value: MeterValue) -> Int {
        var text: [UInt8] = []
        JSONWriter.write(FrameEncoder.payload(value), into: &text)
        return text.count
    }
}
