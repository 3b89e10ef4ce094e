// The RFID reader on a serial port: opens the port, decodes frames, reports each card once per
// presentation, and when the reader vanishes reports ReaderFailure and reopens it until it is back.

public import StationHAL
import Synchronization

/// How a serial RFID reader is attached.
public struct SerialRFIDReaderConfiguration: Sendable, Equatable {
    /// Port path, e.g. `/dev/ttyS2`.
    public var port: String
    /// Line settings (RDM6300: 9600 8N1).
    public var settings: SerialSettings
    /// What the reader sends.
    public var format: RFIDFrameFormat
    /// How long a card must be away before it is reported again.
    public var holdOff: Duration
    /// How long to wait between attempts to reopen a vanished reader.
    public var reopenInterval: Duration

    /// Creates a configuration.
    public init(
        port: String, settings: SerialSettings = SerialSettings(), format: RFIDFrameFormat = .rdm6300,
        holdOff: Duration = .seconds(2), reopenInterval: Duration = .seconds(1)
    ) {
        self.port = port
        self.settings = settings
        self.format = format
        self.holdOff = holdOff
        self.reopenInterval = reopenInterval
    }
}

/// An RFID reader on a serial port. Safe to use from any isolation; its reading runs in its
/// own task between `start` and `stop`, with waits on `clock`.
public final class SerialRFIDReader<C: StationClock>: RFIDReader {
    /// The reader's attachment.
    public let configuration: SerialRFIDReaderConfiguration
    /// Bad input seen so far.
    public let badInput: BadInputCounter
    private let opener: SerialPortOpener
    private let clock: C
    private let log: DeviceLog
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// A reader attached as `configuration`, opening its port with `opener` (use
    /// `LibSerialPort.opener` for real ports, `TermiosSerialPort.opener` for pseudo-terminals).
    public init(configuration: SerialRFIDReaderConfiguration, opener: @escaping SerialPortOpener, clock: C, log: DeviceLog = .discard) {
        self.configuration = configuration
        self.opener = opener
        self.clock = clock
        self.log = log
        self.badInput = BadInputCounter(device: "RFID reader \(configuration.port)", log: log)
    }

    deinit {
        task.withLock { $0?.cancel() }
    }

    public func start(reporting report: @escaping @Sendable (RFIDReaderEvent) -> Void) throws(DeviceError) {
        let work = Task { [configuration, opener, clock, log, badInput] in
            await Self.run(configuration, opener: opener, clock: clock, log: log, badInput: badInput, report: report)
        }
        task.withLock { previous in
            previous?.cancel()
            previous = work
        }
    }

    public func stop() {
        task.withLock { task in
            task?.cancel()
            task = nil
        }
    }

    private static func run(
        _ configuration: SerialRFIDReaderConfiguration, opener: SerialPortOpener, clock: C, log: DeviceLog,
        badInput: BadInputCounter, report: @Sendable (RFIDReaderEvent) -> Void
    ) async {
        var failed = false
        var holdOff = CardHoldOff<C.Instant>(holdOff: configuration.holdOff)
        while !Task.isCancelled {
            let port: any SerialPort
            do {
                port = try opener(configuration.port, configuration.settings)
            } catch {
                if !failed {
                    failed = true
                    log(.error, "RFID reader: \(error)")
                    report(.failed(reason: error.description))
                }
                try? await clock.sleep(for: configuration.reopenInterval)
                continue
            }
            if failed {
                failed = false
                log(.info, "RFID reader \(configuration.port) is back")
                report(.recovered)
            }
            var decoder = RFIDFrameDecoder(format: configuration.format)
            reading: while true {
                let bytes: [UInt8]
                do {
                    bytes = try await port.read()
                } catch {
                    if error != .cancelled {
                        failed = true
                        log(.error, "RFID reader: \(error)")
                        report(.failed(reason: error.description))
                    }
                    break reading
                }
                for output in decoder.feed(bytes) {
                    switch output {
                    case .card(let uid) where holdOff.shouldReport(uid, at: clock.now): report(.card(uid: uid))
                    case .card: break
                    case .dropped(let kind, let detail): badInput.record(kind, detail)
                    }
                }
            }
            port.close()
            if !Task.isCancelled { try? await clock.sleep(for: configuration.reopenInterval) }
        }
    }
}
