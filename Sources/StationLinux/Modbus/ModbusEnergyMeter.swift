// An energy meter on a Modbus-RTU bus, read through its register map. Silence, exceptions and
// impossible values raise PowerMeterFailure; the energy register is only accepted going forward.

public import StationHAL
import Synchronization

/// A Modbus energy meter. Call from any isolation; reads are serialised by the bus client.
public final class ModbusEnergyMeter<C: StationClock>: EnergyMeter {
    /// The meter's slave address.
    public let unit: UInt8
    /// Its register map.
    public let map: MeterRegisterMap
    private let client: ModbusRTUClient<C>
    private let register = Mutex(MonotonicRegister())
    private let log: DeviceLog

    /// The meter at `unit` on the bus of `client`, read through `map`.
    public init(client: ModbusRTUClient<C>, unit: UInt8, map: MeterRegisterMap, log: DeviceLog = .discard) {
        self.client = client
        self.unit = unit
        self.map = map
        self.log = log
    }

    public func read() async throws(DeviceError) -> EnergySample {
        let quantities = [map.energyActiveImport, map.power, map.voltage, map.current]
        let present = quantities.compactMap { $0 }
        let start = present.map(\.address).min()!
        let end = present.map { Int($0.address) + $0.type.registerCount }.max()!
        var words: [UInt16: UInt16] = [:]
        do {
            if end - Int(start) <= 125 {
                let values = try await client.readRegisters(request(start: start, count: end - Int(start)))
                for (offset, word) in values.enumerated() { words[start + UInt16(offset)] = word }
            } else {
                for quantity in present {
                    let values = try await client.readRegisters(request(start: quantity.address, count: quantity.type.registerCount))
                    for (offset, word) in values.enumerated() { words[quantity.address + UInt16(offset)] = word }
                }
            }
        } catch {
            log(.error, "\(map.name) at unit \(unit): \(error)")
            throw DeviceError(.powerMeterFailure, "\(map.name) at unit \(unit): \(error)")
        }
        func value(_ quantity: MeterRegister?) -> Double? {
            guard let quantity else { return nil }
            let slice = (0..<quantity.type.registerCount).map { words[quantity.address + UInt16($0)] ?? 0 }
            return quantity.value(from: slice[...], wordOrder: map.wordOrder)
        }
        let energy = value(map.energyActiveImport) ?? .nan
        let accepted: Double
        do {
            accepted = try register.withLock { (register: inout MonotonicRegister) throws(DeviceError) in try register.accept(energy) }
        } catch {
            client.badInput.record(.impossibleValue, "\(map.name) at unit \(unit): \(error.message)")
            throw DeviceError(.powerMeterFailure, "\(map.name) at unit \(unit): \(error.message)")
        }
        return EnergySample(
            energyActiveImportWh: accepted,
            powerW: value(map.power).flatMap(Self.finite),
            currentA: value(map.current).flatMap(Self.finite),
            voltageV: value(map.voltage).flatMap(Self.finite)
        )
    }

    private func request(start: UInt16, count: Int) -> ModbusReadRequest {
        ModbusReadRequest(unit: unit, kind: map.registers, start: start, count: UInt16(count))
    }

    private static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
}
