// Message delays of a fleet run, in whole milliseconds, counted in buckets instead of kept one by
// one (ten thousand stations send millions of samples in ten minutes).

import Synchronization

/// A histogram of delays: one bucket per millisecond up to a minute, then one for longer.
/// Safe to use from any thread.
final class DelayHistogram: Sendable {
    private static let buckets = 60_000
    private let counts = Mutex([Int](repeating: 0, count: DelayHistogram.buckets + 1))

    /// Counts one delay (a negative one, from clocks a millisecond apart, counts as 0).
    func record(milliseconds: Int64) {
        let bucket = Int(min(max(milliseconds, 0), Int64(Self.buckets)))
        counts.withLock { $0[bucket] += 1 }
    }

    /// Forgets every delay.
    func reset() {
        counts.withLock { $0 = [Int](repeating: 0, count: Self.buckets + 1) }
    }

    /// `{"samples":n,"p50_ms":x,"p99_ms":y,"max_ms":z}` (null percentiles when there is none;
    /// 60000 means a minute or more).
    func json() -> String {
        let counts = counts.withLock { $0 }
        let total = counts.reduce(0, +)
        func percentile(_ fraction: Double) -> String {
            guard total > 0 else { return "null" }
            let rank = min(total - 1, Int(fraction * Double(total)))
            var seen = 0
            for (bucket, count) in counts.enumerated() {
                seen += count
                if seen > rank { return String(bucket) }
            }
            return String(Self.buckets)
        }
        let maximum = counts.lastIndex { $0 > 0 }.map(String.init) ?? "null"
        return #"{"samples":\#(total),"p50_ms":\#(percentile(0.5)),"p99_ms":\#(percentile(0.99)),"max_ms":\#(maximum)}"#
    }
}
