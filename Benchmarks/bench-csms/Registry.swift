// What the benchmark CSMS shares between its event loops and its command reader: the connected
// stations by charge point id, fleet counters, and the one writer of stdout lines.

import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// CLOCK_MONOTONIC in nanoseconds: the clock of every time the CSMS reports (python's
/// `time.monotonic_ns()` reads the same clock, so a driver can compare the two).
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// The connected stations and the counters. Safe to use from any thread.
final class Registry: Sendable {
    private let sessions = Mutex<[String: NIOLoopBound<StationSession>]>([:])
    private let output = Mutex(())
    /// Stations connected now, stations that ever sent a BootNotification, frames received.
    let connected = Atomic<Int>(0)
    let booted = Atomic<Int>(0)
    let frames = Atomic<Int>(0)
    /// The fleet run's books: boots, transactions matched, meter values in order, delays.
    let ledger = TransactionLedger()
    /// Whether each station's connection, boot and Available statuses are printed as events.
    let printsEvents: Bool

    init(printsEvents: Bool) {
        self.printsEvents = printsEvents
    }

    func add(_ id: String, _ session: NIOLoopBound<StationSession>) {
        sessions.withLock { $0[id] = session }
        connected.add(1, ordering: .relaxed)
    }

    /// Forgets the station, unless another connection with its id replaced it.
    func remove(_ id: String, _ session: StationSession) {
        sessions.withLock { all in
            if let current = all[id], current.eventLoop.inEventLoop, current.value === session { all[id] = nil }
        }
        connected.subtract(1, ordering: .relaxed)
    }

    /// The session of the station `id`, to use on its event loop.
    func session(_ id: String) -> NIOLoopBound<StationSession>? {
        sessions.withLock { $0[id] }
    }

    /// Writes one line to stdout at once. With `write(2)`, not stdio: flushing stdio's stdout
    /// could wait for the lock of stdin, which the command reader holds while it waits for a line.
    func line(_ text: String) {
        var bytes = Array((text + "\n").utf8)
        output.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Prints an event line with the time it happened, when events are on.
    func event(_ name: String, station: String, at time: UInt64, _ extra: String = "") {
        guard printsEvents else { return }
        line(#"{"event":"\#(name)","id":"\#(station)","t":\#(time)\#(extra)}"#)
    }
}
