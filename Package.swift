// swift-tools-version: 6.1
// ChargeStation: firmware and simulator of an OCPP 1.6J two-connector DC charging station.
// The targets are the layers of ../shared/DESIGN.md; see the README's "Layout" section.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ChargeStation",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "station", targets: ["station"]),
        .executable(name: "ocpp-bench", targets: ["ocpp-bench"]),
        .executable(name: "link-bench", targets: ["link-bench"]),
        .executable(name: "bench-csms", targets: ["bench-csms"]),
    ],
    dependencies: [
        // WebSocket client (NIOWebSocket, NIOHTTP1 upgrade) and TLS for the link to the CSMS.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The control API's HTTP server (on the same swift-nio), with its service lifecycle.
        // No default traits: their full Foundation would load ICU into every station process.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The `station` command line.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The control server's /metrics: the metrics API and its Prometheus text backend.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Certificates, CSRs and signatures of the Security extension (never hand-written ASN.1 or crypto).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // OCPP-J 1.6 wire format: frames, one file per action, validation, CALLERROR mapping.
        // libm: `rounded()` needs it on Linux, and nothing else links it into ocpp-bench.
        .target(name: "OCPP", swiftSettings: strict, linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        // OCPP-J 2.0.1 wire format on OCPP's version-neutral JSON and payload coding (generated payloads).
        .target(name: "OCPP201", dependencies: ["OCPP"], swiftSettings: strict),
        // The charger as value-type state machines, protocol-neutral (no OCPP).
        .target(name: "ChargingCore", dependencies: ["StationHAL"], swiftSettings: strict),
        // Station behaviour: the Station actor, the OCPP 1.6 services and the ports they need.
        .target(name: "StationCore", dependencies: ["ChargingCore", "OCPP", "OCPP201", "StationHAL"], swiftSettings: strict),
        // Device protocols and the station clock (no simulators, no Linux calls).
        .target(name: "StationHAL", swiftSettings: strict),
        // Simulated backends of every device, and the EV model.
        .target(name: "StationSimulation", dependencies: ["StationHAL"], swiftSettings: strict),
        // POSIX calls retried on EINTR, failures as one typed error (drivers and file services).
        .target(name: "SystemCalls", swiftSettings: strict),
        // The C libraries of the real drivers.
        .systemLibrary(name: "CGpiod", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        .systemLibrary(name: "CSerialPort", pkgConfig: "libserialport", providers: [.apt(["libserialport-dev"])]),
        // Real Linux drivers (libgpiod, libserialport and termios, RFID frames, Modbus-RTU).
        .target(
            name: "StationLinux",
            dependencies: ["StationHAL", "StationSimulation", "SystemCalls", "CGpiod", "CSerialPort"],
            swiftSettings: strict
        ),
        // The system SQLite library.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // SQLite persistence behind the StationStore port.
        .target(name: "StationStorage", dependencies: ["ChargingCore", "StationCore", "CSQLite"], swiftSettings: strict),
        // The system libcurl (HTTP, HTTPS and FTP transfers).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // File services: libcurl transfers, firmware installers, diagnostics archives.
        .target(name: "StationFiles", dependencies: ["StationCore", "OCPP", "SystemCalls", "CCurl"], swiftSettings: strict),
        // The OCPP-J client: transport, call correlation, persistent transaction-message queue.
        .target(
            name: "CentralSystem",
            dependencies: [
                "OCPP", "OCPP201", "StationCore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // Configuration, wiring, services, control API, fleet mode.
        .target(
            name: "StationRuntime",
            dependencies: [
                "OCPP", "OCPP201", "StationCore", "StationHAL", "StationSimulation", "StationLinux", "StationStorage", "CentralSystem", "StationFiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // The `station` command line.
        .executableTarget(
            name: "station",
            dependencies: [
                "StationRuntime", "OCPP", "StationHAL", "StationSimulation", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Test support shared by the test targets.
        .target(name: "StationTesting", dependencies: ["ChargingCore", "OCPP", "StationCore", "StationHAL", "StationSimulation", "CentralSystem", "StationStorage"], swiftSettings: strict),
        // Benchmarks (run by scripts/bench on a release build; never by the tests).
        .executableTarget(name: "ocpp-bench", dependencies: ["OCPP"], path: "Benchmarks/ocpp-bench", swiftSettings: strict),
        .executableTarget(
            name: "link-bench", dependencies: ["OCPP", "StationCore", "StationHAL", "StationStorage", "CentralSystem", "StationTesting"],
            path: "Benchmarks/link-bench", swiftSettings: strict
        ),
        // The native benchmark CSMS (swift-nio, OCPP-J 1.6): answers in microseconds, probes CSMS CALLs, serves fleets.
        .executableTarget(
            name: "bench-csms",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Benchmarks/bench-csms", swiftSettings: strict
        ),

        .testTarget(name: "OCPPTests", dependencies: ["OCPP", "StationTesting"], swiftSettings: strict),
        .testTarget(name: "OCPP201Tests", dependencies: ["OCPP201", "OCPP", "StationTesting"], swiftSettings: strict),
        .testTarget(name: "ChargingCoreTests", dependencies: ["ChargingCore", "StationHAL"], swiftSettings: strict),
        .testTarget(name: "StationCoreTests", dependencies: ["ChargingCore", "StationCore", "OCPP201", "StationTesting", "CentralSystem", "StationStorage"], swiftSettings: strict),
        .testTarget(name: "CentralSystemTests", dependencies: ["CentralSystem", "StationSimulation", "StationTesting"], swiftSettings: strict),
        .testTarget(name: "StationHALTests", dependencies: ["StationHAL", "StationSimulation", "StationTesting"], swiftSettings: strict),
        .testTarget(name: "StationSimulationTests", dependencies: ["StationSimulation", "StationTesting"], swiftSettings: strict),
        .testTarget(name: "StationTestingTests", dependencies: ["StationTesting"], swiftSettings: strict),
        .testTarget(name: "SystemCallsTests", dependencies: ["SystemCalls"], swiftSettings: strict),
        .testTarget(name: "StationLinuxTests", dependencies: ["StationLinux", "StationSimulation", "StationTesting"], swiftSettings: strict),
        .testTarget(name: "StationRuntimeTests", dependencies: ["StationRuntime", "StationTesting"], swiftSettings: strict),
        .testTarget(name: "StationStorageTests", dependencies: ["ChargingCore", "StationStorage", "StationCore", "OCPP"], swiftSettings: strict),
        // File transfers against python HTTP(S)/FTP servers, tar archives, installers.
        .testTarget(name: "StationFilesTests", dependencies: ["StationFiles", "StationCore", "OCPP", "StationTesting"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)

// The Security extension's crypto (certificate store, CSRs, signed firmware) lives in StationCore;
// added here so the target lines above stay as they are.
for target in package.targets where target.name == "StationCore" || target.name == "StationCoreTests" {
    target.dependencies += [
        .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
        .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
    ]
}
