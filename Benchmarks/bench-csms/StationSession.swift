// One station's WebSocket on the benchmark CSMS: answers its CALLs at once from fixed payloads,
// counts what arrived and when, reports boot and Available as events, and runs call probes.

import NIOCore
import NIOWebSocket

/// What arrived of one action: how many, the first arrival and the last answer (monotonic ns).
struct ActionTally {
    var count = 0
    var first: UInt64 = 0
    var lastAnswered: UInt64 = 0
}

/// The channel handler of one station's connection. Used on its event loop only.
final class StationSession: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    let chargePointId: String
    let registry: Registry
    let answers: Answers
    var tallies: [String: ActionTally] = [:]
    var transactionIds = 0
    var booted = false
    var probe: CallProbe?
    var context: ChannelHandlerContext?
    /// A text message split into fragments, being joined.
    var fragments: ByteBuffer?

    init(chargePointId: String, registry: Registry, answers: Answers) {
        self.chargePointId = chargePointId
        self.registry = registry
        self.answers = answers
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        registry.add(chargePointId, NIOLoopBound(self, eventLoop: context.eventLoop))
        registry.event("connected", station: chargePointId, at: monotonicNanoseconds())
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        registry.remove(chargePointId, self)
        probe?.promise.fail(ChannelError.ioOnClosedChannel)
        probe = nil
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text where frame.fin:
            received(frame.unmaskedData, context: context)
        case .text:
            fragments = frame.unmaskedData
        case .continuation:
            var data = frame.unmaskedData
            fragments?.writeBuffer(&data)
            if frame.fin, let whole = fragments {
                fragments = nil
                received(whole, context: context)
            }
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: frame.unmaskedData))).whenComplete { _ in
                channel.close(promise: nil)
            }
        default:
            break
        }
    }

    private func received(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        let now = monotonicNanoseconds()
        registry.frames.add(1, ordering: .relaxed)
        buffer.withUnsafeReadableBytes { bytes in
            switch FrameScanner.scan(bytes) {
            case .call(let id, let action, let payload):
                if action == "StartTransaction" {
                    transactionIds = registry.ledger.start(chargePointId, payload: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[payload]), as: UTF8.self))
                }
                if action == "StopTransaction" { registry.ledger.stop(PayloadFields.integer(bytes, payload, key: "transactionId")) }
                if action == "MeterValues" {
                    let samples = PayloadFields.times(bytes, payload, key: "timestamp")
                    registry.ledger.meterValues(PayloadFields.integer(bytes, payload, key: "transactionId"), samples: samples, arrival: PayloadFields.wallMilliseconds())
                }
                write(answers.frame(id: id, action: action, transactionId: transactionIds), context: context)
                let answered = monotonicNanoseconds()
                tallies[action, default: ActionTally()].count += 1
                if tallies[action]!.count == 1 { tallies[action]!.first = now }
                tallies[action]!.lastAnswered = answered
                if action == "BootNotification", !booted {
                    booted = true
                    registry.booted.add(1, ordering: .relaxed)
                    registry.ledger.boot(chargePointId, at: now)
                    registry.event("boot", station: chargePointId, at: now)
                }
                if action == "StatusNotification", FrameScanner.contains(bytes, payload, #""status":"Available""#) {
                    registry.event("available", station: chargePointId, at: now)
                }
                if action == "Heartbeat", probe?.heartbeat(at: now) == true { probeStep(context: context) }
            case .callResult(let id), .callError(let id):
                if probe?.answer(id, at: now) == true { probeStep(context: context) }
            case nil:
                registry.line(#"{"warning":"unreadable frame from \#(chargePointId)"}"#)
            }
        }
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: text)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
    }

    /// Starts a probe of `count` calls; its latencies complete `promise`. Call on the event loop.
    func startProbe(_ kind: ProbeKind, count: Int, promise: EventLoopPromise<[UInt64]>) {
        guard let context, probe == nil else {
            promise.fail(ChannelError.inappropriateOperationForState)
            return
        }
        probe = CallProbe(kind: kind, count: count, promise: promise)
        probeStep(context: context)
    }

    private func probeStep(context: ChannelHandlerContext) {
        guard var running = probe else { return }
        if let frame = running.next(now: monotonicNanoseconds()) {
            probe = running
            write(frame, context: context)
        } else {
            probe = nil
            running.promise.succeed(running.latencies)
        }
    }

    /// What arrived so far, as the JSON line of the `stats` command.
    func statsLine() -> String {
        let actions = tallies.sorted { $0.key < $1.key }.map { #""\#($0.key)":{"count":\#($0.value.count),"first":\#($0.value.first),"last_answered":\#($0.value.lastAnswered)}"# }
        return #"{"stats":"\#(chargePointId)","actions":{\#(actions.joined(separator: ","))}}"#
    }
}
