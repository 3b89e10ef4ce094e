// A measurement of CSMS-initiated CALLs: N calls to one station, one at a time, each timed from
// the CSMS's write to the receipt of its answer (for TriggerMessage: of the answer and of the
// message it triggered, whichever comes last).

import NIOCore

/// The CALL a probe sends.
enum ProbeKind: String, Sendable {
    /// `GetConfiguration` for one key.
    case getConfiguration = "getconfiguration"
    /// `TriggerMessage` for a Heartbeat; done when the Heartbeat has arrived too.
    case trigger

    var frameAction: String { self == .getConfiguration ? "GetConfiguration" : "TriggerMessage" }
    var payload: String { self == .getConfiguration ? #"{"key":["HeartbeatInterval"]}"# : #"{"requestedMessage":"Heartbeat"}"# }
}

/// One running probe, owned by a session on its event loop.
struct CallProbe {
    let kind: ProbeKind
    let count: Int
    let promise: EventLoopPromise<[UInt64]>
    /// Latencies in nanoseconds so far.
    var latencies: [UInt64] = []
    /// The id and send time of the call in flight.
    var messageId = ""
    var sentAt: UInt64 = 0
    var answered = false
    var triggered = false

    init(kind: ProbeKind, count: Int, promise: EventLoopPromise<[UInt64]>) {
        self.kind = kind
        self.count = count
        self.promise = promise
        latencies.reserveCapacity(count)
    }

    /// The next CALL frame to send, with its id; nil when the probe is done.
    mutating func next(now: UInt64) -> String? {
        guard latencies.count < count else { return nil }
        messageId = "probe-\(latencies.count)"
        sentAt = now
        answered = false
        triggered = false
        return #"[2,"\#(messageId)","\#(kind.frameAction)",\#(kind.payload)]"#
    }

    /// The answer to `id` arrived; true when the current call is complete.
    mutating func answer(_ id: String, at time: UInt64) -> Bool {
        guard id == messageId, !answered else { return false }
        answered = true
        return complete(at: time)
    }

    /// A Heartbeat arrived; true when it completes a TriggerMessage call.
    mutating func heartbeat(at time: UInt64) -> Bool {
        guard kind == .trigger, !messageId.isEmpty, !triggered else { return false }
        triggered = true
        return complete(at: time)
    }

    private mutating func complete(at time: UInt64) -> Bool {
        guard answered, kind == .getConfiguration || triggered else { return false }
        latencies.append(time - sentAt)
        return true
    }
}

/// Percentiles of a probe's latencies, as the JSON line the CSMS prints.
func probeReport(_ kind: ProbeKind, station: String, _ latencies: [UInt64]) -> String {
    let sorted = latencies.sorted()
    func microseconds(_ fraction: Double) -> String {
        guard !sorted.isEmpty else { return "null" }
        let value = sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]
        return String(Double(value / 100) / 10)
    }
    return #"{"probe":"\#(kind.rawValue)","id":"\#(station)","count":\#(sorted.count),"p50_us":\#(microseconds(0.5)),"p99_us":\#(microseconds(0.99)),"p999_us":\#(microseconds(0.999))}"#
}
