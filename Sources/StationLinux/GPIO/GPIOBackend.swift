// The seam between the GPIO driver logic and libgpiod: what the drivers need from the GPIO
// subsystem, in physical levels. `LibgpiodBackend` is the real one; tests supply their own.

/// A physical edge on an input line.
public enum GPIOEdge: Sendable, Equatable {
    /// Low to high.
    case rising
    /// High to low.
    case falling
}

/// Access to the GPIO subsystem. Call from any isolation.
public protocol GPIOBackend: Sendable {
    /// Finds the line named `name` on any chip.
    /// - Throws: `GPIOError.lineNotFound`.
    func findLine(named name: String) throws(GPIOError) -> GPIOLineAddress

    /// Requests `address` as an output driven to the physical level `high`.
    /// - Throws: `GPIOError.chipUnavailable` / `.requestFailed`.
    func requestOutput(_ address: GPIOLineAddress, consumer: String, high: Bool) throws(GPIOError) -> any GPIOLineHandle

    /// Requests `address` as an input reporting both edges on its event descriptor.
    /// - Throws: `GPIOError.chipUnavailable` / `.requestFailed`.
    func requestEdgeEvents(_ address: GPIOLineAddress, consumer: String) throws(GPIOError) -> any GPIOLineHandle
}

/// A requested line. Used by one driver object, which serialises calls; released once.
public protocol GPIOLineHandle: Sendable {
    /// The physical level.
    func isHigh() throws(GPIOError) -> Bool

    /// Drives the physical level (outputs only).
    func setHigh(_ high: Bool) throws(GPIOError)

    /// The descriptor that becomes readable when an edge event is pending (inputs only).
    var eventDescriptor: Int32? { get }

    /// Reads one pending edge event (call when `eventDescriptor` is readable).
    func readEdge() throws(GPIOError) -> GPIOEdge

    /// Releases the line (and closes its chip); the handle is unusable afterwards.
    func release()
}
