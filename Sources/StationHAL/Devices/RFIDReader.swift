// The station's RFID reader (one for both connectors on the MAXERO-200QC): reports each card
// once per presentation, and whether the reader itself is there.

/// What an RFID reader reports.
public enum RFIDReaderEvent: Sendable, Equatable {
    /// A card was read; `uid` is its identifier as upper-case hex (the OCPP idTag). `connector`
    /// is set when the reader also knows which connector the user chose (a button, a simulated
    /// swipe aimed at one connector); plain readers leave it nil.
    case card(uid: String, connector: Int? = nil)
    /// The reader is gone or broken (ReaderFailure).
    case failed(reason: String)
    /// The reader works again.
    case recovered
}

/// An RFID reader. Call from any isolation.
public protocol RFIDReader: Sendable {
    /// Starts reading: `report` is called in order, never concurrently with itself, until
    /// `stop()`. Replaces any earlier handler.
    func start(reporting report: @escaping @Sendable (RFIDReaderEvent) -> Void) throws(DeviceError)

    /// Stops reading; no report starts after this returns.
    func stop()
}
