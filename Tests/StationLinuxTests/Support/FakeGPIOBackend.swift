// A GPIO subsystem in memory behind the driver's seam: lines with physical levels, and edge
// events delivered through a real pipe descriptor, so the drivers' event path runs unchanged.

import Glibc
import StationLinux
import Synchronization

/// Fake GPIO chips. Safe to use from any isolation.
final class FakeGPIOBackend: GPIOBackend {
    private let lines = Mutex([GPIOLineAddress: FakeLine]())
    private let names: [String: GPIOLineAddress]

    /// Chips whose lines named in `names` can be found by name.
    init(names: [String: GPIOLineAddress] = [:]) {
        self.names = names
    }

    /// The line at `address` (created on first use, low).
    func line(_ address: GPIOLineAddress) -> FakeLine {
        lines.withLock { lines in
            if let line = lines[address] { return line }
            let line = FakeLine()
            lines[address] = line
            return line
        }
    }

    func findLine(named name: String) throws(GPIOError) -> GPIOLineAddress {
        guard let address = names[name] else { throw .lineNotFound(name: name, reason: "no chip has it") }
        return address
    }

    func requestOutput(_ address: GPIOLineAddress, consumer: String, high: Bool) throws(GPIOError) -> any GPIOLineHandle {
        let line = line(address)
        try line.request(address)
        try line.setHigh(high)
        return line
    }

    func requestEdgeEvents(_ address: GPIOLineAddress, consumer: String) throws(GPIOError) -> any GPIOLineHandle {
        let line = line(address)
        try line.request(address)
        return line
    }
}

/// One fake line: its physical level, and queued edges signalled on a pipe.
final class FakeLine: GPIOLineHandle {
    private struct State {
        var high = false
        var requested = false
        var edges: [GPIOEdge] = []
    }

    private let state = Mutex(State())
    private let pipeEnds: (read: Int32, write: Int32)

    init() {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        pipeEnds = (ends[0], ends[1])
    }

    deinit {
        close(pipeEnds.read)
        close(pipeEnds.write)
    }

    /// The physical level now.
    var high: Bool { state.withLock { $0.high } }

    /// Whether a driver holds the line.
    var isRequested: Bool { state.withLock { $0.requested } }

    /// The outside world drives the line to `high`: an edge is queued if the level changes.
    func drive(high: Bool) {
        let edge = state.withLock { state -> GPIOEdge? in
            guard state.high != high else { return nil }
            state.high = high
            let edge: GPIOEdge = high ? .rising : .falling
            state.edges.append(edge)
            return edge
        }
        if edge != nil {
            var byte: UInt8 = 1
            _ = write(pipeEnds.write, &byte, 1)
        }
    }

    func request(_ address: GPIOLineAddress) throws(GPIOError) {
        try state.withLock { (state: inout State) throws(GPIOError) in
            if state.requested { throw .requestFailed(line: address.description, reason: "Device or resource busy") }
            state.requested = true
        }
    }

    func isHigh() throws(GPIOError) -> Bool { high }

    func setHigh(_ high: Bool) throws(GPIOError) {
        state.withLock { $0.high = high }
    }

    var eventDescriptor: Int32? { pipeEnds.read }

    func readEdge() throws(GPIOError) -> GPIOEdge {
        var byte: UInt8 = 0
        guard read(pipeEnds.read, &byte, 1) == 1 else { throw .ioFailed(line: "fake", reason: "no event pending") }
        return state.withLock { $0.edges.isEmpty ? .rising : $0.edges.removeFirst() }
    }

    func release() {
        state.withLock { $0.requested = false }
    }
}
