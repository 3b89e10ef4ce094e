// GPIO lines as the station's digital inputs and outputs: logical levels over physical ones
// (active-low per line), outputs driven, inputs watched through their event descriptor (the
// kernel queues edges; a dispatch source wakes on them, nothing polls).

public import StationHAL
import Dispatch
import Synchronization

/// Opens GPIO lines described by a board on a backend.
public struct GPIOLines: Sendable {
    private let backend: any GPIOBackend
    private let consumer: String
    private let log: DeviceLog

    /// Lines on `backend`, requested as `consumer` (shown by `gpioinfo`).
    public init(backend: any GPIOBackend = LibgpiodBackend(), consumer: String = "chargestation", log: DeviceLog = .discard) {
        self.backend = backend
        self.consumer = consumer
        self.log = log
    }

    /// Opens `spec` as an output, initially inactive.
    /// - Throws: `GPIOError` when the line cannot be found or requested.
    public func output(_ spec: GPIOLineSpec) throws(GPIOError) -> GPIOOutputLine {
        let handle = try backend.requestOutput(try address(of: spec), consumer: consumer, high: spec.activeLow)
        return GPIOOutputLine(handle: handle, spec: spec)
    }

    /// Opens `spec` as an input with edge events.
    /// - Throws: `GPIOError` when the line cannot be found or requested.
    public func input(_ spec: GPIOLineSpec) throws(GPIOError) -> GPIOInputLine {
        let handle = try backend.requestEdgeEvents(try address(of: spec), consumer: consumer)
        return GPIOInputLine(handle: handle, spec: spec, log: log)
    }

    private func address(of spec: GPIOLineSpec) throws(GPIOError) -> GPIOLineAddress {
        if let chip = spec.chip, let offset = spec.offset { return GPIOLineAddress(chip: chip, offset: offset) }
        return try backend.findLine(named: spec.name ?? "")
    }
}

/// A GPIO output line. Safe to use from any isolation.
public final class GPIOOutputLine: DigitalOutput {
    /// The line as the board names it.
    public let spec: GPIOLineSpec
    private let handle: Mutex<any GPIOLineHandle>

    init(handle: any GPIOLineHandle, spec: GPIOLineSpec) {
        self.handle = Mutex(handle)
        self.spec = spec
    }

    deinit {
        handle.withLock { $0.release() }
    }

    public func set(_ active: Bool) async throws(DeviceError) {
        let physical = active != spec.activeLow
        do {
            try handle.withLock { (handle: inout any GPIOLineHandle) throws(GPIOError) in try handle.setHigh(physical) }
        } catch {
            throw DeviceError(.internalError, "\(spec): \(error)")
        }
    }
}

/// A GPIO input line reporting logical changes from its edge events. Safe to use from any isolation.
public final class GPIOInputLine: DigitalInput {
    /// The line as the board names it.
    public let spec: GPIOLineSpec
    private let handle: any GPIOLineHandle
    private let log: DeviceLog
    private let queue: DispatchQueue
    private let state = Mutex(State())

    /// The running watch, and the last level reported (repeated edges of one level report once).
    private struct State: @unchecked Sendable {
        // A dispatch source is thread-safe (libdispatch's contract), which Swift cannot see.
        var source: (any DispatchSourceRead)?
        var generation = 0
        var lastReported: Bool?
    }

    init(handle: any GPIOLineHandle, spec: GPIOLineSpec, log: DeviceLog) {
        self.handle = handle
        self.spec = spec
        self.log = log
        self.queue = DispatchQueue(label: "gpio.\(spec)")
    }

    deinit {
        stopMonitoring()
        handle.release()
    }

    public func read() async throws(DeviceError) -> Bool {
        try level()
    }

    public func startMonitoring(_ onChange: @escaping @Sendable (Bool) -> Void) throws(DeviceError) {
        guard let descriptor = handle.eventDescriptor else {
            throw DeviceError(.internalError, "\(spec): no event descriptor; the line was not requested for edge events")
        }
        stopMonitoring()
        let initial = try? level()
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        let generation = state.withLock { state -> Int in
            state.generation += 1
            state.source = source
            state.lastReported = initial
            return state.generation
        }
        source.setEventHandler { [weak self] in self?.handleEvent(generation: generation, onChange) }
        source.resume()
    }

    /// Stops reporting; no change is delivered once this returns (a call already running may end).
    public func stopMonitoring() {
        let source = state.withLock { state -> (any DispatchSourceRead)? in
            defer {
                state.source = nil
                state.generation += 1
            }
            return state.source
        }
        source?.cancel()
    }

    private func handleEvent(generation: Int, _ onChange: @Sendable (Bool) -> Void) {
        let edge: GPIOEdge
        do {
            edge = try handle.readEdge()
        } catch {
            // A descriptor that fails stays readable: stop watching rather than spin.
            log(.error, "\(spec): \(error); edge events stopped")
            stopMonitoring()
            return
        }
        let active = (edge == .rising) != spec.activeLow
        let report = state.withLock { state -> Bool in
            guard state.generation == generation, state.lastReported != active else { return false }
            state.lastReported = active
            return true
        }
        if report { onChange(active) }
    }

    private func level() throws(DeviceError) -> Bool {
        do {
            return try handle.isHigh() != spec.activeLow
        } catch {
            throw DeviceError(.internalError, "\(spec): \(error)")
        }
    }
}
