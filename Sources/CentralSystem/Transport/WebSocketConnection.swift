// One open WebSocket to the central system: text frames in (fragments joined) and out (masked),
// pings every WebSocketPingInterval with a dead peer detected by a missing pong, and the close
// handshake in both directions (ours waits, bounded, for the central system's Close frame).

import NIOCore
import NIOWebSocket
import StationHAL
import Synchronization

/// A WebSocket connection carrying OCPP-J text frames. Safe to use from any isolation.
final class WebSocketConnection<C: StationClock>: FrameConnection {
    let incoming: AsyncStream<String>
    private let channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>
    private let state = State()
    private let clock: C
    /// Reads until the connection ends; its end is the end of a closing handshake.
    private let reader: Task<Void, Never>

    /// What the reader, the pinger and the senders share.
    private final class State: Sendable {
        let writer = WebSocketWriter()
        let awaitingPong = Mutex(false)
        let pinger = Mutex<Task<Void, Never>?>(nil)
        /// We sent a Close frame: the central system's Close frame answers it and is not echoed.
        let closing = Mutex(false)
    }

    /// How long our close waits for the central system's Close frame before dropping the socket.
    static var closeHandshakeTimeout: Duration { .seconds(2) }

    /// The longest message accepted (OCPP messages are far smaller).
    static var maximumMessageBytes: Int { 4 << 20 }

    init(channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, clock: C, pingInterval: Duration, log: @escaping @Sendable (String) -> Void) {
        self.channel = channel
        self.clock = clock
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        incoming = stream
        let state = self.state
        reader = Task {
            do {
                try await channel.executeThenClose { inbound, outbound in
                    state.writer.opened(outbound)
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
                            guard !state.closing.withLock({ $0 }) else { break }
                            try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData))
                        case .pong:
                            state.awaitingPong.withLock { $0 = false }
                        case .connectionClose:
                            var data = frame.unmaskedData
                            let code = data.readWebSocketErrorCode() ?? .normalClosure
                            if state.closing.withLock({ $0 }) { return }
                            log("the central system closed the WebSocket (\(code))")
                            state.writer.closed()
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
            state.writer.closed()
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
                    guard let outbound = state.writer.ifOpen else { return }
                    try? await outbound.write(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: ByteBuffer(string: "ocpp")))
                }
            }
            state.pinger.withLock { $0 = pinger }
        }
    }

    func send(_ text: String) async throws(TransportError) {
        // Once the connection is open (every send but the first ones) the writer is taken without
        // a suspension: an answer goes out on the task that made it, with no extra turn through
        // the executor.
        var writer = state.writer.ifOpen
        if writer == nil { writer = await state.writer.current() }
        guard let outbound = writer else { throw TransportError("connection closed") }
        do {
            try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text)))
        } catch {
            throw TransportError("send failed: \(error)")
        }
    }

    /// Sends a Close frame with `reason`'s code, then waits until the central system answers with
    /// its own Close frame (or drops the connection), at most `closeHandshakeTimeout`, before
    /// closing the socket: a close that just dropped the socket would look like a crash. Runs to
    /// its end also when the calling task is cancelled (shutdown is such a task).
    func close(_ reason: CloseReason) async {
        state.pinger.withLock { $0?.cancel() }
        let state = self.state, reader = self.reader, clock = self.clock, channel = self.channel.channel
        // A task of its own, so that a cancelled caller still completes the handshake.
        await Task {
            guard let outbound = await state.writer.current() else {
                try? await channel.close()
                return
            }
            // Nothing is sent after our Close frame.
            state.writer.closed()
            state.closing.withLock { $0 = true }
            var data = ByteBuffer()
            data.write(webSocketErrorCode: reason.webSocketErrorCode)
            if (try? await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data))) != nil {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await reader.value }
                    group.addTask { try? await clock.sleep(until: clock.now.advanced(by: Self.closeHandshakeTimeout), tolerance: nil) }
                    await group.next()
                    // The reader ends once the socket is closed, if it has not already.
                    try? await channel.close()
                    group.cancelAll()
                }
            }
            try? await channel.close()
        }.value
    }
}

extension CloseReason {
    /// The status code of the Close frame.
    var webSocketErrorCode: WebSocketErrorCode {
        switch self {
        case .normal: .normalClosure
        case .goingAway: .goingAway
        }
    }
}
