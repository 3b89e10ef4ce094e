// The one file that calls libgpiod (1.6, v1 API): chips and lines opened, requested, read,
// driven and released here, each failure turned into a typed `GPIOError` with the errno's text,
// calls interrupted by a signal retried (through SystemCalls).

import CGpiod
import Synchronization
import SystemCalls

/// The GPIO subsystem through libgpiod. Call from any isolation.
public struct LibgpiodBackend: GPIOBackend {
    /// The real backend.
    public init() {}

    public func findLine(named name: String) throws(GPIOError) -> GPIOLineAddress {
        guard let line = retryingOnInterrupt({ gpiod_line_find(name) }) else {
            let reason = Errno.current == .noSuchFile ? "no chip has it" : errnoText()
            throw .lineNotFound(name: name, reason: reason)
        }
        defer { gpiod_line_close_chip(line) }
        let chip = gpiod_line_get_chip(line).flatMap { gpiod_chip_name($0) }.map { String(cString: $0) } ?? "?"
        return GPIOLineAddress(chip: chip, offset: gpiod_line_offset(line))
    }

    public func requestOutput(_ address: GPIOLineAddress, consumer: String, high: Bool) throws(GPIOError) -> any GPIOLineHandle {
        try request(address) { line in gpiod_line_request_output(line, consumer, high ? 1 : 0) }
    }

    public func requestEdgeEvents(_ address: GPIOLineAddress, consumer: String) throws(GPIOError) -> any GPIOLineHandle {
        try request(address) { line in gpiod_line_request_both_edges_events(line, consumer) }
    }

    private func request(_ address: GPIOLineAddress, _ call: (OpaquePointer) -> Int32) throws(GPIOError) -> LibgpiodLine {
        guard let chip = retryingOnInterrupt({ gpiod_chip_open_lookup(address.chip) }) else {
            throw .chipUnavailable(chip: address.chip, reason: errnoText())
        }
        guard let line = gpiod_chip_get_line(chip, address.offset) else {
            let reason = errnoText()
            gpiod_chip_close(chip)
            throw .requestFailed(line: address.description, reason: reason)
        }
        if retryingOnInterrupt({ call(line) }) != 0 {
            let reason = errnoText()
            gpiod_chip_close(chip)
            throw .requestFailed(line: address.description, reason: reason)
        }
        return LibgpiodLine(chip: chip, line: line, address: address)
    }
}

/// A line requested through libgpiod; owns its chip handle and closes it on release.
final class LibgpiodLine: GPIOLineHandle, @unchecked Sendable {
    // The pointers are used by one driver object at a time (see `GPIOLineHandle`) and freed
    // once, under `released`.
    private let chip: OpaquePointer
    private let line: OpaquePointer
    private let address: GPIOLineAddress
    private let released = Mutex(false)

    init(chip: OpaquePointer, line: OpaquePointer, address: GPIOLineAddress) {
        self.chip = chip
        self.line = line
        self.address = address
    }

    deinit {
        release()
    }

    func isHigh() throws(GPIOError) -> Bool {
        let value = retryingOnInterrupt { gpiod_line_get_value(line) }
        guard value >= 0 else { throw .ioFailed(line: address.description, reason: errnoText()) }
        return value == 1
    }

    func setHigh(_ high: Bool) throws(GPIOError) {
        guard retryingOnInterrupt({ gpiod_line_set_value(line, high ? 1 : 0) }) == 0 else {
            throw .ioFailed(line: address.description, reason: errnoText())
        }
    }

    var eventDescriptor: Int32? {
        let descriptor = gpiod_line_event_get_fd(line)
        return descriptor >= 0 ? descriptor : nil
    }

    func readEdge() throws(GPIOError) -> GPIOEdge {
        var event = gpiod_line_event()
        guard retryingOnInterrupt({ gpiod_line_event_read(line, &event) }) == 0 else {
            throw .ioFailed(line: address.description, reason: errnoText())
        }
        return event.event_type == Int32(GPIOD_LINE_EVENT_RISING_EDGE) ? .rising : .falling
    }

    func release() {
        let first = released.withLock { released -> Bool in
            defer { released = true }
            return !released
        }
        guard first else { return }
        gpiod_line_release(line)
        gpiod_chip_close(chip)
    }
}

/// The text of the errno the last failed libgpiod call left.
private func errnoText() -> String { Errno.current.description }
