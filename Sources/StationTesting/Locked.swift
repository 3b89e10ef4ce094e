// A value behind a lock that closures can share (Mutex itself cannot be captured: it is
// non-copyable).

import Synchronization

/// A lock-protected value with reference semantics. Safe to use from any isolation.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// A lock around `value`.
    public init(_ value: Value) { mutex = Mutex(value) }

    /// Runs `body` with the value locked.
    public func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }

    /// The value now.
    public var value: Value { mutex.withLock { $0 } }
}
