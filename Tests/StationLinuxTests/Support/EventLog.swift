// Collects what a driver reports from its own context, for a test to inspect.

import Synchronization

/// A thread-safe list of reported values.
final class EventLog<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    /// Appends `value`.
    func append(_ value: Value) { values.withLock { $0.append(value) } }

    /// Everything so far.
    var all: [Value] { values.withLock { $0 } }

    /// How many so far.
    var count: Int { values.withLock { $0.count } }
}
