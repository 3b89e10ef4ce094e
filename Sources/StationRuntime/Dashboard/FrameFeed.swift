// The OCPP frames of one station as they happen, classified and correlated (a CALL with its
// answer): kept in a ring for a browser that connects late, handed to the live-log streams, and
// counted by the metrics. Fed by the link's traffic hook.

public import OCPP
import Synchronization

/// The classified frames of one station. Safe to use from any isolation.
public final class FrameFeed: Sendable {
    private struct PendingCall {
        let action: String
        let since: Duration
    }

    private struct State {
        var nextSequence = 1
        var recent: [ObservedFrame] = []
        /// CALLs not answered yet, by (direction they went, message id).
        var pending: [String: PendingCall] = [:]
        var subscribers: [Int: AsyncStream<ObservedFrame>.Continuation] = [:]
        var nextSubscriber = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let now: @Sendable () -> Timestamp
    private let uptime: @Sendable () -> Duration
    private let metrics: StationMetrics?

    /// A feed keeping the last `capacity` frames. `now` stamps frames; `uptime` is a monotonic
    /// reading that round trips are measured on; `metrics` counts every frame.
    public init(
        capacity: Int = 500, metrics: StationMetrics?, now: @escaping @Sendable () -> Timestamp,
        uptime: @escaping @Sendable () -> Duration = { ContinuousClock.now - FrameFeed.origin }
    ) {
        self.capacity = capacity
        self.metrics = metrics
        self.now = now
        self.uptime = uptime
    }

    /// The instant the default `uptime` is measured from.
    public static let origin = ContinuousClock.now

    /// Records a frame the station sent (`sent`) or received.
    public func record(sent: Bool, text: String) {
        let (kind, messageId, action, errorCode) = ObservedFrame.classify(text)
        let timestamp = now(), instant = uptime()
        let (frame, subscribers) = state.withLock { state -> (ObservedFrame, [AsyncStream<ObservedFrame>.Continuation]) in
            var frame = ObservedFrame(
                sequence: state.nextSequence, timestamp: timestamp, sent: sent, kind: kind, messageId: messageId, action: action,
                errorCode: errorCode, roundTrip: nil, text: text
            )
            state.nextSequence += 1
            if let messageId {
                switch kind {
                case .call:
                    // Remembered under the direction the answer will come from.
                    if let action { state.pending[Self.key(answerSent: !sent, messageId)] = PendingCall(action: action, since: instant) }
                case .callResult, .callError:
                    if let call = state.pending.removeValue(forKey: Self.key(answerSent: sent, messageId)) {
                        frame.action = call.action
                        frame.roundTrip = instant - call.since
                    }
                case .unreadable: break
                }
            }
            // A CALL never answered must not hold memory forever.
            if state.pending.count > 1000 { state.pending.removeAll() }
            if capacity > 0 {
                if state.recent.count >= capacity {
                    state.recent.removeFirst(state.recent.count - capacity + 1)
                } else if state.recent.count == state.recent.capacity {
                    // Grown by doubling, but never past `capacity`: appending alone would take the
                    // next power of two (32 slots of ~110 bytes for a fleet station's 20).
                    state.recent.reserveCapacity(min(capacity, max(4, state.recent.count * 2)))
                }
                state.recent.append(frame)
            }
            return (frame, Array(state.subscribers.values))
        }
        metrics?.observe(frame)
        for subscriber in subscribers { subscriber.yield(frame) }
    }

    /// The last `limit` frames, oldest first.
    public func recent(_ limit: Int) -> [ObservedFrame] {
        state.withLock { Array($0.recent.suffix(max(0, limit))) }
    }

    /// The frames kept now (the last `backlog` of them) followed by every frame recorded from now
    /// on, until the consumer stops iterating. A slow consumer loses the oldest frames beyond
    /// `capacity`, never blocks the link.
    public func subscribe(backlog: Int) -> AsyncStream<ObservedFrame> {
        let (stream, continuation) = AsyncStream.makeStream(of: ObservedFrame.self, bufferingPolicy: .bufferingNewest(capacity))
        let id = state.withLock { state in
            for frame in state.recent.suffix(max(0, backlog)) { continuation.yield(frame) }
            defer { state.nextSubscriber += 1 }
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every live stream (at shutdown, so that the HTTP server can finish its requests).
    public func finish() {
        let subscribers = state.withLock { state in
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    private static func key(answerSent: Bool, _ messageId: String) -> String {
        (answerSent ? "s:" : "r:") + messageId
    }
}
