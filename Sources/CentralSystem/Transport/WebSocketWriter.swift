// The sending side of one WebSocket: available once the channel's reader has started (a frame
// sent or a close asked for before then waits for it), and let go for good when the station sends
// its Close frame or the connection ends.

import NIOCore
import NIOWebSocket
import Synchronization

/// Hands out the channel's outbound writer. Safe to use from any isolation.
final class WebSocketWriter: Sendable {
    typealias Outbound = NIOAsyncChannelOutboundWriter<WebSocketFrame>

    private enum Phase {
        /// The reader has not started yet: these wait for the writer.
        case starting([CheckedContinuation<Outbound?, Never>])
        case open(Outbound)
        /// Nothing more is written.
        case closed
    }

    private let phase = Mutex<Phase>(.starting([]))

    /// The reader started: frames may be written.
    func opened(_ outbound: Outbound) {
        let waiting = phase.withLock { phase -> [CheckedContinuation<Outbound?, Never>] in
            guard case .starting(let waiting) = phase else { return [] }
            phase = .open(outbound)
            return waiting
        }
        for waiter in waiting { waiter.resume(returning: outbound) }
    }

    /// Nothing more is written (our Close frame goes out next, or the connection ended).
    func closed() {
        let waiting = phase.withLock { phase -> [CheckedContinuation<Outbound?, Never>] in
            defer { phase = .closed }
            guard case .starting(let waiting) = phase else { return [] }
            return waiting
        }
        for waiter in waiting { waiter.resume(returning: nil) }
    }

    /// The writer, once the connection has started; nil when it is closed.
    func current() async -> Outbound? {
        await withCheckedContinuation { continuation in
            let now = phase.withLock { phase -> Outbound?? in
                switch phase {
                case .starting(var waiting):
                    waiting.append(continuation)
                    phase = .starting(waiting)
                    return .none
                case .open(let outbound):
                    return .some(outbound)
                case .closed:
                    return .some(nil)
                }
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// The writer if the connection is open now, without waiting.
    var ifOpen: Outbound? {
        phase.withLock { phase in
            if case .open(let outbound) = phase { outbound } else { nil }
        }
    }
}
