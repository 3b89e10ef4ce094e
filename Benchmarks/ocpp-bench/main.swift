// Prints the decode + encode throughput of OCPP-J frames (a MeterValues CALL with 10 sampled
// values, a StartTransaction CALL). Run by scripts/bench on a release build; asserts nothing.
// `ocpp-bench --frames N` decodes and encodes N frames (the two in turn) and prints only a
// checksum: scripts/bench counts its instructions under callgrind (Benchmarks/python_frames.py is
// the python peer's side of that count).

import OCPP
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

let start = Timestamp(millisecondsSince1970: 1_795_256_130_123)
let measurands: [(Measurand, UnitOfMeasure, String)] = [
    (.energyActiveImportRegister, .wh, "15320.5"), (.powerActiveImport, .w, "49800"), (.currentImport, .a, "120.4"),
    (.voltage, .v, "413.7"), (.soc, .percent, "64"), (.powerOffered, .w, "50000"), (.currentOffered, .a, "125"),
    (.temperature, .celsius, "31.5"), (.energyActiveImportInterval, .wh, "412"), (.frequency, .hertz, "50.0"),
]
let meterValues = MeterValues.Request(
    connectorId: 1, transactionId: 1_234_567,
    meterValue: [MeterValue(timestamp: start, sampledValue: measurands.map {
        SampledValue(value: $0.2, context: .samplePeriodic, measurand: $0.0, location: .outlet, unit: $0.1)
    })]
)
let startTransaction = StartTransaction.Request(connectorId: 2, idTag: "04A1B2C3D4E5F6", meterStart: 15320, reservationId: 7, timestamp: start)

let frames: [(String, String)] = [
    ("MeterValues CALL, 10 sampled values", FrameEncoder.call(id: "b0a1-1", request: meterValues)),
    ("StartTransaction CALL", FrameEncoder.call(id: "b0a1-2", request: startTransaction)),
]

let decoder = FrameDecoder(receiver: .centralSystem)
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--frames", let count = Int(CommandLine.arguments[2]) {
    var bytes = 0
    for index in 0..<count {
        if case .call(let call) = decoder.decode(frames[index % 2].1) { bytes &+= FrameEncoder.call(call).utf8.count }
    }
    print(bytes)
    exit(0)
}
if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--print-frames" {
    for frame in frames { print(frame.1) }
    exit(0)
}
let clock = ContinuousClock()
print("ocpp-bench: decode + encode of one frame, single thread, release build")
for (name, text) in frames {
    // Warm up, and check the frame survives the round trip.
    guard case .call(let call) = decoder.decode(text), FrameEncoder.call(call) == text else {
        print("ocpp-bench: \(name) does not round-trip")
        continue
    }
    var count = 0
    var bytes = 0
    let elapsed = clock.measure {
        let deadline = clock.now.advanced(by: .seconds(2))
        while clock.now < deadline {
            for _ in 0..<1000 {
                if case .call(let call) = decoder.decode(text) {
                    bytes &+= FrameEncoder.call(call).utf8.count
                }
                count += 1
            }
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(count) / seconds
    print("  \(name) (\(text.utf8.count) bytes): \(Int(rate)) frames/s, \(Int(1e9 / rate)) ns per frame")
    precondition(bytes > 0)
}

// Split figures for the MeterValues frame: parse only, decode only, encode only.
do {
    let text = frames[0].1
    let json = try! JSONParser.parse(text)
    guard case .array(let elements) = json else { fatalError() }
    func rate(_ name: String, _ body: () -> Void) {
        let n = 20000
        let elapsed = clock.measure { for _ in 0..<n { body() } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("  MeterValues \(name): \(Int(Double(n) / seconds)) per s")
    }
    rate("parse") { _ = try! JSONParser.parse(text) }
    rate("payload decode") { _ = try! MeterValues.Request.decodePayload(elements[3]) }
    rate("payload encode") { _ = FrameEncoder.payload(meterValues) }
    rate("write") { _ = JSONWriter.string(json) }
}
