// The Modbus-RTU master on one serial bus: one transaction at a time, a response timeout on the
// injected clock, retries for silence and corrupt answers, exceptions passed up at once.

public import StationHAL

/// Timing of a Modbus-RTU bus.
public struct ModbusTiming: Sendable, Equatable {
    /// How long to wait for a complete answer.
    public var responseTimeout: Duration
    /// How many times to ask again after silence or a corrupt answer.
    public var retries: Int

    /// Creates timing; the default waits 500 ms and retries twice.
    public init(responseTimeout: Duration = .milliseconds(500), retries: Int = 2) {
        self.responseTimeout = responseTimeout
        self.retries = max(retries, 0)
    }
}

/// A Modbus-RTU master on one serial port (an RS-485 bus the meters of both connectors may
/// share). Transactions are serialised by the actor; timeouts run on `clock`.
public actor ModbusRTUClient<C: StationClock> {
    /// Corrupt and foreign answers seen so far.
    public nonisolated let badInput: BadInputCounter
    private var port: (any SerialPort)?
    private let reopen: (@Sendable () throws(SerialPortError) -> any SerialPort)?
    private let clock: C
    private let timing: ModbusTiming
    private let log: DeviceLog

    private enum Outcome: Sendable {
        case answer(ModbusReadRequest.Answer)
        case timedOut
        case failed(SerialPortError)
    }

    /// A master on `port` with `timing`, waiting on `clock`.
    public init(port: any SerialPort, clock: C, timing: ModbusTiming = ModbusTiming(), log: DeviceLog = .discard) {
        self.port = port
        self.reopen = nil
        self.clock = clock
        self.timing = timing
        self.log = log
        self.badInput = BadInputCounter(device: "Modbus \(port.name)", log: log)
    }

    /// A master on the port `name`, opened with `opener` at the first transaction and opened
    /// again after the port failed (a USB adapter unplugged and back): until then every
    /// transaction fails with `.port`.
    public init(
        opening name: String, settings: SerialSettings, opener: @escaping SerialPortOpener, clock: C,
        timing: ModbusTiming = ModbusTiming(), log: DeviceLog = .discard
    ) {
        self.port = nil
        self.reopen = { () throws(SerialPortError) in try opener(name, settings) }
        self.clock = clock
        self.timing = timing
        self.log = log
        self.badInput = BadInputCounter(device: "Modbus \(name)", log: log)
    }

    /// Reads `request.count` registers.
    /// - Throws: `ModbusError.exception` at once when the slave answers one; `.timeout` or
    ///   `.badAnswer` after all retries; `.port` when the port fails.
    public func readRegisters(_ request: ModbusReadRequest) async throws(ModbusError) -> [UInt16] {
        var problem: String?
        let attempts = 1 + timing.retries
        for attempt in 1...attempts {
            let port = try openPort()
            port.discardInput()
            do {
                try await port.write(request.frame)
            } catch {
                throw portFailed(error)
            }
            switch await exchange(request, on: port) {
            case .answer(.registers(let registers)):
                return registers
            case .answer(.exception(let code)):
                throw .exception(unit: request.unit, code: code)
            case .answer(.badCRC):
                badInput.record(.badChecksum, "answer of unit \(request.unit) with a wrong CRC (attempt \(attempt))")
                problem = "wrong CRC"
            case .answer(.unexpected(let reason)):
                badInput.record(.unexpectedResponse, "\(reason) (attempt \(attempt))")
                problem = reason
            case .answer(.incomplete), .timedOut:
                log(.warning, "Modbus unit \(request.unit) silent for \(timing.responseTimeout) (attempt \(attempt) of \(attempts))")
            case .failed(.cancelled):
                throw .port(.cancelled)
            case .failed(let error):
                throw portFailed(error)
            }
        }
        if let problem { throw .badAnswer(unit: request.unit, reason: problem) }
        throw .timeout(unit: request.unit, attempts: attempts)
    }

    private func openPort() throws(ModbusError) -> any SerialPort {
        if let port { return port }
        guard let reopen else { throw .port(.closed(port: "(closed)")) }
        do {
            let opened = try reopen()
            port = opened
            log(.info, "Modbus bus \(opened.name) open")
            return opened
        } catch {
            throw .port(error)
        }
    }

    /// Forgets a failed port so the next transaction opens it again (when it can be reopened).
    private func portFailed(_ error: SerialPortError) -> ModbusError {
        log(.error, "Modbus bus: \(error)")
        if reopen != nil {
            port?.close()
            port = nil
        }
        return .port(error)
    }

    /// Collects the answer, racing the response timeout.
    private func exchange(_ request: ModbusReadRequest, on port: any SerialPort) async -> Outcome {
        let clock = clock
        let timeout = timing.responseTimeout
        return await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await Self.collect(request, from: port) }
            group.addTask {
                do {
                    try await clock.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return nil
                }
            }
            var outcome = Outcome.timedOut
            for await result in group {
                if let result {
                    outcome = result
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
    }

    private static func collect(_ request: ModbusReadRequest, from port: any SerialPort) async -> Outcome {
        var received: [UInt8] = []
        while true {
            do {
                received += try await port.read()
            } catch {
                return .failed(error)
            }
            let answer = request.answer(received)
            if answer != .incomplete { return .answer(answer) }
        }
    }
}
