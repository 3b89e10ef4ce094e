// One open WebSocket to the central system: text frames in (fragments joined) and out (masked),
// pings every WebSocketPingInterval with a dead peer detected by a missing pong, and the close
// handshake in both directions.

import NIOCore
import NIOWebSocket
import StationHAL
import Synchronization

/// A WebSocket connection carrying OCPP-J text frames. Safe to use from any isolation.
final class WebSocketConnection<C: StationClock>: FrameConnection {
    let incoming: AsyncStream<String>
    private let channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>
    private let state = State()

    /// What the reader, the pinger and the senders share.
    private final class State: Sendable {
        let writer = Mutex<NIOAsyncChannelOutboundWriter<WebSocketFrame>?>(nil)
        let awaitingPong = Mutex(false)
        let pinger = Mutex<Task<Void, Never>?>(nil)
    }

    /// The longest message accepted (OCPP messages are far smaller).
    static var maximumMessageBytes: Int { 4 << 20 }

    init(channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, clock: C, pingInterval: Duration, log: @escaping @Sendable (String) -> Void) {
        self.channel = channel
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        incoming = stream
        let state = self.state
        Task {
            do {
                try await channel.executeThenClose { inbound, outbound in
                    state.writer.withLock { $0 = outbound }
                    var message: [UInt8] = []
                    var collecting = false
                    for try await frame in inbound {
                        switch frame.opcode {
                        case .text where frame.fin:
                            continuation.yield(String(decoding: frame.unmaskedData.readableBytesView, as: UTF8.self))
                        case .text:
                            message = Array(frame.unmaskedData.readableBytesView)
                            collecting = true
                        case .continuation where collecting:
                            message += frame.unmaskedData.readableBytesView
                            if message.count > Self.maximumMessageBytes {
                                log("incoming message longer than \(Self.maximumMessageBytes) bytes; closing")
                                return
                            }
                            if frame.fin {
                                continuation.yield(String(decoding: message, as: UTF8.self))
                                message = []
                                collecting = false
                            }
                        case .ping:
                            try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData))
                        case .pong:
                            state.awaitingPong.withLock { $0 = false }
                        case .connectionClose:
                            var data = frame.unmaskedData
                            let code = data.readWebSocketErrorCode() ?? .normalClosure
                            log("the central system closed the WebSocket (\(code))")
                            var reply = ByteBuffer()
                            reply.write(webSocketErrorCode: code)
                            try? await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: reply))
                            return
                        case .binary:
                            log("binary WebSocket frame ignored (OCPP-J uses text frames)")
                        default:
                            break
                        }
                    }
                }
            } catch {
                log("WebSocket closed: \(error)")
            }
            state.writer.withLock { $0 = nil }
            state.pinger.withLock { $0?.cancel() }
            continuation.finish()
        }
        if pingInterval > .zero {
            let nioChannel = channel.channel
            let pinger = Task {
                while !Task.isCancelled {
                    do {
                        try await clock.sleep(until: clock.now.advanced(by: pingInterval), tolerance: nil)
                    } catch {
                        return
                    }
                    let unanswered = state.awaitingPong.withLock { pending -> Bool in
                        defer { pending = true }
                        return pending
                    }
                    if unanswered {
                        log("no pong within \(pingInterval); the central system is gone, closing the connection")
                        try? await nioChannel.close()
                        return
                    }
                    guard let outbound = state.writer.withLock({ $0 }) else { return }
                    try? await outbound.write(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: ByteBuffer(string: "ocpp")))
                }
            }
            state.pinger.withLock { $0 = pinger }
        }
    }

    func send(_ text: String) async throws(TransportError) {
        guard let outbound = state.writer.withLock({ $0 }) else { throw TransportError("connection closed") }
        do {
            try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text)))
        } catch {
            throw TransportError("send failed: \(error)")
        }
    }

    func close() async {
        if let outbound = state.writer.withLock({ $0 }) {
            var data = ByteBuffer()
            data.write(webSocketErrorCode: .normalClosure)
            try? await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data))
        }
        state.pinger.withLock { $0?.cancel() }
        try? await channel.channel.close()
    }
}
