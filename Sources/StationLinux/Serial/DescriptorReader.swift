// Receives bytes from a file descriptor without polling: a dispatch read source wakes on data
// (epoll underneath) and buffers it; readers await the buffer. Shared by both serial ports.

import Dispatch
import Synchronization

/// Buffers what arrives on a descriptor and hands it to one awaiting reader at a time.
/// Safe to use from any isolation.
final class DescriptorReader: Sendable {
    /// What one non-blocking read of the descriptor gave.
    enum Chunk: Sendable {
        case bytes([UInt8])
        case nothing
        case endOfFile
        case failed(String)
    }

    private struct State {
        var buffer: [UInt8] = []
        var failure: SerialPortError?
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var nextWaiter: UInt64 = 0
    }

    private let port: String
    private let state = Mutex(State())
    private let source: Mutex<SourceBox?>

    /// A dispatch source is thread-safe (libdispatch's documented contract); Swift does not know.
    private struct SourceBox: @unchecked Sendable {
        let source: any DispatchSourceRead
    }

    /// Watches `descriptor` of `port`, reading with `readChunk` on a private queue; `onClose`
    /// runs once the watch has ended (close the descriptor there).
    init(descriptor: Int32, port: String, readChunk: @escaping @Sendable () -> Chunk, onClose: @escaping @Sendable () -> Void) {
        self.port = port
        let queue = DispatchQueue(label: "serial.\(port)")
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        self.source = Mutex(SourceBox(source: source))
        source.setEventHandler { [weak self] in self?.drain(readChunk) }
        source.setCancelHandler(handler: onClose)
        source.resume()
    }

    deinit {
        stop(with: .closed(port: port))
    }

    /// Waits for at least one byte (see `SerialPort.read()`).
    func read() async throws(SerialPortError) -> [UInt8] {
        while true {
            let outcome = state.withLock { state -> Result<[UInt8], SerialPortError>? in
                if !state.buffer.isEmpty {
                    defer { state.buffer.removeAll(keepingCapacity: true) }
                    return .success(state.buffer)
                }
                if let failure = state.failure { return .failure(failure) }
                return nil
            }
            if let outcome { return try outcome.get() }
            if Task.isCancelled { throw .cancelled }
            await waitForChange()
        }
    }

    /// Drops buffered bytes.
    func discard() {
        state.withLock { $0.buffer.removeAll() }
    }

    /// Ends the watch: the source is cancelled (running `onClose`) and readers get `failure`.
    func stop(with failure: SerialPortError) {
        let box = self.source.withLock { box -> SourceBox? in
            defer { box = nil }
            return box
        }
        box?.source.cancel()
        let waiter = state.withLock { state in
            if state.failure == nil { state.failure = failure }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume()
    }

    private func waitForChange() async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.buffer.isEmpty || state.failure != nil || Task.isCancelled { return true }
                    state.waiter = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiter, waiter.id == id else { return nil }
                state.waiter = nil
                return waiter.continuation
            }
            waiter?.resume()
        }
    }

    private func drain(_ readChunk: () -> Chunk) {
        var received: [UInt8] = []
        var failure: SerialPortError?
        reading: while true {
            switch readChunk() {
            case .bytes(let bytes): received += bytes
            case .nothing: break reading
            case .endOfFile:
                failure = .closed(port: port)
                break reading
            case .failed(let reason):
                failure = .ioFailed(port: port, reason: reason)
                break reading
            }
        }
        if !received.isEmpty {
            let waiter = state.withLock { state in
                state.buffer += received
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.continuation.resume()
        }
        if let failure {
            stop(with: failure)
        }
    }
}
